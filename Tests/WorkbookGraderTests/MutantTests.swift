import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Mutant catalogue")
struct MutantTests {
  let reference = """
    public func mean(_ x: [Double]) -> Double {
      // BEGIN EXERCISE 5.1
      // STUB: return .nan
      let total = x.reduce(0, +)
      return total / Double(x.count)
      // END EXERCISE 5.1
    }

    public func total(_ x: [Double]) -> Double {
      let total = x.reduce(0, +)
      // BEGIN EXERCISE 5.10
      return total
      // END EXERCISE 5.10
    }

    """

  func mutant(
    _ id: String = "5.1-sum", exercise: String = "5.1", find: String, replace: String = "x",
    concept: String = "sum", reason: String? = nil
  ) -> Mutant {
    Mutant(
      id: id, exercise: exercise, file: "Mean.swift", bug: "the sum, not the mean",
      effect: "grows with N", concept: concept, find: find, replace: replace,
      conceptNotNamed: reason)
  }

  @Test("a mutant applies only where its text is unique and inside its exercise's fence")
  func applying() throws {
    let sum = mutant(find: "total / Double(x.count)", replace: "total")
    #expect(try sum.applied(to: reference).get().contains("return total\n  // END EXERCISE 5.1"))

    func reason(_ mutant: Mutant) -> String? {
      if case .failure(let error) = mutant.applied(to: reference) { return error.description }
      return nil
    }
    #expect(reason(mutant(find: "total / N")) == "its text is no longer in Mean.swift")
    #expect(
      reason(mutant(find: "let total = x.reduce(0, +)"))
        == "its text occurs 2 times in Mean.swift; it must be unique")
    // Outside every fence, and inside the fence of 5.10 (which "5.1" must not match).
    #expect(
      reason(mutant(find: "public func total"))
        == "its text is not inside the fence of exercise 5.1")
    #expect(
      reason(mutant(find: "return total\n")) == "its text is not inside the fence of exercise 5.1")
    #expect(try mutant(exercise: "5.10", find: "return total\n").applied(to: reference).get() != "")
  }

  func chapter(_ exercises: [String]) -> Chapter {
    Chapter(
      number: 5, title: "Losses", module: "Losses",
      exercises: exercises.map { Exercise(id: $0, title: $0, hints: []) })
  }

  @Test(
    "the catalogue needs three mutants an exercise, unique ids, real exercises, and few exceptions")
  func catalogueProblems() {
    let three = (1...3).map { mutant("5.1-\($0)", find: "a\($0)") }
    #expect(MutantCatalogue(chapter: 5, mutants: three).problems(for: chapter(["5.1"])).isEmpty)

    let problems = MutantCatalogue(
      chapter: 4,
      mutants: [
        mutant("5.1-a", find: "a"), mutant("5.1-a", find: "b"),
        mutant("5.9-a", exercise: "5.9", find: "c", reason: "no message can say it"),
        mutant("5.1-same", find: "d", replace: "d"),
      ]
    ).problems(for: chapter(["5.1", "5.2"]))
    #expect(problems.contains("the catalogue says chapter 4, its folder is 5"))
    #expect(problems.contains("5.1-a: the id is used twice"))
    #expect(problems.contains("5.9-a: chapter 5 has no exercise 5.9"))
    #expect(problems.contains("5.1-same: \"replace\" is the same as \"find\": nothing changes"))
    #expect(
      problems.contains("exercise 5.1 has 3 mutants; each exercise needs at least 3") == false)
    #expect(problems.contains("exercise 5.2 has 0 mutants; each exercise needs at least 3"))
    #expect(problems.contains("1 of 4 mutants are marked conceptNotNamed; at most 10% may be"))
  }

  @Test("the lesson's table is the catalogue, row by row, written between its markers")
  func lessonTable() throws {
    let catalogue = MutantCatalogue(
      chapter: 5,
      mutants: [
        mutant(find: "a", concept: "1/N"),
        Mutant(
          id: "5.1-abs", exercise: "5.1", file: "Mean.swift", bug: "|x| instead of x²",
          effect: "a kink at 0", concept: "square", find: "b", replace: "c",
          conceptNotNamed: "the values agree at ±1"),
      ])
    #expect(
      catalogue.table() == """
        | Bug | What it does | The failing test says |
        |---|---|---|
        | the sum, not the mean | grows with N | 5.1: "1/N" |
        | \\|x\\| instead of x² | a kink at 0 | 5.1: fails (the values agree at ±1) |
        """)
    let lesson =
      "## Common bugs\n\n<!-- mutants:start -->\nold table\n<!-- mutants:end -->\n\n## Hints\n"
    #expect(
      catalogue.lesson(lesson)
        == "## Common bugs\n\n<!-- mutants:start -->\n\(catalogue.table())\n<!-- mutants:end -->"
        + "\n\n## Hints\n")
    #expect(catalogue.lesson(try #require(catalogue.lesson(lesson))) == catalogue.lesson(lesson))
    #expect(catalogue.lesson("## Common bugs\n\nno markers\n") == nil)
  }

  @Test("the generator never copies the catalogue, and keeps the lesson's table in step with it")
  func generator() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(reference, to: root, "Solutions/05-Losses/Mean.swift")
    let catalogue = MutantCatalogue(chapter: 5, mutants: [mutant(find: "total / Double")])
    try write(
      String(decoding: try JSONEncoder().encode(catalogue), as: UTF8.self), to: root,
      "Solutions/05-Losses/mutants.json")
    try write(
      "# Losses\n\n<!-- mutants:start -->\nhand-written\n<!-- mutants:end -->\n", to: root,
      "Solutions/05-Losses/README.md")
    let generator = StubGenerator(root: root)
    let files = try generator.generate()
    #expect(files["Chapters/05-Losses/mutants.json"] == nil)
    #expect(files["Chapters/05-Losses/README.md"]?.contains(catalogue.table()) == true)
    #expect(
      try generator.differences().contains(
        "Solutions/05-Losses/README.md: its \"Common bugs\" table differs from mutants.json"))

    _ = try generator.write(backingUpTo: root.appendingPathComponent("backup"))
    #expect(try generator.differences().isEmpty)
    let lesson = try String(
      contentsOf: root.appendingPathComponent("Solutions/05-Losses/README.md"), encoding: .utf8)
    #expect(lesson.contains(catalogue.table()) && !lesson.contains("hand-written"))

    // A catalogue whose lesson has no place for the table is an error that says so.
    try write("# Losses\n", to: root, "Solutions/05-Losses/README.md")
    #expect {
      try generator.generate()
    } throws: { error in
      "\(error)".contains("README.md has no <!-- mutants:start --> ... <!-- mutants:end -->")
    }
  }

  @Test("a journal left by a killed run puts the reference back, unless the file was edited since")
  func journal() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    let path = "Solutions/05-Losses/Mean.swift"
    let mutated = try mutant(find: "total / Double(x.count)", replace: "total").applied(
      to: reference
    ).get()
    let journal = MutantJournal(
      path: path, original: reference, mutated: mutated, mutant: "5.1-sum")

    try write(mutated, to: root, path)
    try journal.save(in: root)
    #expect(try MutantJournal.recover(in: root)?.contains("put \(path) back") == true)
    #expect(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) == reference)
    #expect(!FileManager.default.fileExists(atPath: MutantJournal.url(in: root).path))
    #expect(try MutantJournal.recover(in: root) == nil, "nothing to do without a journal")

    // Killed after the file was put back, before the journal was removed: nothing to restore.
    try journal.save(in: root)
    #expect(try MutantJournal.recover(in: root) == nil)
    #expect(!FileManager.default.fileExists(atPath: MutantJournal.url(in: root).path))

    // A run in progress holds the run lock: its journal is not a leftover, nothing is touched.
    try write(mutated, to: root, path)
    try journal.save(in: root)
    let running = try FileLock(MutantJournal.runLock(in: root))
    #expect(running.tryLock())
    #expect(try MutantJournal.recover(in: root) == nil)
    #expect(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) == mutated)
    running.unlock()
    #expect(try MutantJournal.recover(in: root) != nil, "restored once the run has ended")

    // Edited since: never overwritten; the journal stays, with the reference text in it.
    try write(mutated + "// an edit\n", to: root, path)
    try journal.save(in: root)
    #expect {
      try MutantJournal.recover(in: root)
    } throws: { error in
      "\(error)".contains("has been edited since, so it was not put back")
    }
    #expect(FileManager.default.fileExists(atPath: MutantJournal.url(in: root).path))
  }

  @Test("a chapter fails on a survivor, a stale or unbuildable mutant, and an unnamed concept")
  func verdicts() {
    let catalogue = MutantCatalogue(
      chapter: 5,
      mutants: [
        mutant("a", find: "a"), mutant("b", find: "b"), mutant("c", find: "c"),
        mutant("d", find: "d"), mutant("e", find: "e"),
        mutant("f", find: "f", reason: "no honest message can say it"),
      ])
    var summary = MutantRunner.Summary(chapter: 5)
    summary.outcomes = [
      .init(id: "a", outcome: .killed(named: true, tests: ["t"])),
      .init(id: "b", outcome: .killed(named: false, tests: ["t"])),
      .init(id: "c", outcome: .survived),
      .init(id: "d", outcome: .noLongerApplies("its text is no longer in Mean.swift")),
      .init(id: "e", outcome: .doesNotCompile(["error"])),
      .init(id: "f", outcome: .killed(named: false, tests: ["t"])),
    ]
    #expect(
      MutantRunner.verdict(summary, catalogue: catalogue) == [
        "b: no failing message names \"sum\"", "c: survived", "d: no longer applies",
        "e: does not compile",
      ])
    #expect(summary.killed == 3 && summary.named == 1)
    #expect(
      MutantRunner.summaryLine(summary, failing: true)
        == "FAIL  chapter 5: 6 mutants, 3 killed, 1 with the concept named (16%)")
  }

  @Test("--jobs splits the chapters into groups of about as many mutants, in chapter order")
  func splitting() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("// the package\n", to: root, "Package.swift")
    for (number, count) in [(1, 30), (2, 10), (3, 12), (4, 8)] {
      let folder = "Solutions/0\(number)-C\(number)"
      try write(
        "{\"number\": \(number), \"title\": \"C\", \"module\": \"C\(number)\", \"exercises\": []}",
        to: root, folder + "/chapter.json")
      let catalogue = MutantCatalogue(
        chapter: number, mutants: (0..<count).map { mutant("\(number).1-\($0)", find: "a") })
      try write(
        String(decoding: try JSONEncoder().encode(catalogue), as: UTF8.self), to: root,
        folder + "/mutants.json")
    }
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
    let runner = MutantRunner(workbook: try Workbook(root: root))
    #expect(try runner.split([1, 2, 3, 4], into: 2) == [[1], [2, 3, 4]])
    #expect(try runner.split([1, 2, 3, 4], into: 1) == [[1, 2, 3, 4]])
    #expect(try runner.split([2, 3], into: 4) == [[2], [3]])
    #expect(try runner.split([3], into: 2) == [[3]])
  }
}
