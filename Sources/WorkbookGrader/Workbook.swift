import Foundation

/// One exercise of a chapter, as its `chapter.json` describes it.
public struct Exercise: Codable, Sendable, Equatable {
  /// The exercise number, "1.3".
  public var id: String
  public var title: String
  /// Hints from gentle to nearly the answer.
  public var hints: [String]
  /// How many tests the exercise has. A run that finds fewer reports the missing ones as
  /// failed (a deleted or edited test file must not raise a grade); `workbook verify` checks
  /// the number against the reference.
  public var tests: Int?
  /// What the exercise is worth, shared equally by its tests. Default: one point per test.
  public var points: Double?
  /// Points of individual tests, by display name. The other tests share what is left of
  /// `points` (or are worth one point each when `points` is not set).
  public var testPoints: [String: Double]?
  /// Seconds each of its tests may run before it is reported as timed out, for an exercise
  /// whose tests train (default: `GradeOptions.defaultTestTimeLimit`, 10 s).
  public var testTimeLimit: Double?
  /// A hint for one test, by display name, shown under "Next" when that test is the first to
  /// fail (instead of the exercise's hint ladder).
  public var testHints: [String: String]?

  public init(
    id: String, title: String, hints: [String], tests: Int? = nil, points: Double? = nil,
    testPoints: [String: Double]? = nil
  ) {
    self.id = id
    self.title = title
    self.hints = hints
    self.tests = tests
    self.points = points
    self.testPoints = testPoints
  }
}

/// One chapter: its folder, its module, its exercises. Read from `chapter.json`, the chapter
/// manifest a teacher can edit, found in `Chapters/NN-Name/` (or `Solutions/NN-Name/` when the
/// learner's copy is missing).
public struct Chapter: Codable, Sendable, Equatable {
  public var number: Int
  public var title: String
  public var module: String
  public var exercises: [Exercise]
  /// The folder name, "01-Tensors" (not stored in the manifest: it is where the manifest is).
  public var folder: String = ""

  enum CodingKeys: String, CodingKey { case number, title, module, exercises }

  /// The test target, selected by `swift test --filter ChapterNN`.
  public var testTarget: String { String(format: "Chapter%02dTests", number) }
}

/// Errors the grader reports to a person; the description says what to do.
public struct WorkbookError: Error, CustomStringConvertible, Sendable {
  public var description: String
  /// The process exit status to use: 2 for a usage error, 1 otherwise.
  public var exitStatus: Int32
  public init(_ description: String, exitStatus: Int32 = 1) {
    self.description = description
    self.exitStatus = exitStatus
  }
}

/// The workbook on disk: the package root and its chapters.
public struct Workbook: Sendable {
  public let root: URL
  public let chapters: [Chapter]

  /// The reference engine ships with the maintainers' copy, not with a student release.
  public var hasSolutions: Bool { directoryExists(root.appendingPathComponent("Solutions")) }

  /// Loads the workbook whose package root is `root`.
  public init(root: URL) throws {
    self.root = root
    var byNumber: [Int: Chapter] = [:]
    for base in ["Solutions", "Chapters"] {  // Chapters/ wins: it is what a teacher edits
      let folder = root.appendingPathComponent(base)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      for name in names where name.first?.isNumber == true {
        let manifest = folder.appendingPathComponent(name).appendingPathComponent("chapter.json")
        guard let data = FileManager.default.contents(atPath: manifest.path) else { continue }
        do {
          var chapter = try JSONDecoder().decode(Chapter.self, from: data)
          chapter.folder = name
          byNumber[chapter.number] = chapter
        } catch {
          throw WorkbookError(
            "\(base)/\(name)/chapter.json is not a valid chapter manifest: \(error)")
        }
      }
    }
    guard !byNumber.isEmpty else {
      throw WorkbookError("no chapters found under \(root.path)/Chapters (is this the workbook?)")
    }
    chapters = byNumber.values.sorted { $0.number < $1.number }
  }

  /// Finds the package root: the nearest folder at or above `start` with a Package.swift and a
  /// Chapters/ folder.
  public static func locateRoot(from start: URL) throws -> URL {
    var folder = start.standardizedFileURL
    while true {
      if FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("Package.swift").path),
        directoryExists(folder.appendingPathComponent("Chapters"))
      {
        return folder
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path {
        throw WorkbookError(
          "run this inside the workbook: no Package.swift with a Chapters/ folder above "
            + start.path)
      }
      folder = parent
    }
  }

  public func chapter(_ number: Int) throws -> Chapter {
    guard let chapter = chapters.first(where: { $0.number == number }) else {
      throw WorkbookError(
        "there is no chapter \(number); the chapters are "
          + chapters.map { "\($0.number) (\($0.title))" }.joined(separator: ", "),
        exitStatus: 2)
    }
    return chapter
  }
}

func directoryExists(_ url: URL) -> Bool {
  var isDirectory: ObjCBool = false
  return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
    && isDirectory.boolValue
}
