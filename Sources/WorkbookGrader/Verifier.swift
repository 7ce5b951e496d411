import Foundation

/// The maintainers' check that the workbook is sound:
/// 1. the committed Chapters/ are exactly what the stub generator makes from Solutions/;
/// 2. the reference passes every test of every chapter;
/// 3. for each chapter, with only that chapter from Chapters/ (the stub) and every other from
///    the reference, every one of its tests fails: none passes, none crashes, none hangs. A test
///    that passes on an empty exercise proves nothing about the learner's work.
public struct Verifier {
  public let workbook: Workbook

  public init(workbook: Workbook) { self.workbook = workbook }

  /// Runs the checks on `chapters`; returns true when all hold. `say` receives the findings.
  public func verify(
    chapters: [Int], scratchPath: String = ".build-verify", timeLimit: Double = 120,
    say: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
  ) throws -> Bool {
    var ok = true
    let all = workbook.chapters.map(\.number)

    let differences = try StubGenerator(root: workbook.root).differences()
    if differences.isEmpty {
      say("ok    stubs: Chapters/ matches what the generator makes from Solutions/")
    } else {
      ok = false
      say(
        "FAIL  stubs: Chapters/ differs from the generated stubs (run `workbook generate --write`):"
      )
      for item in differences { say("        " + item) }
    }

    let grader = Grader(workbook: workbook)
    var options = GradeOptions(chapters: chapters)
    options.reference = all
    options.scratchPath = scratchPath
    options.timeLimit = timeLimit
    options.log = log
    let reference = try grader.grade(options)
    var referenceCounts: [Int: Int] = [:]
    for chapter in reference.chapters {
      referenceCounts[chapter.number] = chapter.total
      let failing = chapter.tests.filter { $0.status != .passed }
      let time = String(format: "%.1f s", chapter.duration)
      if failing.isEmpty && chapter.total > 0 {
        say(
          "ok    chapter \(chapter.number): the reference passes all \(chapter.total) tests (\(time))"
        )
      } else {
        ok = false
        say(
          "FAIL  chapter \(chapter.number): the reference fails \(failing.count) of \(chapter.total) tests:"
        )
        for test in failing.prefix(10) {
          say("        \(test.status.rawValue): \(test.suite) / \(test.name)")
          if let message = test.message?.split(separator: "\n").first {
            say("          \(message)")
          }
        }
      }
    }

    for number in chapters {
      options.chapters = [number]
      options.reference = all.filter { $0 != number }
      let report = try grader.grade(options)
      guard let chapter = report.chapters.first else { continue }
      let wrong = chapter.tests.filter { $0.status != .failed }
      if !chapter.compileErrors.isEmpty {
        ok = false
        say("FAIL  chapter \(number): the stub does not compile:")
        for item in chapter.compileErrors { say("        " + item) }
      } else if chapter.total != referenceCounts[number] {
        ok = false
        say(
          "FAIL  chapter \(number): \(chapter.total) tests ran on the stub but "
            + "\(referenceCounts[number] ?? 0) on the reference")
      } else if wrong.isEmpty {
        say("ok    chapter \(number): every one of its \(chapter.total) tests fails on the stub")
      } else {
        ok = false
        say("FAIL  chapter \(number): on the stub, \(wrong.count) tests do not fail as they must:")
        for test in wrong {
          let why =
            test.status == .passed
            ? "passes on the stub, so it proves nothing"
            : "\(test.status.rawValue) (a stub must never trap or hang)"
          say("        \(test.suite) / \(test.name): \(why)")
        }
      }
    }
    return ok
  }
}
