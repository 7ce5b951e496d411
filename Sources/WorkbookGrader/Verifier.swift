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

    // Only the chapters asked for: `verify --chapters 13` must not fail on chapter 12's stubs.
    let everything = Set(chapters) == Set(all)
    let differences = try StubGenerator(root: workbook.root, chapters: everything ? nil : chapters)
      .differences()
    if differences.isEmpty {
      say(
        "ok    stubs: Chapters/ matches what the generator makes from Solutions/"
          + (everything ? "" : " (chapters \(ChapterSelection.format(chapters)))"))
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
    options.locateStops = false
    options.testTimeLimit = timeLimit  // each test may take the whole process's time
    let reference = try grader.grade(options)
    var referenceCounts: [Int: Int] = [:]
    for chapter in reference.chapters {
      referenceCounts[chapter.number] = chapter.total
      let failing = chapter.tests.filter { $0.status != .passed && $0.status != .missing }
      let time = String(format: "%.1f s", chapter.duration)
      // The manifest's test counts are how the grader notices a deleted test file: they
      // must match the tests that exist.
      let uncounted =
        (try? workbook.chapter(chapter.number))?.exercises.filter { $0.tests == nil }
        .map(\.id) ?? []
      if !chapter.problems.isEmpty || !uncounted.isEmpty {
        ok = false
        say("FAIL  chapter \(chapter.number): chapter.json does not match its tests:")
        for problem in chapter.problems { say("        " + problem) }
        for id in uncounted { say("        exercise \(id) has no \"tests\" count") }
        let counts = Dictionary(grouping: chapter.tests.filter { $0.status != .missing }) {
          $0.exercise ?? "?"
        }.mapValues(\.count)
        say(
          "        the tests that ran, by exercise: "
            + counts.sorted { $0.key.compare($1.key, options: .numeric) == .orderedAscending }
            .map { "\($0.key): \($0.value)" }.joined(separator: ", "))
      }
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
