import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Hints and the state file")
struct HintTests {
  static func makeWorkbook() throws -> Workbook {
    let root = try temporaryWorkbook()
    let manifest = """
      {"number": 3, "title": "Autodiff", "module": "Autodiff", "exercises": [
        {"id": "3.1", "title": "Tape", "hints": ["Record every op.", "Walk it backwards.",
          "Accumulate with +=."]},
        {"id": "3.2", "title": "Backward", "hints": ["Seed with 1.", "Topological order.",
          "Visit each node once."]}]}
      """
    try write(manifest, to: root, "Chapters/03-Autodiff/chapter.json")
    try write("", to: root, "Package.swift")
    return try Workbook(root: root)
  }

  static func chapter() throws -> Chapter {
    let workbook = try makeWorkbook()
    defer { try? FileManager.default.removeItem(at: workbook.root) }
    return try workbook.chapter(3)
  }

  static func report(_ statuses: [String: TestStatus], borrowed: Bool = false) -> GradeReport {
    let tests = statuses.sorted { $0.key < $1.key }.map { exercise, status in
      TestResult(
        id: "Chapter03Tests.S/\(exercise)()", name: "checks \(exercise)", suite: "\(exercise) S",
        exercise: exercise, status: status, message: nil, location: nil)
    }
    return GradeReport(chapters: [
      ChapterReport(
        number: 3, title: "Autodiff", status: .inProgress, borrowed: borrowed,
        passed: tests.filter { $0.status == .passed }.count, total: tests.count,
        compileErrors: [], tests: tests, duration: 0)
    ])
  }

  @Test("asking again unfolds the next hint of the first exercise, up to 'all shown'")
  func unfolds() throws {
    let chapter = try Self.chapter()
    var state = WorkbookState()
    let first = try Hints.answer(.next(chapter: 3), chapter: chapter, state: state)
    #expect(first.text.contains("Exercise 3.1 Tape"))
    #expect(first.text.contains("1. Record every op.") && !first.text.contains("Walk it"))
    #expect(first.text.contains("Hint 1 of 3; ask again for the next."))
    #expect(first.text.contains("No grading run is recorded yet"))
    #expect(first.state.revealedHints == ["3.1": 1])
    state = first.state

    let second = try Hints.answer(.next(chapter: 3), chapter: chapter, state: state)
    #expect(second.text.contains("1. Record every op.") && second.text.contains("2. Walk it"))
    #expect(!second.text.contains("Accumulate") && second.text.contains("Hint 2 of 3"))
    state = second.state

    let third = try Hints.answer(.next(chapter: 3), chapter: chapter, state: state)
    #expect(third.text.contains("3. Accumulate") && third.text.contains("that was the last one"))
    state = third.state
    #expect(state.revealedHints == ["3.1": 3])

    let fourth = try Hints.answer(.next(chapter: 3), chapter: chapter, state: state)
    #expect(fourth.text.contains("All 3 hints of exercise 3.1 are shown"))
    #expect(fourth.text.contains("3. Accumulate"))
    #expect(fourth.state == state, "nothing more to record")
  }

  @Test("once the grading run records exercise 1 solved, hint moves to exercise 2")
  func movesOn() throws {
    let chapter = try Self.chapter()
    var state = try Hints.answer(.next(chapter: 3), chapter: chapter, state: WorkbookState())
      .state
    state = state.recording(Self.report(["3.1": .passed, "3.2": .failed]), chapters: [chapter])
    #expect(state.solvedExercises == ["3.1"] && state.lastGraded != nil)
    let answer = try Hints.answer(.next(chapter: 3), chapter: chapter, state: state)
    #expect(answer.text.contains("Exercise 3.2 Backward") && answer.text.contains("1. Seed"))
    #expect(answer.text.contains("Based on your last grading run"))
    #expect(answer.text.contains("swift run workbook test 3"))
    #expect(answer.state.revealedHints == ["3.1": 1, "3.2": 1])

    state = answer.state.recording(
      Self.report(["3.1": .passed, "3.2": .passed]), chapters: [chapter])
    let done = try Hints.answer(.next(chapter: 3), chapter: chapter, state: state)
    #expect(done.text.contains("Every exercise of chapter 3"))
  }

  @Test("solved means every test passed on the learner's code; a regression unsolves")
  func recording() throws {
    let chapter = try Self.chapter()
    var state = WorkbookState().recording(
      Self.report(["3.1": .passed, "3.2": .passed]), chapters: [chapter])
    #expect(state.solvedExercises == ["3.1", "3.2"])
    let borrowed = state.recording(
      Self.report(["3.1": .failed, "3.2": .failed], borrowed: true), chapters: [chapter])
    #expect(borrowed.solvedExercises == ["3.1", "3.2"], "the reference says nothing")
    state = state.recording(Self.report(["3.1": .crashed, "3.2": .passed]), chapters: [chapter])
    #expect(state.solvedExercises == ["3.2"])
    let fresh = WorkbookState().recording(
      Self.report(["3.1": .passed, "3.2": .passed], borrowed: true), chapters: [chapter])
    #expect(fresh.solvedExercises.isEmpty, "a borrowed chapter is not solved")
  }

