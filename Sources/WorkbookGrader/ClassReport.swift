import Foundation

/// A teacher's roll-up of a class: `workbook class results/*.json`.
///
/// Each input is the report `workbook grade --format json` writes for one student. The roll-up
/// is a text table (one row per student, one column per chapter, then the total) and the same
/// numbers as CSV for a spreadsheet:
///
/// ```
/// Student     01   02   03   04   05   06   07   08   09   10  Total
/// ------------------------------------------------------------------------
/// alice      100  100  100  100  100  100  100  100  100  100  100%  40/40
/// bob!       100   75   NC  ref   40    -    -    -    -    -   62%  13/21
/// student10   75   75   75   75   75    -    -    -    -    -   75%  15/20
/// ```
///
/// Reports are read leniently, so that reports written by older and newer versions of the
/// grader load alike: points fall back to tests passed when a report has no `points` and
/// `maxPoints`, and fields the roll-up does not use are ignored. A file that cannot be read is
/// listed in ``errors`` and never stops the others from being rolled up.
///
/// Everything is a pure function of the files read: no clock, no colour, no environment.
public struct ClassReport: Sendable, Equatable {
  /// One chapter of one student's report.
  public struct ChapterGrade: Sendable, Equatable {
    public var number: Int
    public var title: String
    /// The status the report gives ("passed", "in progress", "not started", "not compiled"),
    /// or "" when it gives none.
    public var status: String
    /// True when the chapter was graded from the reference, not from the student's code.
    public var borrowed: Bool
    /// Points earned and the chapter's worth; tests passed and tests in a report without
    /// points.
    public var points: Double
    public var maxPoints: Double

    /// True when the student's code for this chapter did not compile.
    public var notCompiled: Bool { status == ChapterReport.Status.notCompiled.rawValue }

    /// The percentage of the chapter's points earned; 0 when the chapter is worth nothing.
    public var percentage: Double { maxPoints > 0 ? 100 * points / maxPoints : 0 }
  }

  /// One student: one report file.
  public struct Student: Sendable, Equatable {
    /// The file's name without `.json` (the folder's name for `results.json` and
    /// `grade.json`); when two files give the same name, followed by the folder that tells
    /// them apart: "alice (section-b)".
    public var name: String
    /// The report's path, as given on the command line or found in a folder given there.
    public var file: String
    /// The chapters the report graded, by number.
    public var chapters: [ChapterGrade]
    /// The report's total: its own `points` and `maxPoints` when it has them, else its tests
    /// passed and tests, else the sum over its chapters.
    public var points: Double
    public var maxPoints: Double
    /// Where the pristine copy of the tests and manifest came from, when the report says.
    /// nil: graded without `--pristine`, so by the submission's own tests and manifest, which
    /// it could have edited: the table lists it as untrusted.
    public var pristineSource: String?
    /// The submission's files that differ from the pristine copy (tests, the manifest): a
    /// submission that edits them may have graded itself.
    public var pristineChanges: [String]

    /// The total as a percentage, 0 when nothing was graded.
    public var score: Double { maxPoints > 0 ? 100 * points / maxPoints : 0 }

    /// The numbers of the chapters taken from the reference.
    public var borrowedChapters: [Int] { chapters.filter(\.borrowed).map(\.number) }

    /// The chapter numbered `number`, or nil when the report did not grade it.
    public func chapter(_ number: Int) -> ChapterGrade? {
      chapters.first { $0.number == number }
    }
  }

  /// A file (or a folder) that could not be rolled up, and why.
  public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "could not read \(path): \(reason)" }
  }

  /// The students, sorted by name with numbers in names compared as numbers ("s2" < "s10").
  public var students: [Student]
  /// The files and folders that could not be read or parsed, in the order they were given.
  public var errors: [LoadError]
  /// Remarks on the input that are not errors, such as two files naming the same student.
  public var notes: [String]
  /// Every report file found, read or not, in the order found.
  public var files: [String]

  /// Every chapter graded in at least one report, in order.
  public var chapterNumbers: [Int] {
    Array(Set(students.flatMap { $0.chapters.map(\.number) })).sorted()
  }

  /// A chapter's title, from the first student (in table order) whose report names it.
  public func title(ofChapter number: Int) -> String {
    for student in students {
      if let title = student.chapter(number)?.title, !title.isEmpty { return title }
    }
    return ""
  }
}

