import Foundation

/// What happened to one test.
public enum TestStatus: String, Codable, Sendable, CaseIterable {
  case passed
  case failed
  /// The test stopped the test process (a trap: an index out of range, a failed `check`).
  case crashed
  /// The test was still running at the time limit.
  case timedOut = "timed out"
  /// The chapter (or one it needs) does not compile, so the test could not run.
  case notCompiled = "not compiled"
  /// The chapter's manifest counts more tests than ran: a test file was deleted or edited.
  case missing
}

/// One test's result, as the reports show it.
public struct TestResult: Codable, Sendable, Equatable {
  /// Swift Testing's identifier: "Chapter01Tests.MatmulTests/knownAnswer()/MatmulTests.swift:6:4".
  public var id: String
  /// The test's display name, the claim it checks.
  public var name: String
  /// The suite's display name, "1.4 Matrix multiply".
  public var suite: String
  /// The exercise the suite belongs to ("1.4"), from the suite name's first word.
  public var exercise: String?
  public var status: TestStatus
  /// Why it did not pass: the failed expectations with their comments, the crash message, ...
  public var message: String?
  /// "Chapter01Tests/MatmulTests.swift:6"
  public var location: String?
  /// Points earned and the test's worth, from the chapter manifest (one each by default).
  public var points: Double = 0
  public var maxPoints: Double = 1
  /// Position in the source, to keep reports in the order the tests are written.
  var line: Int = 0

  enum CodingKeys: String, CodingKey {
    case id, name, suite, exercise, status, message, location, points, maxPoints
  }

  public init(
    id: String, name: String, suite: String, exercise: String?, status: TestStatus,
    message: String?, location: String?, line: Int = 0
  ) {
    self.id = id
    self.name = name
    self.suite = suite
    self.exercise = exercise
    self.status = status
    self.message = message
    self.location = location
    self.line = line
    self.points = status == .passed ? 1 : 0
  }

  /// Reports written before points existed still load: one point per test.
  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    name = try container.decode(String.self, forKey: .name)
    suite = try container.decode(String.self, forKey: .suite)
    exercise = try container.decodeIfPresent(String.self, forKey: .exercise)
    status = try container.decode(TestStatus.self, forKey: .status)
    message = try container.decodeIfPresent(String.self, forKey: .message)
    location = try container.decodeIfPresent(String.self, forKey: .location)
    maxPoints = try container.decodeIfPresent(Double.self, forKey: .maxPoints) ?? 1
    points =
      try container.decodeIfPresent(Double.self, forKey: .points)
      ?? (status == .passed ? maxPoints : 0)
  }
}

/// Reads Swift Testing's JSON event stream (`--event-stream-output-path`,
/// `--event-stream-version 0`): one JSON object per line, first a `test` record for every suite
/// and test, then `event` records (testStarted, issueRecorded, testEnded, runEnded, ...).
///
/// A process that traps stops writing mid-run: its stream has no `runEnded`, and the test that
/// was running has a `testStarted` without a `testEnded`. That is how crashes are named.
struct EventStream {
  struct Test {
    var id: String
    var name: String
    var suiteID: String
    var fileID: String
    var line: Int
    var started = false
    var ended = false
    var skipped = false
    /// The failures recorded, each with the arguments of its test case ("" for a plain test).
    var issues: [(testCase: String, text: String)] = []
  }

  var tests: [String: Test] = [:]
  var suiteNames: [String: String] = [:]
  var runEnded = false
  /// Test identifiers in the order they started.
  var startOrder: [String] = []

  init() {}

  init(contentsOf url: URL) {
    guard let data = FileManager.default.contents(atPath: url.path) else { return }
    for line in data.split(separator: UInt8(ascii: "\n")) { consume(Data(line)) }
  }

  /// Reads one line of the stream (a line cut short by a crash is ignored).
  mutating func consume(_ line: Data) {
    guard
      let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
      let payload = object["payload"] as? [String: Any]
    else { return }
    switch object["kind"] as? String {
    case "test": record(test: payload)
    case "event": record(event: payload)
    default: return
    }
  }

