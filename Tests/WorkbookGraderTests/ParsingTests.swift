import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Chapter selections")
struct ChapterSelectionTests {
  let available = Array(1...24)

  @Test(
    "selections parse like WORKBOOK_REFERENCE",
    arguments: [
      ("", [Int]()), ("none", []), ("2", [2]), ("1-3", [1, 2, 3]), ("1,3", [1, 3]),
      ("1-2,4-6", [1, 2, 4, 5, 6]), ("23-40", [23, 24]), (" 5 ", [5]),
    ])
  func parses(text: String, expected: [Int]) throws {
    #expect(try ChapterSelection.parse(text, available: available) == expected)
  }

  @Test("\"all\" selects every chapter")
  func all() throws {
    #expect(try ChapterSelection.parse("all", available: [1, 2, 3]) == [1, 2, 3])
  }

  @Test(
    "anything else is refused with a message listing what is accepted",
    arguments: [
      "3-1", "0", "x", "1-", "1,,2", "1-2-3", "-1",
    ])
  func refuses(text: String) {
    #expect {
      _ = try ChapterSelection.parse(text, available: available)
    } throws: { error in
      let message = String(describing: error)
      return message.contains("Accepted") && message.contains(text)
    }
  }

  @Test("requested names every number asked for, existing or not; nil for none and all")
  func requested() throws {
    #expect(try ChapterSelection.requested("23-27,30") == [23, 24, 25, 26, 27, 30])
    #expect(try ChapterSelection.requested("none") == nil)
    #expect(try ChapterSelection.requested("all") == nil)
    #expect(throws: WorkbookError.self) { _ = try ChapterSelection.requested("0-3") }
  }

  @Test("format writes the shortest selection and parses back to the same chapters")
  func formatRoundTrips() throws {
    #expect(ChapterSelection.format([1, 2, 3, 5, 7, 8]) == "1-3,5,7-8")
    #expect(ChapterSelection.format([]) == "none")
    let chapters = [2, 3, 4, 9, 11, 12]
    #expect(
      try ChapterSelection.parse(ChapterSelection.format(chapters), available: available)
        == chapters)
  }
}

@Suite("Compiler errors")
struct CompilerErrorTests {
  @Test("error lines are parsed, made relative to the package, and deduplicated")
  func parses() {
    let root = URL(fileURLWithPath: "/work/book")
    let output = """
      [3/9] Compiling Gradients LossBackward.swift
      /work/book/Chapters/02-Gradients/LossBackward.swift:12:5: error: expected '}'
      /work/book/Chapters/02-Gradients/LossBackward.swift:12:5: error: expected '}'
      /work/book/Chapters/02-Gradients/LossBackward.swift:14:1: warning: unused
      """
    let errors = CompilerErrors.parse(output, root: root)
    #expect(
      errors.map(\.description) == [
        "Chapters/02-Gradients/LossBackward.swift:12:5: error: expected '}'"
      ])
  }

  @Test(
    "a file is attributed to its chapter",
    arguments: [
      ("Chapters/02-Gradients/X.swift", 2), ("Solutions/11-Normalise/Y.swift", 11),
      ("Tests/Chapter03Tests/Z.swift", 3),
    ])
  func attributes(file: String, chapter: Int) {
    #expect(CompilerErrors.chapter(of: file) == chapter)
  }

  @Test("files outside the chapters belong to no chapter")
  func outside() {
    #expect(CompilerErrors.chapter(of: "Sources/WorkbookSupport/LinePlot.swift") == nil)
    #expect(CompilerErrors.chapter(of: "Tests/TestSupport/TensorExpectations.swift") == nil)
  }
}

@Suite("Event stream")
struct EventStreamTests {
  static func record(_ kind: String, _ payload: String) -> String {
    #"{"kind":"\#(kind)","payload":\#(payload),"version":0}"#
  }

