import Foundation

// Report formats for continuous integration and course platforms. Each is a pure function of a
// GradeReport: no file system, no clock, no colour.

extension ChapterReport {
  /// "Chapter 07: Optimizers".
  var heading: String { "Chapter \(twoDigits(number)): \(title)" }

  /// A chapter left out of the build (it, or one it needs, does not compile) has no tests; the
  /// formats that list tests show it as one entry, so it is never silently green.
  var missingBuild: Bool { tests.isEmpty && status == .notCompiled }

  /// Why a chapter without tests was not graded.
  var buildMessage: String {
    if !compileErrors.isEmpty {
      return "chapter \(number) does not compile:\n" + compileErrors.joined(separator: "\n")
    }
    guard let blockers = blockedBy, !blockers.isEmpty else {
      return "chapter \(number) needs an earlier chapter that does not compile"
    }
    return "chapter \(number) could not be built: it needs chapter"
      + "\(blockers.count > 1 ? "s" : "") \(ChapterSelection.format(blockers)), which "
      + "\(blockers.count > 1 ? "do" : "does") not compile"
  }
}

func twoDigits(_ number: Int) -> String {
  number < 10 && number >= 0 ? "0\(number)" : "\(number)"
}

/// The first line of a message, or "" when there is none.
func firstLine(_ message: String?) -> String {
  message.map { String($0.split(separator: "\n", omittingEmptySubsequences: true).first ?? "") }
    ?? ""
}

// MARK: - JUnit XML

/// Escapes text for XML content and attribute values: &, <, >, " and ' become entities, and
/// control characters XML 1.0 cannot hold are removed. In attributes, tab, newline and carriage
/// return are written as character references so parsers keep them.
func xmlEscaped(_ text: String, attribute: Bool = false) -> String {
  var result = ""
  result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "&": result += "&amp;"
    case "<": result += "&lt;"
    case ">": result += "&gt;"
    case "\"": result += "&quot;"
    case "'": result += "&apos;"
    case "\t", "\n", "\r":
      result += attribute ? "&#\(scalar.value);" : String(scalar)
    default:
      let value = scalar.value
      let control = value < 0x20 || (0x7F...0x9F).contains(value)
      let nonCharacter = value == 0xFFFE || value == 0xFFFF
      if !control && !nonCharacter { result.unicodeScalars.append(scalar) }
    }
  }
  return result
}

extension GradeReport {
  /// JUnit XML, as CI systems (GitLab, Jenkins, GitHub test reporters) read it: one
  /// `<testsuite>` per chapter, one `<testcase>` per test. A failed test has a `<failure>`; a
  /// crashed, timed-out or not-compiled one has an `<error>` whose `type` is the status. A
  /// chapter left out of the build has one `<testcase name="build">` with an error, so it counts.
  ///
  /// A test's `classname` is `ChapterNN.` and its suite with every dot made an underscore
  /// ("Chapter07.7_1 Optimizers"): CI reporters split class names on dots, and "7.1" would
  /// become a package "7" and a class "1 Optimizers". A chapter's warnings for a teacher (tests
  /// missing or added, points for a test that does not exist) are its `<system-err>`, the
  /// element JUnit readers show beside the suite.
  public func junit() -> String {
    func attribute(_ text: String) -> String { "\"" + xmlEscaped(text, attribute: true) + "\"" }
    func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    var suites: [String] = []
    var totals = (tests: 0, failures: 0, errors: 0, time: 0.0)
    for chapter in chapters {
      var cases: [String] = []
      var counts = (tests: 0, failures: 0, errors: 0)
      let classPrefix = "Chapter\(twoDigits(chapter.number))."
      for test in chapter.tests {
        counts.tests += 1
        let className = classPrefix + test.suite.replacingOccurrences(of: ".", with: "_")
        let opening =
          "    <testcase classname=\(attribute(className)) name=\(attribute(test.name))"
        let message = test.message ?? test.status.rawValue
        switch test.status {
        case .passed:
          cases.append(opening + "/>")
        case .failed:
          counts.failures += 1
          cases.append(
            opening + ">\n      <failure message=\(attribute(firstLine(message)))>"
              + xmlEscaped(message) + "</failure>\n    </testcase>")
        case .crashed, .timedOut, .notCompiled, .missing:
          counts.errors += 1
          cases.append(
            opening + ">\n      <error type=\(attribute(test.status.rawValue)) "
              + "message=\(attribute(firstLine(message)))>" + xmlEscaped(message)
              + "</error>\n    </testcase>")
        }
      }
      if chapter.missingBuild {
        counts.tests += 1
        counts.errors += 1
        cases.append(
          "    <testcase classname=\(attribute(classPrefix + "build")) name=\"build\">\n"
            + "      <error type=\"not compiled\" message=\(attribute(firstLine(chapter.compileErrors.first ?? chapter.buildMessage)))>"
            + xmlEscaped(chapter.buildMessage) + "</error>\n    </testcase>")
      }
      totals.tests += counts.tests
      totals.failures += counts.failures
      totals.errors += counts.errors
      totals.time += chapter.duration
      let opening =
        "  <testsuite name=\(attribute(chapter.heading)) tests=\"\(counts.tests)\" "
        + "failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"0\" "
        + "time=\"\(seconds(chapter.duration))\""
      if !chapter.problems.isEmpty {
        cases.append(
          "    <system-err>" + xmlEscaped(chapter.problems.joined(separator: "\n"))
            + "</system-err>")
      }
      suites.append(
        cases.isEmpty
          ? opening + "/>"
          : opening + ">\n" + cases.joined(separator: "\n") + "\n  </testsuite>")
    }
    let header =
      "<testsuites name=\"workbook\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" "
      + "errors=\"\(totals.errors)\" time=\"\(seconds(totals.time))\""
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + (suites.isEmpty
        ? header + "/>" : header + ">\n" + suites.joined(separator: "\n") + "\n</testsuites>")
  }
}

