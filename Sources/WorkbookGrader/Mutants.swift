import Foundation

/// One bug a learner really writes, as a change to the reference: `find` (text that occurs
/// exactly once in `file`, inside the fence of `exercise`) becomes `replace`.
///
/// A chapter's suite catches it when at least one test fails, and points the learner at the
/// cause when a failing test's message contains `concept` (case-insensitive).
public struct Mutant: Codable, Sendable, Equatable {
  /// "5.1-sum-not-mean": unique in the catalogue.
  public var id: String
  /// The exercise whose fence holds the change, "5.1".
  public var exercise: String
  /// The file, relative to the chapter's folder in Solutions/.
  public var file: String
  /// What the learner wrote, in the words of the lesson's "Common bugs" table.
  public var bug: String
  /// What it does to the results.
  public var effect: String
  /// A word or phrase that a failing test's message must contain.
  public var concept: String
  public var find: String
  public var replace: String
  /// Set (to the reason) for a bug no honest message can name: it must still be killed, and
  /// is listed in the lesson with the reason. At most a tenth of a chapter's catalogue.
  public var conceptNotNamed: String?

  public init(
    id: String, exercise: String, file: String, bug: String, effect: String, concept: String,
    find: String, replace: String, conceptNotNamed: String? = nil
  ) {
    self.id = id
    self.exercise = exercise
    self.file = file
    self.bug = bug
    self.effect = effect
    self.concept = concept
    self.find = find
    self.replace = replace
    self.conceptNotNamed = conceptNotNamed
  }
}

/// A chapter's mutant catalogue, `Solutions/NN-Name/mutants.json`: the bugs its tests must
/// catch. It is the maintainers' file: the stub generator never copies it into Chapters/,
/// and the lesson's "Common bugs" table is generated from it.
public struct MutantCatalogue: Codable, Sendable, Equatable {
  public static let fileName = "mutants.json"
  /// The fewest mutants an exercise may have.
  public static let perExercise = 3
  /// The largest share of a chapter's mutants that may be marked `conceptNotNamed`.
  public static let unnamedShare = 0.1

  public var chapter: Int
  public var mutants: [Mutant]

  public init(chapter: Int, mutants: [Mutant]) {
    self.chapter = chapter
    self.mutants = mutants
  }

  /// The catalogue in `folder` (a chapter folder of Solutions/), nil when it has none.
  public static func load(from folder: URL) throws -> MutantCatalogue? {
    let url = folder.appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
    do {
      return try JSONDecoder().decode(MutantCatalogue.self, from: data)
    } catch {
      throw WorkbookError(
        "Solutions/\(folder.lastPathComponent)/\(fileName) is not a valid mutant catalogue: "
          + "\(error)")
    }
  }

  /// What is wrong with the catalogue itself, for `chapter` (its manifest): ids, exercises,
  /// counts, empty fields. Empty when it is sound.
  public func problems(for chapter: Chapter) -> [String] {
    var problems: [String] = []
    if self.chapter != chapter.number {
      problems.append("the catalogue says chapter \(self.chapter), its folder is \(chapter.number)")
    }
    var seen = Set<String>()
    let exercises = Set(chapter.exercises.map(\.id))
    for mutant in mutants {
      if !seen.insert(mutant.id).inserted { problems.append("\(mutant.id): the id is used twice") }
      if !exercises.contains(mutant.exercise) {
        problems.append(
          "\(mutant.id): chapter \(chapter.number) has no exercise \(mutant.exercise)")
      }
      let fields = [
        ("id", mutant.id), ("file", mutant.file), ("bug", mutant.bug), ("effect", mutant.effect),
        ("concept", mutant.concept), ("find", mutant.find),
      ]
      for (name, value) in fields where value.trimmingCharacters(in: .whitespaces).isEmpty {
        problems.append("\(mutant.id): \"\(name)\" is empty")
      }
      if mutant.find == mutant.replace {
        problems.append("\(mutant.id): \"replace\" is the same as \"find\": nothing changes")
      }
    }
    for exercise in chapter.exercises {
      let count = mutants.filter { $0.exercise == exercise.id }.count
      if count < Self.perExercise {
        problems.append(
          "exercise \(exercise.id) has \(count) mutants; each exercise needs at least "
            + "\(Self.perExercise)")
      }
    }
    let unnamed = mutants.filter { $0.conceptNotNamed != nil }.count
    if Double(unnamed) > Self.unnamedShare * Double(mutants.count) {
      problems.append(
        "\(unnamed) of \(mutants.count) mutants are marked conceptNotNamed; at most "
          + "\(Int(Self.unnamedShare * 100))% may be")
    }
    return problems
  }

