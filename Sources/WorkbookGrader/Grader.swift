import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What to grade and how.
public struct GradeOptions: Sendable {
  /// The chapters to grade.
  public var chapters: [Int]
  /// The chapters taken from Solutions/ instead of the learner's Chapters/.
  public var reference: [Int] = []
  /// The build folder, relative to the package root: separate from the default `.build`, so
  /// grading never forces a rebuild of what `swift test` built, and the other way round.
  public var scratchPath = ".build-workbook"
  /// Seconds one chapter's test process may run before it is stopped and the test in flight
  /// is named as timed out: the backstop behind each test's own limit.
  public var timeLimit: Double = 600
  /// Seconds each test may run before it is reported as timed out (nil: the exercise's
  /// `testTimeLimit` from the chapter manifest, else `defaultTestTimeLimit`).
  public var testTimeLimit: Double?
  /// A test's limit when neither the options nor its exercise give one.
  public static let defaultTestTimeLimit = 10.0
  /// Grade each chapter with every chapter it builds on taken from the reference, so one
  /// broken chapter does not sink the ones after it (one build per chapter: slower).
  public var isolated = false
  /// Where progress lines go (standard error in the command-line tool).
  public var log: @Sendable (String) -> Void = { _ in }
  /// Say where a test that hung or trapped was (a stack sample, and one run of the trapped
  /// test under gdb, where gdb is installed). Off for verify and the mutant runner, which
  /// only need to know that a test did not pass.
  public var locateStops = true
  /// Reuse a borrowed chapter's last result while nothing its test build reads has changed
  /// (`.workbook/borrowed.json`). The learner's commands do; grading for a teacher, verify and
  /// the mutant runner always run the tests.
  public var cacheBorrowed = false

  public init(chapters: [Int]) { self.chapters = chapters }
}

/// One chapter's grade.
public struct ChapterReport: Codable, Sendable {
  public enum Status: String, Codable, Sendable {
    case passed
    case inProgress = "in progress"
    case notStarted = "not started"
    case notCompiled = "not compiled"
  }

  public var number: Int
  public var title: String
  public var status: Status
  /// True when the chapter was graded from Solutions/ (borrowed), not from the learner's code.
  public var borrowed: Bool
  public var passed: Int
  public var total: Int
  /// The compiler's first errors, "Chapters/02-Gradients/LossBackward.swift:12:5: error: ...".
  public var compileErrors: [String]
  public var tests: [TestResult]
  /// Seconds the chapter's tests took to run.
  public var duration: Double
  /// Points earned and the chapter's worth, from the chapter manifest.
  public var points: Double = 0
  public var maxPoints: Double = 0
  /// Where the tests that ran do not match the manifest (missing or added tests, points given
  /// to a test that does not exist): a teacher should look.
  public var problems: [String] = []
  /// Isolated mode: the learner's earlier chapters this one was graded without (they were
  /// taken from the reference), when the chapter does better without them. Empty otherwise.
  public var sunkBy: [Int] = []
  /// Isolated mode, with `sunkBy`: tests passed with the learner's own earlier chapters.
  public var passedWithOwnChapters: Int?
  /// Without Solutions/: the earlier chapters that do not compile and that this one needs, so
  /// it could not be built (nil when that is not why it was left out).
  public var blockedBy: [Int]?

  /// A chapter's grade with the points its tests carry (one per test until `score` applies
  /// the manifest).
  public init(
    number: Int, title: String, status: Status, borrowed: Bool, passed: Int, total: Int,
    compileErrors: [String], tests: [TestResult], duration: Double
  ) {
    self.number = number
    self.title = title
    self.status = status
    self.borrowed = borrowed
    self.passed = passed
    self.total = total
    self.compileErrors = compileErrors
    self.tests = tests
    self.duration = duration
    points = tests.reduce(0) { $0 + $1.points }
    maxPoints = tests.reduce(0) { $0 + $1.maxPoints }
  }

