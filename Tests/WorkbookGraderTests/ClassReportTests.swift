import Foundation
import Testing

@testable import WorkbookGrader

@Suite("workbook class rolls up a class's results")
struct ClassReportTests {
  /// One chapter of a grade report as `workbook grade --format json` writes it; `points` nil
  /// gives a chapter from a report written before points existed.
  static func chapter(
    _ number: Int, _ status: String = "in progress", passed: Int, total: Int,
    points: (Double, Double)? = nil, borrowed: Bool = false
  ) -> String {
    var fields = [
      "\"borrowed\": \(borrowed)", "\"compileErrors\": []", "\"duration\": 0.5",
      "\"number\": \(number)", "\"passed\": \(passed)", "\"status\": \"\(status)\"",
      "\"tests\": []", "\"title\": \"Chapter \(number)\"", "\"total\": \(total)",
    ]
    if let points { fields += ["\"points\": \(points.0)", "\"maxPoints\": \(points.1)"] }
    return "{" + fields.joined(separator: ", ") + "}"
  }

  /// A whole report; `extra` holds further top-level fields ("\"points\": 9").
  static func report(_ chapters: [String], passed: Int, total: Int, extra: [String] = []) -> String
  {
    let fields =
      [
        "\"chapters\": [" + chapters.joined(separator: ", ") + "]", "\"passed\": \(passed)",
        "\"total\": \(total)", "\"score\": 0",
      ] + extra
    return "{" + fields.joined(separator: ",\n") + "}"
  }

  /// A class folder:
  /// - alice.json: a newer report with points, one chapter borrowed from the reference;
  /// - bob/results.json: an older report without points, a chapter that does not compile,
  ///   and two files that differ from the pristine copy;
  /// - `Smith, Jane "JJ"`/results.json: a folder name with a comma and quotes, all passed;
  /// - carol.json: not JSON at all.
  static func classFolder() throws -> URL {
    let root = try temporaryWorkbook()
    try write(
      report(
        [
          chapter(1, "passed", passed: 4, total: 4, points: (4, 4)),
          chapter(2, passed: 3, total: 4, points: (3, 4)),
          chapter(3, "passed", passed: 2, total: 2, points: (2, 2), borrowed: true),
        ], passed: 9, total: 10, extra: ["\"points\": 9", "\"maxPoints\": 10"]),
      to: root, "results/alice.json")
    try write(
      report(
        [
          chapter(1, passed: 2, total: 4), chapter(2, "not compiled", passed: 0, total: 3),
          chapter(4, passed: 1, total: 3),
        ], passed: 3, total: 10,
        extra: [
          #""pristine": {"source": "git ref v1", "changed": ["Package.swift (edited)", "#
            + #""Tests/Chapter01Tests/MatmulTests.swift (edited)"]}"#
        ]),
      to: root, "results/bob/results.json")
    try write(
      report(
        [
          chapter(1, "passed", passed: 4, total: 4, points: (4, 4)),
          chapter(2, "passed", passed: 4, total: 4, points: (4, 4)),
        ], passed: 8, total: 8),
      to: root, "results/Smith, Jane \"JJ\"/results.json")
    try write("{ \"chapters\": [ oops", to: root, "results/carol.json")
    return root
  }