// MARK: - Reading the reports

extension ClassReport {
  /// File names that stand for the folder they are in: `alice/results.json` is alice's.
  static let folderNamedFiles: Set<String> = ["results.json", "grade.json"]

  /// Reads the reports at `paths`. A path may be a report file or a folder; a folder stands
  /// for every `*.json` directly inside it and every `*/results.json` (and `*/grade.json`)
  /// one level down. The same file given twice is read once.
  ///
  /// Never throws: a path that cannot be read or parsed goes to ``errors``.
  public static func load(paths: [String]) -> ClassReport {
    var files: [String] = []
    var errors: [LoadError] = []
    var seen = Set<String>()
    for path in paths {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        errors.append(LoadError(path: path, reason: "no such file or folder"))
        continue
      }
      let found = isFolder.boolValue ? reports(inFolder: path) : [path]
      if found.isEmpty {
        errors.append(
          LoadError(
            path: path, reason: "the folder holds no *.json report and no */results.json"))
      }
      for file in found where seen.insert(canonicalPath(file)).inserted {
        files.append(file)
      }
    }

    var students: [Student] = []
    for file in files {
      do {
        students.append(try read(file))
      } catch let error as LoadError {
        errors.append(error)
      } catch {
        errors.append(LoadError(path: file, reason: "\(error)"))
      }
    }
    let notes = disambiguate(&students)
    students.sort { naturallyOrdered(($0.name, $0.file), ($1.name, $1.file)) }
    return ClassReport(students: students, errors: errors, notes: notes, files: files)
  }

  /// The reports in a folder, in name order: `*.json` directly inside (hidden files
  /// excepted), and `results.json` or `grade.json` in each subfolder.
  static func reports(inFolder folder: String) -> [String] {
    let manager = FileManager.default
    let names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    var found: [String] = []
    for name in names where !name.hasPrefix(".") {
      let path = prefix + name
      var isFolder: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
      if isFolder.boolValue {
        for inner in folderNamedFiles.sorted() where manager.fileExists(atPath: path + "/" + inner)
        {
          found.append(path + "/" + inner)
        }
      } else if name.lowercased().hasSuffix(".json") {
        found.append(path)
      }
    }
    return found
  }

  static func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// The student a report file belongs to, and the folders above that name (outermost
  /// first), which tell apart two files giving the same name.
  static func studentName(forFile path: String) -> (name: String, folders: [String]) {
    var components = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
    if components.first == "/" { components.removeFirst() }
    guard let last = components.popLast() else { return (path, []) }
    if folderNamedFiles.contains(last.lowercased()), let folder = components.popLast() {
      return (folder, components)
    }
    let name = last.lowercased().hasSuffix(".json") ? String(last.dropLast(5)) : last
    return (name, components)
  }

  /// The parts of a grade report the roll-up reads. Every field but `chapters` is optional,
  /// so reports written before and after a field was added both decode.
  struct ReportFile: Decodable {
    struct Chapter: Decodable {
      var number: Int
      var title: String?
      var status: String?
      var borrowed: Bool?
      var passed: Double?
      var total: Double?
      var points: Double?
      var maxPoints: Double?
    }
    struct Pristine: Decodable {
      var source: String?
      var changed: [String]?
    }
    var chapters: [Chapter]
    var passed: Double?
    var total: Double?
    var points: Double?
    var maxPoints: Double?
    var pristine: Pristine?
  }

  /// Reads one report file.
  static func read(_ file: String) throws -> Student {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: file))
    } catch {
      throw LoadError(path: file, reason: describe(readError: error))
    }
    if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
      throw LoadError(path: file, reason: "the file is empty")
    }
    let report: ReportFile
    do {
      report = try JSONDecoder().decode(ReportFile.self, from: data)
    } catch let error as DecodingError {
      throw LoadError(path: file, reason: describe(error, data: data))
    }

    var chapters: [ChapterGrade] = []
    for chapter in report.chapters where !chapters.contains(where: { $0.number == chapter.number })
    {
      let (points, maxPoints) =
        if let points = chapter.points, let maxPoints = chapter.maxPoints {
          (points, maxPoints)
        } else {
          (chapter.passed ?? 0, chapter.total ?? 0)
        }
      chapters.append(
        ChapterGrade(
          number: chapter.number, title: chapter.title ?? "", status: chapter.status ?? "",
          borrowed: chapter.borrowed ?? false, points: points, maxPoints: maxPoints))
    }
    chapters.sort { $0.number < $1.number }
    let (points, maxPoints) =
      if let points = report.points, let maxPoints = report.maxPoints {
        (points, maxPoints)
      } else if let passed = report.passed, let total = report.total {
        (passed, total)
      } else {
        (chapters.reduce(0) { $0 + $1.points }, chapters.reduce(0) { $0 + $1.maxPoints })
      }
    return Student(
      name: studentName(forFile: file).name, file: file, chapters: chapters, points: points,
      maxPoints: maxPoints, pristineSource: report.pristine?.source,
      pristineChanges: (report.pristine?.changed ?? []).filter { !$0.isEmpty })
  }

  static func describe(readError error: Error) -> String {
    if let error = error as? CocoaError {
      switch error.code {
      case .fileReadNoSuchFile: return "no such file"
      case .fileReadNoPermission: return "permission denied"
      default: break
      }
    }
    return error.localizedDescription
  }

  /// Says what is wrong with a file that is not a grade report, in words a teacher can act
  /// on.
  static func describe(_ error: DecodingError, data: Data) -> String {
    func place(_ path: [CodingKey]) -> String {
      path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
    let made = "make one with `workbook grade --format json`"
    switch error {
    case .dataCorrupted(let context) where context.codingPath.isEmpty:
      // JSONDecoder does not always say where the syntax breaks; JSONSerialization does.
      var detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey]
      if detail == nil {
        do {
          _ = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        } catch {
          detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey]
        }
      }
      guard var position = detail as? String, !position.isEmpty else { return "not valid JSON" }
      if position.hasSuffix(".") { position.removeLast() }
      return "not valid JSON (" + position.prefix(1).lowercased() + position.dropFirst() + ")"
    case .dataCorrupted(let context):
      return "\(place(context.codingPath)): \(context.debugDescription)"
    case .keyNotFound(let key, let context) where context.codingPath.isEmpty:
      let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
      if key.stringValue == "chapters", object?["max_score"] != nil {
        return "this is a Gradescope results.json, not a grade report; \(made)"
      }
      return "not a grade report (it has no \"\(key.stringValue)\"); \(made)"
    case .keyNotFound(let key, let context):
      return "\(place(context.codingPath)) has no \"\(key.stringValue)\""
    case .typeMismatch(_, let context) where context.codingPath.isEmpty:
      return "not a grade report (its top level is not a JSON object); \(made)"
    case .typeMismatch(let type, let context):
      return "\(place(context.codingPath)) is not \(typeName(type))"
    case .valueNotFound(_, let context):
      return "\(place(context.codingPath)) is null"
    @unknown default:
      return "\(error)"
    }
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type, is Double.Type: "a number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    case is [Any].Type: "a list"
    default: "what a grade report holds there"
    }
  }

  /// Gives every student a distinct name: two files giving the same name are told apart by
  /// the fewest folders above the name that differ ("alice (a)", "alice (b)"), or by their
  /// whole paths. Returns a note for each such name.
  static func disambiguate(_ students: inout [Student]) -> [String] {
    var notes: [String] = []
    let groups = Dictionary(grouping: students.indices) { students[$0].name }
    for name in groups.keys.sorted(by: { naturallyOrdered(($0, ""), ($1, "")) }) {
      guard let indices = groups[name], indices.count > 1 else { continue }
      let folders = indices.map { studentName(forFile: students[$0].file).folders }
      var labels = indices.map { students[$0].file }
      for depth in 1...max(1, folders.map(\.count).max() ?? 1) {
        let candidates = folders.map { $0.suffix(depth).joined(separator: "/") }
        if Set(candidates).count == candidates.count && !candidates.contains("") {
          labels = candidates
          break
        }
      }
      var shown: [String] = []
      for (index, label) in zip(indices, labels) {
        students[index].name = "\(name) (\(label))"
        shown.append("\"\(students[index].name)\" is \(students[index].file)")
      }
      let kept = indices.count == 2 ? "both are kept" : "all are kept"
      notes.append(
        "\(indices.count) reports are named \"\(name)\"; \(kept): "
          + shown.sorted().joined(separator: ", ") + ".")
    }
    return notes
  }

  /// Orders names as a person would: case aside, and runs of digits compared as numbers, so
  /// "student2" comes before "Student10". Ties are broken by the exact text, then by the
  /// second element (the file), so the order never depends on the input's order.
  static func naturallyOrdered(_ a: (String, String), _ b: (String, String)) -> Bool {
    func runs(_ text: String) -> [(digits: Bool, text: String)] {
      var result: [(digits: Bool, text: String)] = []
      for character in text.lowercased() {
        let digit = character.isASCII && character.isNumber
        if let last = result.last, last.digits == digit {
          result[result.count - 1].text.append(character)
        } else {
          result.append((digit, String(character)))
        }
      }
      return result
    }
    let (left, right) = (runs(a.0), runs(b.0))
    for (x, y) in zip(left, right) {
      if x.digits && y.digits {
        let (p, q) = (x.text.drop { $0 == "0" }, y.text.drop { $0 == "0" })
        if p.count != q.count { return p.count < q.count }
        if p != q { return p < q }
      } else if x.text != y.text {
        // A number sorts before text ("a1" < "ab").
        if x.digits != y.digits { return x.digits }
        return x.text < y.text
      }
    }
    if left.count != right.count { return left.count < right.count }
    if a.0 != b.0 { return a.0 < b.0 }
    return a.1 < b.1
  }
}

