import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `workbook` command: parses the arguments and runs one command. Returns the exit status.
public enum WorkbookCommand {
  public static let usage = """
    workbook: grade your progress through the workbook.

    Usage: swift run workbook [command] [options]

    For learners:
      (no command)            progress table and the next thing to do
      test N | N.K            chapter N (or exercise N.K) in detail: every test, every
                              failure message, then what was solved and the next step
      watch [N]               grade again on every save under Chapters/ (all chapters, or
                              chapter N): the table and the next step; Ctrl-C stops
      hint N                  the next hint of chapter N's first unsolved exercise (as
                              your last grading run found it); ask again for the next
      hint N.K                the next hint of exercise N.K
      hint N --all            every hint of chapter N (or of exercise N.K) at once
      reset N | N.K           put chapter N (or the files of exercise N.K) back to the stub,
                              after asking; your files are backed up first
      restore [NAME|latest]   list the backups, or put one back (backing up first)
      use-reference SEL       borrow these chapters from the reference in every command
                              ("1-10"; "none" to stop); the table marks them
      compare N | N.K         once chapter N (or exercise N.K) passes: your code next to
                              the reference
      lab N                   run chapter N's experiments on your code and print them: the
                              broken, healthy and decoy runs, your diagnostic, the fix

    For teachers:
      grade                   every chapter, every test (--format, --output FILE); with
                              --min-score, exit status 1 when the score is below it
      class FILE...           roll up students' `grade --format json` reports: a table
                              (one row per student, one column per chapter) and a CSV
                              (--output FILE, default class.csv)

    For maintainers:
      verify                  the reference passes every test; every test fails on its stub;
                              the committed stubs match the generator's output; the
                              manifests count every test
      verify --mutants        apply each learner bug of each chapter's mutants.json to the
                              reference in turn and run its tests: fails when a bug
                              survives, no longer applies, or no failing message names its
                              concept (--only ID,ID; --time-limit, default 30; --jobs N,
                              default 2: chapters split over N copies of the sources)
      generate [--write]      list (or write) the Chapters/ files the generator makes from
                              Solutions/; files it replaces are backed up under .workbook/
      check-stubs             fail when Chapters/ differs from the generated stubs
      calibrate N             run chapter N's diagnostics on the reference over many seeds
                              of each run (--seeds, default 50) and print their error rates;
                              --write puts them into the lesson in Solutions/

    Options:
      --chapters SELECTION    grade only these chapters ("1-3", "2", "1,3")
      --reference SELECTION   take these chapters from Solutions/ (default: $WORKBOOK_REFERENCE,
                              else what `use-reference` set)
      --isolated              grade each chapter with the chapters it builds on from the
                              reference, and mark chapters that fail only because of one
      --pristine REF          grade with Tests/, Sources/, Package.swift and every chapter.json
                              from git ref REF; the report lists the files that differ
      --pristine-dir DIR      the same, from a folder holding a pristine copy
      --time-limit SECONDS    per test (default 10, or what the chapter manifest gives an
                              exercise whose tests train); for verify and verify --mutants:
                              per chapter's test process (default 120 and 30)
      --format FORMAT         for grade: text (default), json (every test, points),
                              junit (JUnit XML for CI), gradescope (results.json),
                              github (GitHub Classroom: ends with "Points X/Y"),
                              markdown (a job summary: chapters table, failing tests),
                              exercism (Exercism's test-runner results.json, version 2)
      --seeds COUNT           for calibrate: seeds per kind of run (default 50)
      --summary FILE          for verify --mutants: also write the results as JSON (how
                              --jobs collects a copy's results)
      --min-score PERCENT     for grade: fail (exit 1) below this score ("80" or "80%")
      --output FILE           write the report (class: the CSV) to FILE
      --yes                   for reset and restore: do not ask (they still back up)
      --no-color              no colour (also when NO_COLOR is set or output is not a terminal)
      -h, --help              this text

    Exit status: 0 done (test: the chapter passes), 1 failed (a test, a score below
    --min-score, a check), 2 a usage error (unknown command, option or chapter), 130
    interrupted.
    """

  struct Arguments {
    var command: String?
    var positional: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []
  }

  static let valueOptions: Set<String> = [
    "--chapters", "--reference", "--time-limit", "--format", "--output", "--scratch-path",
    "--min-score", "--pristine", "--pristine-dir", "--seeds", "--only", "--jobs", "--summary",
  ]
  static let formats = [
    "text", "json", "junit", "gradescope", "github", "markdown", "exercism",
  ]

