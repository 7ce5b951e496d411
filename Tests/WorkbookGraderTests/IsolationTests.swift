import Foundation
import Testing

@testable import WorkbookGrader

/// End-to-end: grades a copy of this workbook in which Chapters/ equals Solutions/, after
/// breaking it on purpose. It builds a package, so it takes a minute or two: it runs when
/// WORKBOOK_INTEGRATION_TESTS is set (the project's test command sets it).
@Suite(
  "Grading isolates every failure",
  .enabled(if: ProcessInfo.processInfo.environment["WORKBOOK_INTEGRATION_TESTS"] != nil),
  .serialized)
struct IsolationTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A copy of the workbook with the reference as the learner's code.
  static func solvedCopy() throws -> URL {
    let root = try temporaryWorkbook()
    for item in ["Package.swift", "Sources", "Tests", "Solutions"] {
      try FileManager.default.copyItem(
        at: packageRoot.appendingPathComponent(item), to: root.appendingPathComponent(item))
    }
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("Solutions"),
      to: root.appendingPathComponent("Chapters"))
    return root
  }

  /// A copy of the workbook as a learner receives it: the stubs in Chapters/ (with
  /// Solutions/ unless `solutions` is false).
  static func stubCopy(solutions: Bool = true) throws -> URL {
    let root = try temporaryWorkbook()
    for item in ["Package.swift", "Sources", "Tests", "Chapters"] + (solutions ? ["Solutions"] : [])
    {
      try FileManager.default.copyItem(
        at: packageRoot.appendingPathComponent(item), to: root.appendingPathComponent(item))
    }
    return root
  }

  /// A workbook with two chapter manifests and nothing to build, for commands that only read
  /// the manifests and the state.
  static func miniWorkbook(solutions: Bool) throws -> URL {
    let root = try temporaryWorkbook()
    try write("// the package\n", to: root, "Package.swift")
    for (number, name) in [(1, "Tensors"), (2, "Gradients")] {
      let manifest =
        "{\"number\": \(number), \"title\": \"\(name)\", \"module\": \"\(name)\", \"exercises\": []}"
      try write(manifest, to: root, "Chapters/0\(number)-\(name)/chapter.json")
      if solutions { try write(manifest, to: root, "Solutions/0\(number)-\(name)/chapter.json") }
    }
    return root
  }

  /// A report as JSON without the times, to compare two runs of the same tree.
  static func withoutTimes(_ report: GradeReport) throws -> String {
    var report = report
    for index in report.chapters.indices { report.chapters[index].duration = 0 }
    return try report.json()
  }

  @Test(
    "a compile error, a trap and an infinite loop are each named, and everything else is graded")
  func isolation() throws {
    let root = try Self.solvedCopy()
    defer { try? FileManager.default.removeItem(at: root) }
    let workbook = try Workbook(root: root)
    // Chapters 1-4: a trap and a hang in 1, a compile error in 2, and the chapters built on
    // them graded anyway. (Grading all 21 here would rebuild the whole workbook in the copy
    // for no further claim: `verify` grades every chapter.)
    let chapters = Array(workbook.chapters.map(\.number).prefix(4))
    try #require(chapters == [1, 2, 3, 4])

    // A syntax error in chapter 2, on a line we know.
    let broken = root.appendingPathComponent("Chapters/02-Gradients/Broken.swift")
    try "public func broken() {\n  let x = (1 + \n}\n".write(
      to: broken, atomically: true, encoding: .utf8)
    // In chapter 1, one test that traps and one that never ends, both in the chapter's code
    // (the learner's bugs: an index one past the end, a counter that never moves).
    try write(
      """
      /// Adds up `values`; the index is moved after the loop instead of inside it.
      public func injectedSum(_ values: [Double]) -> Double {
        var total = 0.0
        var k = 0
        while k < values.count {
          total += values[k] + Double.random(in: 0...0)
        }
        k += 1
        return total
      }

      /// The last value, read one past the end.
      public func injectedLast(_ values: [Double]) -> Double {
        let index = values.count + Int.random(in: 0...0)
        return values[index]
      }

      """, to: root, "Chapters/01-Tensors/Injected.swift")
    try write(
      """
      import Testing
      import Tensors

      @Suite("1.1 Injected by the grader's tests")
      struct InjectedTests {
        @Test("reads past the end of an array") func outOfBounds() {
          #expect(injectedLast([1, 2]) > 0)
        }

        @Test("never ends") func forever() {
          #expect(injectedSum([1, 2, 3]) == 6)
        }
      }
      """, to: root, "Tests/Chapter01Tests/InjectedTests.swift")

    var options = GradeOptions(chapters: chapters)
    options.scratchPath = ".build-isolation"
    let lines = Lines()
    options.log = { lines.append($0) }
    let report = try Grader(workbook: workbook).grade(options)
    let byNumber = Dictionary(uniqueKeysWithValues: report.chapters.map { ($0.number, $0) })

    let one = try #require(byNumber[1])
    let trap = one.tests.first { $0.name == "reads past the end of an array" }
    let hang = one.tests.first { $0.name == "never ends" }
    #expect(trap?.status == .crashed)
    #expect(hang?.status == .timedOut)
    let others = one.tests.filter { !$0.suite.contains("Injected") }
    #expect(others.count >= 30 && others.allSatisfy { $0.status == .passed })

    // The hang is reported on its own line as soon as it is found, not only in the report.
    // (Where it is stuck, from a gdb sample, and the 20 s goal are checked by hand for now:
    // on a loaded 2-core machine the sample did not arrive in this test; see the README.)
    #expect(
      lines.first { $0.text.contains("never ends: still running") } != nil,
      "the hang is reported as soon as it is found: \(lines.all.map(\.text))")

    let two = try #require(byNumber[2])
    #expect(two.status == .notCompiled)
    #expect(
      two.compileErrors.first?.hasPrefix("Chapters/02-Gradients/Broken.swift:3") == true,
      "the first error names the file and line: \(two.compileErrors)")
    #expect(two.total > 0 && two.tests.allSatisfy { $0.status == .notCompiled })

    // The test that never ends must not outlive grading: `swift test` runs the test binary in
    // a process group of its own, which a kill of `swift test`'s group does not reach.
    let processes = try runProcess(
      ["ps", "-A", "-ww", "-o", "args="], environment: ProcessInfo.processInfo.environment)
    let leftovers = processes.output.split(separator: "\n").filter { $0.contains(root.path) }
    #expect(leftovers.isEmpty, "test processes still running after grading: \(leftovers)")

    for chapter in report.chapters where chapter.number >= 3 {
      #expect(chapter.total > 0 && chapter.passed == chapter.total, "chapter \(chapter.number)")
    }
  }
}

