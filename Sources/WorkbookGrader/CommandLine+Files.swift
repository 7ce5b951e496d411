import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The learner's commands that change files (`reset`, `restore`) and the text of `compare`.
///
/// Both file-changing commands show what they will do and ask before doing it, and back up
/// every file they replace or remove first (`.workbook/backups/`), so the learner's work is
/// never lost: `workbook restore` lists the backups and puts one back.
extension WorkbookCommand {
  /// `workbook reset N` puts chapter N's folder back to its stub; `workbook reset N.K` only the
  /// files holding exercise N.K. Returns 0 when done or when nothing differs, 1 when the
  /// learner declines.
  ///
  /// - Parameters:
  ///   - confirm: asked with the plan and a question; nothing is written unless it returns
  ///     true.
  ///   - output: where the report goes (standard output by default).
  /// - Throws: a usage error (exit status 2) for a missing or unknown chapter or exercise.
  static func runReset(
    _ arguments: Arguments, workbook: Workbook, confirm: (String) throws -> Bool,
    output: (String) -> Void = { print($0) }
  ) throws -> Int32 {
    let usage = "e.g. `workbook reset 3` (the whole chapter) or `workbook reset 3.2` (one exercise)"
    guard arguments.positional.count == 1 else {
      throw WorkbookError(
        "`workbook reset` takes one chapter number or exercise id, \(usage)", exitStatus: 2)
    }
    let target = arguments.positional[0]
    let parts = target.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let number = Int(parts[0]),
      parts.count == 1 || Int(parts[1]) != nil
    else {
      throw WorkbookError(
        "`workbook reset`: \"\(target)\" is neither a chapter number nor an exercise id, \(usage)",
        exitStatus: 2)
    }
    let chapter = try workbook.chapter(number)
    var exercise: String?
    if parts.count == 2 {
      let id = "\(number).\(Int(parts[1]) ?? 0)"
      guard chapter.exercises.contains(where: { $0.id == id }) else {
        throw WorkbookError(
          "chapter \(number) has no exercise \(target); its exercises are "
            + chapter.exercises.map { "\($0.id) (\($0.title))" }.joined(separator: ", "),
          exitStatus: 2)
      }
      exercise = id
    }

    let plan = try ResetPlan(chapter: chapter, exercise: exercise, root: workbook.root)
    let what = exercise.map { "exercise \($0)" } ?? "chapter \(chapter.number)"
    if plan.isEmpty {
      output(
        exercise.map { "The files of exercise \($0) already match their stub: nothing to reset." }
          ?? "Chapter \(chapter.number) (\(chapter.title)) already matches its stub: nothing "
          + "to reset.")
      return 0
    }
    guard try confirm(plan.summary + "\nReset these files?") else {
      output("Reset cancelled: nothing changed.")
      return 1
    }
    let backup = try plan.apply(
      store: BackupStore(root: workbook.root), command: "reset \(exercise ?? String(number))")
    for path in plan.replaced { output("reset    \(path)") }
    for path in plan.created { output("created  \(path)") }
    for path in plan.removed { output("removed  \(path)") }
    let shared = Set(plan.sharedWith.filter { plan.replaced.contains($0.key) }.values.joined())
    if !shared.isEmpty {
      output(
        "Exercise\(shared.count == 1 ? "" : "s") "
          + shared.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
          .joined(separator: ", ")
          + " shared \(plan.replaced.count == 1 ? "that file" : "those files") and went back to "
          + "the stub too.")
    }
    // What went back to its stub is unsolved again, until the next grading run says otherwise.
    let unsolved = Set(
      exercise.map { [$0] + shared } ?? chapter.exercises.map(\.id))
    var state = WorkbookState.load(from: workbook.root, warn: warn)
    if state.solvedExercises.contains(where: unsolved.contains) {
      state.solvedExercises.removeAll(where: unsolved.contains)
      save(state, workbook)
    }
    output(
      "\(what.prefix(1).uppercased() + what.dropFirst()) is back to its stub (marked unsolved). "
        + "The backup \(backup.name) keeps what was there before; `workbook restore "
        + "\(backup.name)` puts it back.")
    return 0
  }

