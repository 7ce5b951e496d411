import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Points from the chapter manifest")
struct ScoringTests {
  static func result(_ exercise: String?, _ name: String, _ status: TestStatus) -> TestResult {
    TestResult(
      id: "Chapter05Tests.S/\(name)()", name: name, suite: "\(exercise ?? "x") Suite",
      exercise: exercise, status: status, message: status == .passed ? nil : "wrong",
      location: nil)
  }

  static func chapter(_ exercises: [Exercise]) -> Chapter {
    Chapter(number: 5, title: "Losses", module: "Losses", exercises: exercises)
  }

  static func graded(_ tests: [TestResult], _ exercises: [Exercise]) -> ChapterReport {
    var report = ChapterReport(
      number: 5, title: "Losses", status: .notStarted, borrowed: false, passed: 0, total: 0,
      compileErrors: [], tests: tests, duration: 0)
    report.score(chapter(exercises))
    return report
  }

  @Test("by default every test is worth one point")
  func onePointEach() {
    let report = Self.graded(
      [Self.result("5.1", "a", .passed), Self.result("5.1", "b", .failed)],
      [Exercise(id: "5.1", title: "MSE", hints: [], tests: 2)])
    #expect(report.points == 1 && report.maxPoints == 2 && report.problems.isEmpty)
    #expect(report.status == .inProgress)
  }