// MARK: - Numbers as text

extension ClassReport {
  /// `points / maxPoints` as a percentage with `decimals` decimals, never rounded up to 100
  /// when a point is missing nor down to 0 when one was earned: "100" means everything.
  static func percentage(_ points: Double, of maxPoints: Double, decimals: Int) -> String {
    guard maxPoints > 0 else { return decimals == 0 ? "0" : "0." + zeros(decimals) }
    let scale = pow(10, Double(decimals))
    let step = 1 / scale
    var value = (100 * points / maxPoints * scale).rounded() / scale
    if value >= 100 && points < maxPoints { value = 100 - step }
    if value <= 0 && points > 0 { value = step }
    return String(format: "%.\(decimals)f", value)
  }

  private static func zeros(_ count: Int) -> String { String(repeating: "0", count: count) }

  /// Chapter numbers as ranges, "1-3;5" (semicolons, so a spreadsheet keeps it one cell).
  static func chapterList(_ numbers: [Int]) -> String {
    numbers.isEmpty
      ? "" : ChapterSelection.format(numbers).replacingOccurrences(of: ",", with: ";")
  }

  /// The median of `values`, 0 for none.
  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

// MARK: - The text table

extension ClassReport {
  /// The widest a student's name is shown; longer names are cut with "…".
  static let nameLimit = 24
  /// Each chapter column: two spaces, then three characters ("100", "ref", " NC", "  -").
  static let cellWidth = 3
  static let gap = "  "

