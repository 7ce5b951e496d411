import Foundation

/// The stub files of one chapter, the versions `workbook reset` goes back to.
struct ChapterStubs {
  /// Path relative to the package root ("Chapters/03-Autodiff/Variable.swift") -> contents.
  var files: [String: String]
  /// Where the stubs come from, in words, for the confirmation text.
  var source: String

  /// The stubs of `chapter`: generated from Solutions/ when this copy has it; otherwise (a
  /// student release) taken from git.
  ///
  /// - Throws: a `WorkbookError` saying why neither works and what to do.
  static func load(_ chapter: Chapter, root: URL) throws -> ChapterStubs {
    let prefix = "Chapters/\(chapter.folder)/"
    if directoryExists(root.appendingPathComponent("Solutions")) {
      let generated = try StubGenerator(root: root, chapters: [chapter.number]).generate()
      let files = generated.filter { $0.key.hasPrefix(prefix) }
      guard !files.isEmpty else {
        throw WorkbookError(
          "cannot reset chapter \(chapter.number): Solutions/ has no folder for it (expected "
            + "Solutions/\(chapter.folder)/), so there is no stub to go back to")
      }
      return ChapterStubs(files: files, source: "generated from Solutions/\(chapter.folder)/")
    }
    do {
      return try fromGit(chapter, root: root)
    } catch let error as WorkbookError {
      throw WorkbookError(
        "cannot reset chapter \(chapter.number): this copy has no Solutions/ folder (a student "
          + "release), and git could not give the original files either: \(error.description). "
          + "Copy Chapters/\(chapter.folder)/ from a fresh download of the workbook instead "
          + "(your current files stay where they are until you replace them).")
    }
  }

  /// The stubs of `chapter` from the git history of a student release.
  ///
  /// When the history still has the commit that removed Solutions/ (a release cut from the
  /// maintainers' repository), the stubs are the chapter's files in the last commit that touched
  /// Solutions/: the generator kept Chapters/ in sync with it there, whereas a file's first
  /// version may predate later changes to its API. Otherwise each file of the chapter at HEAD
  /// comes from the first commit that added it (the release as the learner received it).
  ///
  /// A file the learner added and committed is, to git, part of the chapter: in the second case
  /// reset puts back its first committed version instead of removing it.
  static func fromGit(_ chapter: Chapter, root: URL) throws -> ChapterStubs {
    let folder = "Chapters/\(chapter.folder)"
    if try git(["rev-parse", "--is-shallow-repository"], root: root).hasPrefix("true") {
      throw WorkbookError(
        "this clone is shallow, so git does not have the first version of each file; run "
          + "`git fetch --unshallow` and try again")
    }
    let release = try git(["log", "-1", "--format=%H", "--", "Solutions"], root: root)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    func files(in commit: String) throws -> [String] {
      try git(["ls-tree", "-r", "-z", "--name-only", commit, "--", folder], root: root)
        .split(separator: "\0").map(String.init)
    }
    if !release.isEmpty {
      let paths = try files(in: release)
      if !paths.isEmpty {
        var stubs: [String: String] = [:]
        for path in paths { stubs[path] = try git(["show", "\(release):./\(path)"], root: root) }
        return ChapterStubs(
          files: stubs,
          source: "taken from git: commit \(release.prefix(10)), the last one with Solutions/")
      }
    }
    let paths = try files(in: "HEAD")
    guard !paths.isEmpty else { throw WorkbookError("git has no files under \(folder)/") }
    var stubs: [String: String] = [:]
    for path in paths {
      let added = try git(["log", "--diff-filter=A", "--format=%H", "--", path], root: root)
      guard let first = added.split(separator: "\n").last else {
        throw WorkbookError("git log finds no commit that added \(path)")
      }
      stubs[path] = try git(["show", "\(first):./\(path)"], root: root)
    }
    return ChapterStubs(
      files: stubs, source: "taken from git: each file as the commit that added it had it")
  }

  /// Runs `git -C root arguments` and returns its output.
  ///
  /// - Throws: a `WorkbookError` with git's message when git is missing or fails.
  static func git(_ arguments: [String], root: URL) throws -> String {
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_TERMINAL_PROMPT"] = "0"
    environment["LC_ALL"] = "C"
    let outcome = try runProcess(
      ["git", "-C", root.path, "-c", "core.quotePath=false"] + arguments,
      environment: environment, timeLimit: 60)
    guard outcome.succeeded else {
      let message = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
      throw WorkbookError(
        "`git \(arguments.joined(separator: " "))` failed"
          + (message.isEmpty ? "" : ": \(message)"))
    }
    return outcome.output
  }
}

/// What `workbook reset N` (a whole chapter) or `workbook reset N.K` (one exercise) changes.
///
/// A whole-chapter reset puts every file of Chapters/NN-Name/ back to its stub, chapter.json
/// and README.md included, and removes the files the learner added to the folder. An exercise
/// reset puts back only the Swift files whose stub has a `TODO(N.K)` marker; other exercises
/// whose markers share those files are reset with them, and the confirmation text says so.
/// Files equal to their stub are left alone. Nothing changes before `apply`.
struct ResetPlan {
  var chapter: Chapter
  /// The exercise id ("3.2"), or nil for the whole chapter.
  var exercise: String?
  /// Where the stubs come from, in words.
  var source: String
  /// Existing files that differ from their stub.
  var replaced: [String] = []
  /// Stub files missing from the chapter folder.
  var created: [String] = []
  /// Files in the chapter folder that are not part of the stub (whole-chapter reset only).
  var removed: [String] = []
  /// Files already equal to their stub.
  var unchanged: [String] = []
  /// The stubs to write, for `replaced` and `created`.
  var stubs: [String: String] = [:]
  /// For an exercise reset: file -> the other exercises whose TODO markers are in its stub.
  var sharedWith: [String: [String]] = [:]