  /// Gives the tests their points from the manifest and adds up the chapter.
  mutating func score(_ chapter: Chapter) {
    var (scored, problems) = Scoring.score(tests, chapter: chapter)
    if borrowed {
      // The reference's work earns nothing: a borrowed chapter keeps its worth, so borrowing
      // can never raise a grade.
      for index in scored.indices { scored[index].points = 0 }
    }
    if !tests.isEmpty || status != .notCompiled { tests = scored }
    // A chapter left out of the build ran no test at all: nothing was deleted or edited, it
    // was not built. It still counts every test of its manifest, all of them unpassed.
    let leftOut = tests.isEmpty && status == .notCompiled
    self.problems = leftOut ? [] : problems
    passed = tests.filter { $0.status == .passed }.count
    total = leftOut ? chapter.exercises.reduce(0) { $0 + ($1.tests ?? 0) } : tests.count
    points = tests.reduce(0) { $0 + $1.points }
    // A chapter left out of the build has no tests to sum: its worth comes from the manifest,
    // so a chapter that does not compile never shrinks the maximum.
    maxPoints = tests.isEmpty ? (chapter.worth ?? 0) : tests.reduce(0) { $0 + $1.maxPoints }
    if status != .notCompiled {
      status =
        passed == total && passed > 0 ? .passed : passed == 0 ? .notStarted : .inProgress
    }
  }
}

/// Where the tests, Package.swift and manifests came from when grading with `--pristine`, and
/// the submission's files that differ from them.
public struct PristineCheck: Codable, Sendable, Equatable {
  /// "git ref 1a2b3c" or "folder /autograder/source".
  public var source: String
  /// "Tests/Chapter01Tests/MatmulTests.swift (edited)", "(deleted)", "(added)".
  public var changed: [String]
}

/// Every graded chapter, and the totals.
public struct GradeReport: Codable, Sendable {
  public var chapters: [ChapterReport]
  /// Set when the tests and manifests were taken from a pristine copy (`--pristine`).
  public var pristine: PristineCheck?
  /// True when each chapter was graded with its earlier chapters from the reference.
  public var isolated = false
  public var passed: Int { chapters.reduce(0) { $0 + $1.passed } }
  public var total: Int { chapters.reduce(0) { $0 + $1.total } }
  public var points: Double { chapters.reduce(0) { $0 + $1.points } }
  public var maxPoints: Double { chapters.reduce(0) { $0 + $1.maxPoints } }
  /// Percentage of the points earned, 0 when nothing is worth any.
  public var score: Double { maxPoints == 0 ? 0 : 100 * points / maxPoints }

  enum CodingKeys: String, CodingKey {
    case chapters, pristine, isolated, passed, total, points, maxPoints, score
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(chapters, forKey: .chapters)
    try container.encodeIfPresent(pristine, forKey: .pristine)
    try container.encode(isolated, forKey: .isolated)
    try container.encode(passed, forKey: .passed)
    try container.encode(total, forKey: .total)
    try container.encode(rounded(points), forKey: .points)
    try container.encode(rounded(maxPoints), forKey: .maxPoints)
    try container.encode(rounded(score), forKey: .score)
  }

  public init(chapters: [ChapterReport]) { self.chapters = chapters }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    chapters = try container.decode([ChapterReport].self, forKey: .chapters)
    pristine = try container.decodeIfPresent(PristineCheck.self, forKey: .pristine)
    isolated = try container.decodeIfPresent(Bool.self, forKey: .isolated) ?? false
  }
}

/// Builds the package and runs each chapter's tests in a process of its own.
///
/// Isolation, so that one problem never hides the rest:
/// - a chapter that does not compile is reported with the compiler's first errors, and is
///   replaced by its reference (when Solutions/ is present) so the chapters after it still
///   build and are graded;
/// - a test that traps ends its process: it is named as crashed and the chapter's other tests
///   are run again without it;
/// - a test still running at the time limit is named as timed out, the same way.
public struct Grader: Sendable {
  public let workbook: Workbook

  public init(workbook: Workbook) { self.workbook = workbook }

  public func grade(_ options: GradeOptions) throws -> GradeReport {
    // Two grading runs sharing a build folder would re-plan each other's builds (the chapter
    // switches are environment variables): the second waits for the first.
    let lock = try FileLock(
      workbook.root.appendingPathComponent(".workbook")
        .appendingPathComponent(
          "\(options.scratchPath.replacingOccurrences(of: "/", with: "_")).lock"))
    defer { lock.unlock() }
    if !lock.tryLock() {
      options.log("Another workbook command is grading this copy; waiting for it to finish...")
      lock.lock()
    }
    guard options.isolated else { return try gradeTogether(options) }
    return try gradeIsolated(options)
  }