  /// A chapter cell of the table: the percentage, "ref" (borrowed), "NC" (not compiled) or
  /// "-" (not graded).
  static func cell(_ chapter: ChapterGrade?) -> String {
    guard let chapter else { return "-" }
    if chapter.notCompiled { return "NC" }
    if chapter.borrowed { return "ref" }
    return percentage(chapter.points, of: chapter.maxPoints, decimals: 0)
  }

  /// The name as the table shows it: control characters (a newline in a folder name) become
  /// "?", and a flag "!" follows when the report lists files differing from the pristine copy.
  static func shownName(_ student: Student) -> String {
    let clean = String(
      student.name.map { character in
        character.unicodeScalars.contains { $0.properties.generalCategory == .control }
          ? "?" : character
      })
    let flag = student.pristineChanges.isEmpty ? "" : "!"
    let room = nameLimit - flag.count
    return (clean.count > room ? clean.prefix(room - 1) + "…" : clean) + flag
  }

  /// Everything `workbook class` prints: the table (in blocks of chapter columns when they do
  /// not fit `width`), its legend, the chapters' titles, notes, the class summary and the
  /// files that could not be read.
  ///
  /// ```
  /// Student     01   02   03   04   05  Total
  /// -------------------------------------------------
  /// alice      100  100  100  100  100  100%  20/20
  /// bob!       100   75   NC  ref   40   62%  13/21
  /// student10   75   75   75   75   75   75%  15/20
  ///
  /// Cells: the percentage of the chapter's points; ref = borrowed from the reference
  /// (not the student's work); NC = did not compile; - = not graded. Total: points
  /// earned / points available over the chapters graded.
  /// ! bob: 1 file differs from the pristine copy:
  ///     Tests/Chapter02Tests/LossTests.swift (edited)
  /// Chapters: 1 Tensors, 2 Gradients, 3 Autodiff, 4 Layers, 5 Losses.
  ///
  /// 3 students: mean 79.0%, median 75.0%; 1 at 100%.
  ///
  /// could not read results/carol.json: not valid JSON (unexpected end of file ...)
  /// ```
  ///
  /// A cell is the percentage of the chapter's points, as an integer that reads 100 only when
  /// every point was earned. Total is the report's points over its maximum, followed by the
  /// points themselves when they fit.
  public func table(width: Int = 80) -> String {
    var lines: [String] = []
    if students.isEmpty {
      lines.append("No grade report could be read.")
    } else {
      lines += grid(width: width)
      lines.append("")
      lines += legend(width: width)
    }
    if !notes.isEmpty {
      lines.append("")
      for note in notes { lines += Self.wrapped(note, width: width, hanging: "  ") }
    }
    lines.append("")
    lines.append(summary())
    if !errors.isEmpty {
      lines.append("")
      // One line each, whatever its length, so that a path can be copied and grepped whole.
      lines += errors.map(\.description)
    }
    return lines.joined(separator: "\n")
  }

