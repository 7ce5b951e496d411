import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Reports")
struct ReportTests {
  static func makeWorkbook() throws -> Workbook {
    let root = try temporaryWorkbook()
    let manifest = """
      {"number": 7, "title": "Optimizers", "module": "Optimizers", "exercises": [
        {"id": "7.1", "title": "SGD", "hints": ["b = mu * b + g, then theta -= lr * b."]},
        {"id": "7.2", "title": "Adam", "hints": ["Divide m by 1 - beta1^t."]}]}
      """
    try write(manifest, to: root, "Chapters/07-Optimizers/chapter.json")
    try write("", to: root, "Package.swift")
    return try Workbook(root: root)
  }

  static func result(_ exercise: String, _ name: String, _ status: TestStatus) -> TestResult {
    TestResult(
      id: "Chapter07Tests.S/\(name)()", name: name, suite: "\(exercise) Suite",
      exercise: exercise, status: status,
      message: status == .passed ? nil : "Expectation failed: bias\ndid you correct the bias?",
      location: nil)
  }

  static let report = GradeReport(chapters: [
    ChapterReport(
      number: 7, title: "Optimizers", status: .inProgress, borrowed: false, passed: 2, total: 4,
      compileErrors: [],
      tests: [
        result("7.1", "momentum", .passed), result("7.1", "nesterov", .passed),
        result("7.2", "first step", .failed), result("7.2", "loops", .timedOut),
      ], duration: 0.5)
  ])

  @Test("the progress table fits 80 columns, counts exercises and tests, and has no colour codes")
  func table() throws {
    let workbook = try Self.makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    let text = TextReport(workbook: workbook, colour: false).table(Self.report)
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(text.contains(" 7 Optimizers") && text.contains("1/2") && text.contains("2/4"))
    #expect(text.contains("in progress") && text.contains("50%"))
    #expect(!text.contains("\u{1B}"), "no escape codes without colour")
  }

  @Test("long messages and hints are wrapped to 80 columns in the next step and the detail")
  func wrapsLongLines() throws {
    let workbook = try Self.makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    var failing = Self.result("7.1", "momentum", .failed)
    failing.message = Array(repeating: "the velocity must decay by mu", count: 8)
      .joined(separator: " ")
    let report = GradeReport(chapters: [
      ChapterReport(
        number: 7, title: "Optimizers", status: .inProgress, borrowed: false, passed: 0,
        total: 1, compileErrors: [], tests: [failing], duration: 0)
    ])
    let text = TextReport(workbook: workbook, colour: false)
    for output in [text.nextStep(report), text.detail(report.chapters[0])] {
      #expect(output.contains("decay by mu"))
      #expect(output.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(output)")
    }
  }

  @Test("the next step names the first failing test, its message and the exercise's first hint")
  func nextStep() throws {
    let workbook = try Self.makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    let text = TextReport(workbook: workbook, colour: false).nextStep(Self.report)
    #expect(text.contains("exercise 7.2") && text.contains("first step"))
    #expect(text.contains("did you correct the bias?"))
    #expect(text.contains("Hint 1 of 1: Divide m by 1 - beta1^t."))
    #expect(text.contains("swift run workbook test 7.2"))
  }