  /// Isolated mode: first every chapter with the learner's own code, then each chapter that
  /// builds on earlier chapters of the learner's again, with those from the reference. The
  /// second result is the grade; when it is better, the chapter fails only because of an
  /// earlier one, and the report says which.
  func gradeIsolated(_ options: GradeOptions) throws -> GradeReport {
    var together = options
    together.isolated = false
    let own = try gradeTogether(together)
    let needs = try dependencies()
    var chapters: [ChapterReport] = []
    for report in own.chapters {
      let earlier = (needs[report.number] ?? []).subtracting(options.reference)
      guard !earlier.isEmpty, !report.borrowed else {
        chapters.append(report)
        continue
      }
      options.log(
        "Isolated: chapter \(report.number) with chapters \(ChapterSelection.format(Array(earlier))) "
          + "from the reference...")
      var alone = options
      alone.isolated = false
      alone.chapters = [report.number]
      alone.reference = Array(Set(options.reference).union(earlier)).sorted()
      alone.scratchPath = options.scratchPath + "-isolated"
      guard var chapter = try gradeTogether(alone, borrowed: Set(options.reference)).chapters.first
      else { continue }
      if chapter.points > report.points
        || (report.status == .notCompiled && chapter.status != .notCompiled)
      {
        // The earlier chapters that did not pass with the learner's code, when they were
        // graded in this run; otherwise every earlier chapter of the learner's.
        let failing = own.chapters.filter { earlier.contains($0.number) && $0.status != .passed }
        let graded = Set(own.chapters.map(\.number))
        chapter.sunkBy =
          earlier.isSubset(of: graded) && !failing.isEmpty
          ? failing.map(\.number) : earlier.sorted()
        chapter.passedWithOwnChapters = report.passed
      }
      chapters.append(chapter)
    }
    var report = GradeReport(chapters: chapters)
    report.isolated = true
    return report
  }