extension IsolationTests {
  @Test(
    "a test edited to pass is caught by --pristine; a deleted test file counts as failed; two runs agree"
  )
  func pristineAndDeletedTests() throws {
    let root = try Self.stubCopy()
    defer { try? FileManager.default.removeItem(at: root) }
    func git(_ arguments: [String]) throws -> ProcessOutcome {
      try WorkbookGraderTests.git(arguments, in: root)
    }
    try #require(try git(["init", "-q"]).succeeded, "this test needs git")
    #expect(try git(["add", "-A"]).succeeded && git(["commit", "-qm", "template"]).succeeded)

    // The learner replaces exercise 1.4's tests by as many that always pass, and deletes the
    // file of exercise 1.1's tests; the code is still the stub.
    let cheat = (1...7).map { "  @Test(\"passes \($0)\") func pass\($0)() { #expect(Bool(true)) }" }
    try write(
      "import Testing\n\n@Suite(\"1.4 Matrix multiply\")\nstruct MatmulTests {\n"
        + cheat.joined(separator: "\n") + "\n}\n", to: root,
      "Tests/Chapter01Tests/MatmulTests.swift")
    try FileManager.default.removeItem(
      at: root.appendingPathComponent("Tests/Chapter01Tests/StridesAndIndexingTests.swift"))

    let workbook = try Workbook(root: root)
    var options = GradeOptions(chapters: [1])
    options.scratchPath = ".build-pristine-test"
    let edited = try #require(try Grader(workbook: workbook).grade(options).chapters.first)
    #expect(edited.tests.filter { $0.exercise == "1.4" }.allSatisfy { $0.status == .passed })
    #expect(edited.tests.filter { $0.exercise == "1.1" }.count == 6)
    #expect(edited.tests.filter { $0.exercise == "1.1" }.allSatisfy { $0.status == .missing })
    #expect(edited.problems.contains { $0.contains("exercise 1.1: 6 of its 6 tests did not run") })
    let chapterOne = try workbook.chapter(1).exercises.reduce(0) { $0 + ($1.tests ?? 0) }
    #expect(
      edited.passed == 7 && edited.total == chapterOne,
      "only the cheat passes; deleting lost points")