  @Test(
    "the next step says where to write the exercise, shows the hint the learner is at (or the failing test's own) and never one not asked for"
  )
  func nextStepPlaceAndHint() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let manifest = """
      {"number": 7, "title": "Optimizers", "module": "Optimizers", "exercises": [
        {"id": "7.2", "title": "Adam", "hints": ["first rung", "second rung", "third rung"],
         "testHints": {"loops": "a test of its own"}}]}
      """
    try write(manifest, to: root, "Chapters/07-Optimizers/chapter.json")
    try write("", to: root, "Package.swift")
    try write(
      "func adam() {\n  // TODO(7.2): your code here (README.md, exercise 7.2).\n}\n", to: root,
      "Chapters/07-Optimizers/Adam.swift")
    let text = TextReport(workbook: try Workbook(root: root), colour: false)
    var state = WorkbookState()
    #expect(
      text.nextStep(Self.report, state: state, exercise: nil).contains("Hint 1 of 3: first rung"))
    state.revealedHints["7.2"] = 2  // `workbook hint` showed two rungs: the second is where it is
    let next = text.nextStep(Self.report, state: state, exercise: nil)
    #expect(next.contains("Hint 2 of 3: second rung"), "\(next)")
    #expect(!next.contains("third rung"), "a rung not asked for is never shown")
    #expect(next.contains("Write it in Chapters/07-Optimizers/Adam.swift:2"), "\(next)")
    // The timed-out test has a hint of its own in the manifest.
    let only = GradeReport(chapters: [
      ChapterReport(
        number: 7, title: "Optimizers", status: .inProgress, borrowed: false, passed: 0,
        total: 1, compileErrors: [], tests: [Self.result("7.2", "loops", .timedOut)], duration: 0)
    ])
    #expect(
      text.nextStep(only, state: state, exercise: "7.2").contains(
        "Hint for this test: a test of its own"))
  }

  @Test("the summary says what this run solved and, after a passed chapter, what comes next")
  func summary() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    for (number, name) in [(7, "Optimizers"), (8, "Dropout")] {
      try write(
        """
        {"number": \(number), "title": "\(name)", "module": "\(name)", "exercises": [
          {"id": "\(number).1", "title": "First", "hints": ["h"]}]}
        """, to: root, "Chapters/0\(number)-\(name)/chapter.json")
    }
    try write("", to: root, "Package.swift")
    let text = TextReport(workbook: try Workbook(root: root), colour: false)
    let passed = GradeReport(chapters: [
      ChapterReport(
        number: 7, title: "Optimizers", status: .passed, borrowed: false, passed: 1, total: 1,
        compileErrors: [], tests: [Self.result("7.1", "momentum", .passed)], duration: 0)
    ])
    let summary = text.summary(passed, solvedNow: ["7.1"], state: WorkbookState())
    #expect(summary.contains("Solved: 7.1 (First)."))
    #expect(summary.contains("swift run workbook compare 7"))
    #expect(
      summary.contains("next: chapter 8, Dropout (Chapters/08-Dropout/README.md)"), "\(summary)")
  }

  @Test("a compile error is shown with its source line and a caret under the column")
  func compileErrorExcerpt() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(
      "public func broken() {\n  let x = (1 + \n}\n", to: root, "Chapters/02-G/Broken.swift")
    let lines = Places.excerpt(
      of: "Chapters/02-G/Broken.swift:3:1: error: expected expression after operator", root: root)
    #expect(lines == ["2 |   let x = (1 + ", "3 | }", "  | ^"], "\(lines)")
    #expect(Places.excerpt(of: "no location here", root: root).isEmpty)
  }

  @Test("colour appears only when asked for")
  func colour() throws {
    let workbook = try Self.makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    #expect(
      TextReport(workbook: workbook, colour: true).detail(Self.report.chapters[0]).contains(
        "\u{1B}["))
  }

  @Test("the JSON report has every test with its status, and the totals")
  func json() throws {
    let json = try Self.report.json()
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["passed"] as? Int == 2 && object["total"] as? Int == 4)
    #expect(object["score"] as? Double == 50)
    let chapter = try #require((object["chapters"] as? [[String: Any]])?.first)
    let statuses = (chapter["tests"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
    #expect(statuses == ["passed", "passed", "failed", "timed out"])
    let decoded = try JSONDecoder().decode(GradeReport.self, from: Data(json.utf8))
    #expect(decoded.chapters[0].tests == Self.report.chapters[0].tests)
  }

  @Test("hints are listed per exercise, wrapped to the terminal")
  func hints() throws {
    let workbook = try Self.makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    let text = TextReport(workbook: workbook, colour: false).hints(try workbook.chapter(7))
    #expect(text.contains("7.1 SGD") && text.contains("1. b = mu * b + g"))
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }
}

@Suite("Command line")
struct CommandLineTests {
  @Test("an unknown command is refused with the list of commands and exit status 2")
  func unknownCommand() {
    #expect {
      _ = try WorkbookCommand.parse(["frobnicate"])
    } throws: { error in
      let error = error as? WorkbookError
      return error?.exitStatus == 2 && error?.description.contains("test, hint, watch") == true
    }
  }

  @Test("an unknown chapter is refused with the list of chapters and exit status 2")
  func unknownChapter() throws {
    let workbook = try ReportTests.makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    #expect {
      _ = try workbook.chapter(42)
    } throws: { error in
      let error = error as? WorkbookError
      return error?.exitStatus == 2 && error?.description.contains("7 (Optimizers)") == true
    }
  }

  @Test("every command is in --help and in the README")
  func everyCommandDocumented() throws {
    let readme = try String(
      contentsOf: IsolationTests.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    for command in WorkbookCommand.commands {
      #expect(
        WorkbookCommand.usage.contains("\n  \(command) ")
          || WorkbookCommand.usage.contains("\n  \(command)\n"), "--help lacks \(command)")
      #expect(readme.contains("swift run workbook \(command)"), "the README lacks \(command)")
    }
    for option in WorkbookCommand.valueOptions.subtracting(["--scratch-path"])
      .union(WorkbookCommand.flagOptions)
    {
      #expect(WorkbookCommand.usage.contains(option), "--help lacks \(option)")
    }
  }

  @Test("compare shows the reference only once the chapter passes on the learner's own code")
  func compareGate() {
    func chapter(_ status: ChapterReport.Status, borrowed: Bool = false) -> ChapterReport {
      ChapterReport(
        number: 3, title: "Autodiff", status: status, borrowed: borrowed, passed: 30, total: 36,
        compileErrors: [], tests: [], duration: 0)
    }
    #expect(WorkbookCommand.compareRefusal(chapter(.passed), chapter: 3) == nil)
    #expect(
      WorkbookCommand.compareRefusal(chapter(.inProgress), chapter: 3)?.contains("30/36") == true)
    #expect(WorkbookCommand.compareRefusal(chapter(.passed, borrowed: true), chapter: 3) != nil)
    #expect(WorkbookCommand.compareRefusal(nil, chapter: 3) != nil)
  }

  @Test("options and their values are parsed; a missing value is an error")
  func options() throws {
    let parsed = try WorkbookCommand.parse(["grade", "--format", "json", "--no-color"])
    #expect(parsed.command == "grade" && parsed.options["--format"] == "json")
    #expect(parsed.flags.contains("--no-color"))
    #expect(throws: WorkbookError.self) { _ = try WorkbookCommand.parse(["grade", "--format"]) }
    #expect(throws: WorkbookError.self) { _ = try WorkbookCommand.parse(["--frob"]) }
  }
}