  /// The chapters each chapter builds on, directly or not, from the package manifest
  /// (`swift package dump-package`): chapter number -> earlier chapter numbers.
  func dependencies() throws -> [Int: Set<Int>] {
    var environment = ProcessInfo.processInfo.environment
    environment["WORKBOOK_REFERENCE"] = nil
    environment["WORKBOOK_TEST_CHAPTERS"] = nil
    let outcome = try runProcess(
      ["swift", "package", "--package-path", workbook.root.path, "dump-package"],
      environment: environment)
    let start = outcome.output.firstIndex(of: "{") ?? outcome.output.endIndex
    guard outcome.succeeded,
      let object = try? JSONSerialization.jsonObject(
        with: Data(outcome.output[start...].utf8)) as? [String: Any],
      let targets = object["targets"] as? [[String: Any]]
    else {
      throw WorkbookError(
        "could not read the package's targets (swift package dump-package):\n"
          + tail(outcome.output))
    }
    let numberOf = Dictionary(
      workbook.chapters.map { ($0.module, $0.number) }, uniquingKeysWith: { first, _ in first })
    var direct: [Int: Set<Int>] = [:]
    for target in targets {
      guard let name = target["name"] as? String, let number = numberOf[name] else { continue }
      for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
        let names = dependency.values.compactMap { ($0 as? [Any])?.first as? String }
        for other in names {
          if let needed = numberOf[other] { direct[number, default: []].insert(needed) }
        }
      }
    }
    var all: [Int: Set<Int>] = [:]
    for chapter in workbook.chapters {
      var found = Set<Int>()
      var pending = Array(direct[chapter.number] ?? [])
      while let next = pending.popLast() {
        if found.insert(next).inserted { pending += direct[next] ?? [] }
      }
      all[chapter.number] = found
    }
    return all
  }

  /// Grades the chapters with one build. `borrowed`: the chapters to mark as taken from the
  /// reference (default: `options.reference`).
  func gradeTogether(_ options: GradeOptions, borrowed: Set<Int>? = nil) throws -> GradeReport {
    let borrowed = borrowed ?? Set(options.reference)
    let selected = try options.chapters.map { try workbook.chapter($0) }
    var reference = Set(options.reference)
    if !reference.isEmpty && !workbook.hasSolutions {
      throw WorkbookError(
        "this copy of the workbook has no Solutions/ folder (a student release), so the "
          + "reference cannot be borrowed (asked for: "
          + "\(ChapterSelection.format(options.reference))); unset WORKBOOK_REFERENCE and "
          + "drop --reference")
    }
    var compileErrors: [Int: [String]] = [:]
    var excluded = Set<Int>()  // cannot be built at all (no reference to fall back on)
    var needs: [Int: Set<Int>]?  // read from the manifest when first needed

    // Build, and while a chapter's files have errors, take that chapter from the reference.
    while true {
      let tested = selected.map(\.number).filter { !excluded.contains($0) }
      if tested.isEmpty { break }
      options.log("Building chapters \(ChapterSelection.format(tested))...")
      let progress = BuildProgress(log: options.log)
      let outcome = try swift(
        ["build", "--build-tests"], options, reference: reference, tested: tested,
        monitor: progress.look)
      if outcome.succeeded { break }
      let errors = CompilerErrors.parse(outcome.output, root: workbook.root)
      var culprits = Set<Int>()
      for error in errors {
        if let number = CompilerErrors.chapter(of: error.file), !reference.contains(number),
          workbook.chapters.contains(where: { $0.number == number })
        {
          culprits.insert(number)
          compileErrors[number, default: []].append(error.description)
        }
      }
      if culprits.isEmpty {
        let shown =
          errors.isEmpty
          ? outcome.output.split(separator: "\n").suffix(30).joined(separator: "\n")
          : errors.prefix(10).map(\.description).joined(separator: "\n")
        throw WorkbookError("the workbook does not build, and not because of a chapter:\n\(shown)")
      }
      for number in culprits {
        let others = tested.contains { !culprits.contains($0) }
        options.log(
          "Chapter \(number) does not compile"
            + (others ? "; grading the others without it." : "."))
        if workbook.hasSolutions {
          reference.insert(number)
        } else {
          // Without the reference, the chapters that build on it cannot compile either.
          needs = try needs ?? dependencies()
          excluded.insert(number)
          excluded.formUnion(needs?.filter { $0.value.contains(number) }.map(\.key) ?? [])
        }
      }
    }

    var reports: [ChapterReport] = []
    // Borrowed chapters' results, kept while nothing their build reads has changed.
    var cache = options.cacheBorrowed ? BorrowedCache.load(from: workbook.root) : BorrowedCache()
    var folderHashes: [String: UInt64] = [:]
    for chapter in selected {
      let errors = Array((compileErrors[chapter.number] ?? []).prefix(5))
      var cacheKey: String?
      if options.cacheBorrowed, borrowed.contains(chapter.number), errors.isEmpty,
        !excluded.contains(chapter.number)
      {
        needs = try needs ?? dependencies()
        let key = BorrowedCache.key(
          for: chapter, needs: needs?[chapter.number] ?? [], reference: reference,
          workbook: workbook, folders: &folderHashes)
        if let entry = cache.entries[String(chapter.number)], entry.key == key {
          options.log(
            "Chapter \(chapter.number) (\(chapter.title)): borrowed and unchanged since its "
              + "last run; its results are reused.")
          var report = entry.report
          report.score(chapter)
          reports.append(report)
          continue
        }
        cacheKey = key
      }
      if excluded.contains(chapter.number) {
        let reason =
          errors.isEmpty
          ? "needs an earlier chapter that does not compile" : "does not compile"
        var report = ChapterReport(
          number: chapter.number, title: chapter.title, status: .notCompiled, borrowed: false,
          passed: 0, total: 0, compileErrors: errors, tests: [], duration: 0)
        if errors.isEmpty {
          let earlier = needs?[chapter.number] ?? []
          report.blockedBy = compileErrors.keys.filter(earlier.contains).sorted()
        }
        report.score(chapter)
        reports.append(report)
        options.log("Chapter \(chapter.number) \(reason).")
        continue
      }
      options.log("Running the tests of chapter \(chapter.number) (\(chapter.title))...")
      let start = Date()
      var tests = try runTests(of: chapter, options, reference: reference)
      let duration = Date().timeIntervalSince(start)
      if !errors.isEmpty {
        // The tests ran against the reference only to be listed: none of them counts.
        tests = tests.map {
          var test = $0
          test.status = .notCompiled
          test.message =
            "chapter \(chapter.number) does not compile:\n" + errors.joined(separator: "\n")
          return test
        }
      }
      var report = ChapterReport(
        number: chapter.number, title: chapter.title,
        status: errors.isEmpty ? .notStarted : .notCompiled,
        borrowed: borrowed.contains(chapter.number), passed: 0, total: 0, compileErrors: errors,
        tests: tests, duration: duration)
      report.score(chapter)
      reports.append(report)
      if let cacheKey {
        cache.entries[String(chapter.number)] = .init(key: cacheKey, report: report)
      }
    }
    if options.cacheBorrowed { cache.save(to: workbook.root) }
    return GradeReport(chapters: reports)
  }

  /// Runs one chapter's test target until every test has a result, re-running without the
  /// tests that crashed or hung.
  ///
  /// `build`: the first run builds too (one `swift test` instead of a build and a run: the
  /// mutant runner's case); a build that fails then throws `BuildFailed`.
  func runTests(
    of chapter: Chapter, _ options: GradeOptions, reference: Set<Int>, build: Bool = false
  ) throws -> [TestResult] {
    var results: [String: TestResult] = [:]
    var known: [String: EventStream.Test] = [:]
    // Tests run in parallel until a process dies with several of them in flight; from then
    // on they run one at a time, so each death names exactly one test.
    var parallel = true
    var building = build
    var located = 0  // crashed tests run again under gdb, at most 3 a chapter
    while true {
      let (stream, outcome, watch) = try runOnce(
        of: chapter, skip: Array(results.keys), parallel: parallel, options, reference,
        build: building)
      if building, stream.tests.isEmpty, !outcome.succeeded,
        !CompilerErrors.parse(outcome.output, root: workbook.root).isEmpty
      {
        throw BuildFailed(output: outcome.output)
      }
      building = false
      known.merge(stream.tests) { current, _ in current }
      for result in stream.finishedResults() { results[result.id] = result }
      if stream.runEnded { break }
      if outcome.stopped, watch.hung.isEmpty {
        // Past a limit, but which test is stuck cannot be told in parallel without a stack
        // sample: one at a time, the test in flight is the one.
        parallel = false
        continue
      }
      if outcome.stopped {
        // Each test past its own limit is reported now; the ones beside it run again.
        for (id, limit) in watch.hung where results[id] == nil {
          guard let test = stream.tests[id] ?? watch.stream.tests[id] else { continue }
          results[id] = stream.result(
            for: test, status: .timedOut,
            message: hangMessage(test, limit: limit, threads: watch.threads, reference))
        }
        continue
      }
      let culprits = stream.unfinished()
      if culprits.count > 1 {
        parallel = false
        continue
      }
      if let culprit = culprits.first {
        var result = describeDeath(of: culprit, in: stream, outcome, options)
        if result.status == .crashed, options.locateStops, located < 3 {
          located += 1
          if let place = locateCrash(of: culprit, options, reference) {
            let reason = Grader.crashReason(outcome)
            // The signal alone says less than the runtime failure the line tables name.
            let shown =
              place.failure.map { reason.hasPrefix("the test process") ? $0 : reason + "\n" + $0 }
              ?? reason
            result.message =
              "the test stopped the program (the chapter's other tests were run without it):\n"
              + ([shown] + place.frames).joined(separator: "\n")
          }
        }
        results[culprit.id] = result
        continue
      }
      // The process died outside any test: every test without a result shares its fate.
      if known.isEmpty {
        throw WorkbookError(
          "the tests of chapter \(chapter.number) did not start:\n" + tail(outcome.output))
      }
      let message = "the test process stopped before this test ran:\n" + tail(outcome.output)
      for test in known.values where results[test.id] == nil {
        results[test.id] = stream.result(for: test, status: .crashed, message: message)
      }
      break
    }
    // The order the tests are written in: by exercise, file, then line.
    func file(_ test: TestResult) -> String {
      String(test.id.split(separator: "/").last?.split(separator: ":").first ?? "")
    }
    return results.values.sorted {
      ($0.exercise ?? "", file($0), $0.line, $0.id) < ($1.exercise ?? "", file($1), $1.line, $1.id)
    }
  }

  /// "still running after 10 s, its time limit: ... stuck in Tensors.Tensor.reduced
  /// (Chapters/01-Tensors/Tensor+Reductions.swift:52) ..."
  func hangMessage(
    _ test: EventStream.Test, limit: Double, threads: [[StackFrame]]?, _ reference: Set<Int>
  ) -> String {
    let seconds = limit == limit.rounded() ? "\(Int(limit))" : "\(limit)"
    var message =
      "still running after \(seconds) s, its time limit: an infinite loop (a loop whose "
      + "counter never moves, a condition that never turns false), or far too slow"
    if let place = whereStuck(test, threads: threads, reference) {
      message += "; stuck in " + place
    }
    return message + ". The chapter's other tests were run without it."
  }

  /// Where a sampled test is: the innermost frame in the learner's chapter code (or the
  /// reference's, for a borrowed chapter), else in the test itself.
  func whereStuck(_ test: EventStream.Test, threads: [[StackFrame]]?, _ reference: Set<Int>)
    -> String?
  {
    guard let threads else { return nil }
    let place =
      StackSample.innermost(
        in: threads, under: workbook.root, folders: ["Chapters", "Solutions"], test: test)
      ?? StackSample.innermost(in: threads, under: workbook.root, folders: ["Tests"], test: test)
    return place.map { frame in
      frame.function
        + (frame.file.map { " (\($0)" + (frame.line.map { ":\($0)" } ?? "") + ")" } ?? "")
    }
  }

  private func describeDeath(
    of test: EventStream.Test, in stream: EventStream, _ outcome: ProcessOutcome,
    _ options: GradeOptions
  ) -> TestResult {
    if outcome.timedOut {
      return stream.result(
        for: test, status: .timedOut,
        message: "still running after \(Int(options.timeLimit)) s: an infinite loop, or far "
          + "too slow; the chapter's other tests were run without it")
    }
    let reason = Grader.crashReason(outcome)
    return stream.result(
      for: test, status: .crashed,
      message: "the test stopped the program (the chapter's other tests were run without it):\n"
        + reason)
  }

  /// Runs one crashed test again, alone, under gdb, and says where it stopped: the runtime
  /// failure the line tables name (a trap in optimised code prints nothing) and the innermost
  /// frames in the workbook's files. Nil without gdb or when the run does not stop again.
  func locateCrash(of test: EventStream.Test, _ options: GradeOptions, _ reference: Set<Int>)
    -> (failure: String?, frames: [String])?
  {
    let folder = workbook.root.appendingPathComponent(options.scratchPath)
      .appendingPathComponent("debug")
    guard
      let binary = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
        .first(where: { $0.hasSuffix(".xctest") })
    else { return nil }
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    options.log("  Running \(test.name) again under gdb, to see where it stops...")
    guard
      let (signal, frames) = StackSample.crash(
        [
          folder.appendingPathComponent(binary).path, "--filter",
          "^" + NSRegularExpression.escapedPattern(for: test.id) + "$", "--testing-library",
          "swift-testing",
        ], environment: environment, timeLimit: 60)
    else { return nil }
    let root = workbook.root.standardizedFileURL.path + "/"
    let ours = frames.compactMap { frame -> String? in
      guard let file = frame.file, file.hasPrefix(root),
        !file.contains("/swift-generated-sources/")
      else { return nil }
      return "\(file.dropFirst(root.count)):\(frame.line.map(String.init) ?? "?") in "
        + frame.function
    }
    guard !ours.isEmpty else { return nil }
    var failure: String?
    if let name = frames.first?.function, name.hasPrefix("Swift runtime failure: ") {
      let kind = signal.split(separator: ",").first.map(String.init) ?? signal
      failure = "a trap: " + name.dropFirst("Swift runtime failure: ".count) + " (\(kind))"
    }
    return (
      failure, ["at " + ours[0]] + ours.dropFirst().prefix(3).map { "  called from " + $0 }
    )
  }

  /// Why a test process died, the same on every run: the runtime's own line ("Optimizers/
  /// Optimizer.swift:53: Fatal error: ..."), cut out of whatever shares its line, else the
  /// signal. The rest of the output is never quoted: it interleaves the progress and messages
  /// of the tests running alongside, in a different order on every run.
  static func crashReason(_ outcome: ProcessOutcome) -> String {
    let lines = outcome.output.split(separator: "\n")
    let signal =
      lines.lazy.compactMap { line -> Int32? in
        guard let range = line.range(of: "unexpected signal code ") else { return nil }
        return Int32(line[range.upperBound...].prefix { $0.isNumber })
      }.first ?? outcome.signal
    let ending =
      signal.map { code in
        "the test process was stopped by signal \(code)"
          + (code == SIGTRAP || code == SIGILL
            ? " (a trap in optimised code: an arithmetic overflow, a nil unwrapped, an index "
              + "out of range; no message is printed)" : "")
      } ?? "the test process exited with status \(outcome.exitStatus ?? -1)"
    // "Optimizers/Optimizer.swift:53: Fatal error: SGD: ...", cut out of its line (another
    // test's output may share the line): the file ID starts with its module's capital letter.
    let runtime = try? NSRegularExpression(
      pattern:
        #"((?:[A-Z][\w+.-]*/)+[\w+.-]+\.swift:\d+: )?(Fatal error|Precondition failed|Assertion failed).*"#
    )
    return
      lines.lazy.compactMap { line -> String? in
        let text = String(line)
        guard
          let match = runtime?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
          let range = Range(match.range, in: text)
        else { return nil }
        return String(text[range])
      }.first ?? ending
  }

  private func runOnce(
    of chapter: Chapter, skip: [String], parallel: Bool, _ options: GradeOptions,
    _ reference: Set<Int>, build: Bool = false
  ) throws -> (EventStream, ProcessOutcome, HangWatch) {
    let events = FileManager.default.temporaryDirectory
      .appendingPathComponent("workbook-events-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: events) }
    let limits = Dictionary(
      chapter.exercises.map { ($0.id, $0.testTimeLimit) }, uniquingKeysWith: { first, _ in first })
    let watch = HangWatch(
      events: events, parallel: parallel, environment: ProcessInfo.processInfo.environment
    ) {
      _, suite in
      let exercise = String(suite.prefix { $0 != " " })
      return options.testTimeLimit ?? limits[exercise].flatMap { $0 }
        ?? GradeOptions.defaultTestTimeLimit
    }
    watch.sampling = options.locateStops
    watch.found = { test, limit in
      let suite = watch.stream.suiteNames[test.suiteID] ?? test.suiteID
      let place = self.whereStuck(test, threads: watch.threads, reference)
      options.log(
        "  \(suite) › \(test.name): still running after \(Int(limit)) s; stopped it"
          + (place.map { " (stuck in \($0))" } ?? ""))
    }
    var arguments =
      ["test"] + (build ? [] : ["--skip-build"]) + [
        "--filter", chapter.testTarget + #"\."#, "--event-stream-output-path", events.path,
        "--event-stream-version", "0",
      ]
    if !parallel { arguments.append("--no-parallel") }
    if !skip.isEmpty {
      arguments += [
        "--skip",
        skip.map { "^" + NSRegularExpression.escapedPattern(for: $0) + "$" }
          .joined(separator: "|"),
      ]
    }
    let outcome = try swift(
      arguments, options, reference: reference, tested: options.chapters,
      timeLimit: options.timeLimit, monitor: watch.look)
    return (EventStream(contentsOf: events), outcome, watch)
  }

  /// Runs `swift <arguments>` on the workbook's package with the chapter switches set.
  func swift(
    _ arguments: [String], _ options: GradeOptions, reference: Set<Int>, tested: [Int],
    timeLimit: Double? = nil, monitor: ((pid_t, URL) -> Bool)? = nil
  ) throws -> ProcessOutcome {
    var environment = ProcessInfo.processInfo.environment
    environment["WORKBOOK_REFERENCE"] = ChapterSelection.format(Array(reference))
    environment["WORKBOOK_TEST_CHAPTERS"] = ChapterSelection.format(tested)
    // A trap must end its process at once: the runtime's backtracer can hang while it tries to
    // suspend the other test threads, and the grader names the crash from the event stream.
    environment["SWIFT_BACKTRACE"] = "enable=no"
    let command =
      ["swift"] + arguments + [
        "--package-path", workbook.root.path,
        "--scratch-path", workbook.root.appendingPathComponent(options.scratchPath).path,
      ]
    return try runProcess(
      command, environment: environment, timeLimit: timeLimit, monitor: monitor)
  }
}

