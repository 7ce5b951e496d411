import Foundation

/// What `workbook hint` was asked for.
public enum HintRequest: Sendable, Equatable {
  /// `hint N`: the next hint of chapter N's first unsolved exercise.
  case next(chapter: Int)
  /// `hint N.k`: the next hint of exercise N.k.
  case exercise(String)
  /// `hint N --all`: every hint of chapter N, nothing recorded.
  case all(chapter: Int)
  /// `hint N.k --all`: every hint of exercise N.k, nothing recorded.
  case allOfExercise(String)

  /// The chapter the request is about.
  public var chapter: Int {
    switch self {
    case .next(let number), .all(let number): number
    case .exercise(let id), .allOfExercise(let id): Int(id.prefix { $0 != "." }) ?? 0
    }
  }

  /// Parses the argument of `workbook hint`: a chapter number ("3") or an exercise id ("3.2").
  public static func parse(_ argument: String, all: Bool) throws -> HintRequest {
    let parts = argument.split(separator: ".", omittingEmptySubsequences: false)
    let numeric = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    guard numeric, parts.count == 1 || parts.count == 2, let number = Int(parts[0]) else {
      throw WorkbookError(
        "`workbook hint` takes a chapter number or an exercise id, e.g. `workbook hint 1` or "
          + "`workbook hint 1.2`; not \"\(argument)\"", exitStatus: 2)
    }
    if parts.count == 1 { return all ? .all(chapter: number) : .next(chapter: number) }
    return all ? .allOfExercise(argument) : .exercise(argument)
  }
}

/// `workbook hint`: hints that unfold one at a time. Pure: the state in, the text and the new
/// state out; the command line reads and writes the state file around it.
public enum Hints {
  /// Answers `request` about `chapter` (the request's chapter) given the recorded `state`.
  /// Throws (exit status 2) when an exercise id is not one of the chapter's exercises.
  public static func answer(
    _ request: HintRequest, chapter: Chapter, state: WorkbookState
  ) throws -> (text: String, state: WorkbookState) {
    switch request {
    case .all:
      return (allHints(chapter), state)
    case .allOfExercise(let id):
      let exercise = try find(id, in: chapter)
      return (
        ([heading(exercise, chapter)] + numbered(exercise.hints[...])).joined(separator: "\n"),
        state
      )
    case .exercise(let id):
      return unfold(try find(id, in: chapter), chapter: chapter, state: state, note: nil)
    case .next:
      let command = "swift run workbook test \(chapter.number)"
      let note =
        state.lastGraded == nil
        ? "No grading run is recorded yet, so every exercise counts as unsolved; run `\(command)`"
          + " to record your progress."
        : "Based on your last grading run; run `\(command)` to refresh."
      guard
        let exercise = chapter.exercises.first(where: {
          !state.solvedExercises.contains($0.id)
        })
      else {
        let lines = [
          "Every exercise of chapter \(chapter.number) (\(chapter.title)) is solved. "
            + "`workbook hint \(chapter.number) --all` lists all its hints; "
            + "`workbook hint \(chapter.number).k` unfolds one exercise's.",
          note,
        ]
        return (lines.map { wrap($0, indent: "", hanging: "") }.joined(separator: "\n"), state)
      }
      return unfold(exercise, chapter: chapter, state: state, note: note)
    }
  }

  /// Shows the hints of `exercise` revealed so far plus one, and records that.
  static func unfold(_ exercise: Exercise, chapter: Chapter, state: WorkbookState, note: String?)
    -> (text: String, state: WorkbookState)
  {
    var lines = [heading(exercise, chapter)]
    if let note { lines.append(wrap(note, indent: "", hanging: "")) }
    let total = exercise.hints.count
    guard total > 0 else {
      lines.append("This exercise has no hints.")
      return (lines.joined(separator: "\n"), state)
    }
    let revealed = min(max(state.revealedHints[exercise.id] ?? 0, 0), total)
    var next = state
    if revealed == total {
      lines += numbered(exercise.hints[...])
      lines.append(
        "All \(total) hints of exercise \(exercise.id) are shown"
          + (total == 1 ? "" : "; there are no more") + ".")
      return (lines.joined(separator: "\n"), state)
    }
    let shown = revealed + 1
    next.revealedHints[exercise.id] = shown
    lines += numbered(exercise.hints.prefix(shown))
    lines.append(
      shown == total
        ? "Hint \(shown) of \(total): that was the last one."
        : "Hint \(shown) of \(total); ask again for the next.")
    return (lines.joined(separator: "\n"), next)
  }

  static func find(_ id: String, in chapter: Chapter) throws -> Exercise {
    guard let exercise = chapter.exercises.first(where: { $0.id == id }) else {
      throw WorkbookError(
        "chapter \(chapter.number) has no exercise \(id); its exercises are "
          + chapter.exercises.map { "\($0.id) (\($0.title))" }.joined(separator: ", "),
        exitStatus: 2)
    }
    return exercise
  }

  static func heading(_ exercise: Exercise, _ chapter: Chapter) -> String {
    "Exercise \(exercise.id) \(exercise.title) (chapter \(chapter.number): \(chapter.title))"
  }

  static func numbered(_ hints: ArraySlice<String>) -> [String] {
    hints.enumerated().map { index, hint in
      wrap("\(index + 1). \(hint)", indent: "  ", hanging: "     ")
    }
  }

  /// Every hint of every exercise of a chapter (`workbook hint N --all`).
  public static func allHints(_ chapter: Chapter) -> String {
    var lines = ["Chapter \(chapter.number): \(chapter.title), hints"]
    for exercise in chapter.exercises {
      lines.append("")
      lines.append("\(exercise.id) \(exercise.title)")
      lines += numbered(exercise.hints[...])
    }
    return lines.joined(separator: "\n")
  }
}
