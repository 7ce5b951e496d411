import Foundation
import Testing

@testable import WorkbookGrader

/// End-to-end: grades a copy of this workbook in which Chapters/ equals Solutions/, after
/// breaking it on purpose. It builds a package, so it takes a minute or two: it runs when
/// WORKBOOK_INTEGRATION_TESTS is set (the project's test command sets it).
@Suite(
  "Grading isolates every failure",
  .enabled(if: ProcessInfo.processInfo.environment["WORKBOOK_INTEGRATION_TESTS"] != nil))
struct IsolationTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A copy of the workbook with the reference as the learner's code.
  static func solvedCopy() throws -> URL {
    let root = try temporaryWorkbook()
    for item in ["Package.swift", "Sources", "Tests", "Solutions"] {
      try FileManager.default.copyItem(
        at: packageRoot.appendingPathComponent(item), to: root.appendingPathComponent(item))
    }
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("Solutions"),
      to: root.appendingPathComponent("Chapters"))
    return root
  }

  @Test(
    "a compile error, a trap and an infinite loop are each named, and everything else is graded")
  func isolation() throws {
    let root = try Self.solvedCopy()
    defer { try? FileManager.default.removeItem(at: root) }
    let workbook = try Workbook(root: root)
    let chapters = workbook.chapters.map(\.number)
    try #require(chapters.starts(with: [1, 2, 3]))

    // A syntax error in chapter 2, on a line we know.
    let broken = root.appendingPathComponent("Chapters/02-Gradients/Broken.swift")
    try "public func broken() {\n  let x = (1 + \n}\n".write(
      to: broken, atomically: true, encoding: .utf8)
    // In chapter 1, one test that traps and one that never ends.
    try write(
      """
      import Testing

      @Suite("1.1 Injected by the grader's tests")
      struct InjectedTests {
        @Test("reads past the end of an array") func outOfBounds() {
          let values = [1.0, 2.0]
          let index = values.count + Int.random(in: 0...1)
          #expect(values[index] > 0)
        }

        @Test("never ends") func forever() {
          var x = 0.0
          while x >= 0 { x += 1 }
          #expect(x < 0)
        }
      }
      """, to: root, "Tests/Chapter01Tests/InjectedTests.swift")

    var options = GradeOptions(chapters: chapters)
    options.timeLimit = 20
    options.scratchPath = ".build-isolation"
    let report = try Grader(workbook: workbook).grade(options)
    let byNumber = Dictionary(uniqueKeysWithValues: report.chapters.map { ($0.number, $0) })

    let one = try #require(byNumber[1])
    #expect(one.tests.first { $0.name == "reads past the end of an array" }?.status == .crashed)
    #expect(one.tests.first { $0.name == "never ends" }?.status == .timedOut)
    let others = one.tests.filter { !$0.suite.contains("Injected") }
    #expect(others.count >= 30 && others.allSatisfy { $0.status == .passed })

    let two = try #require(byNumber[2])
    #expect(two.status == .notCompiled)
    #expect(
      two.compileErrors.first?.hasPrefix("Chapters/02-Gradients/Broken.swift:3") == true,
      "the first error names the file and line: \(two.compileErrors)")
    #expect(two.total > 0 && two.tests.allSatisfy { $0.status == .notCompiled })

    // The test that never ends must not outlive grading: `swift test` runs the test binary in
    // a process group of its own, which a kill of `swift test`'s group does not reach.
    let processes = try runProcess(
      ["ps", "-A", "-o", "args="], environment: ProcessInfo.processInfo.environment)
    let leftovers = processes.output.split(separator: "\n").filter { $0.contains(root.path) }
    #expect(leftovers.isEmpty, "test processes still running after grading: \(leftovers)")

    for chapter in report.chapters where chapter.number >= 3 {
      #expect(chapter.total > 0 && chapter.passed == chapter.total, "chapter \(chapter.number)")
    }
  }
}