  /// "3 students: mean 72.3%, median 80.0%; 1 at 100%."
  public func summary() -> String {
    let scores = students.map(\.score)
    let count = "\(students.count) student" + (students.count == 1 ? "" : "s")
    guard !scores.isEmpty else { return count + "." }
    let mean = scores.reduce(0, +) / Double(scores.count)
    let perfect = students.filter { $0.maxPoints > 0 && $0.points >= $0.maxPoints }.count
    return count + ": mean " + String(format: "%.1f%%", mean) + ", median "
      + String(format: "%.1f%%", Self.median(scores)) + "; \(perfect) at 100%."
  }

  /// The rows, in blocks of as many chapter columns as fit beside the names and the total.
  func grid(width: Int) -> [String] {
    let numbers = chapterNumbers
    let names = students.map(Self.shownName)
    let nameWidth = max("Student".count, names.map(\.count).max() ?? 0)
    let percents = students.map {
      Self.percentage($0.points, of: $0.maxPoints, decimals: 0) + "%"
    }
    let points = students.map {
      formatPoints($0.points) + "/" + formatPoints($0.maxPoints)
    }
    let percentWidth = max(4, percents.map(\.count).max() ?? 0)
    let pointsWidth = points.map(\.count).max() ?? 0
    let column = Self.gap.count + Self.cellWidth
    let withPoints = percentWidth + Self.gap.count + pointsWidth
    let showPoints = nameWidth + column + Self.gap.count + withPoints <= width
    let totalWidth = max("Total".count, showPoints ? withPoints : percentWidth)

    let room = width - nameWidth - Self.gap.count - totalWidth
    let fitting = max(1, room / column)
    let blockCount = max(1, (numbers.count + fitting - 1) / fitting)
    let perBlock = max(1, (numbers.count + blockCount - 1) / blockCount)

    func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
      let padding = String(repeating: " ", count: max(0, width - text.count))
      return right ? padding + text : text + padding
    }
    var lines: [String] = []
    for block in 0..<blockCount {
      let chapters = Array(numbers.dropFirst(block * perBlock).prefix(perBlock))
      let last = block == blockCount - 1
      if block > 0 { lines.append("") }
      var header = pad("Student", nameWidth)
      for number in chapters {
        header +=
          Self.gap + pad(number < 10 ? "0\(number)" : "\(number)", Self.cellWidth, right: true)
      }
      if last { header += Self.gap + "Total" }
      let ruleWidth = nameWidth + chapters.count * column + (last ? Self.gap.count + totalWidth : 0)
      lines.append(header)
      lines.append(String(repeating: "-", count: ruleWidth))
      for (index, student) in students.enumerated() {
        var row = pad(names[index], nameWidth)
        for number in chapters {
          row += Self.gap + pad(Self.cell(student.chapter(number)), Self.cellWidth, right: true)
        }
        if last {
          row += Self.gap + pad(percents[index], percentWidth, right: true)
          if showPoints { row += Self.gap + pad(points[index], pointsWidth, right: true) }
        }
        while row.hasSuffix(" ") { row.removeLast() }
        lines.append(row)
      }
    }
    return lines
  }

