import Foundation
import Testing

@testable import WorkbookGrader

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension IsolationTests {
  /// Chapter 1's transpose, mutated four ways (and a fifth that never ends, to interrupt).
  static let transposeMutants = MutantCatalogue(
    chapter: 1,
    mutants: [
      Mutant(
        id: "1.2-copies", exercise: "1.2", file: "Tensor+Shape.swift",
        bug: "the elements copied in place", effect: "a reshape, not a transpose",
        concept: "transpose", find: "result[j * rows + i] = scalars[i * columns + j]",
        replace: "result[i * columns + j] = scalars[i * columns + j]"),
      Mutant(
        id: "1.2-unnamed", exercise: "1.2", file: "Tensor+Shape.swift",
        bug: "the elements copied in place", effect: "a reshape, not a transpose",
        concept: "no message says this", find: "result[j * rows + i] = scalars[i * columns + j]",
        replace: "result[i * columns + j] = scalars[i * columns + j]"),
      Mutant(
        id: "1.2-equivalent", exercise: "1.2", file: "Tensor+Shape.swift",
        bug: "shape.first! for shape[0]", effect: "nothing", concept: "rows",
        find: "let rows = shape[0]", replace: "let rows = shape.first!"),
      Mutant(
        id: "1.2-stale", exercise: "1.2", file: "Tensor+Shape.swift", bug: "gone",
        effect: "gone", concept: "gone", find: "a line that is not in the file", replace: "x"),
      Mutant(
        id: "1.2-hangs", exercise: "1.2", file: "Tensor+Shape.swift", bug: "a loop that never ends",
        effect: "hangs", concept: "time", find: "let columns = shape[1]",
        // The print keeps the optimiser from deleting a loop without side effects.
        replace: "while shape.count > 0 { print(terminator: \"\") }\n    let columns = shape[1]"),
    ])

  @Test(
    "verify --mutants reports killed, unnamed, survived and stale mutants, and puts the reference back, also when interrupted or killed"
  )
  func mutantRun() throws {
    let program = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
      .deletingLastPathComponent().appendingPathComponent("workbook")
    try #require(
      FileManager.default.isExecutableFile(atPath: program.path), "no workbook at \(program.path)")
    let root = try Self.solvedCopy()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(
      String(decoding: try JSONEncoder().encode(Self.transposeMutants), as: UTF8.self), to: root,
      "Solutions/01-Tensors/mutants.json")
    // The lesson needs a place for the catalogue's table (the generator insists on one).
    let lesson = root.appendingPathComponent("Solutions/01-Tensors/README.md")
    let lessonText = try String(contentsOf: lesson, encoding: .utf8)
    if !lessonText.contains("<!-- mutants:start -->") {
      try (lessonText + "\n<!-- mutants:start -->\n<!-- mutants:end -->\n").write(
        to: lesson, atomically: true, encoding: .utf8)
    }
    let file = root.appendingPathComponent("Solutions/01-Tensors/Tensor+Shape.swift")
    let original = try String(contentsOf: file, encoding: .utf8)
    let journal = MutantJournal.url(in: root)
    func environment() -> [String: String] {
      var environment = ProcessInfo.processInfo.environment
      environment["WORKBOOK_REFERENCE"] = nil
      return environment
    }

    /// Runs the program in the copy to the end: its exit status and output.
    func workbook(_ arguments: [String]) throws -> (status: Int32, output: String) {
      let process = Process()
      process.executableURL = program
      process.arguments = arguments
      process.currentDirectoryURL = root
      process.environment = environment()
      let output = root.appendingPathComponent("output-\(UUID().uuidString).txt")
      _ = FileManager.default.createFile(atPath: output.path, contents: nil)
      let handle = try FileHandle(forWritingTo: output)
      process.standardOutput = handle
      process.standardError = handle
      try process.run()
      process.waitUntilExit()
      try handle.close()
      return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8))
    }

    // One run over the four that end.
    let (status, text) = try workbook([
      "verify", "--mutants", "--chapters", "1", "--only",
      "1.2-copies,1.2-unnamed,1.2-equivalent,1.2-stale",
    ])
    #expect(status == 1, "a survivor fails the run: \(text.suffix(2000))")
    #expect(text.contains("  killed    1.2-copies: "), "\(text.suffix(2000))")
    #expect(text.contains("one says \"transpose\""))
    #expect(text.contains("  UNNAMED   1.2-unnamed: "))
    #expect(text.contains("no message says \"no message says this\""))
    #expect(text.contains("  SURVIVED  1.2-equivalent: every test passes"))
    #expect(
      text.contains(
        "  STALE     1.2-stale: no longer applies: its text is no longer in Tensor+Shape.swift"))
    #expect(text.contains("FAIL  chapter 1: 4 mutants, 2 killed, 1 with the concept named (25%)"))
    #expect(try String(contentsOf: file, encoding: .utf8) == original, "the reference is back")
    #expect(!FileManager.default.fileExists(atPath: journal.path))

    // Ctrl-C while the mutant that never ends runs: exit 130, the reference put back.
    func start() throws -> (Process, URL) {
      let process = Process()
      process.executableURL = program
      process.arguments = [
        "verify", "--mutants", "--chapters", "1", "--only", "1.2-hangs", "--time-limit", "300",
      ]
      process.currentDirectoryURL = root
      process.environment = environment()
      let output = root.appendingPathComponent("output-\(UUID().uuidString).txt")
      _ = FileManager.default.createFile(atPath: output.path, contents: nil)
      let handle = try FileHandle(forWritingTo: output)
      process.standardOutput = handle
      process.standardError = handle
      try process.run()
      // Until the mutant is applied and its tests run (the log says when), at most 5 minutes.
      let deadline = Date().addingTimeInterval(300)
      func log() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
      while !log().contains("mutant 1/1, 1.2-hangs") && Date() < deadline && process.isRunning {
        usleep(200_000)
      }
      usleep(8_000_000)  // the build, then the test that never ends
      #expect(process.isRunning, "still running when stopped: \(log().suffix(1000))")
      #expect(
        try String(contentsOf: file, encoding: .utf8) != original,
        "the mutant is applied while it runs")
      return (process, output)
    }
    let (interrupted, output) = try start()
    interrupted.interrupt()
    interrupted.waitUntilExit()
    let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    #expect(interrupted.terminationStatus == 130, "\(log.suffix(1500))")
    #expect(try String(contentsOf: file, encoding: .utf8) == original, "the reference is back")
    #expect(!FileManager.default.fileExists(atPath: journal.path))

    // Killed outright (no chance to clean up): the journal stays, and the next maintainer
    // command puts the reference back before doing anything else.
    let (killed, _) = try start()
    killTree(killed.processIdentifier)
    killed.waitUntilExit()
    #expect(FileManager.default.fileExists(atPath: journal.path))
    let next = try workbook(["check-stubs"])
    #expect(
      next.output.contains("put Solutions/01-Tensors/Tensor+Shape.swift back"),
      "\(next.output.suffix(1000))")
    #expect(try String(contentsOf: file, encoding: .utf8) == original, "the reference is back")
    #expect(!FileManager.default.fileExists(atPath: journal.path))
  }
}