// MARK: - Gradescope

/// Gradescope's autograder results.json.
struct GradescopeResults: Codable {
  struct Test: Codable {
    var name: String
    var number: String
    var score: Double
    var maxScore: Double
    var status: String
    var output: String
    var visibility: String

    enum CodingKeys: String, CodingKey {
      case name, number, score
      case maxScore = "max_score"
      case status, output, visibility
    }
  }
  var score: Double
  var maxScore: Double
  var tests: [Test]
  /// Shown above the tests: the warnings of the run.
  var output: String?

  enum CodingKeys: String, CodingKey {
    case score
    case maxScore = "max_score"
    case tests, output
  }
}

extension GradeReport {
  /// Gradescope's autograder `results.json`: the total `score` and `max_score`, and one entry
  /// per test with its exercise number ("1.3"), `status` ("passed" or "failed"; a crash, a
  /// timeout and a build failure are failures, named at the start of `output`) and the
  /// message as `output`.
  ///
  /// Each test is worth what the chapter manifest says (one point by default). A chapter left
  /// out of the build is listed as one entry worth the chapter's points, all lost, so its
  /// compiler errors reach the learner. The top-level `output` carries the warnings: tests
  /// missing or added, and the files of the submission that differ from the pristine copy.
  public func gradescope() throws -> String {
    var tests: [GradescopeResults.Test] = []
    for chapter in chapters {
      for test in chapter.tests {
        // A borrowed chapter's tests pass on the reference but earn nothing: say so.
        let passed = test.status == .passed && !chapter.borrowed
        var output = test.message ?? ""
        if test.status != .passed && test.status != .failed {
          output = test.status.rawValue + (output.isEmpty ? "" : ": " + output)
        }
        if chapter.borrowed {
          output =
            "borrowed: chapter \(chapter.number) was graded from the reference (Solutions/), "
            + "not from the learner's code, so it earns no points"
        }
        tests.append(
          .init(
            name: "\(chapter.heading) / \(test.suite) / \(test.name)",
            number: test.exercise ?? "\(chapter.number)", score: rounded(test.points),
            maxScore: rounded(test.maxPoints),
            status: passed ? "passed" : "failed", output: output, visibility: "visible"))
      }
      if chapter.missingBuild {
        tests.append(
          .init(
            name: "\(chapter.heading) / build", number: "\(chapter.number)", score: 0,
            maxScore: rounded(chapter.maxPoints), status: "failed", output: chapter.buildMessage,
            visibility: "visible"))
      }
    }
    var results = GradescopeResults(
      score: rounded(points), maxScore: rounded(maxPoints), tests: tests)
    let notes = warnings()
    if !notes.isEmpty { results.output = notes.joined(separator: "\n") }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(results), as: UTF8.self)
  }
}

// MARK: - GitHub Classroom

extension GradeReport {
  /// A summary for GitHub Classroom's autograding log: one line per chapter, the warnings,
  /// then `Points X/Y` (points earned / points available, from the chapter manifests), the
  /// line autograding actions read the score from.
  public func github() -> String {
    var lines: [String] = []
    for chapter in chapters {
      var line = "\(chapter.heading): \(chapter.passed)/\(chapter.total) tests, "
      line += "\(formatPoints(chapter.points))/\(formatPoints(chapter.maxPoints)) points, "
      line += chapter.status.rawValue + (chapter.borrowed ? " (reference)" : "")
      lines.append(line)
    }
    if chapters.isEmpty { lines.append("Nothing was graded.") }
    let notes = warnings()
    if !notes.isEmpty { lines += [""] + notes.map { "Warning: " + $0 } }
    lines.append("")
    lines.append("Points \(formatPoints(points))/\(formatPoints(maxPoints))")
    return lines.joined(separator: "\n")
  }
}

// MARK: - Markdown

/// Escapes text for one line of Markdown: no table-breaking `|`, no HTML, no emphasis or code
/// markers, no line breaks and no control characters.
func markdownEscaped(_ text: String) -> String {
  var result = ""
  for character in text {
    switch character {
    case "|": result += "\\|"
    case "<": result += "&lt;"
    case ">": result += "&gt;"
    case "&": result += "&amp;"
    case "`", "*", "_", "[", "]", "\\": result += "\\" + String(character)
    case "\n", "\r", "\r\n", "\t": result += " "
    default:
      // Control characters (terminal colour codes, NUL) are dropped.
      if !character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
        result.append(character)
      }
    }
  }
  return result
}

