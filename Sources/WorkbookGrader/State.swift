import Foundation

/// The grader's local state, kept in `.workbook/state.json` under the package root (git
/// ignores `.workbook/`): which exercises the last grading runs found solved, and how many
/// hints of each exercise have been revealed.
public struct WorkbookState: Codable, Sendable, Equatable {
  /// Exercise id ("1.3") -> how many of its hints `workbook hint` has shown.
  public var revealedHints: [String: Int] = [:]
  /// The exercises whose tests all passed on the learner's code, sorted; updated by every
  /// grading command for the chapters it graded.
  public var solvedExercises: [String] = []
  /// When a grading command last recorded its results; nil before the first one.
  public var lastGraded: Date?
  /// The chapters `workbook use-reference` borrows from Solutions/ ("1-10"); nil for none.
  public var borrowed: String?

  public init() {}

  enum CodingKeys: String, CodingKey { case revealedHints, solvedExercises, lastGraded, borrowed }

  /// Every key is optional, so a file written by an older or newer grader still loads.
  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    revealedHints = try container.decodeIfPresent([String: Int].self, forKey: .revealedHints) ?? [:]
    solvedExercises =
      try container.decodeIfPresent([String].self, forKey: .solvedExercises) ?? []
    lastGraded = try container.decodeIfPresent(Date.self, forKey: .lastGraded)
    borrowed = try container.decodeIfPresent(String.self, forKey: .borrowed)
  }

  /// The state file of the workbook whose package root is `root`.
  public static func file(in root: URL) -> URL {
    root.appendingPathComponent(".workbook").appendingPathComponent("state.json")
  }

  /// Loads the state: a missing file is an empty state; an unreadable or corrupt one is
  /// reported through `warn`, moved aside to `state.json.corrupt-<timestamp>` (never deleted)
  /// and treated as empty.
  public static func load(from root: URL, warn: (String) -> Void) -> WorkbookState {
    let url = file(in: root)
    guard FileManager.default.fileExists(atPath: url.path) else { return WorkbookState() }
    do {
      return try decoder.decode(WorkbookState.self, from: Data(contentsOf: url))
    } catch {
      let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(
        of: ":", with: "-")
      var aside = url.deletingLastPathComponent().appendingPathComponent(
        "state.json.corrupt-\(stamp)")
      var suffix = 1
      while FileManager.default.fileExists(atPath: aside.path) {
        suffix += 1
        aside = url.deletingLastPathComponent().appendingPathComponent(
          "state.json.corrupt-\(stamp)-\(suffix)")
      }
      do {
        try FileManager.default.moveItem(at: url, to: aside)
        warn(
          "the state file \(url.path) could not be read (\(error)); it was moved to "
            + "\(aside.path) and the grader starts from an empty state")
      } catch let moveError {
        warn(
          "the state file \(url.path) could not be read (\(error)) nor moved aside "
            + "(\(moveError)); the grader uses an empty state this time")
      }
      return WorkbookState()
    }
  }

  /// Saves the state atomically: written to a temporary file in `.workbook/`, then renamed over
  /// `state.json`, so an interrupted run never leaves a half-written file.
  public func save(to root: URL) throws {
    let url = Self.file(in: root)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    try encoder.encode(self).write(to: url, options: .atomic)
  }

  private static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }

  /// The state after a grading run: for every chapter graded from the learner's code, its
  /// exercises are solved exactly when they have tests and all of them passed. Chapters
  /// borrowed from the reference say nothing about the learner's code: their records stay.
  public func recording(_ report: GradeReport, chapters: [Chapter], at date: Date = Date())
    -> WorkbookState
  {
    var solved = Set(solvedExercises)
    for graded in report.chapters where !graded.borrowed {
      guard let chapter = chapters.first(where: { $0.number == graded.number }) else { continue }
      for exercise in chapter.exercises {
        let tests = graded.tests.filter { $0.exercise == exercise.id }
        if !tests.isEmpty && tests.allSatisfy({ $0.status == .passed }) {
          solved.insert(exercise.id)
        } else {
          solved.remove(exercise.id)
        }
      }
    }
    var next = self
    next.solvedExercises = solved.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    next.lastGraded = date
    return next
  }
}