  /// The lesson's "Common bugs" table: one row per mutant, in the catalogue's order.
  public func table() -> String {
    func cell(_ text: String) -> String {
      text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }
    var lines = ["| Bug | What it does | The failing test says |", "|---|---|---|"]
    for mutant in mutants {
      let caught =
        mutant.conceptNotNamed.map { "\(mutant.exercise): fails (\(cell($0)))" }
        ?? "\(mutant.exercise): \"\(cell(mutant.concept))\""
      lines.append("| \(cell(mutant.bug)) | \(cell(mutant.effect)) | \(caught) |")
    }
    return lines.joined(separator: "\n")
  }

  static let tableStart = "<!-- mutants:start -->"
  static let tableEnd = "<!-- mutants:end -->"

  /// `lesson` with the text between the table markers replaced by `table()`; nil when the
  /// lesson has no (well-formed) pair of markers.
  public func lesson(_ lesson: String) -> String? {
    guard let start = lesson.range(of: Self.tableStart),
      let end = lesson.range(of: Self.tableEnd, range: start.upperBound..<lesson.endIndex)
    else { return nil }
    return String(lesson[..<start.upperBound]) + "\n" + table() + "\n"
      + String(lesson[end.lowerBound...])
  }
}

extension Mutant {
  /// The file's text with the mutant applied, or why it no longer applies: `find` must occur
  /// exactly once, inside a `BEGIN EXERCISE`/`END EXERCISE` fence of its exercise.
  public func applied(to text: String) -> Result<String, MutantError> {
    let occurrences = text.components(separatedBy: find).count - 1
    guard occurrences == 1, let range = text.range(of: find) else {
      return .failure(
        MutantError(
          occurrences == 0
            ? "its text is no longer in \(file)"
            : "its text occurs \(occurrences) times in \(file); it must be unique"))
    }
    var inside = false
    var searchFrom = text.startIndex
    while let begin = text.range(
      of: "// BEGIN EXERCISE \(exercise)\n", range: searchFrom..<text.endIndex)
    {
      guard
        let end = text.range(
          of: "// END EXERCISE \(exercise)\n", range: begin.upperBound..<text.endIndex)
      else { break }
      if range.lowerBound >= begin.upperBound && range.upperBound <= end.lowerBound {
        inside = true
        break
      }
      searchFrom = end.upperBound
    }
    guard inside else {
      return .failure(MutantError("its text is not inside the fence of exercise \(exercise)"))
    }
    return .success(text.replacingCharacters(in: range, with: replace))
  }
}

public struct MutantError: Error, Equatable, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// The file a mutant run has changed, recorded before the change is written
/// (`.workbook/mutant-in-progress.json`), so that the reference is put back even when the run
/// is killed outright: the next maintainer command restores it first.
struct MutantJournal: Codable, Equatable {
  /// Relative to the package root.
  var path: String
  var original: String
  var mutated: String
  var mutant: String

  static func url(in root: URL) -> URL {
    root.appendingPathComponent(".workbook").appendingPathComponent("mutant-in-progress.json")
  }

  /// Held by a mutant run from start to end (released by the system if it is killed).
  static func runLock(in root: URL) -> URL {
    root.appendingPathComponent(".workbook").appendingPathComponent("mutant-run.lock")
  }

  func save(in root: URL) throws {
    let url = Self.url(in: root)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JSONEncoder().encode(self).write(to: url, options: .atomic)
  }

