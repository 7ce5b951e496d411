import Foundation
import Testing

@testable import WorkbookGrader

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("Report formats")
struct FormatTests {
  static func result(
    _ exercise: String, _ name: String, _ status: TestStatus, message: String? = nil
  ) -> TestResult {
    TestResult(
      id: "Chapter07Tests.S/\(name)()", name: name, suite: "\(exercise) Suite",
      exercise: exercise, status: status,
      message: status == .passed ? nil : message ?? "Expectation failed: bias\nsecond line",
      location: nil)
  }

  /// Every status, text that needs escaping, a chapter that ran and one left out of the build.
  static let report = GradeReport(chapters: [
    ChapterReport(
      number: 7, title: "Optimizers & <friends>", status: .inProgress, borrowed: false,
      passed: 2, total: 6, compileErrors: [],
      tests: [
        result("7.1", "momentum", .passed), result("7.1", "nesterov \"quoted\" 'name'", .passed),
        result(
          "7.2", "first step", .failed,
          message: "Expectation failed: (m < 1 && v > 0)\u{1B}[31m\u{0}\nsecond | line"),
        result("7.2", "loops", .timedOut), result("7.3", "index", .crashed),
        result("7.3", "shape", .notCompiled),
      ], duration: 1.25),
    ChapterReport(
      number: 8, title: "Schedules", status: .notCompiled, borrowed: false, passed: 0, total: 0,
      compileErrors: ["Chapters/08-Schedules/Cosine.swift:3:5: error: cannot find 'x'"],
      tests: [], duration: 0),
  ])

  // MARK: JUnit

