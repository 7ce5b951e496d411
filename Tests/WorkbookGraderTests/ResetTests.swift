import Foundation
import Testing

@testable import WorkbookGrader

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Reset, restore and compare")
struct ResetTests {
  static let manifest = """
    {"number": 3, "title": "Autodiff", "module": "Autodiff", "exercises": [
      {"id": "3.1", "title": "Values", "hints": []},
      {"id": "3.2", "title": "Sums", "hints": []},
      {"id": "3.3", "title": "Graphs", "hints": []}]}
    """

  /// Exercises 3.1 and 3.2 share this file.
  static let value = """
    /// A value.
    public func value() -> Double {
      // BEGIN EXERCISE 3.1
      // STUB: return .nan
      return 1
      // END EXERCISE 3.1
    }

    public func sum() -> Double {
      // BEGIN EXERCISE 3.2
      // STUB: return .nan
      return 2
      // END EXERCISE 3.2
    }

    """

  static let graph = """
    public func order() -> [Int] {
      // BEGIN EXERCISE 3.3
      // STUB: return []
      return helper()
      // END EXERCISE 3.3
    }

    // BEGIN REFERENCE ONLY
    private func helper() -> [Int] { [1, 2] }
    // END REFERENCE ONLY

    """

  static let valuePath = "Chapters/03-Autodiff/Value.swift"
  static let graphPath = "Chapters/03-Autodiff/Graph.swift"

  /// A workbook with chapter 3 in Solutions/ and its generated stubs in Chapters/.
  func makeWorkbook(solutions: Bool = true) throws -> URL {
    let root = try temporaryWorkbook()
    try write(Self.manifest, to: root, "Solutions/03-Autodiff/chapter.json")
    try write("# Autodiff\n", to: root, "Solutions/03-Autodiff/README.md")
    try write(Self.value, to: root, "Solutions/03-Autodiff/Value.swift")
    try write(Self.graph, to: root, "Solutions/03-Autodiff/Graph.swift")
    for (path, text) in try StubGenerator(root: root).generate() {
      try write(text, to: root, path)
    }
    if !solutions {
      try FileManager.default.removeItem(at: root.appendingPathComponent("Solutions"))
    }
    return root
  }

  func stub(_ path: String, in root: URL) throws -> String {
    try StubGenerator(root: root, chapters: [3]).generate()[path] ?? ""
  }

  func read(_ path: String, in root: URL) -> Data? {
    FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
  }

  func text(_ path: String, in root: URL) -> String? {
    read(path, in: root).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Runs `workbook reset`/`restore` with `positional`; answers `answer` to the question.
  func run(
    _ command: String, _ positional: [String], root: URL, answer: Bool = true
  ) throws -> (status: Int32, question: String?, output: String) {
    let arguments = WorkbookCommand.Arguments(command: command, positional: positional)
    var question: String?
    var lines: [String] = []
    let workbook = try Workbook(root: root)
    let confirm: (String) throws -> Bool = { text in
      question = text
      return answer
    }
    let status =
      command == "reset"
      ? try WorkbookCommand.runReset(
        arguments, workbook: workbook, confirm: confirm, output: { lines.append($0) })
      : try WorkbookCommand.runRestore(
        arguments, workbook: workbook, confirm: confirm, output: { lines.append($0) })
    return (status, question, lines.joined(separator: "\n"))
  }

  /// Every file under `root` and its bytes.
  func snapshot(_ root: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for path in try filesUnder(root) { files[path] = read(path, in: root) }
    return files
  }

  @Test("reset N writes the stubs and backs up exactly the files that differ from them")
  func resetChapter() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let stubValue = try stub(Self.valuePath, in: root)
    try write("my value", to: root, Self.valuePath)
    try FileManager.default.removeItem(at: root.appendingPathComponent(Self.graphPath))

    let result = try run("reset", ["3"], root: root)
    #expect(result.status == 0)
    #expect(result.question?.contains("replace  \(Self.valuePath)") == true)
    #expect(result.question?.contains("create   \(Self.graphPath)") == true)
    #expect(try StubGenerator(root: root, chapters: [3]).differences().isEmpty)
    #expect(text(Self.valuePath, in: root) == stubValue)

    let backups = try BackupStore(root: root).list()
    #expect(backups.count == 1)
    let backup = try #require(backups.first)
    #expect(backup.command == "reset 3")
    #expect(backup.name.hasPrefix("reset-3-"))
    #expect(backup.files == [Self.valuePath], "only the changed file is saved")
    #expect(backup.absent == [Self.graphPath], "the file reset created is recorded as absent")
    #expect(text(Self.valuePath, in: backup.folder) == "my value")
    #expect(result.output.contains("workbook restore \(backup.name)"))
  }