  private mutating func record(test payload: [String: Any]) {
    guard let id = payload["id"] as? String else { return }
    let name = payload["displayName"] as? String ?? payload["name"] as? String ?? id
    if payload["kind"] as? String == "suite" {
      suiteNames[id] = name
      return
    }
    let location = payload["sourceLocation"] as? [String: Any]
    // "Chapter01Tests.MatmulTests/knownAnswer()/MatmulTests.swift:6:4": the suite is the part
    // before the first slash.
    let suiteID = String(id.split(separator: "/", maxSplits: 1).first ?? "")
    tests[id] = Test(
      id: id, name: name, suiteID: suiteID, fileID: location?["fileID"] as? String ?? "",
      line: location?["line"] as? Int ?? 0)
  }

  private mutating func record(event payload: [String: Any]) {
    let kind = payload["kind"] as? String
    if kind == "runEnded" {
      runEnded = true
      return
    }
    guard let id = payload["testID"] as? String, tests[id] != nil else { return }
    switch kind {
    case "testStarted":
      tests[id]?.started = true
      startOrder.append(id)
    case "testEnded": tests[id]?.ended = true
    case "testSkipped": tests[id]?.skipped = true
    case "issueRecorded":
      if let issue = payload["issue"] as? [String: Any], issue["isKnown"] as? Bool == true {
        return
      }
      let testCase = (payload["_testCase"] as? [String: Any])?["displayName"] as? String ?? ""
      tests[id]?.issues.append((testCase, EventStream.describe(issue: payload)))
    default: break
    }
  }

  /// "MatmulTests.swift:12: Expectation failed: (x → 3) == 4 — the comment"
  private static func describe(issue payload: [String: Any]) -> String {
    let messages = (payload["messages"] as? [[String: Any]]) ?? []
    var texts = messages.compactMap { $0["text"] as? String }
    // Issue.record("...") arrives as "Issue recorded" followed by its text: keep the text.
    if texts.count > 1 && texts[0] == "Issue recorded" { texts.removeFirst() }
    var text = texts.joined(separator: "\n")
    if let testCase = payload["_testCase"] as? [String: Any],
      let arguments = testCase["displayName"] as? String, !arguments.isEmpty
    {
      text = "with \(arguments): " + text
    }
    if let location = (payload["issue"] as? [String: Any])?["sourceLocation"] as? [String: Any],
      let file = location["fileID"] as? String, let line = location["line"] as? Int
    {
      let name = file.split(separator: "/").last.map(String.init) ?? file
      text = "\(name):\(line): " + text
    }
    return text
  }

  /// The result of every test that ran to its end.
  func finishedResults() -> [TestResult] {
    tests.values.filter { $0.ended && !$0.skipped }.map { test in
      result(
        for: test, status: test.issues.isEmpty ? .passed : .failed,
        message: test.issues.isEmpty ? nil : EventStream.message(test.issues))
    }
  }

  /// The failures of one test as one message. The cases of a parameterised test run in
  /// parallel and record their failures in whatever order they finish, so the failures are
  /// grouped by case (in the order of the case's arguments, keeping each case's own order):
  /// two runs of the same code give the same message.
  static func message(_ issues: [(testCase: String, text: String)]) -> String {
    issues.enumerated()
      .sorted { ($0.element.testCase, $0.offset) < ($1.element.testCase, $1.offset) }
      .map(\.element.text).joined(separator: "\n")
  }

  /// The tests that started and never ended: the ones running when the process died.
  func unfinished() -> [Test] {
    startOrder.compactMap { tests[$0] }.filter { !$0.ended }
  }

  func result(for test: Test, status: TestStatus, message: String?) -> TestResult {
    let suite = suiteNames[test.suiteID] ?? test.suiteID
    let exercise = suite.split(separator: " ").first.map(String.init)
      .flatMap { $0.range(of: #"^\d+\.\d+$"#, options: .regularExpression) != nil ? $0 : nil }
    return TestResult(
      id: test.id, name: test.name, suite: suite, exercise: exercise, status: status,
      message: message, location: test.fileID.isEmpty ? nil : "\(test.fileID):\(test.line)",
      line: test.line)
  }
}