  /// `workbook restore` lists the backups, newest first; `workbook restore NAME` (or `latest`)
  /// puts one back, after confirmation, backing up the current versions first. Returns 0 when
  /// done or when nothing differs, 1 when the learner declines.
  ///
  /// - Throws: a usage error (exit status 2) for an unknown backup name, listing the backups.
  static func runRestore(
    _ arguments: Arguments, workbook: Workbook, confirm: (String) throws -> Bool,
    output: (String) -> Void = { print($0) }
  ) throws -> Int32 {
    let store = BackupStore(root: workbook.root)
    guard let name = arguments.positional.first else {
      let backups = try store.list()
      if backups.isEmpty {
        output(
          "There are no backups yet. `workbook reset` and `workbook generate --write` make one "
            + "in .workbook/backups/ before they change a file.")
        return 0
      }
      output("Backups, newest first:")
      let width = backups.map(\.name.count).max() ?? 0
      let commandWidth = backups.map(\.command.count).max() ?? 0
      for backup in backups {
        let count = backup.files.count + backup.absent.count
        output(
          "  " + backup.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            + backup.command.padding(toLength: commandWidth, withPad: " ", startingAt: 0) + "  "
            + "\(count) file\(count == 1 ? "" : "s")".padding(
              toLength: 9, withPad: " ", startingAt: 0)
            + "  " + displayDate(backup.created))
      }
      output(
        "Put one back with `workbook restore NAME`, or the newest with `workbook restore latest`.")
      return 0
    }
    guard arguments.positional.count == 1 else {
      throw WorkbookError(
        "`workbook restore` takes one backup name (or `latest`); `workbook restore` alone lists "
          + "them", exitStatus: 2)
    }
    let backup = try store.backup(named: name)
    let (write, remove) = try store.changes(restoring: backup)
    if write.isEmpty && remove.isEmpty {
      output("Your files already match the backup \(backup.name): nothing to restore.")
      return 0
    }
    var plan = [
      "Restore the backup \(backup.name) (made by `workbook \(backup.command)`, "
        + "\(displayDate(backup.created))):"
    ]
    plan += write.map { "  write    \($0)" }
    plan += remove.map { "  remove   \($0) (it did not exist when the backup was made)" }
    plan.append("Your current versions are backed up first, so this can be undone.")
    guard try confirm(plan.joined(separator: "\n") + "\nRestore these files?") else {
      output("Restore cancelled: nothing changed.")
      return 1
    }
    let result = try store.restore(backup)
    for path in result.written { output("restored \(path)") }
    for path in result.removed { output("removed  \(path)") }
    if let before = result.beforeRestore {
      output(
        "The versions this replaced are in the backup \(before.name); "
          + "`workbook restore \(before.name)` undoes this restore.")
    }
    return 0
  }

