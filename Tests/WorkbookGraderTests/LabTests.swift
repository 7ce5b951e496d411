import Foundation
import Testing

@testable import WorkbookGrader

/// Two chapters: chapter 1 done, chapter 11 with exercise 11.2 still a stub; a lab for 11.
private func makeLabWorkbook() throws -> URL {
  let root = try temporaryWorkbook()
  try write("// package\n", to: root, "Package.swift")
  func manifest(_ number: Int, _ exercises: [String]) -> String {
    let list = exercises.map { #"{"id": "\#($0)", "title": "Exercise \#($0)", "hints": []}"# }
    return #"{"number": \#(number), "title": "Chapter \#(number)", "module": "M\#(number)", "#
      + #""exercises": [\#(list.joined(separator: ", "))]}"#
  }
  try write(manifest(1, ["1.1"]), to: root, "Chapters/01-Tensors/chapter.json")
  try write("func a() -> Int { 1 }\n", to: root, "Chapters/01-Tensors/A.swift")
  try write(manifest(11, ["11.1", "11.2"]), to: root, "Chapters/11-Normalisation/chapter.json")
  try write(
    "func done() -> Int { 2 }\n", to: root, "Chapters/11-Normalisation/Statistics.swift")
  try write(
    "func diagnose() -> [Int] {\n  // TODO(11.2): your code here (README.md, exercise 11.2).\n"
      + "  return []\n}\n", to: root, "Chapters/11-Normalisation/Diagnostic.swift")
  try write("print(1)\n", to: root, "Sources/Labs/Lab11/main.swift")
  return root
}

@Suite("The lab")
struct LabTests {
  @Test("an exercise whose TODO line is in place is a stub, named with its file")
  func findsStubs() throws {
    let root = try makeLabWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let lab = Lab(workbook: try Workbook(root: root))
    #expect(lab.chapters == [11])
    let stubs = try lab.stubs(in: [1, 11])
    #expect(
      stubs == [
        Lab.Stub(
          exercise: "11.2", title: "Exercise 11.2",
          file: "Chapters/11-Normalisation/Diagnostic.swift")
      ])
  }

  @Test("the message names each stub and the selection that borrows it")
  func message() {
    let stubs = [
      Lab.Stub(exercise: "3.2", title: "Topological order", file: "Chapters/03-Autodiff/T.swift"),
      Lab.Stub(exercise: "11.2", title: "Input statistics", file: "Chapters/11-N/D.swift"),
    ]
    let text = Lab.stubMessage(chapter: 11, stubs: stubs, borrowable: true)
    #expect(text.contains("  3.2 Topological order (Chapters/03-Autodiff/T.swift)"))
    #expect(text.contains("11.2 Input statistics"))
    let flat = text.replacingOccurrences(of: "\n", with: " ")
    #expect(flat.contains("swift run workbook lab 11 --reference 3,11"))
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    let release = Lab.stubMessage(chapter: 11, stubs: stubs, borrowable: false)
    #expect(!release.contains("--reference"), "a student release has nothing to borrow")
  }

  @Test("many stubs are listed one line per chapter folder, within 80 columns")
  func manyStubs() {
    let stubs =
      (1...6).map {
        Lab.Stub(exercise: "1.\($0)", title: "T", file: "Chapters/01-Tensors/F\($0).swift")
      } + (1...5).map { Lab.Stub(exercise: "2.\($0)", title: "T", file: "Chapters/02-G/G.swift") }
    let lines = Lab.stubMessage(chapter: 11, stubs: stubs, borrowable: true)
      .split(separator: "\n").map(String.init)
    #expect(lines.contains("  Chapters/01-Tensors: 1.1, 1.2, 1.3, 1.4, 1.5, 1.6"))
    #expect(lines.contains("  Chapters/02-G: 2.1, 2.2, 2.3, 2.4, 2.5"))
    #expect(lines.allSatisfy { $0.count <= 80 })
    #expect(lines.last?.contains("--reference 1-2") == true)
  }

  @Test("a chapter without a lab is a usage error that lists the labs")
  func noLab() throws {
    let root = try makeLabWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let lab = Lab(workbook: try Workbook(root: root))
    #expect {
      try lab.run(1, reference: [], log: { _ in })
    } throws: { error in
      let error = error as? WorkbookError
      return error?.exitStatus == 2 && error?.description.contains("are 11") == true
    }
  }
}

// End-to-end: builds a lab in a copy of the workbook (a minute or so). In the serialized suite
// of the other end-to-end tests: they share the process's interrupt handling.
extension IsolationTests {
  @Test("the lab: on the stubs it names the exercises; on the reference it prints its sections")
  func labOfChapterSeven() throws {
    let root = try IsolationTests.stubCopy()
    defer { try? FileManager.default.removeItem(at: root) }
    let lab = Lab(workbook: try Workbook(root: root))
    var said: [String] = []
    let onStubs = try lab.run(7, reference: [], log: { _ in }, say: { said.append($0) })
    #expect(onStubs == 1)
    let message = said.joined(separator: "\n")
    #expect(
      message.contains("Chapters/01-Tensors: 1.1, 1.2"),
      "chapter 7's lab needs chapter 1, still a stub here")
    #expect(message.contains("7.2"))
    // Chapter 7 builds on chapters 1-5 (not 6): exactly the chapters to borrow.
    #expect(
      message.replacingOccurrences(of: "\n", with: " ").contains("--reference 1-5,7"),
      "\(message)")
    said = []
    let onReference = try lab.run(
      7, reference: Array(1...7), log: { _ in }, say: { said.append($0) })
    let page = said.joined(separator: "\n")
    #expect(onReference == 0, "the lab failed:\n\(page)")
    #expect(page.contains("Lab 7: Optimizers"))
    #expect(page.contains("The missing zeroGrad"))
    #expect(page.contains("Four optimizers"))
    #expect(page.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }
}