  @Test("an exercise's points are shared equally by its tests, named tests get their own")
  func exercisePoints() {
    let tests = [
      Self.result("5.1", "a", .passed), Self.result("5.1", "b", .failed),
      Self.result("5.2", "c", .passed), Self.result("5.2", "d", .passed),
      Self.result("5.2", "e", .failed),
    ]
    let report = Self.graded(
      tests,
      [
        Exercise(id: "5.1", title: "MSE", hints: [], tests: 2, points: 10),
        Exercise(
          id: "5.2", title: "CE", hints: [], tests: 3, points: 6, testPoints: ["c": 4]),
      ])
    let worth = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.name, $0.maxPoints) })
    #expect(worth == ["a": 5, "b": 5, "c": 4, "d": 1, "e": 1])
    #expect(report.points == 5 + 4 + 1 && report.maxPoints == 16)
    let grade = GradeReport(chapters: [report])
    #expect(abs(grade.score - 62.5) < 1e-9, "the score is a share of points, not of tests")
  }

  @Test("deleting a test file never raises the grade: missing tests count as failed")
  func missingTests() {
    let exercises = [Exercise(id: "5.1", title: "MSE", hints: [], tests: 4)]
    let all = Self.graded(
      [
        Self.result("5.1", "a", .passed), Self.result("5.1", "b", .failed),
        Self.result("5.1", "c", .failed), Self.result("5.1", "d", .passed),
      ], exercises)
    // The learner deletes the file holding the two failing tests.
    let deleted = Self.graded(
      [Self.result("5.1", "a", .passed), Self.result("5.1", "d", .passed)], exercises)
    #expect(deleted.points == all.points && deleted.maxPoints == all.maxPoints)
    #expect(deleted.tests.filter { $0.status == .missing }.count == 2)
    #expect(deleted.status == .inProgress, "a chapter with missing tests does not pass")
    #expect(deleted.problems.count == 1 && deleted.problems[0].contains("2 of its 4 tests"))
    let message = deleted.tests.first { $0.status == .missing }?.message ?? ""
    #expect(message.contains("git checkout -- Tests/Chapter05Tests"))
  }

  @Test("added tests dilute instead of adding points, and are reported")
  func addedTests() {
    let exercises = [Exercise(id: "5.1", title: "MSE", hints: [], tests: 2)]
    var tests = [Self.result("5.1", "a", .failed), Self.result("5.1", "b", .failed)]
    tests += (0..<8).map { Self.result("5.1", "free \($0)", .passed) }
    let report = Self.graded(tests, exercises)
    #expect(abs(report.maxPoints - 2) < 1e-9, "the exercise is still worth its 2 points")
    #expect(abs(report.points - 1.6) < 1e-9)
    #expect(report.problems.first?.contains("10 tests ran but chapter.json counts 2") == true)
  }

  @Test("tests outside every exercise and points for a test that did not run are reported")
  func strays() {
    let report = Self.graded(
      [Self.result("5.1", "a", .passed), Self.result(nil, "mine", .passed)],
      [Exercise(id: "5.1", title: "MSE", hints: [], tests: 1, testPoints: ["gone": 3])])
    #expect(report.tests.first { $0.name == "mine" }?.maxPoints == 0)
    #expect(report.problems.contains { $0.contains("\"gone\"") })
    #expect(report.problems.contains { $0.contains("belong to no exercise") })
  }

  @Test("a chapter that does not compile keeps its worth, so it cannot shrink the maximum")
  func notCompiledWorth() {
    var report = ChapterReport(
      number: 5, title: "Losses", status: .notCompiled, borrowed: false, passed: 0, total: 0,
      compileErrors: ["x.swift:1:1: error: no"], tests: [], duration: 0)
    report.score(
      Self.chapter([
        Exercise(id: "5.1", title: "MSE", hints: [], tests: 3),
        Exercise(id: "5.2", title: "CE", hints: [], tests: 2, points: 10),
      ]))
    #expect(report.points == 0 && report.maxPoints == 13 && report.status == .notCompiled)
    // Not built is not tampered with: no "a test file was deleted" problem, and the manifest's
    // five tests are counted, none passed.
    #expect(report.problems.isEmpty, "\(report.problems)")
    #expect(report.total == 5 && report.passed == 0)
  }

  @Test("a borrowed chapter earns no points but keeps its worth, and Gradescope says why")
  func borrowedEarnsNothing() throws {
    var report = ChapterReport(
      number: 5, title: "Losses", status: .notStarted, borrowed: true, passed: 0, total: 0,
      compileErrors: [], tests: [Self.result("5.1", "a", .passed)], duration: 0)
    report.score(Self.chapter([Exercise(id: "5.1", title: "MSE", hints: [], tests: 1)]))
    #expect(report.points == 0 && report.maxPoints == 1 && report.status == .passed)
    let grade = GradeReport(chapters: [report])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(grade.gradescope().utf8)) as? [String: Any])
    let test = try #require((object["tests"] as? [[String: Any]])?.first)
    #expect(test["status"] as? String == "failed")
    #expect((test["output"] as? String)?.contains("graded from the reference") == true)
    #expect(grade.github().hasSuffix("Points 0/1"))
  }

  @Test("the formats carry points and warnings")
  func formats() throws {
    var report = GradeReport(chapters: [
      Self.graded(
        [Self.result("5.1", "a", .passed), Self.result("5.1", "b", .failed)],
        [Exercise(id: "5.1", title: "MSE", hints: [], tests: 3, points: 9)])
    ])
    report.pristine = PristineCheck(
      source: "git ref main", changed: ["Tests/Chapter05Tests/A.swift (edited)"])
    #expect(report.github().hasSuffix("Points 3/9"))
    #expect(report.github().contains("Warning: Graded against the tests of git ref main"))
    let gradescope = try #require(
      try JSONSerialization.jsonObject(with: Data(report.gradescope().utf8)) as? [String: Any])
    #expect((gradescope["score"] as? NSNumber)?.doubleValue == 3)
    #expect((gradescope["max_score"] as? NSNumber)?.doubleValue == 9)
    #expect((gradescope["output"] as? String)?.contains("A.swift (edited)") == true)
    #expect(report.markdown().contains("### Warnings"))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
    #expect((json["points"] as? NSNumber)?.doubleValue == 3)
    #expect((json["maxPoints"] as? NSNumber)?.doubleValue == 9)
    let decoded = try JSONDecoder().decode(GradeReport.self, from: Data(report.json().utf8))
    #expect(decoded.pristine == report.pristine && decoded.points == 3)
  }

  @Test("the table marks borrowed chapters, chapters sunk by an earlier one, and problems")
  func tableMarkers() throws {
    let workbook = try ReportTests.makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    var sunk = Self.graded(
      [Self.result("5.1", "a", .passed)], [Exercise(id: "5.1", title: "MSE", hints: [], tests: 2)])
    sunk.sunkBy = [2, 3]
    sunk.passedWithOwnChapters = 0
    var borrowed = Self.graded([Self.result("5.1", "a", .passed)], [])
    borrowed.number = 4
    borrowed.borrowed = true
    let text = TextReport(workbook: workbook, colour: false).table(
      GradeReport(chapters: [borrowed, sunk]))
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(text.contains("passed (reference)") && text.contains("(reference): borrowed"))
    #expect(text.contains("in progress * !"))
    #expect(text.contains("* Chapter 5 fails only because of your chapters 2-3"))
    #expect(text.contains("! Chapter 5: exercise 5.1: 1 of its 2 tests did not run"))
  }
}