  /// Counts elements and collects attributes with XMLParser (available on every platform).
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var attributes: [String: [[String: String]]] = [:]
    var text: [String: String] = [:]
    private var current: String?

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String]
    ) {
      elements[name, default: 0] += 1
      self.attributes[name, default: []].append(attributes)
      current = name
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let current { text[current, default: ""] += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
      qualifiedName: String?
    ) { current = nil }
  }

  @Test("JUnit XML parses, and its counts match the report")
  func junitParses() throws {
    let xml = Self.report.junit()
    let parser = XMLParser(data: Data(xml.utf8))
    let collector = Collector()
    parser.delegate = collector
    #expect(parser.parse(), "parse error: \(String(describing: parser.parserError))")
    #expect(collector.elements["testsuites"] == 1)
    #expect(collector.elements["testsuite"] == 2)
    #expect(collector.elements["testcase"] == 7, "six tests and chapter 8's build entry")
    #expect(collector.elements["failure"] == 1)
    #expect(collector.elements["error"] == 4)

    let suites = try #require(collector.attributes["testsuite"])
    #expect(suites[0]["name"] == "Chapter 07: Optimizers & <friends>")
    #expect(suites[0]["tests"] == "6" && suites[0]["failures"] == "1")
    #expect(suites[0]["errors"] == "3" && suites[0]["skipped"] == "0")
    #expect(suites[0]["time"] == "1.250")
    #expect(suites[1]["name"] == "Chapter 08: Schedules" && suites[1]["errors"] == "1")
    let top = try #require(collector.attributes["testsuites"]?.first)
    #expect(top["tests"] == "7" && top["failures"] == "1" && top["errors"] == "4")

    let cases = try #require(collector.attributes["testcase"])
    #expect(
      cases[0]["classname"] == "Chapter07.7_1 Suite" && cases[0]["name"] == "momentum",
      "no dot inside the suite's part of a class name: CI reporters split on dots")
    #expect(cases[1]["name"] == "nesterov \"quoted\" 'name'")
    let errors = try #require(collector.attributes["error"])
    #expect(errors.map { $0["type"] } == ["timed out", "crashed", "not compiled", "not compiled"])
    let failure = try #require(collector.attributes["failure"]?.first)
    #expect(failure["message"] == "Expectation failed: (m < 1 && v > 0)[31m")
    #expect(collector.text["failure"]?.contains("second | line") == true)
  }

  @Test("a chapter's warnings for the teacher are its <system-err> in JUnit XML")
  func junitWarnings() throws {
    var report = Self.report
    report.chapters[0].problems = ["tests missing from the run: 7.4 <b>", "test file edited"]
    let parser = XMLParser(data: Data(report.junit().utf8))
    let collector = Collector()
    parser.delegate = collector
    #expect(parser.parse(), "parse error: \(String(describing: parser.parserError))")
    #expect(
      collector.elements["system-err"] == 1, "one <system-err>, in the chapter that has warnings")
    #expect(
      collector.text["system-err"]?.contains("7.4 <b>") == true
        && collector.text["system-err"]?.contains("test file edited") == true,
      "the warnings, escaped: \(String(describing: collector.text["system-err"]))")
  }

  #if canImport(FoundationXML) || os(macOS)
    @Test("JUnit XML loads as an XMLDocument")
    func junitDocument() throws {
      let document = try XMLDocument(xmlString: Self.report.junit(), options: [])
      let root = try #require(document.rootElement())
      #expect(root.name == "testsuites")
      #expect(try document.nodes(forXPath: "//testcase").count == 7)
      #expect(try document.nodes(forXPath: "//testsuite[@name='Chapter 08: Schedules']").count == 1)
    }
  #endif

  @Test("XML escaping handles the five entities and drops control characters")
  func xmlEscaping() {
    #expect(xmlEscaped("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
    #expect(xmlEscaped("x\u{0}\u{1B}\u{7F}y\u{FFFE}") == "xy")
    #expect(xmlEscaped("a\nb\tc") == "a\nb\tc")
    #expect(xmlEscaped("a\nb", attribute: true) == "a&#10;b")
  }

  @Test("an empty report is still valid JUnit XML")
  func junitEmpty() {
    let parser = XMLParser(data: Data(GradeReport(chapters: []).junit().utf8))
    #expect(parser.parse())
  }

  // MARK: Gradescope

  @Test("Gradescope results.json has the keys and types Gradescope reads")
  func gradescope() throws {
    let json = try Self.report.gradescope()
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect((object["score"] as? NSNumber)?.doubleValue == 2)
    #expect((object["max_score"] as? NSNumber)?.doubleValue == 6)
    let tests = try #require(object["tests"] as? [[String: Any]])
    #expect(tests.count == 7)
    for test in tests {
      #expect(test["name"] is String && test["number"] is String && test["output"] is String)
      #expect(test["score"] is NSNumber && test["max_score"] is NSNumber)
      #expect(["passed", "failed"].contains(test["status"] as? String))
      #expect(test["visibility"] as? String == "visible")
    }
    #expect(
      tests.map { $0["number"] as? String } == ["7.1", "7.1", "7.2", "7.2", "7.3", "7.3", "8"])
    #expect(tests.compactMap { $0["status"] as? String }.filter { $0 == "passed" }.count == 2)
    #expect((tests[0]["score"] as? NSNumber)?.doubleValue == 1)
    #expect((tests[2]["score"] as? NSNumber)?.doubleValue == 0)
    #expect((tests[2]["output"] as? String)?.hasPrefix("Expectation failed") == true)
    #expect((tests[3]["output"] as? String)?.hasPrefix("timed out: ") == true)
    #expect((tests[6]["output"] as? String)?.contains("Cosine.swift:3:5") == true)
    #expect((tests[6]["max_score"] as? NSNumber)?.doubleValue == 0)
    let sum = tests.compactMap { ($0["max_score"] as? NSNumber)?.doubleValue }.reduce(0, +)
    #expect(sum == 6, "the per-test points add up to max_score")
  }

  // MARK: GitHub

  @Test("the GitHub summary lists chapters and ends with Points X/Y")
  func github() {
    let lines = Self.report.github().split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.last == "Points 2/6")
    #expect(
      lines.contains("Chapter 07: Optimizers & <friends>: 2/6 tests, 2/6 points, in progress"))
    #expect(lines.contains("Chapter 08: Schedules: 0/0 tests, 0/0 points, not compiled"))
    #expect(GradeReport(chapters: []).github().hasSuffix("Points 0/0"))
  }

  // MARK: Markdown

  @Test("the Markdown summary has a chapter table and the failing tests' first lines")
  func markdown() {
    let text = Self.report.markdown()
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.contains("| Chapter | Tests | Points | Status |"))
    #expect(
      lines.contains("| Chapter 07: Optimizers &amp; &lt;friends&gt; | 2/6 | 2/6 | in progress |"))
    #expect(lines.contains("| Chapter 08: Schedules | 0/0 | 0/0 | not compiled |"))
    #expect(text.contains("### Failing tests"))
    let failing = lines.filter { $0.hasPrefix("- ") }
    #expect(failing.count == 5, "four tests of chapter 7 and chapter 8's build")
    #expect(failing.contains { $0.contains("**first step** (failed): Expectation failed") })
    #expect(!text.contains("second line") && !text.contains("second | line"), "first lines only")
    #expect(failing.contains { $0.contains("Cosine.swift:3:5") })
    #expect(!text.contains("\u{1B}"))
  }

  @Test("Exercism's results.json: version 2, an error for a chapter that did not build")
  func exercism() throws {
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(Self.report.exercism().utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 2)
    #expect(object["status"] as? String == "error")
    #expect((object["message"] as? String)?.contains("Cosine.swift:3:5") == true)
    let tests = try #require(object["tests"] as? [[String: Any]])
    #expect(tests.count == 6)
    #expect(
      tests.map { $0["status"] as? String } == ["pass", "pass", "fail", "error", "error", "error"])
    #expect(
      tests[0]["message"] == nil
        && (tests[3]["message"] as? String)?.hasPrefix("timed out: ") == true)
    let passing = GradeReport(chapters: [
      ChapterReport(
        number: 1, title: "Tensors", status: .passed, borrowed: false, passed: 1, total: 1,
        compileErrors: [], tests: [Self.result("1.1", "adds", .passed)], duration: 0.1)
    ])
    let passed = try #require(
      try JSONSerialization.jsonObject(with: Data(passing.exercism().utf8)) as? [String: Any])
    #expect(passed["status"] as? String == "pass" && passed["message"] == nil)
  }

  @Test("a report where everything passes has no failing-tests section")
  func markdownAllPassed() {
    let report = GradeReport(chapters: [
      ChapterReport(
        number: 1, title: "Tensors", status: .passed, borrowed: false, passed: 1, total: 1,
        compileErrors: [], tests: [Self.result("1.1", "adds", .passed)], duration: 0.1)
    ])
    #expect(!report.markdown().contains("Failing"))
    #expect(report.markdown().contains("1/1 points (100%), 1/1 tests"))
  }
}