/// Says how far a build is, every 10 s: "building: step 120 of 305 (Compiling Layers), 30 s".
/// A first build of every chapter takes minutes, and a silent one looks stuck.
final class BuildProgress {
  private let log: @Sendable (String) -> Void
  private let start = Date()
  private var lastSaid = Date()

  init(log: @escaping @Sendable (String) -> Void) { self.log = log }

  /// The monitor of the build process: never asks to stop it.
  func look(at _: pid_t, output: URL) -> Bool {
    guard Date().timeIntervalSince(lastSaid) >= 10 else { return false }
    lastSaid = Date()
    // SwiftPM's lines: "[120/305] Compiling Layers Linear.swift".
    guard let text = try? String(contentsOf: output, encoding: .utf8),
      let line = text.split(separator: "\n").last(where: { $0.hasPrefix("[") }),
      let close = line.firstIndex(of: "]")
    else { return false }
    let counts = line[line.index(after: line.startIndex)..<close].split(separator: "/")
    let words = line[line.index(after: close)...].split(separator: " ").prefix(2)
    guard counts.count == 2 else { return false }
    log(
      "  building: step \(counts[0]) of \(counts[1]) (\(words.joined(separator: " "))), "
        + "\(Int(Date().timeIntervalSince(start))) s so far")
    return false
  }
}