  /// Puts back the file of an interrupted mutant run, if there was one; returns what it did,
  /// for the log. A file edited since the mutant was applied is left alone (and the journal
  /// kept), with an error that says how to finish by hand.
  static func recover(in root: URL) throws -> String? {
    let url = Self.url(in: root)
    guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
    // A run still in progress holds the run lock: its journal is not a leftover.
    let lock = try FileLock(runLock(in: root))
    defer { lock.unlock() }
    guard lock.tryLock() else { return nil }
    guard let journal = try? JSONDecoder().decode(MutantJournal.self, from: data) else {
      try FileManager.default.removeItem(at: url)
      return "removed an unreadable \(url.path)"
    }
    let file = root.appendingPathComponent(journal.path)
    let current = try? String(contentsOf: file, encoding: .utf8)
    if current == journal.original {
      try FileManager.default.removeItem(at: url)
      return nil
    }
    guard current == journal.mutated else {
      throw WorkbookError(
        "an interrupted mutant run (mutant \(journal.mutant)) left \(journal.path) mutated, and "
          + "the file has been edited since, so it was not put back. Its reference text is in "
          + "\(url.path) (\"original\"); restore it by hand, then delete that file.")
    }
    try journal.original.write(to: file, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(at: url)
    return "put \(journal.path) back: an interrupted mutant run had left mutant "
      + "\(journal.mutant) in it"
  }
}

/// What a chapter's tests did to one mutant.
public enum MutantOutcome: Codable, Equatable, Sendable {
  /// Killed, but by no message that names the concept.
  var unnamed: Bool { if case .killed(named: false, _) = self { true } else { false } }

  /// At least one test failed; `named`: one failing message contains the concept.
  case killed(named: Bool, tests: [String])
  /// Every test passed: the suite misses this bug.
  case survived
  /// The catalogue entry no longer matches the reference.
  case noLongerApplies(String)
  /// The mutated reference does not build: not a bug a learner can run.
  case doesNotCompile([String])
}

/// `workbook verify --mutants`: applies each mutant of each chapter's catalogue to the
/// reference in turn, runs that chapter's tests (one process, crash- and hang-safe, as the
/// grader runs them), and puts the file back whatever happens.
public struct MutantRunner {
  public let workbook: Workbook

  public init(workbook: Workbook) { self.workbook = workbook }

  /// One chapter's figures.
  public struct Summary: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
      public var id: String
      public var outcome: MutantOutcome
    }
    public var chapter: Int
    public var outcomes: [Entry] = []
    /// What is wrong with the catalogue or the reference (each fails the chapter).
    public var problems: [String] = []