    // With the pristine tests of the template commit, nothing passes on the stub.
    let template = try git(["rev-parse", "HEAD"]).output.trimmingCharacters(
      in: .whitespacesAndNewlines)
    func pristineGrade() throws -> GradeReport {
      let (copy, check) = try PristineSource.gitRef(template).prepare(submission: root)
      var report = try Grader(workbook: Workbook(root: copy)).grade(options)
      report.pristine = check
      return report
    }
    let first = try pristineGrade()
    let chapter = try #require(first.chapters.first)
    #expect(chapter.total == chapterOne && chapter.passed == 0 && chapter.problems.isEmpty)
    #expect(
      first.pristine?.changed == [
        "Tests/Chapter01Tests/MatmulTests.swift (edited)",
        "Tests/Chapter01Tests/StridesAndIndexingTests.swift (deleted)",
      ])
    #expect(first.warnings().first?.contains("differ and were not used") == true)

    // The same tree graded twice gives the same grades, byte for byte apart from the times.
    let second = try pristineGrade()
    let firstJSON = try Self.withoutTimes(first)
    let secondJSON = try Self.withoutTimes(second)
    #expect(
      firstJSON == secondJSON,
      "differs: \(zip(firstJSON.split(separator: "\n"), secondJSON.split(separator: "\n")).filter { $0 != $1 }.prefix(4))"
    )
  }

  @Test(
    "a student release (no Solutions/): a broken chapter and those built on it are not compiled, the rest is graded, borrowing says why"
  )
  func studentRelease() throws {
    let root = try Self.stubCopy(solutions: false)
    defer { try? FileManager.default.removeItem(at: root) }
    // Chapter 1 solved, chapter 2 with a syntax error; chapter 3 needs chapter 2.
    try FileManager.default.removeItem(at: root.appendingPathComponent("Chapters/01-Tensors"))
    try FileManager.default.copyItem(
      at: Self.packageRoot.appendingPathComponent("Solutions/01-Tensors"),
      to: root.appendingPathComponent("Chapters/01-Tensors"))
    try write("func broken( {\n", to: root, "Chapters/02-Gradients/Broken.swift")
    let workbook = try Workbook(root: root)
    #expect(!workbook.hasSolutions)

    var options = GradeOptions(chapters: [1, 2, 3])
    options.scratchPath = ".build-release-test"
    let report = try Grader(workbook: workbook).grade(options)
    let byNumber = Dictionary(uniqueKeysWithValues: report.chapters.map { ($0.number, $0) })
    let one = try workbook.chapter(1).exercises.reduce(0) { $0 + ($1.tests ?? 0) }
    let three = try workbook.chapter(3).exercises.reduce(0) { $0 + ($1.tests ?? 0) }
    #expect(byNumber[1]?.status == .passed && byNumber[1]?.passed == one)
    #expect(byNumber[2]?.status == .notCompiled)
    #expect(
      byNumber[2]?.compileErrors.first?.hasPrefix("Chapters/02-Gradients/Broken.swift:1") == true)
    #expect(byNumber[3]?.status == .notCompiled && byNumber[3]?.compileErrors.isEmpty == true)
    #expect((byNumber[3]?.maxPoints ?? 0) == Double(three), "a chapter left out keeps its worth")
    // Not built is never "tampered with": no problem is reported, the manifest's tests are
    // counted, and the chapter that breaks the build is named.
    #expect(
      report.chapters.allSatisfy { $0.problems.isEmpty }, "\(report.chapters.map(\.problems))")
    #expect(byNumber[3]?.total == three && byNumber[3]?.passed == 0)
    #expect(byNumber[3]?.blockedBy == [2])
    #expect(
      byNumber[3]?.buildMessage
        == "chapter 3 could not be built: it needs chapter 2, which does not compile")
    #expect(try Grader(workbook: workbook).dependencies()[9] == [1, 2], "exact, from the manifest")

    options.reference = [1]
    #expect {
      _ = try Grader(workbook: workbook).grade(options)
    } throws: { error in
      (error as? WorkbookError)?.description.contains("no Solutions/ folder (a student release)")
        == true
    }
  }

  @Test(
    "--isolated grades a chapter with the reference's earlier chapters and names the one that sinks it"
  )
  func isolatedMode() throws {
    let root = try Self.solvedCopy()
    defer { try? FileManager.default.removeItem(at: root) }
    // Chapter 2 back to its stub: chapter 3's relu needs chapter 2's reluBackward.
    try FileManager.default.removeItem(at: root.appendingPathComponent("Chapters/02-Gradients"))
    try FileManager.default.copyItem(
      at: Self.packageRoot.appendingPathComponent("Chapters/02-Gradients"),
      to: root.appendingPathComponent("Chapters/02-Gradients"))
    let workbook = try Workbook(root: root)
    var options = GradeOptions(chapters: [1, 2, 3])
    options.scratchPath = ".build-isolated-test"
    let together = try Grader(workbook: workbook).grade(options)
    let sunk = try #require(together.chapters.last)
    #expect(sunk.number == 3 && sunk.status != .passed, "chapter 2's stub breaks chapter 3")

    options.isolated = true
    let isolated = try Grader(workbook: workbook).grade(options)
    #expect(isolated.isolated)
    let two = try #require(isolated.chapters.first { $0.number == 2 })
    let three = try #require(isolated.chapters.last)
    #expect(two.passed == 0 && two.sunkBy.isEmpty)
    #expect(three.status == .passed && three.sunkBy == [2] && !three.borrowed)
    #expect(three.passedWithOwnChapters == sunk.passed)
    let table = TextReport(workbook: workbook, colour: false).table(isolated)
    #expect(table.contains("* Chapter 3 fails only because of your chapter 2"))
  }
}