  @Test("--all prints every hint of the chapter and records nothing")
  func all() throws {
    let chapter = try Self.chapter()
    let request = try HintRequest.parse("3", all: true)
    #expect(request == .all(chapter: 3))
    let answer = try Hints.answer(request, chapter: chapter, state: WorkbookState())
    #expect(answer.text.contains("3.1 Tape") && answer.text.contains("3. Accumulate"))
    #expect(answer.text.contains("3.2 Backward") && answer.text.contains("3. Visit each"))
    #expect(answer.state == WorkbookState())
  }

  @Test("N.k targets that exercise, solved or not")
  func exercise() throws {
    let chapter = try Self.chapter()
    let request = try HintRequest.parse("3.2", all: false)
    #expect(request == .exercise("3.2") && request.chapter == 3)
    var state = WorkbookState()
    state.solvedExercises = ["3.2"]
    let answer = try Hints.answer(request, chapter: chapter, state: state)
    #expect(answer.text.contains("Exercise 3.2 Backward") && answer.text.contains("Hint 1 of 3"))
    #expect(answer.state.revealedHints == ["3.2": 1])
    let all = try Hints.answer(
      try HintRequest.parse("3.2", all: true), chapter: chapter, state: answer.state)
    #expect(all.text.contains("3. Visit each") && !all.text.contains("Tape"))
  }

  @Test("an unknown exercise id or a malformed argument exits 2 with what is valid")
  func unknownExercise() throws {
    let chapter = try Self.chapter()
    #expect {
      _ = try Hints.answer(.exercise("3.9"), chapter: chapter, state: WorkbookState())
    } throws: { error in
      let error = error as? WorkbookError
      return error?.exitStatus == 2
        && error?.description.contains("3.1 (Tape), 3.2 (Backward)") == true
    }
    for bad in ["x", "3.", "3.2.1", "-1", ""] {
      #expect(throws: WorkbookError.self) { try HintRequest.parse(bad, all: false) }
    }
    #expect(try WorkbookCommand.parse(["hint", "3", "--all"]).flags.contains("--all"))
  }

  @Test("a missing state file is an empty state; saves leave valid JSON and no temporary files")
  func saveAndLoad() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    var warnings: [String] = []
    #expect(WorkbookState.load(from: root, warn: { warnings.append($0) }) == WorkbookState())
    var state = WorkbookState()
    for round in 1...20 {
      state.revealedHints["3.\(round)"] = round
      state.solvedExercises.append("3.\(round)")
      try state.save(to: root)
      let data = try Data(contentsOf: WorkbookState.file(in: root))
      #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
    }
    state.lastGraded = Date(timeIntervalSince1970: 1_700_000_000)
    try state.save(to: root)
    #expect(WorkbookState.load(from: root, warn: { warnings.append($0) }) == state)
    #expect(warnings.isEmpty)
    let folder = try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent(".workbook").path)
    #expect(folder == ["state.json"], "no temporary file is left behind")
  }

  @Test("a reader never sees a half-written state file while saves run")
  func atomicUnderConcurrentReads() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    var big = WorkbookState()
    for index in 0..<2000 { big.revealedHints["\(index / 100).\(index % 100)"] = index }
    try big.save(to: root)
    let snapshot = big
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      for _ in 0..<100 { try? snapshot.save(to: root) }
    }
    var reads = 0
    while group.wait(timeout: .now()) == .timedOut || reads == 0 {
      let data = try Data(contentsOf: WorkbookState.file(in: root))
      #expect(try JSONDecoder().decode(WorkbookState.self, from: data) == snapshot)
      reads += 1
    }
    #expect(reads > 0)
  }

  @Test("a corrupt state file is reported, kept aside, and treated as empty")
  func corrupt() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write("{\"revealedHints\": {\"3.1\": ", to: root, ".workbook/state.json")
    var warnings: [String] = []
    let state = WorkbookState.load(from: root, warn: { warnings.append($0) })
    #expect(state == WorkbookState())
    #expect(warnings.count == 1 && warnings[0].contains("corrupt-"))
    let folder = root.appendingPathComponent(".workbook")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(!names.contains("state.json"))
    let aside = try #require(names.first { $0.hasPrefix("state.json.corrupt-") })
    let kept = try String(contentsOf: folder.appendingPathComponent(aside), encoding: .utf8)
    #expect(kept == "{\"revealedHints\": {\"3.1\": ", "the corrupt file is kept, unchanged")
    // A second corrupt file the same second gets its own name.
    try write("not json", to: root, ".workbook/state.json")
    _ = WorkbookState.load(from: root, warn: { warnings.append($0) })
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasPrefix("state.json.corrupt-") }.count == 2)
  }

  @Test("a state file with missing or extra keys still loads")
  func tolerantKeys() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    try write(
      "{\"revealedHints\": {\"3.1\": 2}, \"future\": true}", to: root, ".workbook/state.json")
    let state = WorkbookState.load(from: root, warn: { Issue.record("warned: \($0)") })
    #expect(state.revealedHints == ["3.1": 2] && state.solvedExercises.isEmpty)
  }
}
