import Foundation

/// Renders grade reports for a terminal: plain text that fits 80 columns, with colour only
/// when `colour` is on (a terminal, and NO_COLOR unset).
public struct TextReport {
  public var workbook: Workbook
  public var colour: Bool

  public init(workbook: Workbook, colour: Bool) {
    self.workbook = workbook
    self.colour = colour
  }

  func paint(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  func mark(_ status: TestStatus) -> String {
    switch status {
    case .passed: paint("PASS", "32")
    case .failed: paint("FAIL", "31")
    case .crashed: paint("CRASH", "31;1")
    case .timedOut: paint("TIME", "33")
    case .notCompiled: paint("BUILD", "35")
    case .missing: paint("MISS", "31")
    }
  }

  private func statusText(_ chapter: ChapterReport) -> String {
    let text = chapter.status.rawValue + (chapter.borrowed ? " (reference)" : "")
    switch chapter.status {
    case .passed: return paint(text, "32")
    case .notCompiled: return paint(text, "35")
    case .inProgress: return paint(text, "33")
    case .notStarted: return text
    }
  }

  /// Exercises fully passed / exercises, for one chapter.
  func exerciseCount(_ report: ChapterReport) -> (solved: Int, total: Int) {
    let exercises = (try? workbook.chapter(report.number).exercises.map(\.id)) ?? []
    let solved = exercises.filter { id in
      let tests = report.tests.filter { $0.exercise == id }
      return !tests.isEmpty && tests.allSatisfy { $0.status == .passed }
    }
    return (solved.count, exercises.count)
  }

  /// The progress table: one row per chapter, then the total, then notes on the marked rows:
  /// "(reference)" for a borrowed chapter, "*" for a chapter that fails only because of an
  /// earlier one (isolated mode), "!" when the tests that ran do not match the manifest.
  /// At most 80 columns.
  public func table(_ report: GradeReport) -> String {
    // Every column but the last is padded to its width; the last (status) is as long as it is.
    func row(_ columns: [String], _ widths: [Int]) -> String {
      let padded = zip(columns, widths).map { text, width in
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
      }
      return (padded + columns.dropFirst(widths.count)).joined(separator: "  ")
    }
    let widths = [26, 9, 7, 9]
    var lines = [row(["Chapter", "Exercises", "Tests", "Points", "Status"], widths)]
    lines.append(String(repeating: "-", count: 78))
    var notes: [String] = []
    for chapter in report.chapters {
      let (solved, total) = exerciseCount(chapter)
      let name = String(format: "%2d ", chapter.number) + chapter.title
      var status = statusText(chapter)
      if !chapter.sunkBy.isEmpty, let own = chapter.passedWithOwnChapters {
        status += " *"
        notes.append(
          "* Chapter \(chapter.number) fails only because of your chapter"
            + "\(chapter.sunkBy.count > 1 ? "s" : "") \(ChapterSelection.format(chapter.sunkBy)): "
            + "with the reference's it passes \(chapter.passed)/\(chapter.total) tests, "
            + "with yours \(own).")
      }
      if !chapter.problems.isEmpty {
        status += " !"
        notes += chapter.problems.map { "! Chapter \(chapter.number): \($0)" }
      }
      lines.append(
        row(
          [
            String(name.prefix(26)), "\(solved)/\(total)", "\(chapter.passed)/\(chapter.total)",
            "\(formatPoints(chapter.points))/\(formatPoints(chapter.maxPoints))", status,
          ], widths))
    }
    lines.append(String(repeating: "-", count: 78))
    lines.append(
      row(
        [
          "Total", "", "\(report.passed)/\(report.total)",
          "\(formatPoints(report.points))/\(formatPoints(report.maxPoints))",
          String(format: "%.0f%%", report.score),
        ], widths))
    if report.chapters.contains(where: \.borrowed) {
      notes.insert(
        "(reference): borrowed, graded from Solutions/ (`workbook use-reference none` to stop)",
        at: 0)
    }
    if let pristine = report.pristine {
      notes.append(
        "Tests, Package.swift and manifests from \(pristine.source)"
          + (pristine.changed.isEmpty
            ? "; this copy's match."
            : "; this copy's differ: " + pristine.changed.joined(separator: ", ")))
    }
    if !notes.isEmpty { lines += [""] + notes.map { wrap($0, indent: "", hanging: "  ") } }
    return lines.joined(separator: "\n")
  }

  /// The first thing to do: the first failing test in chapter and exercise order, its message
  /// and the exercise's first hint.
  public func nextStep(_ report: GradeReport) -> String {
    nextStep(report, state: WorkbookState(), exercise: nil)
  }

  /// The first thing to do (within `exercise` when one is given): a compile error with its
  /// source line, or the first failing test with where to write the fix, its message and the
  /// hint the learner is at.
  public func nextStep(_ report: GradeReport, state: WorkbookState, exercise: String?) -> String {
    for chapter in report.chapters where !chapter.borrowed {
      if chapter.status == .notCompiled && !chapter.compileErrors.isEmpty {
        var lines = ["Next: chapter \(chapter.number) does not compile. Fix the first error:"]
        lines += compileErrorLines(chapter.compileErrors.prefix(3))
        return lines.joined(separator: "\n")
      }
      guard
        let test = chapter.tests.first(where: {
          $0.status != .passed && (exercise == nil || $0.exercise == exercise)
        })
      else { continue }
      var lines = [
        "Next: exercise \(test.exercise ?? "?") (\(test.suite)), chapter \(chapter.number)"
      ]
      if let id = test.exercise, let definition = try? workbook.chapter(chapter.number) {
        let places = Places.exercise(id, of: definition, in: workbook)
        lines.append(
          wrap(
            "Write it in " + places.prefix(3).joined(separator: ", "), indent: "  ",
            hanging: "    "))
      }
      lines.append(wrap(test.name, indent: "  \(mark(test.status)) ", hanging: "         "))
      if let message = test.message {
        lines += message.split(separator: "\n").prefix(6).map {
          wrap(String($0), indent: "       ", hanging: "         ")
        }
      }
      if let hint = hintLine(for: test, chapter: chapter.number, state: state) {
        lines.append(hint)
      }
      let target = exercise ?? test.exercise ?? "\(chapter.number)"
      lines.append(
        "Details: swift run workbook test \(target)    "
          + "More hints: swift run workbook hint \(target)")
      return lines.joined(separator: "\n")
    }
    if report.chapters.isEmpty { return "Nothing was graded." }
    if let exercise { return paint("Every test of exercise \(exercise) passes.", "32") }
    return paint("Every graded test passes. Well done!", "32")
  }

  /// Compiler errors, each followed by its source line and a caret under the column.
  func compileErrorLines<S: Sequence<String>>(_ errors: S) -> [String] {
    var lines: [String] = []
    for error in errors {
      lines.append("  " + error)
      lines += Places.excerpt(of: error, root: workbook.root).map { "    " + $0 }
    }
    return lines
  }

  private func hints(for exercise: String?, in chapter: Int) -> [String] {
    (try? workbook.chapter(chapter).exercises.first { $0.id == exercise }?.hints) ?? nil ?? []
  }

  /// One chapter in detail: every test (of `exercise` only, when given), grouped by exercise,
  /// with the message of each failure.
  public func detail(_ chapter: ChapterReport, exercise: String? = nil) -> String {
    var lines = [
      "Chapter \(chapter.number): \(chapter.title)  \(chapter.passed)/\(chapter.total) tests, "
        + statusText(chapter)
    ]
    if !chapter.compileErrors.isEmpty {
      lines.append("")
      lines.append("It does not compile; the compiler's first errors:")
      lines += compileErrorLines(chapter.compileErrors)
    } else if chapter.missingBuild {
      lines += ["", chapter.buildMessage + "."]
    }
    let tests = chapter.tests.filter { exercise == nil || $0.exercise == exercise }
    if !tests.isEmpty && tests.allSatisfy({ $0.status == .notCompiled }) {
      // One line, not one per test: none of them could run.
      lines += ["", "None of its \(tests.count) tests could run until it compiles."]
      return lines.joined(separator: "\n")
    }
    var currentSuite: String?
    for test in tests {
      if test.suite != currentSuite {
        currentSuite = test.suite
        lines.append("")
        lines.append(test.suite)
      }
      lines.append(wrap(test.name, indent: "  \(mark(test.status)) ", hanging: "         "))
      if test.status != .passed && test.status != .notCompiled, let message = test.message {
        lines += message.split(separator: "\n").prefix(8).map {
          wrap(String($0), indent: "       ", hanging: "         ")
        }
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The hints of every exercise of a chapter.
  public func hints(_ chapter: Chapter) -> String { Hints.allHints(chapter) }
}

/// Wraps `text` to 78 columns.
func wrap(_ text: String, indent: String, hanging: String, width: Int = 78) -> String {
  var lines: [String] = []
  var current = indent
  for word in text.split(separator: " ") {
    let prefix = lines.isEmpty ? indent : hanging
    if current.count + word.count + 1 > width && current != prefix {
      lines.append(current)
      current = hanging
    }
    current += (current == indent || current == hanging ? "" : " ") + word
  }
  lines.append(current)
  return lines.joined(separator: "\n")
}

extension GradeReport {
  /// The report as pretty-printed JSON with sorted keys (two runs of the same tree give the
  /// same bytes, apart from durations).
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}
