import Foundation
import Testing

@testable import WorkbookGrader

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Watch mode, borrowing, locks and interruptions")
struct WatchTests {
  /// Runs the watch loop on a folder: `edits[k]` runs at the k-th look (k from 0), and the
  /// loop stops after `looks` looks. Returns what each grading run was told had changed.
  static func watch(_ folder: URL, looks: Int, edits: [Int: () throws -> Void]) -> [[String]] {
    var watcher = Watcher(folder: folder)
    watcher.interval = 0
    var runs: [[String]] = []
    var look = 0
    watcher.run(
      stop: { look >= looks },
      sleep: { _ in
        try? edits[look]?()
        look += 1
      },
      grade: { runs.append($0) })
    return runs
  }

  @Test("it grades at once, again after a save, and not for a save that changes nothing")
  func regradesOnSave() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("let a = 1\n", to: root, "Chapters/01-Tensors/Tensor.swift")
    let folder = root.appendingPathComponent("Chapters")
    let runs = Self.watch(
      folder, looks: 12,
      edits: [
        1: { try write("let a = 2\n", to: root, "Chapters/01-Tensors/Tensor.swift") },
        5: { try write("let a = 2\n", to: root, "Chapters/01-Tensors/Tensor.swift") },
        8: { try write("new\n", to: root, "Chapters/02-Gradients/New.swift") },
      ])
    #expect(
      runs == [[], ["01-Tensors/Tensor.swift"], ["02-Gradients/New.swift"]],
      "the same bytes saved again are not a change")
  }

  @Test("a file being written in several steps is graded once, when it settles")
  func settles() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("v0\n", to: root, "Chapters/A.swift")
    let runs = Self.watch(
      root.appendingPathComponent("Chapters"), looks: 10,
      edits: [
        1: { try write("v1\n", to: root, "Chapters/A.swift") },
        2: { try write("v2\n", to: root, "Chapters/A.swift") },
        3: { try write("v3\n", to: root, "Chapters/A.swift") },
      ])
    #expect(runs == [[], ["A.swift"]])
  }

  @Test("use-reference is remembered, applies to later commands, and 'none' clears it")
  func useReference() throws {
    let root = try IsolationTests.miniWorkbook(solutions: true)
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(WorkbookCommand.main(["use-reference", "1-2", "--no-color"], directory: root) == 0)
    #expect(WorkbookState.load(from: root, warn: { _ in }).borrowed == "1-2")
    #expect(WorkbookCommand.main(["use-reference", "none"], directory: root) == 0)
    #expect(WorkbookState.load(from: root, warn: { _ in }).borrowed == nil)
    #expect(WorkbookCommand.main(["use-reference", "1-x"], directory: root) == 2)
    #expect(
      WorkbookCommand.main(["use-reference", "99"], directory: root) == 2,
      "a chapter that is not in the workbook is refused, not 'borrowing nothing'")
    #expect(WorkbookState.load(from: root, warn: { _ in }).borrowed == nil)
    #expect(
      WorkbookCommand.main(["use-reference", "2-99"], directory: root) == 0,
      "a range past the last chapter borrows what exists (and says the rest is ignored)")
    #expect(WorkbookState.load(from: root, warn: { _ in }).borrowed == "2")
    #expect(WorkbookCommand.main(["use-reference", "none"], directory: root) == 0)
    #expect(WorkbookCommand.main(["use-reference"], directory: root) == 2)
    try FileManager.default.removeItem(at: root.appendingPathComponent("Solutions"))
    #expect(
      WorkbookCommand.main(["use-reference", "1"], directory: root) == 1,
      "a student release refuses")
    #expect(WorkbookState.load(from: root, warn: { _ in }).borrowed == nil)
  }

  @Test("a second grading run of the same copy waits for the first (a lock file)")
  func lock() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let url = root.appendingPathComponent(".workbook/.build-workbook.lock")
    let first = try FileLock(url)
    let second = try FileLock(url)
    #expect(first.tryLock())
    #expect(!second.tryLock(), "held by the first")
    first.unlock()
    #expect(second.tryLock())
    second.unlock()
  }

  @Test("a run killed in the middle of saving leaves the state file whole or absent")
  func killedWhileSaving() async throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.path
    await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String] in
      let root = URL(fileURLWithPath: path)
      var state = WorkbookState()
      // A large state takes a while to write, so the kill lands during a save.
      for index in 0..<20_000 { state.revealedHints["\(index).1"] = index }
      let killer = Thread {
        usleep(150_000)
        kill(getpid(), SIGKILL)
      }
      killer.start()
      while true {
        state.revealedHints["0.1", default: 0] += 1
        try? state.save(to: root)
      }
    }
    var warnings: [String] = []
    let state = WorkbookState.load(from: root, warn: { warnings.append($0) })
    #expect(warnings.isEmpty, "the state file is never half-written: \(warnings)")
    #expect(state.revealedHints.isEmpty || state.revealedHints.count == 20_000)
  }
}
