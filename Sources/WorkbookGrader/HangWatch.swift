import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Follows a test process's event stream while it runs, and stops the process as soon as a
/// test has run longer than its own limit.
///
/// Each test has a limit of its own (`GradeOptions.testTimeLimit`, else the exercise's
/// `testTimeLimit` in the chapter manifest, else 10 s), so an infinite loop is found seconds
/// after it starts instead of at the end of the chapter's time.
///
/// One at a time (`parallel` false), the test in flight is the one running, and its limit
/// counts from its `testStarted` event. In parallel, Swift Testing reports every test as
/// started at once and runs them as threads come free, so the clock is the time since any
/// test last finished: when that passes a limit, the process is sampled (with gdb, where
/// there is one), and the tests found on a thread's stack past their limits are the ones
/// stuck. Without a sample the process is stopped with no test named, and the grader runs
/// the rest one at a time, where the test in flight is known.
final class HangWatch {
  private let url: URL
  private var offset: UInt64 = 0
  private var partial = Data()
  private(set) var stream = EventStream()
  private var startedAt: [String: Date] = [:]
  private var lastEnd = Date()
  private var nextSample = Date.distantPast
  private let parallel: Bool
  private let limit: (EventStream.Test, String) -> Double
  private let environment: [String: String]
  /// Tests past their limit when the process was stopped, with the limit each had.
  private(set) var hung: [(id: String, limit: Double)] = []
  /// The threads of the test process at that moment, innermost frame first (nil: no sample).
  private(set) var threads: [[StackFrame]]?
  /// Called once for each test found past its limit, as soon as it is found.
  var found: (EventStream.Test, Double) -> Void = { _, _ in }
  /// Sample the process's threads before stopping it.
  var sampling = true

  /// `limit`: a test's limit in seconds, from the test and its suite's display name.
  init(
    events url: URL, parallel: Bool, environment: [String: String],
    limit: @escaping (EventStream.Test, String) -> Double
  ) {
    self.url = url
    self.parallel = parallel
    self.environment = environment
    self.limit = limit
  }

  /// Reads what the stream gained; true when the process should be stopped (`hung` then
  /// names the tests past their limits, or is empty when they could not be told apart).
  func look(at pid: pid_t, output _: URL) -> Bool {
    readNewLines()
    let now = Date()
    let inFlight = stream.startOrder.compactMap { id -> (EventStream.Test, Double)? in
      guard let test = stream.tests[id], !test.ended, startedAt[id] != nil else { return nil }
      return (test, limit(test, stream.suiteNames[test.suiteID] ?? test.suiteID))
    }
    guard let shortest = inFlight.map(\.1).min() else { return false }
    if !parallel {
      let over = inFlight.filter { now.timeIntervalSince(startedAt[$0.0.id]!) > $0.1 }
      guard !over.isEmpty else { return false }
      if sampling, let process = Self.testProcess(under: pid) {
        threads = StackSample.sample(pid: process, environment: environment)
      }
      return stop(over)
    }
    let quiet = now.timeIntervalSince(lastEnd)
    guard quiet > shortest, now >= nextSample else { return false }
    guard sampling, let process = Self.testProcess(under: pid),
      let sample = StackSample.sample(pid: process, environment: environment)
    else { return stop([]) }
    // Sampling stops the process for a moment: not again for a while.
    nextSample = Date().addingTimeInterval(max(2, shortest / 2))
    let running = inFlight.filter { test, seconds in
      quiet > seconds && sample.contains { Self.runs(test, on: $0) }
    }
    guard !running.isEmpty else {
      // Nothing stuck on a thread past its limit: slow tests with higher limits, or a test
      // waiting on a child process (an exit test). Keep going until the backstop.
      return false
    }
    threads = sample
    return stop(running)
  }

  private func stop(_ over: [(EventStream.Test, Double)]) -> Bool {
    hung = over.map { ($0.0.id, $0.1) }
    for (test, seconds) in over { found(test, seconds) }
    return true
  }

  /// True when `thread` is inside `test`'s function (or a closure within it).
  static func runs(_ test: EventStream.Test, on thread: [StackFrame]) -> Bool {
    guard let name = qualifiedName(of: test) else { return false }
    return thread.contains { $0.function == name || $0.function.contains(" in " + name) }
  }

  /// "Chapter01Tests.InjectedTests/forever()/InjectedTests.swift:10:4" ->
  /// "Chapter01Tests.InjectedTests.forever", the name the demangler gives the test function.
  static func qualifiedName(of test: EventStream.Test) -> String? {
    let parts = test.id.split(separator: "/")
    guard let index = parts.firstIndex(where: { $0.hasSuffix(")") }) else { return nil }
    let function = parts[index].prefix { $0 != "(" }
    return (parts[..<index] + [function]).joined(separator: ".")
  }

  private func readNewLines() {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return }
    defer { try? handle.close() }
    guard (try? handle.seek(toOffset: offset)) != nil,
      let data = try? handle.readToEnd(), !data.isEmpty
    else { return }
    offset += UInt64(data.count)
    partial.append(data)
    let now = Date()
    let ended = stream.tests.values.filter(\.ended).count
    defer { if stream.tests.values.filter(\.ended).count > ended { lastEnd = Date() } }
    while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
      let line = partial[partial.startIndex..<newline]
      let before = stream.startOrder.count
      stream.consume(Data(line))
      for id in stream.startOrder[before...] { startedAt[id] = now }
      partial.removeSubrange(partial.startIndex...newline)
    }
  }

  /// The test binary among `swift test`'s descendants: the first whose program is an
  /// `.xctest` (Linux), else the first descendant. Exit tests' children run the same program
  /// under it; the first found is their parent.
  static func testProcess(under root: pid_t) -> pid_t? {
    let tree = descendants(of: root)
    #if os(Linux)
      let binaries = tree.filter {
        let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/exe")
        return exe?.hasSuffix(".xctest") == true
      }
      func parent(_ pid: pid_t) -> pid_t? {
        // /proc/PID/stat: "PID (name) state PPID ...", the name in parentheses.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").dropFirst().first
          .flatMap { pid_t($0) }
      }
      if let top = binaries.first(where: { !binaries.contains(parent($0) ?? -1) }) {
        return top
      }
    #endif
    return tree.first
  }
}