  /// The cells of the table row that starts with `name`.
  static func row(_ name: String, in table: String) -> [String]? {
    table.split(separator: "\n").first { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "!") }
      .map { $0.split(separator: " ").map(String.init) }
  }

  /// A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
  static func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let scalar = characters.popFirst() {
      if quoted {
        if scalar == "\"" {
          if characters.first == "\"" {
            field.unicodeScalars.append(characters.removeFirst())
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(scalar)
        }
        continue
      }
      switch scalar {
      case "\"": quoted = true
      case ",":
        row.append(field)
        field = ""
      case "\r": continue
      case "\n":
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      default: field.unicodeScalars.append(scalar)
      }
    }
    if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
    return rows
  }

  @Test(
    "a cell is the chapter's percentage of points; ref, NC and - mark borrowed, uncompiled and ungraded chapters"
  )
  func cells() throws {
    let root = try Self.classFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let report = ClassReport.load(paths: [root.appendingPathComponent("results").path])
    let table = report.table()
    #expect(report.chapterNumbers == [1, 2, 3, 4])
    #expect(
      Self.row("alice", in: table) == ["alice", "100", "75", "ref", "-", "90%", "9/10"],
      "alice's report has points: 4/4, 3/4, chapter 3 borrowed, no chapter 4\n\(table)")
    #expect(
      Self.row("bob", in: table) == ["bob!", "50", "NC", "-", "33", "30%", "3/10"],
      "bob's older report has no points, so tests passed count instead\n\(table)")
    #expect(Self.row("Student", in: table) == ["Student", "01", "02", "03", "04", "Total"])
    #expect(table.contains("ref = borrowed from the reference"))
    #expect(table.contains("NC = did not compile"))
    #expect(table.contains("- = not graded"))
  }

  @Test(
    "a student whose files differ from the pristine copy is flagged, with the count in the legend")
  func pristine() throws {
    let root = try Self.classFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let report = ClassReport.load(paths: [root.appendingPathComponent("results").path])
    let bob = try #require(report.students.first { $0.name == "bob" })
    #expect(bob.pristineChanges.count == 2)
    #expect(bob.pristineSource == "git ref v1")
    let table = report.table()
    #expect(table.contains("! bob: 2 files differ from the pristine copy: Package.swift"))
    let untrusted = report.table(width: 1000).components(separatedBy: "\n")
      .first { $0.hasPrefix("Untrusted") }
    #expect(
      untrusted?.contains("alice") == true && untrusted?.contains("bob") == false,
      Comment(
        rawValue:
          "the reports graded without --pristine (alice's has no pristine record) are listed "
          + "as untrusted, bob's (graded against git ref v1) is not: "
          + String(describing: untrusted)))
    #expect(Self.row("alice", in: table)?.first == "alice", "alice changed nothing")
    #expect(report.csv().contains(",30.0,,2,"), "bob's CSV row: score, no borrowed, 2 changes")
  }

  @Test(
    "a report written by `workbook grade --format json` reads back: points, borrowing, pristine")
  func gradeReportRoundTrip() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    var tensors = ChapterReport(
      number: 1, title: "Tensors", status: .inProgress, borrowed: false, passed: 3, total: 4,
      compileErrors: [], tests: [], duration: 1)
    (tensors.points, tensors.maxPoints) = (5, 8)
    var gradients = ChapterReport(
      number: 2, title: "Gradients", status: .passed, borrowed: true, passed: 2, total: 2,
      compileErrors: [], tests: [], duration: 1)
    (gradients.points, gradients.maxPoints) = (2, 2)
    var report = GradeReport(chapters: [tensors, gradients])
    report.pristine = PristineCheck(source: "git ref v1", changed: ["Package.swift (edited)"])
    try write(try report.json(), to: root, "dana/results.json")

    let loaded = ClassReport.load(paths: [root.path])
    #expect(loaded.errors.isEmpty)
    let dana = try #require(loaded.students.first)
    #expect(dana.name == "dana")
    #expect(dana.points == 7 && dana.maxPoints == 10)
    #expect(dana.pristineChanges == ["Package.swift (edited)"])
    #expect(Self.row("dana", in: loaded.table()) == ["dana!", "63", "ref", "70%", "7/10"])
  }

  @Test("results.json is named after its folder, any other file after itself")
  func naming() throws {
    let root = try Self.classFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let report = ClassReport.load(paths: [root.appendingPathComponent("results").path])
    #expect(report.students.map(\.name) == ["alice", "bob", "Smith, Jane \"JJ\""])
    #expect(ClassReport.studentName(forFile: "class/ann/grade.json").name == "ann")
    #expect(ClassReport.studentName(forFile: "class/ann.json").name == "ann")
  }

  @Test(
    "a folder stands for its *.json files and its */results.json; a file given twice counts once")
  func folders() throws {
    let root = try Self.classFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let results = root.appendingPathComponent("results").path
    let report = ClassReport.load(paths: [results, results + "/alice.json"])
    #expect(report.files.count == 4, "alice, bob, Smith and carol: \(report.files)")
    #expect(report.students.count == 3)
    #expect(report.notes.isEmpty)
  }

  @Test(
    "two files giving the same name are both kept, told apart by their folders, and a note says so")
  func duplicates() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let text = Self.report([Self.chapter(1, passed: 1, total: 2)], passed: 1, total: 2)
    try write(text, to: root, "section-a/alice/results.json")
    try write(text, to: root, "section-b/alice/results.json")
    let report = ClassReport.load(paths: [
      root.appendingPathComponent("section-b").path, root.appendingPathComponent("section-a").path,
    ])
    #expect(report.students.map(\.name) == ["alice (section-a)", "alice (section-b)"])
    #expect(report.notes.count == 1)
    #expect(report.table().contains("2 reports are named \"alice\"; both are kept"))
    #expect(report.errors.isEmpty)
  }

  @Test("24 chapters fit 80 columns: blocks of chapter columns, each repeating the student column")
  func blocks() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let long = "maximilian-featherstonehaugh-smythe"  // cut to 24 characters in the table
    let chapters = (1...24).map {
      Self.chapter($0, passed: $0 % 5, total: 4, points: (Double($0 % 5), 4))
    }
    try write(Self.report(chapters, passed: 0, total: 96), to: root, long + ".json")
    try write(
      Self.report(Array(chapters.prefix(20)), passed: 0, total: 80), to: root, "student2.json")
    try write(
      Self.report(Array(chapters.suffix(3)), passed: 0, total: 12), to: root, "student10.json")
    let report = ClassReport.load(paths: [root.path])
    let table = report.table(width: 80)
    let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
    let tooWide = lines.filter { $0.count > 80 }
    #expect(tooWide.isEmpty, "lines over 80 columns:\n\(tooWide.joined(separator: "\n"))")
    let headers = lines.filter { $0.hasPrefix("Student ") }
    #expect(headers.count > 1, "24 chapters cannot fit one block of 80 columns\n\(table)")
    let numbers = headers.flatMap { $0.split(separator: " ").compactMap { Int($0) } }
    #expect(numbers == Array(1...24), "every chapter once, in order, across the blocks")
    #expect(headers.filter { $0.hasSuffix("Total") }.count == 1, "the total closes the last block")
    for name in ["maximilian-featherstone…", "student2", "student10"] {
      #expect(lines.filter { $0.hasPrefix(name + " ") }.count == headers.count)
    }
    #expect(
      report.students.map(\.name) == [long, "student2", "student10"],
      "numbers in names sort as numbers")
    #expect(ClassReport.load(paths: [root.path]).table() == table, "the same input, same text")
  }

  @Test("the CSV quotes commas, quotes and line breaks (RFC 4180) and parses back")
  func csvParsesBack() throws {
    let root = try Self.classFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(
      Self.report([Self.chapter(5, passed: 1, total: 1)], passed: 1, total: 1),
      to: root, "results/two\nlines.json")
    let report = ClassReport.load(paths: [root.appendingPathComponent("results").path])
    let csv = report.csv()
    #expect(csv.contains("\"Smith, Jane \"\"JJ\"\"\","))
    let rows = Self.parseCSV(csv)
    #expect(
      rows.first
        == [
          "student", "ch01", "ch02", "ch03", "ch04", "ch05", "points", "max_points", "score",
          "borrowed", "pristine_changes", "file",
        ])
    #expect(rows.dropFirst().map(\.first) == ["alice", "bob", "Smith, Jane \"JJ\"", "two\nlines"])
    try #require(rows.count == 5 && rows.allSatisfy { $0.count == 12 }, "\(rows)")
    let alice = rows[1]
    #expect(
      Array(alice[1...10]) == ["100.0", "75.0", "100.0", "", "", "9", "10", "90.0", "3", "0"])
    #expect(alice[11].hasSuffix("results/alice.json"))
    let smith = rows[3]
    #expect(smith[11].hasSuffix("results/Smith, Jane \"JJ\"/results.json"))
    #expect(Array(smith[1...9]) == ["100.0", "100.0", "", "", "", "8", "8", "100.0", ""])
    #expect(Self.row("two?lines", in: report.table()) != nil, "no line break inside the table")
  }

  @Test("an unreadable report is listed under the table, the rest is still reported, exit 1")
  func corruptFile() throws {
    let root = try Self.classFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let output = root.appendingPathComponent("out/class.csv").path
    try FileManager.default.createDirectory(
      atPath: root.appendingPathComponent("out").path, withIntermediateDirectories: true)
    var printed: [String] = []
    let status = try WorkbookCommand.runClass(
      .init(
        command: "class", positional: [root.appendingPathComponent("results").path],
        options: ["--output": output]), say: { printed.append($0) })
    let text = printed.joined(separator: "\n")
    #expect(status == 1)
    let carol = root.appendingPathComponent("results/carol.json").path
    #expect(
      text.contains("\n\ncould not read \(carol): not valid JSON ("),
      "one line under the table names the file and the reason\n\(text)")
    #expect(text.contains("3 students: mean 73.3%, median 90.0%; 1 at 100%."), "\(text)")
    #expect(text.contains("CSV written to \(output) (3 students)."))
    let csv = try String(contentsOfFile: output, encoding: .utf8)
    #expect(Self.parseCSV(csv).count == 4, "a header and three students")
  }

  @Test("no paths, or paths where no report is found, is a usage error (exit 2)")
  func usage() throws {
    for paths in [[], ["/nonexistent/results/*.json"]] {
      let error = #expect(throws: WorkbookError.self) {
        try WorkbookCommand.runClass(.init(command: "class", positional: paths), say: { _ in })
      }
      #expect(error?.exitStatus == 2)
      #expect(error?.description.contains("workbook class results/*.json") == true)
    }
  }

  @Test("a reason a teacher can act on: empty file, wrong kind of JSON, a field of the wrong type")
  func reasons() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("", to: root, "empty.json")
    try write(#"{"score": 3, "max_score": 4, "tests": []}"#, to: root, "gradescope.json")
    try write(#"{"chapters": [{"number": "one"}]}"#, to: root, "typo.json")
    try write("[1, 2]", to: root, "list.json")
    let reasons = ClassReport.load(paths: [root.path]).errors.map(\.description)
    try #require(reasons.count == 4, "\(reasons)")
    #expect(reasons[0].hasSuffix("empty.json: the file is empty"))
    #expect(reasons[1].contains("gradescope.json: this is a Gradescope results.json"))
    #expect(
      reasons[2].contains("list.json: not a grade report (its top level is not a JSON object)"))
    #expect(reasons[3].hasSuffix("typo.json: chapters[0].number is not a number"))
  }

  @Test(
    "the legend's lines fit the width, breaking between chapters, never inside one",
    arguments: [40, 57, 63, 80])
  func legendWraps(width: Int) {
    let titles = [
      "Tensors", "Gradients", "Autodiff", "Layers", "Losses", "Initializers", "Optimizers",
      "Dropout", "Data", "Training", "Convolutions", "Normalization",
    ].enumerated().map { "\($0.offset + 1) \($0.element)" }
    let lines = ClassReport.wrapped(items: titles, separator: ", ", width: width, hanging: "  ")
    #expect(lines.allSatisfy { $0.count <= width }, "\(lines.joined(separator: "\n"))")
    #expect(
      lines.joined(separator: " ").replacingOccurrences(of: "   ", with: " ")
        == titles
        .joined(separator: ", "))
  }

  @Test("a percentage reads 100 only when every point is earned, and 0 only when none is")
  func percentages() {
    #expect(ClassReport.percentage(199.9, of: 200, decimals: 0) == "99")
    #expect(ClassReport.percentage(0.001, of: 200, decimals: 1) == "0.1")
    #expect(ClassReport.percentage(17, of: 20, decimals: 0) == "85")
    #expect(ClassReport.percentage(0, of: 0, decimals: 1) == "0.0")
    #expect(formatPoints(17.5) == "17.5" && formatPoints(35) == "35")
    #expect(ClassReport.chapterList([1, 2, 3, 5]) == "1-3;5")
  }
}