  /// What the cells and flags mean, the pristine differences, and the chapters' titles.
  func legend(width: Int) -> [String] {
    var lines = Self.wrapped(
      "Cells: the percentage of the chapter's points; ref = borrowed from the reference "
        + "(not the student's work); NC = did not compile; - = not graded. Total: points "
        + "earned / points available over the chapters graded.", width: width, hanging: "")
    for student in students where !student.pristineChanges.isEmpty {
      let count = student.pristineChanges.count
      lines += Self.wrapped(
        "! \(Self.shownName(student).dropLast()): \(count) file" + (count == 1 ? "" : "s")
          + " differ" + (count == 1 ? "s" : "") + " from the pristine copy: "
          + student.pristineChanges.joined(separator: ", "), width: width, hanging: "    ")
    }
    let untrusted = students.filter { $0.pristineSource == nil }.map { Self.shownName($0) }
    if !untrusted.isEmpty {
      lines += Self.wrapped(
        "Untrusted, graded without --pristine (the submission's own tests and manifest graded "
          + "it, and a submission can edit them): " + untrusted.joined(separator: ", ") + ".",
        width: width, hanging: "    ")
    }
    var titles = chapterNumbers.map { number in
      let title = title(ofChapter: number)
      return title.isEmpty ? "\(number)" : "\(number) \(title)"
    }
    if !titles.isEmpty {
      titles[0] = "Chapters: " + titles[0]
      titles[titles.count - 1] += "."
      lines += Self.wrapped(items: titles, separator: ", ", width: width, hanging: "  ")
    }
    return lines
  }

  /// Breaks `text` into lines of at most `width` characters at spaces (a word longer than a
  /// line, such as a long path, stays whole); every line after the first starts with
  /// `hanging`.
  static func wrapped(_ text: String, width: Int, hanging: String) -> [String] {
    wrapped(
      items: text.split(separator: " ").map(String.init), separator: " ", width: width,
      hanging: hanging)
  }

  /// Joins `items` with `separator` into lines of at most `width` characters, breaking only
  /// between items ("6 Initializers" stays on one line); every line after the first starts
  /// with `hanging`.
  static func wrapped(items: [String], separator: String, width: Int, hanging: String)
    -> [String]
  {
    // A broken line ends with the separator's mark (the comma of ", "), which must fit too.
    let mark = separator.trimmingCharacters(in: .whitespaces)
    var lines: [String] = []
    var current = ""
    for item in items {
      if current.isEmpty {
        current = (lines.isEmpty ? "" : hanging) + item
        continue
      }
      let candidate = current + separator + item
      if candidate.count + mark.count > width {
        lines.append(current + mark)
        current = hanging + item
      } else {
        current = candidate
      }
    }
    lines.append(current)
    return lines
  }
}