    public var killed: Int {
      outcomes.filter { if case .killed = $0.outcome { true } else { false } }.count
    }
    public var named: Int {
      outcomes.filter { if case .killed(named: true, _) = $0.outcome { true } else { false } }
        .count
    }
  }

  /// Runs the catalogues of `chapters` (every mutant, or those in `only`); returns one summary
  /// per chapter. `say` gets the results, `log` the progress.
  ///
  /// `jobs` above 1 splits the chapters into that many groups of about as many mutants, and
  /// runs each group but the first in a copy of the package's sources (under
  /// `.build-mutants-workers/`, with a build folder of its own) by a second `workbook`
  /// process: no two runs ever mutate or build the same tree.
  public func run(
    chapters: [Int], only: Set<String>? = nil, scratchPath: String = ".build-verify",
    timeLimit: Double = 30, jobs: Int = 1, say: @escaping @Sendable (String) -> Void,
    log: @escaping @Sendable (String) -> Void
  ) throws -> [Summary] {
    if let recovered = try MutantJournal.recover(in: workbook.root) { say("note  " + recovered) }
    // One mutant run at a time per copy, from before its workers' copies are made (they are
    // copied from this tree, which must not be mutated meanwhile) to the end; and while it
    // runs, no other command takes its journal for a leftover.
    let running = try FileLock(MutantJournal.runLock(in: workbook.root))
    defer { running.unlock() }
    if !running.tryLock() {
      log("Another mutant run is in progress in this copy; waiting for it to finish...")
      running.lock()
    }
    // Ctrl-C between two runs must not end the process with a mutant still applied: it is
    // reported through interruptRequested, and the file is put back before the command stops.
    catchInterrupts()
    let groups = try split(chapters, into: jobs)
    let workers = try groups.dropFirst().enumerated().map { index, group in
      try Worker(
        root: workbook.root, number: index + 1, chapters: group, only: only,
        timeLimit: timeLimit, log: log)
    }
    var summaries: [Summary]
    do {
      summaries = try runHere(
        chapters: groups[0], only: only, scratchPath: scratchPath, timeLimit: timeLimit,
        say: say, log: log)
    } catch {
      for worker in workers { worker.stop() }
      throw error
    }
    for worker in workers {
      if interruptRequested {
        worker.stop()
        throw Interrupted()
      }
      summaries += try worker.finish(say: say)
    }
    return summaries.sorted { $0.chapter < $1.chapter }
  }

  /// Runs `chapters` one after the other in this tree.
  func runHere(
    chapters: [Int], only: Set<String>?, scratchPath: String, timeLimit: Double,
    say: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
  ) throws -> [Summary] {
    let lock = try FileLock(
      workbook.root.appendingPathComponent(".workbook")
        .appendingPathComponent("\(scratchPath.replacingOccurrences(of: "/", with: "_")).lock"))
    defer { lock.unlock() }
    if !lock.tryLock() {
      log("Another workbook command is using \(scratchPath); waiting for it to finish...")
      lock.lock()
    }
    var summaries: [Summary] = []
    for number in chapters {
      summaries.append(
        try runChapter(
          number, only: only, scratchPath: scratchPath, timeLimit: timeLimit, say: say, log: log))
    }
    return summaries
  }

  /// The chapters in `jobs` groups of about as many mutants each (the largest chapters first,
  /// each into the lightest group), in chapter order within a group.
  func split(_ chapters: [Int], into jobs: Int) throws -> [[Int]] {
    guard jobs > 1, chapters.count > 1 else { return [chapters] }
    var weights: [Int: Int] = [:]
    for number in chapters {
      let folder = workbook.root.appendingPathComponent("Solutions")
        .appendingPathComponent(try workbook.chapter(number).folder)
      weights[number] = (try? MutantCatalogue.load(from: folder))??.mutants.count ?? 0
    }
    var groups = [[Int]](repeating: [], count: min(jobs, chapters.count))
    var loads = [Int](repeating: 0, count: groups.count)
    for number in chapters.sorted(by: { (weights[$0]!, $1) > (weights[$1]!, $0) }) {
      let lightest = loads.indices.min { loads[$0] < loads[$1] }!
      groups[lightest].append(number)
      loads[lightest] += weights[number]! + 1
    }
    return groups.filter { !$0.isEmpty }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
  }

  func runChapter(
    _ number: Int, only: Set<String>?, scratchPath: String, timeLimit: Double,
    say: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
  ) throws -> Summary {
    let chapter = try workbook.chapter(number)
    let folder = workbook.root.appendingPathComponent("Solutions").appendingPathComponent(
      chapter.folder)
    var summary = Summary(chapter: number)
    guard let catalogue = try MutantCatalogue.load(from: folder) else {
      summary.problems.append(
        "no catalogue: write Solutions/\(chapter.folder)/\(MutantCatalogue.fileName)")
      return summary
    }
    summary.problems = catalogue.problems(for: chapter)
    let mutants = catalogue.mutants.filter { only?.contains($0.id) ?? true }

    let grader = Grader(workbook: workbook)
    var options = GradeOptions(chapters: [number])
    options.reference = workbook.chapters.map(\.number)
    options.scratchPath = scratchPath
    options.timeLimit = timeLimit
    options.log = log
    options.locateStops = false
    options.testTimeLimit = timeLimit  // each test may take the whole process's time
    let reference = Set(options.reference)

    // The unmutated reference first: a mutant "killed" by a test that fails anyway proves
    // nothing.
    log("Chapter \(number): the reference, before any mutant...")
    func runReference() throws -> [TestResult]? {
      let build = try grader.swift(
        ["build", "--build-tests"], options, reference: reference, tested: [number])
      guard build.succeeded else {
        summary.problems.append("the reference does not build:\n" + tail(build.output))
        return nil
      }
      return try grader.runTests(of: chapter, options, reference: reference)
    }
    guard var baseline = try runReference() else { return summary }
    if baseline.contains(where: { $0.status != .passed }) {
      // Once more from freshly stamped sources, so that no object left over from an earlier
      // mutant can decide it (see Settling).
      log("Chapter \(number): the reference fails; rebuilding it from fresh timestamps...")
      try restamp()
      guard let again = try runReference() else { return summary }
      baseline = again
    }
    let settling = Settling()
    let failing = baseline.filter { $0.status != .passed }
    guard failing.isEmpty, !baseline.isEmpty else {
      summary.problems.append(
        "the reference fails \(failing.count) of \(baseline.count) tests, so no mutant can be "
          + "judged: " + failing.prefix(3).map(\.name).joined(separator: "; "))
      return summary
    }

    for (index, mutant) in mutants.enumerated() {
      if interruptRequested { throw Interrupted() }
      log("Chapter \(number): mutant \(index + 1)/\(mutants.count), \(mutant.id)...")
      var outcome = try judge(
        mutant, chapter: chapter, grader: grader, options: options, settling: settling)
      if outcome == .survived || outcome.unnamed {
        // Confirmed on a second run from freshly stamped sources before it is reported: a
        // stale object must never decide a verdict (see Settling).
        log("Chapter \(number): \(mutant.id) again, from fresh timestamps...")
        try restamp()
        // The unmutated tree rebuilt first, without the time limit of a test run: after a
        // restamp every module is recompiled, which for the capstone (built on every other
        // chapter) takes longer than the limit; the mutant's own build is then incremental.
        _ = try grader.swift(
          ["build", "--build-tests"], options, reference: reference, tested: [number])
        outcome = try judge(
          mutant, chapter: chapter, grader: grader, options: options, settling: settling)
      }
      summary.outcomes.append(Summary.Entry(id: mutant.id, outcome: outcome))
      say(Self.line(mutant, outcome))
    }
    // An acknowledged exception that is now named should lose its reason.
    for entry in summary.outcomes {
      let (id, outcome) = (entry.id, entry.outcome)
      if case .killed(named: true, _) = outcome,
        catalogue.mutants.first(where: { $0.id == id })?.conceptNotNamed != nil
      {
        summary.problems.append(
          "\(id): marked conceptNotNamed, but a failing message now names its concept: "
            + "remove the mark")
      }
    }
    return summary
  }

  /// Gives every Swift file of Solutions/ a new modification time, one settling pause from
  /// now, so the next build recompiles each of them.
  func restamp() throws {
    usleep(1_200_000)
    let solutions = workbook.root.appendingPathComponent("Solutions")
    let now = Date()
    for relative in try filesUnder(solutions) where relative.hasSuffix(".swift") {
      try FileManager.default.setAttributes(
        [.modificationDate: now], ofItemAtPath: solutions.appendingPathComponent(relative).path)
    }
    usleep(1_200_000)
  }

  /// Applies `mutant`, builds and runs the chapter, and always puts the file back.
  func judge(
    _ mutant: Mutant, chapter: Chapter, grader: Grader, options: GradeOptions,
    settling: Settling = Settling()
  ) throws -> MutantOutcome {
    let relative = "Solutions/\(chapter.folder)/\(mutant.file)"
    let file = workbook.root.appendingPathComponent(relative)
    guard let original = try? String(contentsOf: file, encoding: .utf8) else {
      return .noLongerApplies("there is no file \(relative)")
    }
    let mutated: String
    switch mutant.applied(to: original) {
    case .failure(let error): return .noLongerApplies(error.description)
    case .success(let text): mutated = text
    }
    // A journal still here means an earlier mutant's file was edited while it was applied and
    // is still mutated: never write over that record.
    guard !FileManager.default.fileExists(atPath: MutantJournal.url(in: workbook.root).path) else {
      throw WorkbookError(
        "\(MutantJournal.url(in: workbook.root).path) records a file that is still mutated "
          + "(it was edited while its mutant was applied); put it back by hand, delete that "
          + "file, and run again")
    }
    let journal = MutantJournal(
      path: relative, original: original, mutated: mutated, mutant: mutant.id)
    try journal.save(in: workbook.root)
    settling.wait()
    try mutated.write(to: file, atomically: true, encoding: .utf8)
    defer {
      // Whatever happened (a failed build, a hang, Ctrl-C), the reference comes back; but a
      // file someone edited meanwhile is never overwritten: the journal stays, and the next
      // maintainer command says how to finish by hand.
      if (try? String(contentsOf: file, encoding: .utf8)) == mutated {
        settling.wait()
        try? original.write(to: file, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: MutantJournal.url(in: workbook.root))
      }
    }
    // One `swift test` builds and runs: a second SwiftPM start per mutant would cost about
    // a second, over hundreds of mutants.
    let results: [TestResult]
    do {
      defer { settling.built() }
      results = try grader.runTests(
        of: chapter, options, reference: Set(options.reference), build: true)
    } catch let failure as BuildFailed {
      let errors = CompilerErrors.parse(failure.output, root: workbook.root).prefix(3)
        .map(\.description)
      return .doesNotCompile(errors.isEmpty ? [tail(failure.output, lines: 5)] : Array(errors))
    }
    let failing = results.filter { $0.status != .passed && $0.status != .missing }
    guard !failing.isEmpty else { return .survived }
    let concept = mutant.concept.lowercased()
    let named = failing.contains { ($0.message ?? "").lowercased().contains(concept) }
    return .killed(named: named, tests: failing.map(\.name))
  }

  /// One line per mutant for the report.
  static func line(_ mutant: Mutant, _ outcome: MutantOutcome) -> String {
    switch outcome {
    case .killed(true, let tests):
      return "  killed    \(mutant.id): \(failing(tests.count)), one says "
        + "\"\(mutant.concept)\""
    case .killed(false, let tests):
      let acknowledged = mutant.conceptNotNamed.map { " (acknowledged: \($0))" } ?? ""
      return "  UNNAMED   \(mutant.id): \(failing(tests.count)), but no message says "
        + "\"\(mutant.concept)\"\(acknowledged); failing: "
        + tests.prefix(3).joined(separator: "; ")
    case .survived:
      return "  SURVIVED  \(mutant.id): every test passes with \(mutant.bug)"
    case .noLongerApplies(let reason):
      return "  STALE     \(mutant.id): no longer applies: \(reason)"
    case .doesNotCompile(let errors):
      return "  NO BUILD  \(mutant.id): the mutant does not compile: "
        + (errors.first ?? "")
    }
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
  static func failing(_ n: Int) -> String { n == 1 ? "1 test fails" : "\(n) tests fail" }

  /// The verdict on a chapter: ok, or the reasons it fails. Survivors, stale or unbuildable
  /// mutants, and killed mutants whose concept is not named (unless acknowledged) each fail it.
  public static func verdict(_ summary: Summary, catalogue: MutantCatalogue?) -> [String] {
    var reasons = summary.problems
    for entry in summary.outcomes {
      let (id, outcome) = (entry.id, entry.outcome)
      let mutant = catalogue?.mutants.first { $0.id == id }
      switch outcome {
      case .killed(named: false, _) where mutant?.conceptNotNamed == nil:
        reasons.append("\(id): no failing message names \"\(mutant?.concept ?? "?")\"")
      case .survived: reasons.append("\(id): survived")
      case .noLongerApplies: reasons.append("\(id): no longer applies")
      case .doesNotCompile: reasons.append("\(id): does not compile")
      default: break
      }
    }
    return reasons
  }
}