  /// True when every file already matches its stub.
  var isEmpty: Bool { replaced.isEmpty && created.isEmpty && removed.isEmpty }

  /// Every path the reset writes or removes.
  var touched: [String] { (replaced + created + removed).sorted() }

  /// The plan for `chapter`, or for one of its exercises; reads the stubs and the files now in
  /// Chapters/, changes nothing.
  ///
  /// - Throws: a `WorkbookError` when the stubs cannot be found, or when no stub file of the
  ///   chapter has a `TODO(N.K)` marker for `exercise`.
  init(chapter: Chapter, exercise: String?, root: URL) throws {
    let stubs = try ChapterStubs.load(chapter, root: root)
    self.chapter = chapter
    self.exercise = exercise
    source = stubs.source
    var selected = stubs.files
    if let exercise {
      selected = stubs.files.filter {
        $0.key.hasSuffix(".swift") && $0.value.contains("TODO(\(exercise))")
      }
      guard !selected.isEmpty else {
        throw WorkbookError(
          "no file of chapter \(chapter.number) has a TODO(\(exercise)) marker in its stub, so "
            + "there is nothing to reset for exercise \(exercise); `workbook reset "
            + "\(chapter.number)` resets the whole chapter")
      }
      for (path, text) in selected {
        let others = todoMarkers(in: text).filter { $0 != exercise }
        if !others.isEmpty { sharedWith[path] = others }
      }
    }
    for (path, text) in selected.sorted(by: { $0.key < $1.key }) {
      let current = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
      if current == Data(text.utf8) {
        unchanged.append(path)
        continue
      }
      if current == nil { created.append(path) } else { replaced.append(path) }
      self.stubs[path] = text
    }
    if exercise == nil {
      let folder = root.appendingPathComponent("Chapters").appendingPathComponent(chapter.folder)
      removed = try filesUnder(folder).map { "Chapters/\(chapter.folder)/\($0)" }
        .filter { stubs.files[$0] == nil }
    }
  }

  /// What the reset will do, for the confirmation question.
  var summary: String {
    let what =
      exercise.map { id in
        "exercise \(id)"
          + (chapter.exercises.first { $0.id == id }.map { " (\($0.title))" } ?? "")
          + " of chapter \(chapter.number)"
      } ?? "chapter \(chapter.number) (\(chapter.title))"
    var lines = ["Reset \(what) to its stub (\(source)):"]
    for path in replaced {
      var line = "  replace  \(path)"
      if let others = sharedWith[path] {
        line +=
          "\n           (it also holds exercise\(others.count == 1 ? "" : "s") "
          + "\(others.joined(separator: ", ")): \(others.count == 1 ? "that code" : "their code") "
          + "in this file goes back to the stub too)"
      }
      lines.append(line)
    }
    for path in created { lines.append("  create   \(path) (missing now)") }
    for path in removed { lines.append("  remove   \(path) (not part of the stub)") }
    if !unchanged.isEmpty {
      lines.append(
        unchanged.count == 1
          ? "  1 other file already matches the stub and is left alone."
          : "  \(unchanged.count) other files already match the stub and are left alone.")
    }
    let replacedOrRemoved = replaced.count + removed.count
    if replacedOrRemoved > 0 {
      lines.append(
        replacedOrRemoved == 1
          ? "Your current version is backed up first, in .workbook/backups/ (`workbook restore` "
            + "puts it back)."
          : "Your current versions are backed up first, in .workbook/backups/ (`workbook "
            + "restore` puts them back).")
    }
    return lines.joined(separator: "\n")
  }

  /// Backs up every path the reset touches (kind "reset"), then writes the stubs and removes
  /// the learner's added files. Returns the backup.
  func apply(store: BackupStore, command: String) throws -> Backup {
    let backup = try store.create(
      kind: "reset", what: exercise ?? "\(chapter.number)", command: command, paths: touched)
    for (path, text) in stubs.sorted(by: { $0.key < $1.key }) {
      try writeAtomically(Data(text.utf8), to: store.root.appendingPathComponent(path))
    }
    for path in removed { try store.removeFile(path) }
    return backup
  }
}

/// The exercise ids of the `TODO(N.K)` markers in `text`, in order of first appearance.
func todoMarkers(in text: String) -> [String] {
  var ids: [String] = []
  var rest = text[...]
  while let range = rest.range(of: #"TODO\(\d+\.\d+\)"#, options: .regularExpression) {
    let id = String(rest[range].dropFirst("TODO(".count).dropLast())
    if !ids.contains(id) { ids.append(id) }
    rest = rest[range.upperBound...]
  }
  return ids
}

/// The reference file as a learner reads it next to their own: `text` (a Solutions/ file)
/// without the generator's fence lines (`// BEGIN EXERCISE n.k`, `// END EXERCISE n.k`, every
/// `// STUB: ...` line, and the `// BEGIN REFERENCE ONLY` / `// END REFERENCE ONLY` markers),
/// keeping all the code, the reference-only helpers included.
public func readableReference(_ text: String) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false)
    .filter { line in
      let content = line.drop { $0 == " " || $0 == "\t" }
      return
        !(content.hasPrefix("// BEGIN EXERCISE ") || content.hasPrefix("// END EXERCISE ")
        || content.hasPrefix("// STUB:") || content == "// BEGIN REFERENCE ONLY"
        || content == "// END REFERENCE ONLY")
    }
    .joined(separator: "\n")
}