// MARK: - CSV

extension ClassReport {
  /// Quotes a CSV field when it holds a comma, a quote, a carriage return or a newline, with
  /// every quote doubled (RFC 4180).
  static func csvField(_ text: String) -> String {
    let special = text.unicodeScalars.contains { ",\"\r\n".unicodeScalars.contains($0) }
    return special ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  /// The table as CSV (RFC 4180: CRLF line ends, quoted fields where needed), one row per
  /// student:
  ///
  /// ```
  /// student,ch01,ch02,ch03,ch04,ch05,points,max_points,score,borrowed,pristine_changes,file
  /// alice,100.0,100.0,100.0,100.0,100.0,20,20,100.0,,0,results/alice.json
  /// bob,100.0,75.0,0.0,100.0,40.0,13,21,61.9,4,1,results/bob/results.json
  /// "Smith, Jane",100.0,,,,,4,4,100.0,,0,"results/Smith, Jane/results.json"
  /// ```
  ///
  /// A chapter cell is the percentage of its points with one decimal, empty when the report
  /// did not grade the chapter (a borrowed or uncompiled chapter has its percentage like any
  /// other). `score` is the total percentage; `borrowed` lists the chapters taken from the
  /// reference ("1-3;5"); `pristine_changes` counts the files that differ from the pristine
  /// copy; `file` is the report's path.
  public func csv() -> String {
    let numbers = chapterNumbers
    var rows = [
      ["student"] + numbers.map { $0 < 10 ? "ch0\($0)" : "ch\($0)" }
        + ["points", "max_points", "score", "borrowed", "pristine_changes", "file"]
    ]
    for student in students {
      var row = [student.name]
      for number in numbers {
        row.append(
          student.chapter(number).map {
            Self.percentage($0.points, of: $0.maxPoints, decimals: 1)
          } ?? "")
      }
      row += [
        formatPoints(student.points), formatPoints(student.maxPoints),
        Self.percentage(student.points, of: student.maxPoints, decimals: 1),
        Self.chapterList(student.borrowedChapters), "\(student.pristineChanges.count)",
        student.file,
      ]
      rows.append(row)
    }
    return rows.map { $0.map(Self.csvField).joined(separator: ",") + "\r\n" }.joined()
  }
}

// MARK: - The command

extension WorkbookCommand {
  static let classUsage = "workbook class results/*.json [--output class.csv]"

  /// `workbook class PATH...`: prints the class table, writes the CSV (to `--output`, by
  /// default `class.csv` in the current folder) and returns 1 when a report could not be
  /// read, 0 otherwise. It needs no workbook: a teacher can run it anywhere.
  ///
  /// - Parameter say: where the table goes (standard output in the command-line tool).
  static func runClass(_ arguments: Arguments, say: (String) -> Void = { print($0) }) throws
    -> Int32
  {
    guard !arguments.positional.isEmpty else {
      throw WorkbookError(
        "`workbook class` rolls up the students' grade reports (each written by "
          + "`workbook grade --format json`); give the files or the folders holding them:\n  "
          + classUsage, exitStatus: 2)
    }
    let report = ClassReport.load(paths: arguments.positional)
    guard !report.files.isEmpty else {
      throw WorkbookError(
        "no grade report found:\n"
          + report.errors.map { "  " + $0.description }.joined(separator: "\n")
          + "\nusage: " + classUsage, exitStatus: 2)
    }
    say(report.table())
    let output = arguments.options["--output"] ?? "class.csv"
    do {
      try report.csv().write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
      throw WorkbookError("could not write the CSV to \(output): \(error.localizedDescription)")
    }
    say("")
    say(
      "CSV written to \(output) (\(report.students.count) student"
        + (report.students.count == 1 ? "" : "s") + ").")
    guard report.errors.isEmpty else {
      let count = report.errors.count
      FileHandle.standardError.write(
        Data(
          "workbook: \(count) report\(count == 1 ? "" : "s") could not be read (listed under the table)\n"
            .utf8))
      return 1
    }
    return 0
  }
}