/// Thrown by `runTests(build: true)` when the build fails: the compiler's output.
struct BuildFailed: Error {
  var output: String
}

func tail(_ text: String, lines: Int = 15) -> String {
  text.split(separator: "\n").suffix(lines).joined(separator: "\n")
}

/// The compiler's error lines, `path:line:column: error: message`.
struct CompilerErrors {
  struct Error: CustomStringConvertible {
    var file: String  // relative to the package root
    var line: Int
    var column: Int
    var message: String
    var description: String { "\(file):\(line):\(column): error: \(message)" }
  }

  static func parse(_ output: String, root: URL) -> [Error] {
    let pattern = try! NSRegularExpression(pattern: #"^(.+\.swift):(\d+):(\d+): error: (.*)$"#)
    var seen = Set<String>()
    var errors: [Error] = []
    let prefix = root.standardizedFileURL.path + "/"
    for line in output.split(separator: "\n").map(String.init) {
      let range = NSRange(line.startIndex..., in: line)
      guard let match = pattern.firstMatch(in: line, range: range) else { continue }
      func group(_ index: Int) -> String { String(line[Range(match.range(at: index), in: line)!]) }
      var file = group(1)
      if file.hasPrefix(prefix) { file.removeFirst(prefix.count) }
      let error = Error(
        file: file, line: Int(group(2)) ?? 0, column: Int(group(3)) ?? 0, message: group(4))
      if seen.insert(error.description).inserted { errors.append(error) }
    }
    return errors
  }

  /// The chapter a file belongs to: Chapters/NN-..., Solutions/NN-... or Tests/ChapterNNTests.
  static func chapter(of file: String) -> Int? {
    let parts = file.split(separator: "/")
    guard parts.count >= 2 else { return nil }
    switch parts[0] {
    case "Chapters", "Solutions": return Int(parts[1].prefix { $0.isNumber })
    case "Tests" where parts[1].hasPrefix("Chapter"):
      return Int(parts[1].dropFirst("Chapter".count).prefix { $0.isNumber })
    default: return nil
    }
  }
}