@Suite("Command line: formats and --min-score")
struct FormatCommandLineTests {
  @Test("--min-score accepts 80 and 80%, and refuses anything else with exit status 2")
  func minScore() throws {
    #expect(try WorkbookCommand.parseMinScore("80") == 80)
    #expect(try WorkbookCommand.parseMinScore("80%") == 80)
    #expect(try WorkbookCommand.parseMinScore("72.5%") == 72.5)
    #expect(try WorkbookCommand.parseMinScore("0") == 0)
    #expect(try WorkbookCommand.parseMinScore("100") == 100)
    for bad in ["", "%", "abc", "80%%", "-5", "101", "1e2", "nan", "0x10", "80 %", "eighty"] {
      #expect("refuses \(bad)") {
        _ = try WorkbookCommand.parseMinScore(bad)
      } throws: { error in
        (error as? WorkbookError)?.exitStatus == 2
      }
    }
    let parsed = try WorkbookCommand.parse(["grade", "--min-score", "80%"])
    #expect(parsed.options["--min-score"] == "80%")
  }

  @Test("the usage lists every format and --min-score")
  func usage() {
    for format in WorkbookCommand.formats {
      #expect(WorkbookCommand.usage.contains(format))
    }
    #expect(WorkbookCommand.usage.contains("--min-score PERCENT"))
  }
}

extension FormatCommandLineTests {
  @Test("grade refuses an unknown format or a bad --min-score with exit status 2, before grading")
  func gradeRefusesBadOptions() {
    #expect(WorkbookCommand.main(["grade", "--format", "xml", "--chapters", "1"]) == 2)
    #expect(WorkbookCommand.main(["grade", "--min-score", "lots", "--chapters", "1"]) == 2)
  }
}