  /// Parses `--min-score`: a percentage from 0 to 100, with or without "%" ("80", "80%",
  /// "72.5").
  static func parseMinScore(_ text: String) throws -> Double {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let number = trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed
    guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
      let value = Double(number), value.isFinite, (0...100).contains(value)
    else {
      throw WorkbookError(
        "--min-score takes a percentage from 0 to 100, e.g. 80 or 80%; not \"\(text)\"",
        exitStatus: 2)
    }
    return value
  }
  static let flagOptions: Set<String> = [
    "--write", "--no-color", "--all", "--help", "-h", "--yes", "--isolated", "--mutants",
  ]
  static let commands = [
    "test", "hint", "watch", "reset", "restore", "use-reference", "compare", "lab", "grade",
    "class",
    "verify", "generate", "check-stubs", "calibrate",
  ]

  static func parse(_ arguments: [String]) throws -> Arguments {
    var parsed = Arguments()
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if valueOptions.contains(argument) {
        guard index + 1 < arguments.count else {
          throw WorkbookError("\(argument) needs a value; see `workbook --help`", exitStatus: 2)
        }
        parsed.options[argument] = arguments[index + 1]
        index += 2
        continue
      }
      if flagOptions.contains(argument) {
        parsed.flags.insert(argument)
      } else if argument.hasPrefix("-") {
        throw WorkbookError("unknown option \(argument); see `workbook --help`", exitStatus: 2)
      } else if parsed.command == nil {
        guard commands.contains(argument) else {
          throw WorkbookError(
            "unknown command \"\(argument)\"; the commands are: "
              + commands.joined(separator: ", ") + " (see `workbook --help`)", exitStatus: 2)
        }
        parsed.command = argument
      } else {
        parsed.positional.append(argument)
      }
      index += 1
    }
    return parsed
  }

  /// Runs the command line in `directory` (default: the current directory); returns the
  /// process exit status.
  public static func main(_ arguments: [String], directory: URL? = nil) -> Int32 {
    do {
      return try run(
        parse(arguments),
        directory: directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    } catch let error as WorkbookError {
      FileHandle.standardError.write(Data("workbook: \(error.description)\n".utf8))
      return error.exitStatus
    } catch let error as Interrupted {
      FileHandle.standardError.write(Data("\nworkbook: \(error)\n".utf8))
      return 130
    } catch {
      FileHandle.standardError.write(Data("workbook: \(error)\n".utf8))
      return 1
    }
  }

  static func run(_ arguments: Arguments, directory: URL) throws -> Int32 {
    if arguments.flags.contains("--help") || arguments.flags.contains("-h") {
      print(usage)
      return 0
    }
    _ = try pristineSource(arguments)  // a usage error here is reported before any work
    // The roll-up reads report files only: it works anywhere, even outside the workbook.
    if arguments.command == "class" { return try runClass(arguments) }
    let root = try Workbook.locateRoot(from: directory)
    // A mutant run killed outright leaves its journal: the maintainers' commands put the
    // reference back before reading it.
    if ["verify", "generate", "check-stubs", "calibrate", "lab"].contains(arguments.command ?? ""),
      let recovered = try MutantJournal.recover(in: root)
    {
      warn(recovered)
    }
    // The stub generator reads only Solutions/: it must work even while Chapters/ is broken.
    if arguments.command == "generate" || arguments.command == "check-stubs" {
      return try runGenerator(arguments, root: root)
    }
    let workbook = try Workbook(root: root)
    let environment = ProcessInfo.processInfo.environment
    let colour =
      !arguments.flags.contains("--no-color") && environment["NO_COLOR"] == nil
      && isatty(STDOUT_FILENO) == 1 && arguments.options["--output"] == nil
    let text = TextReport(workbook: workbook, colour: colour)
    let available = workbook.chapters.map(\.number)

    func chapterArgument() throws -> Chapter {
      guard arguments.positional.count == 1, let number = Int(arguments.positional[0]) else {
        throw WorkbookError(
          "`workbook \(arguments.command ?? "")` takes one chapter number, e.g. "
            + "`workbook \(arguments.command ?? "") 1`", exitStatus: 2)
      }
      return try workbook.chapter(number)
    }
    /// "3" or "3.2": the chapter, and the exercise when one is named (it must exist).
    func chapterOrExercise() throws -> (Chapter, String?) {
      let command = arguments.command ?? ""
      guard arguments.positional.count == 1 else {
        throw WorkbookError(
          "`workbook \(command)` takes a chapter number or an exercise, e.g. "
            + "`workbook \(command) 1` or `workbook \(command) 1.3`", exitStatus: 2)
      }
      let argument = arguments.positional[0]
      let parts = argument.split(separator: ".", omittingEmptySubsequences: false)
      guard (1...2).contains(parts.count), let number = Int(parts[0]),
        parts.count == 1 || Int(parts[1]) != nil
      else {
        throw WorkbookError(
          "`workbook \(command) \(argument)`: expected a chapter number or an exercise such as "
            + "1.3", exitStatus: 2)
      }
      let chapter = try workbook.chapter(number)
      guard parts.count == 2 else { return (chapter, nil) }
      guard chapter.exercises.contains(where: { $0.id == argument }) else {
        throw WorkbookError(
          "chapter \(number) has no exercise \(argument); its exercises are "
            + chapter.exercises.map(\.id).joined(separator: ", "), exitStatus: 2)
      }
      return (chapter, argument)
    }
    // Borrowed chapters: --reference, else WORKBOOK_REFERENCE, else `use-reference`.
    let borrowing =
      arguments.options["--reference"] ?? environment["WORKBOOK_REFERENCE"]
      ?? WorkbookState.load(from: root, warn: warn).borrowed ?? ""
    func options(_ chapters: [Int], quiet: Bool = false) throws -> GradeOptions {
      var options = GradeOptions(chapters: chapters)
      options.reference = try ChapterSelection.parse(borrowing, available: available)
      options.isolated = arguments.flags.contains("--isolated")
      // The learner's commands reuse a borrowed chapter's unchanged result; `grade` (a
      // teacher's, or CI's) always runs every test.
      options.cacheBorrowed = [nil, "test", "watch", "compare"].contains(arguments.command)
      if let limit = arguments.options["--time-limit"] {
        guard let seconds = Double(limit), seconds > 0 else {
          throw WorkbookError("--time-limit takes a positive number of seconds", exitStatus: 2)
        }
        options.testTimeLimit = seconds
      }
      if let scratch = arguments.options["--scratch-path"] { options.scratchPath = scratch }
      if !quiet {
        options.log = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
      }
      return options
    }
    // --pristine: grade a copy with the pristine tests; record the state in the learner's copy.
    func grade(_ options: GradeOptions) throws -> GradeReport {
      guard let source = try pristineSource(arguments) else {
        return try Grader(workbook: workbook).grade(options)
      }
      options.log("Preparing the grading copy with the tests of \(source.description)...")
      let (copy, check) = try source.prepare(submission: workbook.root)
      let pristine = try Workbook(root: copy)
      let absent = options.chapters.filter { number in
        !pristine.chapters.contains { $0.number == number }
      }
      if !absent.isEmpty {
        let has = ChapterSelection.format(pristine.chapters.map(\.number))
        throw WorkbookError(
          "chapter \(ChapterSelection.format(absent)) is not in \(source.description), whose "
            + "tests grade this copy (it has chapter\(pristine.chapters.count == 1 ? "" : "s") "
            + "\(has.isEmpty ? "none" : has)). The pristine source must be the assignment's "
            + "starter code with every chapter you grade: by default the repository's first "
            + "commit, so make the template complete before students accept it, or point "
            + "--pristine (PRISTINE_REF in the classroom workflow) at a tag or commit that has "
            + "them")
      }
      var report = try Grader(workbook: pristine).grade(options)
      report.pristine = check
      return report
    }
    let selected =
      try arguments.options["--chapters"].map {
        try ChapterSelection.parse($0, available: available)
      } ?? available

    switch arguments.command {
    case nil:
      let report = try grade(options(selected))
      let (state, solvedNow) = record(report, workbook)
      try emit(
        text.table(report) + "\n\n" + text.summary(report, solvedNow: solvedNow, state: state),
        arguments)
      return 0
    case "test":
      let (chapter, exercise) = try chapterOrExercise()
      let report = try grade(options([chapter.number]))
      let (state, solvedNow) = record(report, workbook)
      try emit(
        report.chapters.map { text.detail($0, exercise: exercise) }.joined(separator: "\n")
          + (report.warnings().isEmpty
            ? "" : "\n\n" + report.warnings().map { "Warning: " + $0 }.joined(separator: "\n"))
          + "\n\n"
          + text.summary(report, solvedNow: solvedNow, state: state, exercise: exercise),
        arguments)
      if let exercise {
        let tests = report.chapters.flatMap(\.tests).filter { $0.exercise == exercise }
        return !tests.isEmpty && tests.allSatisfy { $0.status == .passed } ? 0 : 1
      }
      return report.chapters.allSatisfy { $0.status == .passed } ? 0 : 1
    case "hint":
      // No build here: the unsolved exercises are the ones the last grading run recorded.
      guard arguments.positional.count == 1 else {
        throw WorkbookError(
          "`workbook hint` takes one chapter number or exercise id, e.g. `workbook hint 1` or "
            + "`workbook hint 1.2`", exitStatus: 2)
      }
      let request = try HintRequest.parse(
        arguments.positional[0], all: arguments.flags.contains("--all"))
      let chapter = try workbook.chapter(request.chapter)
      let state = WorkbookState.load(from: workbook.root, warn: warn)
      let answer = try Hints.answer(request, chapter: chapter, state: state)
      if answer.state != state { save(answer.state, workbook) }
      try emit(answer.text, arguments)
      return 0
    case "grade":
      // Both options are checked before the (slow) grading starts.
      let format = arguments.options["--format"] ?? "text"
      guard formats.contains(format) else {
        throw WorkbookError(
          "unknown format \"\(format)\"; the formats are "
            + formats.joined(separator: ", "), exitStatus: 2)
      }
      let minimum = try arguments.options["--min-score"].map(parseMinScore)
      let report = try grade(options(selected))
      record(report, workbook)
      switch format {
      case "json": try emit(report.json(), arguments)
      case "junit": try emit(report.junit(), arguments)
      case "gradescope": try emit(report.gradescope(), arguments)
      case "github": try emit(report.github(), arguments)
      case "markdown": try emit(report.markdown(), arguments)
      case "exercism": try emit(report.exercism(), arguments)
      default:
        try emit(
          text.table(report) + "\n\n"
            + report.chapters.map { text.detail($0) }.joined(separator: "\n\n"),
          arguments)
      }
      if let minimum, report.score < minimum {
        FileHandle.standardError.write(
          Data(
            "workbook: score \(String(format: "%.1f", report.score))% is below the minimum \(String(format: "%g", minimum))%\n"
              .utf8))
        return 1
      }
      return 0
    case "watch":
      guard arguments.positional.count <= 1 else {
        throw WorkbookError(
          "`workbook watch` takes at most one chapter number, e.g. `workbook watch 3`",
          exitStatus: 2)
      }
      let chapters = arguments.positional.isEmpty ? selected : [try chapterArgument().number]
      return try runWatch(
        arguments, workbook: workbook, chapters: chapters,
        options: { quiet in try options(chapters, quiet: quiet) }, text: text)
    case "reset":
      return try runReset(
        arguments, workbook: workbook, confirm: { try terminalConfirm($0, arguments: arguments) })
    case "restore":
      return try runRestore(
        arguments, workbook: workbook, confirm: { try terminalConfirm($0, arguments: arguments) })
    case "use-reference":
      guard arguments.positional.count == 1 else {
        throw WorkbookError(
          "`workbook use-reference` takes a chapter selection: `workbook use-reference 1-10`, "
            + "or `workbook use-reference none` to stop borrowing", exitStatus: 2)
      }
      let chapters = try ChapterSelection.parse(arguments.positional[0], available: available)
      let missing = (try ChapterSelection.requested(arguments.positional[0]) ?? [])
        .subtracting(available)
      if chapters.isEmpty && !missing.isEmpty {
        throw WorkbookError(
          "there is no chapter \(ChapterSelection.format(Array(missing))) in this workbook: its "
            + "chapters are \(ChapterSelection.format(available)), so nothing was borrowed. "
            + "`workbook use-reference none` stops borrowing.", exitStatus: 2)
      }
      if !chapters.isEmpty && !workbook.hasSolutions {
        throw WorkbookError(
          "this copy of the workbook has no Solutions/ folder (a student release), so there "
            + "is no reference to borrow")
      }
      var state = WorkbookState.load(from: root, warn: warn)
      state.borrowed = chapters.isEmpty ? nil : ChapterSelection.format(chapters)
      try state.save(to: root)
      if !missing.isEmpty {
        print(
          "Chapters \(ChapterSelection.format(Array(missing))) are not in this workbook (its "
            + "chapters are \(ChapterSelection.format(available))): they are ignored.")
      }
      if chapters.isEmpty {
        print("Borrowing nothing: every command grades your own code.")
      } else {
        print(
          "Every workbook command now takes chapters \(ChapterSelection.format(chapters)) from "
            + "the reference (Solutions/); the table marks them \"(reference)\".\n"
            + "`--reference` and WORKBOOK_REFERENCE still win for one run; "
            + "`workbook use-reference none` stops borrowing.\n"
            + "Plain `swift test` is not affected: use "
            + "`WORKBOOK_REFERENCE=\(ChapterSelection.format(chapters)) swift test` there.")
      }
      if let other = arguments.options["--reference"] ?? environment["WORKBOOK_REFERENCE"],
        !other.isEmpty
      {
        warn("for now, --reference or WORKBOOK_REFERENCE (\"\(other)\") overrides this")
      }
      return 0
    case "compare":
      let (chapter, exercise) = try chapterOrExercise()
      var gradeOptions = try options([chapter.number])
      if gradeOptions.reference.contains(chapter.number) {
        throw WorkbookError(
          "chapter \(chapter.number) is borrowed from the reference, so there is no code of "
            + "yours to compare; `workbook use-reference none` (or drop --reference) first")
      }
      gradeOptions.isolated = false
      let report = try Grader(workbook: workbook).grade(gradeOptions)
      record(report, workbook)
      if let refusal = compareRefusal(
        report.chapters.first, chapter: chapter.number, exercise: exercise)
      {
        print(refusal)
        return 1
      }
      try emit(
        try compareText(chapter: chapter, workbook: workbook, exercise: exercise), arguments)
      return 0
    case "lab":
      let chapter = try chapterArgument()
      return try Lab(workbook: workbook).run(
        chapter.number, reference: options([chapter.number]).reference,
        log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    case "calibrate":
      let chapter = try chapterArgument()
      var seeds = 50
      if let text = arguments.options["--seeds"] {
        guard let value = Int(text), value >= 1 else {
          throw WorkbookError(
            "--seeds takes a whole number of at least 1, not \"\(text)\"", exitStatus: 2)
        }
        seeds = value
      }
      let write = arguments.flags.contains("--write")
      print(
        try Lab(workbook: workbook).calibrate(
          chapter.number, seeds: seeds, write: write,
          log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }))
      if write {
        print(
          "wrote the tables into Solutions/\(chapter.folder)/README.md; now run "
            + "`swift run workbook generate --write`")
      }
      return 0
    case "verify" where arguments.flags.contains("--mutants"):
      var timeLimit = 30.0
      if let limit = arguments.options["--time-limit"], let seconds = Double(limit) {
        timeLimit = seconds
      }
      let only = arguments.options["--only"].map {
        Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
      }
      let log: @Sendable (String) -> Void = {
        FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8))
      }
      var jobs = min(2, ProcessInfo.processInfo.activeProcessorCount)
      if let text = arguments.options["--jobs"] {
        guard let value = Int(text), value >= 1 else {
          throw WorkbookError(
            "--jobs takes a whole number of at least 1, not \"\(text)\"", exitStatus: 2)
        }
        jobs = value
      }
      let summaries = try MutantRunner(workbook: workbook).run(
        chapters: selected, only: only,
        scratchPath: arguments.options["--scratch-path"] ?? ".build-verify",
        timeLimit: timeLimit, jobs: jobs, say: { print($0) }, log: log)
      if let path = arguments.options["--summary"] {
        try JSONEncoder().encode(summaries).write(to: URL(fileURLWithPath: path))
      }
      var ok = true
      for summary in summaries {
        let chapter = try workbook.chapter(summary.chapter)
        let catalogue = try MutantCatalogue.load(
          from: root.appendingPathComponent("Solutions/\(chapter.folder)"))
        let reasons = MutantRunner.verdict(summary, catalogue: catalogue)
        print(MutantRunner.summaryLine(summary, failing: !reasons.isEmpty))
        for reason in reasons { print("        " + reason) }
        ok = ok && reasons.isEmpty
      }
      print(MutantRunner.totalLine(summaries))
      print(ok ? "verify --mutants: every mutant is caught" : "verify --mutants: FAILED")
      return ok ? 0 : 1
    case "verify":
      var timeLimit = 120.0
      if let limit = arguments.options["--time-limit"], let seconds = Double(limit) {
        timeLimit = seconds
      }
      let ok = try Verifier(workbook: workbook).verify(
        chapters: selected, scratchPath: arguments.options["--scratch-path"] ?? ".build-verify",
        timeLimit: timeLimit, say: { print($0) },
        log: { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) })
      print(ok ? "verify: all checks hold" : "verify: FAILED")
      return ok ? 0 : 1
    default:
      throw WorkbookError("unknown command", exitStatus: 2)
    }
  }

  static func runGenerator(_ arguments: Arguments, root: URL) throws -> Int32 {
    // Chapter numbers come from the folder names: the manifests may be broken or missing.
    let solutions = root.appendingPathComponent("Solutions")
    let numbers = ((try? FileManager.default.contentsOfDirectory(atPath: solutions.path)) ?? [])
      .compactMap { Int($0.prefix { $0.isNumber }) }
    let generator = StubGenerator(
      root: root,
      chapters: try arguments.options["--chapters"].map {
        try ChapterSelection.parse($0, available: numbers)
      })
    switch arguments.command {
    case "generate":
      if arguments.flags.contains("--write") {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(
          of: ":", with: "-")
        let backup = root.appendingPathComponent(".workbook/backups/generate-\(stamp)")
        let written = try generator.write(backingUpTo: backup)
        for item in written { print("wrote \(item)") }
        if FileManager.default.fileExists(atPath: backup.path) {
          print("the previous versions of replaced files are in \(backup.path)")
        }
        print(
          written.isEmpty ? "Chapters/ was already up to date" : "\(written.count) files written")
      } else {
        let differences = try generator.differences()
        for item in differences { print(item) }
        print(
          differences.isEmpty
            ? "Chapters/ is up to date" : "run `workbook generate --write` to write these")
      }
      return 0
    default:
      let differences = try generator.differences()
      for item in differences { print(item) }
      print(
        differences.isEmpty
          ? "stubs: in sync" : "stubs: out of sync; run `workbook generate --write`")
      return differences.isEmpty ? 0 : 1
    }
  }

  static func warn(_ message: String) {
    FileHandle.standardError.write(Data("workbook: \(message)\n".utf8))
  }

  /// Records the exercises a grading run found solved in the state file, for `workbook hint`.
  /// A state that cannot be saved is reported, never a reason to fail the grading command.
  /// Records the run's results in the state file; returns the new state and the exercises it
  /// found solved that were not before.
  @discardableResult
  static func record(_ report: GradeReport, _ workbook: Workbook) -> (
    WorkbookState, [String]
  ) {
    let state = WorkbookState.load(from: workbook.root, warn: warn)
    let next = state.recording(report, chapters: workbook.chapters)
    save(next, workbook)
    let before = Set(state.solvedExercises)
    return (next, next.solvedExercises.filter { !before.contains($0) })
  }

  static func save(_ state: WorkbookState, _ workbook: Workbook) {
    do {
      try state.save(to: workbook.root)
    } catch {
      warn("could not save \(WorkbookState.file(in: workbook.root).path): \(error)")
    }
  }

  /// Why `compare` does not show the reference yet, or nil when the chapter passes on the
  /// learner's own code.
  static func compareRefusal(_ graded: ChapterReport?, chapter: Int, exercise: String? = nil)
    -> String?
  {
    if let exercise {
      let tests = graded?.tests.filter { $0.exercise == exercise } ?? []
      let passed = tests.filter { $0.status == .passed }.count
      if let graded, !graded.borrowed, !tests.isEmpty, passed == tests.count { return nil }
      return "`workbook compare \(exercise)` shows the reference once your exercise passes; "
        + "now \(passed)/\(tests.count) of its tests pass "
        + "(`workbook test \(exercise)` shows what fails)."
    }
    if let graded, graded.status == .passed, !graded.borrowed { return nil }
    return "`workbook compare \(chapter)` shows the reference once your chapter passes; "
      + "now \(graded?.passed ?? 0)/\(graded?.total ?? 0) tests pass "
      + "(`workbook test \(chapter)` shows what fails)."
  }

  /// The pristine source of `--pristine REF` or `--pristine-dir DIR`, if either is given.
  static func pristineSource(_ arguments: Arguments) throws -> PristineSource? {
    switch (arguments.options["--pristine"], arguments.options["--pristine-dir"]) {
    case (nil, nil): return nil
    case (let ref?, nil): return .gitRef(ref)
    case (nil, let folder?):
      return .directory(
        URL(
          fileURLWithPath: folder,
          relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).standardizedFileURL)
    default:
      throw WorkbookError("give --pristine or --pristine-dir, not both", exitStatus: 2)
    }
  }

  static func emit(_ text: String, _ arguments: Arguments) throws {
    if let path = arguments.options["--output"] {
      try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    } else {
      print(text)
    }
  }
}