extension MutantRunner {
  /// "ok    chapter 5: 16 mutants, 16 killed, 15 with the concept named (94%)".
  public static func summaryLine(_ summary: Summary, failing: Bool) -> String {
    let total = summary.outcomes.count
    let share = total == 0 ? 0 : Int((100 * Double(summary.named) / Double(total)).rounded(.down))
    return (failing ? "FAIL  " : "ok    ")
      + "chapter \(summary.chapter): \(count(total, "mutant")), \(summary.killed) killed, "
      + "\(summary.named) with the concept named (\(share)%)"
  }

  /// The totals over every chapter run.
  public static func totalLine(_ summaries: [Summary]) -> String {
    let total = summaries.reduce(0) { $0 + $1.outcomes.count }
    let killed = summaries.reduce(0) { $0 + $1.killed }
    let named = summaries.reduce(0) { $0 + $1.named }
    let share = total == 0 ? 0 : Int((100 * Double(named) / Double(total)).rounded(.down))
    return "mutants: \(total) in \(count(summaries.count, "chapter")), \(killed) killed, "
      + "\(named) with the concept named (\(share)%)"
  }
}

/// A second `workbook verify --mutants` process, on a copy of the package's sources, for
/// `--jobs`: its own tree to mutate, its own build folder, its results in a JSON file.
final class Worker {
  let process = Process()
  let folder: URL
  let output: URL
  let results: URL
  let chapters: [Int]

