import Foundation
import Testing

@testable import WorkbookGrader

/// A tiny submission: the files a grading copy is assembled from (nothing is built here).
private func makeSubmission() throws -> URL {
  let root = try temporaryWorkbook()
  try write("// package\n", to: root, "Package.swift")
  try write("struct Grader {}\n", to: root, "Sources/WorkbookGrader/Grader.swift")
  try write("@Test func a() {}\n", to: root, "Tests/Chapter01Tests/ATests.swift")
  try write("@Test func b() {}\n", to: root, "Tests/Chapter01Tests/BTests.swift")
  try write("{\"tests\": 2}\n", to: root, "Chapters/01-Tensors/chapter.json")
  try write("# Tensors\n", to: root, "Chapters/01-Tensors/README.md")
  try write("let mine = 1\n", to: root, "Chapters/01-Tensors/Tensor.swift")
  return root
}

@Suite("Grading against pristine tests")
struct PristineTests {
  @Test("the copy takes tests and manifests from the pristine folder and code from the submission")
  func directory() throws {
    let pristine = try makeSubmission()
    let submission = try makeSubmission()
    defer {
      try? FileManager.default.removeItem(at: pristine)
      try? FileManager.default.removeItem(at: submission)
    }
    // The learner: makes a test always pass, deletes another, adds one, edits the manifest.
    try write(
      "@Test func a() { #expect(true) }\n", to: submission, "Tests/Chapter01Tests/ATests.swift")
    try FileManager.default.removeItem(
      at: submission.appendingPathComponent("Tests/Chapter01Tests/BTests.swift"))
    try write("@Test func c() {}\n", to: submission, "Tests/Chapter01Tests/CTests.swift")
    try write("{\"tests\": 1}\n", to: submission, "Chapters/01-Tensors/chapter.json")
    try write("let mine = 2\n", to: submission, "Chapters/01-Tensors/Tensor.swift")

    let (copy, check) = try PristineSource.directory(pristine).prepare(submission: submission)
    #expect(copy.path.hasPrefix(submission.path) && copy.path.hasSuffix(".workbook/pristine"))
    #expect(
      check.changed == [
        "Chapters/01-Tensors/chapter.json (edited)", "Tests/Chapter01Tests/ATests.swift (edited)",
        "Tests/Chapter01Tests/BTests.swift (deleted)", "Tests/Chapter01Tests/CTests.swift (added)",
      ])
    func read(_ path: String) -> String? {
      try? String(contentsOf: copy.appendingPathComponent(path), encoding: .utf8)
    }
    #expect(read("Tests/Chapter01Tests/ATests.swift") == "@Test func a() {}\n")
    #expect(read("Tests/Chapter01Tests/BTests.swift") == "@Test func b() {}\n")
    #expect(read("Tests/Chapter01Tests/CTests.swift") == nil)
    #expect(read("Chapters/01-Tensors/chapter.json") == "{\"tests\": 2}\n")
    #expect(read("Chapters/01-Tensors/Tensor.swift") == "let mine = 2\n", "the learner's code")
    // The submission itself is never changed.
    #expect(
      (try? String(
        contentsOf: submission.appendingPathComponent("Tests/Chapter01Tests/CTests.swift"),
        encoding: .utf8)) == "@Test func c() {}\n")
  }

  @Test("a second run rewrites only what changed, so the build stays incremental")
  func incremental() throws {
    let pristine = try makeSubmission()
    let submission = try makeSubmission()
    defer {
      try? FileManager.default.removeItem(at: pristine)
      try? FileManager.default.removeItem(at: submission)
    }
    let (copy, first) = try PristineSource.directory(pristine).prepare(submission: submission)
    #expect(first.changed.isEmpty)
    let test = copy.appendingPathComponent("Tests/Chapter01Tests/ATests.swift")
    let code = copy.appendingPathComponent("Chapters/01-Tensors/Tensor.swift")
    let past = Date(timeIntervalSince1970: 1_000_000)
    for url in [test, code] {
      try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: url.path)
    }
    try write("let mine = 3\n", to: submission, "Chapters/01-Tensors/Tensor.swift")
    try write("stale\n", to: copy, ".build-workbook/keep.txt")
    try write("stale\n", to: copy, "Chapters/01-Tensors/Removed.swift")
    _ = try PristineSource.directory(pristine).prepare(submission: submission)
    func modified(_ url: URL) throws -> Date? {
      try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
    }
    #expect(try modified(test) == past, "an unchanged file keeps its date")
    #expect(try modified(code) != past, "a changed file is rewritten")
    #expect(
      !FileManager.default.fileExists(
        atPath: copy.appendingPathComponent("Chapters/01-Tensors/Removed.swift").path))
    #expect(
      FileManager.default.fileExists(
        atPath: copy.appendingPathComponent(".build-workbook/keep.txt").path),
      "build folders are kept")
  }

  @Test("--pristine REF reads the files of a git commit")
  func gitRef() throws {
    let submission = try makeSubmission()
    defer { try? FileManager.default.removeItem(at: submission) }
    func git(_ arguments: [String]) throws -> ProcessOutcome {
      try WorkbookGraderTests.git(arguments, in: submission)
    }
    guard (try? git(["init", "-q"]))?.succeeded == true else { return }  // no git here
    #expect(try git(["add", "-A"]).succeeded)
    #expect(try git(["commit", "-q", "-m", "template"]).succeeded)
    #expect(try git(["tag", "assignment"]).succeeded)
    try write(
      "@Test func a() { #expect(true) }\n", to: submission, "Tests/Chapter01Tests/ATests.swift")
    #expect(try git(["commit", "-qam", "make it pass"]).succeeded, "committed, still caught")

    let (copy, check) = try PristineSource.gitRef("assignment").prepare(submission: submission)
    #expect(check.source == "git ref assignment")
    #expect(check.changed == ["Tests/Chapter01Tests/ATests.swift (edited)"])
    #expect(
      (try? String(
        contentsOf: copy.appendingPathComponent("Tests/Chapter01Tests/ATests.swift"),
        encoding: .utf8)) == "@Test func a() {}\n")
    #expect {
      _ = try PristineSource.gitRef("no-such-ref").prepare(submission: submission)
    } throws: { error in
      (error as? WorkbookError)?.exitStatus == 2
        && (error as? WorkbookError)?.description.contains("no-such-ref") == true
    }
  }

  @Test(
    "grading a chapter the pristine source lacks says so, naming the source and its chapters")
  func pristineWithoutTheChapter() throws {
    func manifest(_ number: Int, _ name: String) -> String {
      "{\"number\": \(number), \"title\": \"\(name)\", \"module\": \"\(name)\", \"exercises\": []}"
    }
    let submission = try temporaryWorkbook()
    let pristine = try temporaryWorkbook()
    defer {
      try? FileManager.default.removeItem(at: submission)
      try? FileManager.default.removeItem(at: pristine)
    }
    for root in [submission, pristine] {
      try write("// package\n", to: root, "Package.swift")
      try write(manifest(1, "Tensors"), to: root, "Chapters/01-Tensors/chapter.json")
    }
    // The template grew a chapter after the pristine commit was taken.
    try write(manifest(2, "Gradients"), to: submission, "Chapters/02-Gradients/chapter.json")
    let arguments = try WorkbookCommand.parse([
      "grade", "--chapters", "2", "--pristine-dir", pristine.path,
    ])
    #expect {
      _ = try WorkbookCommand.run(arguments, directory: submission)
    } throws: { error in
      let text = (error as? WorkbookError)?.description ?? ""
      return text.contains("chapter 2 is not in folder \(pristine.path)")
        && text.contains("it has chapter 1") && text.contains("PRISTINE_REF")
    }
  }

  @Test("--pristine and --pristine-dir together, or a missing folder, are usage errors")
  func usage() throws {
    #expect(
      WorkbookCommand.main(["grade", "--pristine", "main", "--pristine-dir", "/tmp/x"]) == 2)
    let submission = try makeSubmission()
    defer { try? FileManager.default.removeItem(at: submission) }
    #expect {
      _ = try PristineSource.directory(submission.appendingPathComponent("nowhere"))
        .prepare(submission: submission)
    } throws: { error in (error as? WorkbookError)?.exitStatus == 2 }
  }
}