  /// `workbook compare N`: every Swift file of the chapter, the learner's next to the
  /// reference as `readableReference` shows it, as unified diffs (`-` lines are the learner's,
  /// `+` lines the reference's). Files equal after stripping the fences are listed as
  /// identical.
  ///
  /// - Throws: a `WorkbookError` when this copy has no Solutions/ (a student release).
  static func compareText(chapter: Chapter, workbook: Workbook, exercise: String? = nil) throws
    -> String
  {
    guard workbook.hasSolutions else {
      throw WorkbookError(
        "`workbook compare` shows your code next to the reference, but this copy is a student "
          + "release without the reference (no Solutions/ folder); ask your teacher for the "
          + "model answers")
    }
    let solutions = workbook.root.appendingPathComponent("Solutions")
    var referenceFolder = chapter.folder
    if !directoryExists(solutions.appendingPathComponent(referenceFolder)) {
      let prefix = String(format: "%02d-", chapter.number)
      guard
        let found = try FileManager.default.contentsOfDirectory(atPath: solutions.path)
          .first(where: { $0.hasPrefix(prefix) })
      else {
        throw WorkbookError(
          "`workbook compare \(chapter.number)`: Solutions/ has no folder for chapter "
            + "\(chapter.number) (expected Solutions/\(chapter.folder)/)")
      }
      referenceFolder = found
    }
    let yours = "Chapters/\(chapter.folder)"
    let reference = "Solutions/\(referenceFolder)"
    // `compare N.K`: only the files that hold exercise N.K.
    let wanted = exercise.map {
      Places.referenceFiles(
        of: $0,
        in: Chapter(
          number: chapter.number, title: chapter.title, module: chapter.module, exercises: [],
          folder: referenceFolder), workbook: workbook)
    }
    let referenceFiles = try filesUnder(solutions.appendingPathComponent(referenceFolder))
      .filter { $0.hasSuffix(".swift") && (wanted?.contains($0) ?? true) }
    let learnerFiles = try filesUnder(workbook.root.appendingPathComponent(yours))
      .filter { $0.hasSuffix(".swift") }

    var identical: [String] = []
    var diffs: [String] = []
    for file in referenceFiles {
      let referenceText = readableReference(
        try String(
          contentsOf: workbook.root.appendingPathComponent("\(reference)/\(file)"), encoding: .utf8)
      )
      let learnerURL = workbook.root.appendingPathComponent("\(yours)/\(file)")
      guard let learnerText = try? String(contentsOf: learnerURL, encoding: .utf8) else {
        diffs.append(
          unifiedDiff(
            old: "", new: referenceText, oldName: "\(yours)/\(file) (yours: missing)",
            newName: "\(reference)/\(file) (reference)"))
        continue
      }
      let diff = unifiedDiff(
        old: learnerText, new: referenceText, oldName: "\(yours)/\(file) (yours)",
        newName: "\(reference)/\(file) (reference)")
      if diff.isEmpty { identical.append("\(yours)/\(file)") } else { diffs.append(diff) }
    }

    var lines = [
      "Chapter \(chapter.number) (\(chapter.title)): your code next to the reference "
        + "(- lines are yours, + lines the reference's)."
    ]
    if !identical.isEmpty {
      lines.append("Identical to the reference:")
      lines += identical.map { "  \($0)" }
    }
    let onlyYours = exercise == nil ? learnerFiles.filter { !referenceFiles.contains($0) } : []
    if !onlyYours.isEmpty {
      lines.append("Only in yours (the reference has no such file):")
      lines += onlyYours.map { "  \(yours)/\($0)" }
    }
    var text = lines.joined(separator: "\n")
    for diff in diffs { text += "\n\n" + diff.dropLast() }  // each diff ends with "\n"
    return text
  }

  /// Asks `question` on the terminal and reads the answer: true for "y" or "yes".
  ///
  /// With `--yes` the answer is yes without asking. Without a terminal to ask on (input from a
  /// pipe or a file, as in a script or CI), it stops with a usage error rather than guess.
  static func terminalConfirm(_ question: String, arguments: Arguments) throws -> Bool {
    if arguments.flags.contains("--yes") { return true }
    guard isatty(STDIN_FILENO) != 0 else {
      throw WorkbookError(
        "`workbook \(arguments.command ?? "")` changes your files and asks first, but standard "
          + "input is not a terminal; run it in a terminal to confirm, or add --yes",
        exitStatus: 2)
    }
    print(question + " [y/N] ", terminator: "")
    fflush(nil)  // every stream: the question has no newline to flush it
    guard let answer = readLine() else { return false }
    let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
    return word == "y" || word == "yes"
  }

  /// A backup's date as a learner reads it: local time to the minute.
  static func displayDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
  }
}
