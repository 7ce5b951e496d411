import Foundation

/// Where things are in the learner's copy, for the next-step lines: an exercise's code, and the
/// source lines around a compiler error.
enum Places {
  /// Where exercise `id` of `chapter` is written: the `TODO(id)` line of a stub not yet
  /// replaced ("Chapters/01-Tensors/Matmul.swift:17"), else the files whose reference fences
  /// the exercise (`BEGIN EXERCISE id`), else the chapter's folder.
  static func exercise(_ id: String, of chapter: Chapter, in workbook: Workbook) -> [String] {
    let folder = "Chapters/\(chapter.folder)"
    let url = workbook.root.appendingPathComponent(folder)
    let files = ((try? filesUnder(url)) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
    var todos: [String] = []
    for file in files {
      guard let text = try? String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
      else { continue }
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated() where line.contains("TODO(\(id))")
      {
        todos.append("\(folder)/\(file):\(index + 1)")
      }
    }
    if !todos.isEmpty { return todos }
    let solutions = workbook.root.appendingPathComponent("Solutions/\(chapter.folder)")
    let fenced = files.filter { file in
      let text = try? String(contentsOf: solutions.appendingPathComponent(file), encoding: .utf8)
      return text?.contains("// BEGIN EXERCISE \(id)\n") == true
    }
    return fenced.isEmpty ? [folder + "/"] : fenced.map { "\(folder)/\($0)" }
  }

  /// The files of `chapter` whose reference holds exercise `id` (for `compare N.K`).
  static func referenceFiles(of id: String, in chapter: Chapter, workbook: Workbook) -> Set<String>
  {
    let solutions = workbook.root.appendingPathComponent("Solutions/\(chapter.folder)")
    let files = ((try? filesUnder(solutions)) ?? []).filter { $0.hasSuffix(".swift") }
    return Set(
      files.filter { file in
        let text = try? String(contentsOf: solutions.appendingPathComponent(file), encoding: .utf8)
        return text?.contains("// BEGIN EXERCISE \(id)\n") == true
      })
  }

  /// The source around a compiler error line ("Chapters/02-Gradients/Broken.swift:3:5: error:
  /// ..."): the line before and the line itself, numbered, with a caret under the column.
  /// Empty when the file or line cannot be read.
  static func excerpt(of error: String, root: URL) -> [String] {
    let parts = error.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
    guard parts.count == 4, let line = Int(parts[1]), let column = Int(parts[2]), line >= 1,
      let text = try? String(
        contentsOf: root.appendingPathComponent(String(parts[0])), encoding: .utf8)
    else { return [] }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line <= lines.count else { return [] }
    let width = String(line).count
    func numbered(_ number: Int) -> String {
      let label = String(number)
      return String(repeating: " ", count: width - label.count) + label + " | " + lines[number - 1]
    }
    var shown: [String] = []
    if line >= 2 { shown.append(numbered(line - 1)) }
    shown.append(numbered(line))
    shown.append(
      String(repeating: " ", count: width) + " | "
        + String(repeating: " ", count: max(0, column - 1)) + "^")
    return shown
  }
}

extension TextReport {
  /// The lines that end a test run: what was solved by this run, then the next thing to do.
  ///
  /// `solvedNow`: exercises the run found solved that the state did not have before.
  /// `exercise`: for `test N.K`, the one exercise asked about.
  public func summary(
    _ report: GradeReport, solvedNow: [String], state: WorkbookState, exercise: String? = nil
  ) -> String {
    var lines: [String] = []
    for id in solvedNow {
      let title = exerciseTitle(id).map { " (\($0))" } ?? ""
      lines.append(paint("Solved: \(id)\(title).", "32"))
    }
    for chapter in report.chapters where !chapter.borrowed && chapter.status == .passed {
      // The whole chapter passes: the reference is open, and the next lesson waits.
      var line =
        "Chapter \(chapter.number) passes. `swift run workbook compare \(chapter.number)` "
        + "shows your code next to the reference"
      if let next = workbook.chapters.first(where: { $0.number > chapter.number }) {
        line += "; next: chapter \(next.number), \(next.title) (Chapters/\(next.folder)/README.md)."
      } else {
        line += "."
      }
      lines.append(wrap(line, indent: "", hanging: "  "))
    }
    let next = nextStep(report, state: state, exercise: exercise)
    return (lines + [next]).joined(separator: "\n")
  }

  func exerciseTitle(_ id: String) -> String? {
    let number = Int(id.prefix { $0 != "." }) ?? 0
    return (try? workbook.chapter(number))?.exercises.first { $0.id == id }?.title
  }

  /// The hint to show under "Next" for `test`: the hint the manifest ties to this very test
  /// (`testHints`), else the last of the exercise's hints `workbook hint` has shown (the first
  /// before any), with its place in the ladder.
  func hintLine(for test: TestResult, chapter: Int, state: WorkbookState) -> String? {
    guard let id = test.exercise,
      let exercise = (try? workbook.chapter(chapter))?.exercises.first(where: { $0.id == id })
    else { return nil }
    if let specific = exercise.testHints?[test.name] {
      return wrap(specific, indent: "  Hint for this test: ", hanging: "        ")
    }
    guard !exercise.hints.isEmpty else { return nil }
    // The last rung `workbook hint` showed (the first before any): never one not asked for.
    let shown = min(max(0, (state.revealedHints[id] ?? 0) - 1), exercise.hints.count - 1)
    return wrap(
      exercise.hints[shown], indent: "  Hint \(shown + 1) of \(exercise.hints.count): ",
      hanging: "        ")
  }
}