  @Test("reset N.K touches only the files whose stub has TODO(N.K), and names who shares them")
  func resetExercise() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("my value", to: root, Self.valuePath)
    try write("my graph", to: root, Self.graphPath)
    try write("my notes", to: root, "Chapters/03-Autodiff/README.md")
    var solved = WorkbookState()
    solved.solvedExercises = ["3.1", "3.3"]
    try solved.save(to: root)

    let graphReset = try run("reset", ["3.3"], root: root)
    #expect(graphReset.status == 0)
    #expect(
      WorkbookState.load(from: root, warn: { _ in }).solvedExercises == ["3.1"],
      "what went back to its stub is unsolved again; the rest keeps its record")
    #expect(text(Self.graphPath, in: root) == (try stub(Self.graphPath, in: root)))
    #expect(text(Self.valuePath, in: root) == "my value", "3.3 is not in Value.swift")
    #expect(text("Chapters/03-Autodiff/README.md", in: root) == "my notes")
    #expect(try BackupStore(root: root).list().first?.files == [Self.graphPath])

    let valueReset = try run("reset", ["3.1"], root: root)
    let question = try #require(valueReset.question)
    #expect(question.contains("exercise 3.1 (Values) of chapter 3"))
    #expect(question.contains("it also holds exercise 3.2"), "the learner must know 3.2 goes too")
    #expect(valueReset.output.contains("Exercise 3.2 shared that file"))
    #expect(text(Self.valuePath, in: root) == (try stub(Self.valuePath, in: root)))
  }

  @Test("a file the learner added to the chapter is backed up, then removed by reset N")
  func learnerFileRemoved() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let helper = "Chapters/03-Autodiff/Extra/Helper.swift"
    try write("func mine() {}", to: root, helper)

    let result = try run("reset", ["3"], root: root)
    #expect(result.question?.contains("remove   \(helper) (not part of the stub)") == true)
    #expect(read(helper, in: root) == nil)
    #expect(
      !FileManager.default.fileExists(
        atPath: root.appendingPathComponent("Chapters/03-Autodiff/Extra").path),
      "the folder the removal left empty goes too")
    let backup = try #require(try BackupStore(root: root).list().first)
    #expect(backup.files == [helper])
    #expect(text(helper, in: backup.folder) == "func mine() {}")
  }

  @Test(
    "restore brings back the learner's bytes exactly, removes what reset created, and can be undone"
  )
  func restoreAfterReset() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let mine = Data("caf\u{E9} \u{1F600}\r\nno newline at the end".utf8) + Data([0xFF, 0x00])
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("Chapters/03-Autodiff"), withIntermediateDirectories: true)
    try mine.write(to: root.appendingPathComponent(Self.valuePath))
    try FileManager.default.removeItem(at: root.appendingPathComponent(Self.graphPath))
    try write("helper", to: root, "Chapters/03-Autodiff/Helper.swift")
    let learnerState = try snapshot(root.appendingPathComponent("Chapters"))

    #expect(try run("reset", ["3"], root: root).status == 0)
    let stubState = try snapshot(root.appendingPathComponent("Chapters"))
    #expect(stubState != learnerState)

    let listing = try run("restore", [], root: root)
    #expect(listing.output.contains("reset 3"))
    #expect(listing.output.contains("workbook restore latest"))

    let restored = try run("restore", ["latest"], root: root)
    #expect(restored.status == 0)
    #expect(restored.question?.contains("remove   \(Self.graphPath)") == true)
    #expect(try snapshot(root.appendingPathComponent("Chapters")) == learnerState)
    #expect(read(Self.valuePath, in: root) == mine, "the learner's bytes come back unchanged")
    #expect(read(Self.graphPath, in: root) == nil, "the file reset created is removed again")

    let backups = try BackupStore(root: root).list()
    #expect(backups.count == 2)
    let before = try #require(backups.first, "the before-restore backup is the newest")
    #expect(before.name.hasPrefix("before-restore-reset-3-"))
    #expect(before.command.hasPrefix("restore reset-3-"))
    #expect(restored.output.contains(before.name))
    #expect(Set(before.files) == [Self.valuePath, Self.graphPath])
    #expect(before.absent == ["Chapters/03-Autodiff/Helper.swift"])

    // Restoring the before-restore backup undoes the restore.
    #expect(try run("restore", ["latest"], root: root).status == 0)
    #expect(try snapshot(root.appendingPathComponent("Chapters")) == stubState)
  }

  @Test("nothing is written when the learner answers no")
  func declined() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("my value", to: root, Self.valuePath)
    try write("mine", to: root, "Chapters/03-Autodiff/Mine.swift")
    let before = try snapshot(root)

    let reset = try run("reset", ["3"], root: root, answer: false)
    #expect(reset.status == 1)
    #expect(reset.question != nil)
    #expect(reset.output.contains("nothing changed"))
    #expect(try snapshot(root) == before)
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".workbook").path))

    #expect(try run("reset", ["3"], root: root).status == 0)
    let afterReset = try snapshot(root)
    let restore = try run("restore", ["latest"], root: root, answer: false)
    #expect(restore.status == 1)
    #expect(try snapshot(root) == afterReset)
  }

  @Test("a chapter already at its stub is left alone, without a question or a backup")
  func nothingToReset() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try run("reset", ["3"], root: root)
    #expect(result.status == 0)
    #expect(result.question == nil)
    #expect(result.output.contains("Chapter 3 (Autodiff) already matches its stub"))
    #expect(try BackupStore(root: root).list().isEmpty)
  }

  @Test(
    "usage errors stop with exit status 2 and list what exists",
    arguments: [
      ("reset", [String](), "takes one chapter number or exercise id"),
      ("reset", ["7"], "there is no chapter 7; the chapters are 3 (Autodiff)"),
      ("reset", ["3.9"], "chapter 3 has no exercise 3.9; its exercises are 3.1 (Values)"),
      ("reset", ["three"], "\"three\" is neither a chapter number nor an exercise id"),
      ("restore", ["nope"], "there is no backup called \"nope\"; there are no backups yet"),
    ])
  func usageErrors(command: String, positional: [String], message: String) throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    #expect {
      _ = try run(command, positional, root: root)
    } throws: { error in
      let error = error as? WorkbookError
      return error?.exitStatus == 2 && error?.description.contains(message) == true
    }
  }

  @Test("an unknown backup name is answered with the names of the backups there are")
  func unknownBackup() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("my value", to: root, Self.valuePath)
    _ = try run("reset", ["3"], root: root)
    let name = try #require(try BackupStore(root: root).list().first?.name)
    #expect {
      _ = try run("restore", ["nope"], root: root)
    } throws: { error in
      (error as? WorkbookError)?.description.contains("the backups are: \(name)") == true
    }
  }

  @Test("--yes confirms without asking; without a terminal and without --yes, exit status 2")
  func terminalConfirm() throws {
    var arguments = WorkbookCommand.Arguments(command: "reset", positional: ["3"])
    arguments.flags = ["--yes"]
    #expect(try WorkbookCommand.terminalConfirm("Reset?", arguments: arguments))
    // Standard input of a test run may be a terminal; the refusal is checked only when it is not.
    if isatty(STDIN_FILENO) == 0 {
      arguments.flags = []
      #expect {
        _ = try WorkbookCommand.terminalConfirm("Reset?", arguments: arguments)
      } throws: { error in
        let error = error as? WorkbookError
        return error?.exitStatus == 2
          && error?.description.contains("run it in a terminal to confirm, or add --yes") == true
      }
    }
  }

  @Test("backups of the same second get distinct names, and list newest first")
  func backupNames() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let store = BackupStore(root: root)
    let date = Date(timeIntervalSince1970: 1_750_000_000)
    let first = try store.create(
      kind: "reset", what: "3", command: "reset 3", paths: [Self.valuePath], at: date)
    let second = try store.create(
      kind: "reset", what: "3", command: "reset 3", paths: [Self.valuePath, "Chapters/x"],
      at: date.addingTimeInterval(0.5))
    #expect(first.name == "reset-3-2025-06-15T15-06-40Z")
    #expect(second.name == "reset-3-2025-06-15T15-06-40Z-2")
    #expect(try store.list().map(\.name) == [second.name, first.name])
    #expect(try store.backup(named: "latest") == second)

    let manifest = try #require(read("backup.json", in: second.folder))
    let json = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
    #expect(json["command"] as? String == "reset 3")
    #expect(json["files"] as? [String] == [Self.valuePath])
    #expect(json["absent"] as? [String] == ["Chapters/x"])
    #expect((json["created"] as? String)?.hasPrefix("2025-06-15T15:06:40.5") == true)
  }

  @Test("an older generate-* folder without a manifest is listed, every file in it saved")
  func generateFolders() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = ".workbook/backups/generate-2024-01-02T03-04-05Z"
    try write("old work", to: root, "\(folder)/\(Self.valuePath)")
    let backup = try #require(try BackupStore(root: root).list().first)
    #expect(backup.name == "generate-2024-01-02T03-04-05Z")
    #expect(backup.command == "generate --write")
    #expect(backup.files == [Self.valuePath])
    #expect(backup.created == ISO8601DateFormatter().date(from: "2024-01-02T03:04:05Z"))

    #expect(try run("restore", [backup.name], root: root).status == 0)
    #expect(text(Self.valuePath, in: root) == "old work")
  }

  @Test("a manifest naming a path outside the workbook is refused before anything is written")
  func pathOutsideRefused() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = ".workbook/backups/reset-3-2024-01-02T03-04-05Z"
    try write(
      #"{"command": "reset 3", "created": "2024-01-02T03:04:05Z", "files": ["../escape"], "absent": []}"#,
      to: root, "\(folder)/backup.json")
    try write("x", to: root, "\(folder)/../escape")
    let before = try snapshot(root)
    #expect {
      _ = try run("restore", ["latest"], root: root)
    } throws: { error in
      String(describing: error).contains("\"../escape\" is not a path inside the workbook")
    }
    #expect(try snapshot(root) == before)
  }

  @Test("without Solutions/, reset takes each file's first committed version from git")
  func gitFallback() throws {
    guard DiffTests.executable("git") != nil else { return }  // no git: nothing to check
    let root = try makeWorkbook(solutions: false)
    defer { try? FileManager.default.removeItem(at: root) }
    let stubValue = try #require(text(Self.valuePath, in: root))
    func runGit(_ arguments: [String]) throws {
      let outcome = try WorkbookGraderTests.git(arguments, in: root)
      #expect(outcome.succeeded, "git \(arguments.joined(separator: " ")): \(outcome.output)")
    }
    try runGit(["init", "-q"])
    try runGit(["add", "."])
    try runGit(["commit", "-q", "-m", "the release"])
    try write("my committed work", to: root, Self.valuePath)
    try runGit(["commit", "-q", "-am", "my work"])
    try write("my uncommitted work", to: root, Self.valuePath)
    try write("mine", to: root, "Chapters/03-Autodiff/Mine.swift")

    let result = try run("reset", ["3"], root: root)
    #expect(result.question?.contains("taken from git") == true)
    #expect(text(Self.valuePath, in: root) == stubValue)
    #expect(read("Chapters/03-Autodiff/Mine.swift", in: root) == nil)
    let backup = try #require(try BackupStore(root: root).list().first)
    #expect(text(Self.valuePath, in: backup.folder) == "my uncommitted work")
  }

  @Test("a release cut from the maintainers' history resets to the stubs of its last Solutions/")
  func gitReleaseCommit() throws {
    guard DiffTests.executable("git") != nil else { return }
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    func runGit(_ arguments: [String]) throws {
      let outcome = try WorkbookGraderTests.git(arguments, in: root)
      #expect(outcome.succeeded, "git \(arguments.joined(separator: " ")): \(outcome.output)")
    }
    try runGit(["init", "-q"])
    try runGit(["add", "."])
    try runGit(["commit", "-q", "-m", "first version"])
    // The API changes after the first commit: the first version of the stub is out of date.
    try write(
      Self.value.replacingOccurrences(of: "sum()", with: "total()"), to: root,
      "Solutions/03-Autodiff/Value.swift")
    for (path, text) in try StubGenerator(root: root).generate() { try write(text, to: root, path) }
    let currentStub = try #require(text(Self.valuePath, in: root))
    try runGit(["commit", "-q", "-am", "rename sum to total"])
    try runGit(["rm", "-q", "-r", "Solutions"])
    try runGit(["commit", "-q", "-m", "student release"])
    try write("my work", to: root, Self.valuePath)
    try runGit(["commit", "-q", "-am", "my work"])

    #expect(try run("reset", ["3.2"], root: root).status == 0)
    #expect(text(Self.valuePath, in: root) == currentStub)
    #expect(currentStub.contains("total()"))
  }

  @Test("without Solutions/ and without git history, reset says why and what to do")
  func noStubs() throws {
    let root = try makeWorkbook(solutions: false)
    defer { try? FileManager.default.removeItem(at: root) }
    try write("my value", to: root, Self.valuePath)
    let before = try snapshot(root)
    #expect {
      _ = try run("reset", ["3"], root: root)
    } throws: { error in
      let text = String(describing: error)
      return text.contains("cannot reset chapter 3: this copy has no Solutions/ folder")
        && text.contains("Copy Chapters/03-Autodiff/ from a fresh download")
    }
    #expect(try snapshot(root) == before)
  }

  @Test("compare shows the learner's file next to the reference without its fence lines")
  func compare() throws {
    let root = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(readableReference(Self.graph), to: root, Self.graphPath)  // solved as the reference
    let workbook = try Workbook(root: root)
    let text = try WorkbookCommand.compareText(chapter: workbook.chapter(3), workbook: workbook)
    #expect(text.contains("Identical to the reference:\n  \(Self.graphPath)"))
    #expect(text.contains("--- \(Self.valuePath) (yours)\n"))
    #expect(text.contains("+++ Solutions/03-Autodiff/Value.swift (reference)\n"))
    #expect(text.contains("+  return 1\n") && text.contains("+  return 2"))
    #expect(text.contains("-  // TODO(3.1)"))
    for fence in ["BEGIN", "END EXERCISE", "STUB:", "REFERENCE ONLY"] {
      #expect(!text.contains(fence), "the fence \(fence) is for the generator, not the learner")
    }

    try FileManager.default.removeItem(at: root.appendingPathComponent("Solutions"))
    #expect {
      _ = try WorkbookCommand.compareText(chapter: workbook.chapter(3), workbook: workbook)
    } throws: { error in
      String(describing: error).contains("student release without the reference")
    }
  }

  @Test("the readable reference drops exactly the fence lines and keeps reference-only code")
  func readable() {
    #expect(
      readableReference(Self.graph)
        == "public func order() -> [Int] {\n  return helper()\n}\n\n"
        + "private func helper() -> [Int] { [1, 2] }\n")
  }
}