  /// The copy is made afresh from the package root (Package.swift, Sources, Tests,
  /// Solutions, Chapters); the copy's build folder is kept between runs.
  init(
    root: URL, number: Int, chapters: [Int], only: Set<String>?, timeLimit: Double,
    log: @Sendable (String) -> Void
  ) throws {
    self.chapters = chapters
    folder = root.appendingPathComponent(".build-mutants-workers")
      .appendingPathComponent("\(number)")
    let files = FileManager.default
    try files.createDirectory(at: folder, withIntermediateDirectories: true)
    for item in ["Package.swift", "Sources", "Tests", "Solutions", "Chapters", ".workbook"] {
      let copy = folder.appendingPathComponent(item)
      if files.fileExists(atPath: copy.path) { try files.removeItem(at: copy) }
      if item == ".workbook" { continue }  // the copy's own locks and journal
      try files.copyItem(at: root.appendingPathComponent(item), to: copy)
    }
    output = folder.appendingPathComponent("output.txt")
    results = folder.appendingPathComponent("results.json")
    try? files.removeItem(at: results)
    _ = files.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    if !files.isExecutableFile(atPath: process.executableURL!.path) {
      process.executableURL = URL(
        fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
    }
    process.arguments =
      [
        "verify", "--mutants", "--chapters", ChapterSelection.format(chapters), "--jobs", "1",
        "--time-limit", "\(timeLimit)", "--summary", results.path, "--scratch-path", ".build",
        "--no-color",
      ] + (only.map { ["--only", $0.sorted().joined(separator: ",")] } ?? [])
    process.currentDirectoryURL = folder
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    log(
      "Chapters \(ChapterSelection.format(chapters)) run alongside, in a copy: "
        + "\(folder.path) (its log: output.txt)")
  }

  /// Stops the worker and everything it started.
  func stop() {
    if process.isRunning { killTree(process.processIdentifier) }
    process.waitUntilExit()
  }

  /// Waits for the worker, passes on its mutant lines, and returns its summaries.
  func finish(say: @Sendable (String) -> Void) throws -> [MutantRunner.Summary] {
    while process.isRunning {
      if interruptRequested {
        stop()
        throw Interrupted()
      }
      usleep(100_000)
    }
    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    // Its mutant lines ("  killed    7.1-..."), not its progress or its verdicts (the caller
    // makes those from the summaries).
    let kinds = ["  killed ", "  UNNAMED ", "  SURVIVED ", "  STALE ", "  NO BUILD ", "note  "]
    for line in text.split(separator: "\n") where kinds.contains(where: line.hasPrefix) {
      say(String(line))
    }
    guard let data = FileManager.default.contents(atPath: results.path),
      let summaries = try? JSONDecoder().decode([MutantRunner.Summary].self, from: data)
    else {
      throw WorkbookError(
        "the mutant run of chapters \(ChapterSelection.format(chapters)) in \(folder.path) "
          + "ended without results (status \(process.terminationStatus)):\n" + tail(text))
    }
    return summaries
  }
}

/// Keeps each write of a mutated or restored file at least 1.2 s after the last build ended.
///
/// In one CI run (2026-12-02) a mutant was judged on the previous mutant's build, and a
/// chapter's reference on a stale object of the chapter before: an edit made less than about
/// a second after the last build was not always recompiled (the likely cause is a timestamp
/// compared at one-second resolution somewhere in the incremental build; not confirmed). A
/// pause of about a second between a build and the next write removed it in the runs here;
/// a verdict that is not "killed, concept named" is confirmed once more from freshly stamped
/// sources before it is reported.
final class Settling {
  private var lastBuild = Date()

  /// A build (and the test run after it) has just ended.
  func built() { lastBuild = Date() }

  /// Waits until a write can no longer share a timestamp second with the last build's output.
  func wait() {
    let remaining = 1.2 - Date().timeIntervalSince(lastBuild)
    if remaining > 0 { usleep(UInt32(remaining * 1_000_000)) }
  }
}