extension GradeReport {
  /// A Markdown summary for a CI job page (`$GITHUB_STEP_SUMMARY`): a table of chapters with
  /// tests passed / total and status, then every test that did not pass with the first line
  /// of its message.
  public func markdown() -> String {
    var lines = [
      "## Workbook grade: \(formatPoints(points))/\(formatPoints(maxPoints)) points "
        + "(\(String(format: "%.0f%%", score))), \(passed)/\(total) tests", "",
      "| Chapter | Tests | Points | Status |", "| --- | ---: | ---: | --- |",
    ]
    for chapter in chapters {
      let status = chapter.status.rawValue + (chapter.borrowed ? " (reference)" : "")
      lines.append(
        "| \(markdownEscaped(chapter.heading)) | \(chapter.passed)/\(chapter.total) | "
          + "\(formatPoints(chapter.points))/\(formatPoints(chapter.maxPoints)) | \(status) |")
    }
    let notes = warnings()
    if !notes.isEmpty {
      lines += ["", "### Warnings", ""] + notes.map { "- " + markdownEscaped($0) }
    }
    var failing: [String] = []
    for chapter in chapters {
      if chapter.missingBuild {
        failing.append(
          "- \(markdownEscaped(chapter.heading)): not compiled: "
            + markdownEscaped(firstLine(chapter.compileErrors.first ?? chapter.buildMessage)))
      }
      for test in chapter.tests where test.status != .passed {
        var item = "- Chapter \(twoDigits(chapter.number)), \(markdownEscaped(test.suite)) › "
        item += "**\(markdownEscaped(test.name))** (\(test.status.rawValue))"
        let message = firstLine(test.message)
        if !message.isEmpty { item += ": " + markdownEscaped(message) }
        failing.append(item)
      }
    }
    if !failing.isEmpty {
      lines += ["", "### Failing tests", ""] + failing
    }
    return lines.joined(separator: "\n")
  }
}

// MARK: - Warnings

extension GradeReport {
  /// What a teacher should look at, beyond the tests: where the tests that ran do not match
  /// the manifests, the files a submission changed against the pristine copy, and chapters
  /// that fail only because of an earlier one (isolated mode).
  public func warnings() -> [String] {
    var notes: [String] = []
    if let pristine {
      if pristine.changed.isEmpty {
        notes.append(
          "Graded against the tests of \(pristine.source); the submission's copies match.")
      } else {
        notes.append(
          "Graded against the tests of \(pristine.source); the submission's "
            + (pristine.changed.count == 1
              ? "copy of 1 file differs and was not used: "
              : "copies of \(pristine.changed.count) files differ and were not used: ")
            + pristine.changed.joined(separator: ", "))
      }
    }
    for chapter in chapters {
      for problem in chapter.problems { notes.append("Chapter \(chapter.number): " + problem) }
      if !chapter.sunkBy.isEmpty, let own = chapter.passedWithOwnChapters {
        notes.append(
          "Chapter \(chapter.number) passes \(chapter.passed)/\(chapter.total) tests with "
            + "chapters \(ChapterSelection.format(chapter.sunkBy)) from the reference, "
            + "\(own) with the learner's own: it fails only because of "
            + "chapter\(chapter.sunkBy.count > 1 ? "s" : "") "
            + "\(ChapterSelection.format(chapter.sunkBy)).")
      }
    }
    return notes
  }
}

/// Points rounded to two decimals, as the course platforms show them.
func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

// MARK: - Exercism

extension GradeReport {
  /// The `results.json` of Exercism's test-runner interface (version 2): a top-level `status`
  /// ("pass", "fail", or "error" when a chapter could not be built at all, with its compiler
  /// errors as `message`) and one entry per test with its `name`, `status` ("pass", "fail",
  /// or "error" for a crash, a time-out, a build failure or a missing test) and `message`.
  public func exercism() throws -> String {
    struct Test: Encodable {
      var name: String
      var status: String
      var message: String?
    }
    struct Results: Encodable {
      var version = 2
      var status: String
      var message: String?
      var tests: [Test]
    }
    var tests: [Test] = []
    for chapter in chapters {
      for test in chapter.tests {
        let status =
          switch test.status {
          case .passed: "pass"
          case .failed: "fail"
          case .crashed, .timedOut, .notCompiled, .missing: "error"
          }
        tests.append(
          Test(
            name: "\(chapter.heading) / \(test.suite) / \(test.name)", status: status,
            message: status == "pass"
              ? nil
              : (status == "error" ? test.status.rawValue + ": " : "") + (test.message ?? "")))
      }
    }
    let unbuilt = chapters.filter(\.missingBuild)
    let results = Results(
      status: !unbuilt.isEmpty
        ? "error" : tests.allSatisfy { $0.status == "pass" } && !tests.isEmpty ? "pass" : "fail",
      message: unbuilt.isEmpty ? nil : unbuilt.map(\.buildMessage).joined(separator: "\n"),
      tests: tests)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(results), as: UTF8.self)
  }
}
