import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Stub generator")
struct StubGeneratorTests {
  let reference = """
    import Tensors

    /// Doubles x.
    public func double(_ x: Tensor) -> Tensor {
      // BEGIN EXERCISE 4.2
      // STUB: return Tensor(shape: x.shape, repeating: .nan)
      let y = x * 2
      return y
      // END EXERCISE 4.2
    }

    public func reset() {
      // BEGIN EXERCISE 4.3
      counter = 0
      // END EXERCISE 4.3
    }

    // BEGIN REFERENCE ONLY
    private func helper() {}
    // END REFERENCE ONLY
    """

  @Test("an exercise body becomes a TODO line and the stub lines; everything else is kept")
  func replacesFences() throws {
    let stub = try StubGenerator.stub(reference, file: "X.swift")
    #expect(stub.contains("/// Doubles x.\npublic func double(_ x: Tensor) -> Tensor {"))
    #expect(
      stub.contains(
        "  // TODO(4.2): your code here (README.md, exercise 4.2).\n"
          + "  return Tensor(shape: x.shape, repeating: .nan)\n}"))
    #expect(!stub.contains("x * 2"), "the reference body must not leak into the stub")
    #expect(!stub.contains("STUB:") && !stub.contains("BEGIN") && !stub.contains("END"))
  }

  @Test("a multi-line stub keeps its own indentation")
  func multiLineStub() throws {
    let source = """
      func f() -> [Int] {
        // BEGIN EXERCISE 2.1
        // STUB: return [
        // STUB:   1, 2,
        // STUB: ]
        return [3]
        // END EXERCISE 2.1
      }
      """
    let stub = try StubGenerator.stub(source, file: "Z.swift")
    #expect(stub.contains("  return [\n    1, 2,\n  ]\n}"))
  }

  @Test("an exercise without STUB lines becomes an empty body")
  func emptyStub() throws {
    let stub = try StubGenerator.stub(reference, file: "X.swift")
    #expect(stub.contains("public func reset() {\n  // TODO(4.3): your code here"))
    #expect(!stub.contains("counter = 0"))
  }

  @Test("reference-only helpers are left out of the stub, without a doubled blank line")
  func referenceOnly() throws {
    let stub = try StubGenerator.stub(reference, file: "X.swift")
    #expect(!stub.contains("helper"))
    let source =
      "let a = 1\n\n// BEGIN REFERENCE ONLY\nlet b = 2\n// END REFERENCE ONLY\n\nlet c = 3\n"
    #expect(try StubGenerator.stub(source, file: "Y.swift") == "let a = 1\n\nlet c = 3\n")
  }

  @Test(
    "malformed fences are reported with the file and line",
    arguments: [
      ("// BEGIN EXERCISE 1.1\nx\n", "X.swift:1: exercise 1.1 is never closed"),
      ("// BEGIN EXERCISE 1.1\n// END EXERCISE 1.2\n", "X.swift:2: END EXERCISE 1.2 without"),
      ("// BEGIN EXERCISE 1.1\n// BEGIN EXERCISE 1.2\n", "X.swift:2: exercise 1.1"),
      ("// BEGIN EXERCISE one\n", "X.swift:1: \"one\" is not an exercise number"),
      ("// BEGIN REFERENCE ONLY\n", "X.swift:1: REFERENCE ONLY block is never closed"),
    ])
  func malformed(source: String, expected: String) {
    #expect {
      _ = try StubGenerator.stub(source, file: "X.swift")
    } throws: { error in
      String(describing: error).contains(expected)
    }
  }

  @Test("writing stubs backs up every file it replaces or removes, and check sees the sync")
  func writeBacksUp() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(reference, to: root, "Solutions/04-Layers/Layer.swift")
    try write("{}", to: root, "Solutions/04-Layers/chapter.json")
    try write("my own work", to: root, "Chapters/04-Layers/Layer.swift")
    try write("my helper", to: root, "Chapters/04-Layers/Extra.swift")
    let generator = StubGenerator(root: root)
    #expect(try generator.differences().count == 3)

    let backup = root.appendingPathComponent("backup")
    let written = try generator.write(backingUpTo: backup)
    #expect(written.count == 3)
    #expect(try generator.differences().isEmpty)
    let saved = try String(
      contentsOf: backup.appendingPathComponent("Chapters/04-Layers/Layer.swift"), encoding: .utf8)
    #expect(saved == "my own work", "a replaced file must be kept in the backup")
    let removed = try String(
      contentsOf: backup.appendingPathComponent("Chapters/04-Layers/Extra.swift"), encoding: .utf8)
    #expect(removed == "my helper", "a removed file must be kept in the backup")
    #expect(try generator.write(backingUpTo: backup).isEmpty, "a second run changes nothing")
  }
}

func temporaryWorkbook() throws -> URL {
  let root = FileManager.default.temporaryDirectory
    .appendingPathComponent("workbook-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  return root
}

func write(_ text: String, to root: URL, _ path: String) throws {
  let url = root.appendingPathComponent(path)
  try FileManager.default.createDirectory(
    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try text.write(to: url, atomically: true, encoding: .utf8)
}

/// Runs git in `root` with a throwaway identity (the tests never touch the user's settings).
func git(_ arguments: [String], in root: URL) throws -> ProcessOutcome {
  try runProcess(
    [
      "git", "-C", root.path, "-c", "user.name=Learner", "-c", "user.email=learner@example.com",
      "-c", "commit.gpgsign=false",
    ] + arguments, environment: ProcessInfo.processInfo.environment)
}