extension IsolationTests {
  @Test("Ctrl-C while tests run stops them all, exits 130 and leaves the state file as it was")
  func interrupted() throws {
    // The `workbook` program that `swift test` built next to this test bundle.
    let program = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
      .deletingLastPathComponent().appendingPathComponent("workbook")
    try #require(
      FileManager.default.isExecutableFile(atPath: program.path), "no workbook at \(program.path)")
    let root = try Self.solvedCopy()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(
      """
      import Testing

      @Suite("1.1 Injected by the grader's tests")
      struct InjectedTests {
        @Test("never ends") func forever() {
          var x = 0.0
          while x >= 0 { x += 1 }
          #expect(x < 0)
        }
      }
      """, to: root, "Tests/Chapter01Tests/InjectedTests.swift")
    var state = WorkbookState()
    state.revealedHints = ["1.1": 2]
    try state.save(to: root)
    let before = try Data(contentsOf: WorkbookState.file(in: root))

    let process = Process()
    process.executableURL = program
    process.arguments = ["test", "1", "--time-limit", "300", "--no-color"]
    process.currentDirectoryURL = root
    let output = root.appendingPathComponent("output.txt")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()

    // Wait (up to 5 minutes) until the grader runs the chapter's tests, then press Ctrl-C.
    // (The grader's own log says when; `ps` run from here could be reaped by Foundation's
    // Process, which watches its children.)
    func log() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    let deadline = Date().addingTimeInterval(300)
    while !log().contains("Running the tests of chapter 1") && Date() < deadline
      && process.isRunning
    {
      usleep(200_000)
    }
    usleep(5_000_000)  // the test process starts, and the infinite loop is under way
    #expect(process.isRunning, "still grading when interrupted: \(log().suffix(1000))")
    process.interrupt()
    process.waitUntilExit()
    try handle.close()
    func testsRunning() throws -> Bool {
      let ps = Process()
      ps.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      ps.arguments = ["ps", "-A", "-ww", "-o", "args="]
      let pipe = Pipe()
      ps.standardOutput = pipe
      try ps.run()
      let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      ps.waitUntilExit()
      return listing.split(separator: "\n").contains { $0.contains(root.path) }
    }

    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    #expect(process.terminationStatus == 130, "\(text.suffix(2000))")
    #expect(text.contains("interrupted; nothing was recorded"))
    #expect(try !testsRunning(), "the test processes were stopped with the grader")
    #expect(try Data(contentsOf: WorkbookState.file(in: root)) == before)
  }
}

/// Log lines with the time each arrived, from the grader's log closure.
final class Lines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [(text: String, time: Date)] = []

  func append(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    lines.append((text, Date()))
  }

  var all: [(text: String, time: Date)] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }

  func first(where predicate: ((text: String, time: Date)) -> Bool) -> (text: String, time: Date)? {
    all.first(where: predicate)
  }
}