  static func test(_ id: String, _ name: String, line: Int) -> String {
    record(
      "test",
      #"{"displayName":"\#(name)","id":"\#(id)","kind":"function","name":"f()","#
        + #""sourceLocation":{"fileID":"Chapter07Tests/T.swift","line":\#(line)}}"#)
  }

  static func event(_ kind: String, _ id: String, extra: String = "") -> String {
    record("event", #"{"kind":"\#(kind)","testID":"\#(id)","messages":[]\#(extra)}"#)
  }

  let suite = record(
    "test", #"{"displayName":"7.2 Adam","id":"Chapter07Tests.AdamTests","kind":"suite"}"#)
  let passing = "Chapter07Tests.AdamTests/a()/T.swift:5:4"
  let failing = "Chapter07Tests.AdamTests/b()/T.swift:9:4"
  let crashing = "Chapter07Tests.AdamTests/c()/T.swift:14:4"

  func parse(_ lines: [String]) throws -> EventStream {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("events-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: url) }
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    return EventStream(contentsOf: url)
  }

  @Test("passed and failed tests are read with their message, location and exercise")
  func passedAndFailed() throws {
    let issue =
      #","issue":{"isKnown":false,"sourceLocation":{"fileID":"Chapter07Tests/T.swift","line":10}},"#
      + #""messages":[{"symbol":"fail","text":"Expectation failed: 1 == 2"},"#
      + #"{"symbol":"details","text":"did you correct the bias?"}]"#
    let stream = try parse([
      suite, Self.test(passing, "first step moves by lr", line: 5),
      Self.test(failing, "bias correction", line: 9),
      Self.event("testStarted", passing), Self.event("testEnded", passing),
      Self.event("testStarted", failing),
      Self.record("event", #"{"kind":"issueRecorded","testID":"\#(failing)"\#(issue)}"#),
      Self.event("testEnded", failing), Self.record("event", #"{"kind":"runEnded"}"#),
    ])
    #expect(stream.runEnded)
    let results = stream.finishedResults().sorted { $0.line < $1.line }
    #expect(results.map(\.status) == [.passed, .failed])
    #expect(
      results[1].message == "T.swift:10: Expectation failed: 1 == 2\ndid you correct the bias?")
    #expect(results[1].exercise == "7.2" && results[1].suite == "7.2 Adam")
    #expect(results[1].location == "Chapter07Tests/T.swift:9")
  }

  @Test("a test that started and never ended is the one running when the process died")
  func crashed() throws {
    let stream = try parse([
      suite, Self.test(passing, "a", line: 5), Self.test(crashing, "c", line: 14),
      Self.event("testStarted", passing), Self.event("testEnded", passing),
      Self.event("testStarted", crashing),
    ])
    #expect(!stream.runEnded)
    #expect(stream.unfinished().map(\.id) == [crashing])
    #expect(stream.finishedResults().map(\.id) == [passing])
  }

  @Test("the failures of parameterised cases are reported in the same order, however they finish")
  func caseOrderIsStable() {
    let forward = EventStream.message([("[5]", "b1"), ("[2, 3]", "a1"), ("[5]", "b2")])
    let backward = EventStream.message([("[2, 3]", "a1"), ("[5]", "b1"), ("[5]", "b2")])
    #expect(forward == backward)
    #expect(forward == "a1\nb1\nb2", "cases sorted, each case's failures in recorded order")
  }

  @Test("known issues do not fail a test")
  func knownIssue() throws {
    let stream = try parse([
      suite, Self.test(passing, "a", line: 5), Self.event("testStarted", passing),
      Self.record(
        "event", #"{"kind":"issueRecorded","testID":"\#(passing)","issue":{"isKnown":true}}"#),
      Self.event("testEnded", passing),
    ])
    #expect(stream.finishedResults().first?.status == .passed)
  }

  @Test("a crash is described by the runtime's line or the signal, never by other tests' output")
  func crashReason() {
    func outcome(_ output: String, signal: Int32? = nil) -> ProcessOutcome {
      ProcessOutcome(
        exitStatus: signal == nil ? 1 : nil, signal: signal, timedOut: false, duration: 1,
        output: output)
    }
    let interleaved = """
      ◇ Test "b" started.
        a mean is a sum divided by N (all of themOptimizers/Optimizer.swift:53: Fatal error: SGD: empty
      ✘ Test "c" recorded an issue
      """
    #expect(
      Grader.crashReason(outcome(interleaved))
        == "Optimizers/Optimizer.swift:53: Fatal error: SGD: empty")
    let silent = """
        dL/db = g * a: b's gradient uses the OTHER factor
      error: Process '/tmp/x/WorkbookPackageTests.xctest --event-stream-output-path /tmp/e-1' exited with unexpected signal code 4
      """
    let reason = Grader.crashReason(outcome(silent))
    #expect(reason.hasPrefix("the test process was stopped by signal 4 (a trap in optimised code"))
    #expect(!reason.contains("OTHER") && !reason.contains("/tmp/"))
    #expect(
      Grader.crashReason(outcome("", signal: 9)) == "the test process was stopped by signal 9")
  }
}
