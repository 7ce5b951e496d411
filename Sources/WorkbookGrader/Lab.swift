import Foundation

/// `workbook lab N`: builds chapter N's lab program (`Sources/Labs/LabNN/main.swift`) on the
/// learner's code, or on the reference where borrowed, and runs it: each run's curves, what the
/// learner's diagnostic says about each, the fix.
///
/// The program is built with `WORKBOOK_LAB=N`, which makes the manifest keep only chapter N,
/// the chapters it builds on and the lab, in a build folder of its own
/// (`.build-workbook-lab`). Before building, the lab looks for exercises that are still stubs
/// (their `TODO(N.K)` line is still in place) in chapter N and every chapter it builds on that
/// is not borrowed: a stub returns NaN or nothing, so the lab names them instead of printing
/// plots of NaN.
public struct Lab: Sendable {
  public let workbook: Workbook

  public init(workbook: Workbook) { self.workbook = workbook }

  /// The target name of chapter N's lab, "Lab06".
  public static func target(_ chapter: Int) -> String { String(format: "Lab%02d", chapter) }

  /// The chapters that have a lab, from the folders under `Sources/Labs/`.
  public var chapters: [Int] {
    let folder = workbook.root.appendingPathComponent("Sources/Labs")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.compactMap { name in
      guard name.hasPrefix("Lab"), let number = Int(name.dropFirst(3)) else { return nil }
      return number
    }.sorted()
  }

  /// An exercise whose stub is still in place, and the file that holds it.
  public struct Stub: Equatable, Sendable {
    public var exercise: String
    public var title: String
    public var file: String
  }

  /// The exercises of `chapters` whose `TODO(N.K)` line is still in the learner's files, in
  /// chapter and exercise order.
  public func stubs(in chapters: [Int]) throws -> [Stub] {
    var found: [Stub] = []
    for number in chapters.sorted() {
      let chapter = try workbook.chapter(number)
      let folder = workbook.root.appendingPathComponent("Chapters")
        .appendingPathComponent(chapter.folder)
      let files = (try? filesUnder(folder))?.filter { $0.hasSuffix(".swift") }.sorted() ?? []
      var fileOf: [String: String] = [:]
      for file in files {
        let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
        for line in (text ?? "").split(separator: "\n") {
          guard let range = line.range(of: "// TODO("),
            let close = line[range.upperBound...]
              .firstIndex(of: ")")
          else { continue }
          let id = String(line[range.upperBound..<close])
          if fileOf[id] == nil { fileOf[id] = "Chapters/\(chapter.folder)/\(file)" }
        }
      }
      for exercise in chapter.exercises {
        if let file = fileOf[exercise.id] {
          found.append(Stub(exercise: exercise.id, title: exercise.title, file: file))
        }
      }
    }
    return found
  }

  /// What the lab says instead of running when exercises it needs are still stubs.
  public static func stubMessage(chapter: Int, stubs: [Stub], borrowable: Bool) -> String {
    var lines = [
      wrap(
        "The lab of chapter \(chapter) runs your code, and these exercises it needs are still "
          + "stubs (their TODO line is in place), so it would only plot NaN:", indent: "",
        hanging: "")
    ]
    if stubs.count <= 8 {
      for stub in stubs {
        lines.append(
          wrap("\(stub.exercise) \(stub.title) (\(stub.file))", indent: "  ", hanging: "      "))
      }
    } else {
      // Many stubs (a learner starting on the reference's chapters, say): one line per folder.
      var folders: [String] = []
      var byFolder: [String: [String]] = [:]
      for stub in stubs {
        let folder = stub.file.split(separator: "/").prefix(2).joined(separator: "/")
        if byFolder[folder] == nil { folders.append(folder) }
        byFolder[folder, default: []].append(stub.exercise)
      }
      for folder in folders {
        lines.append(
          wrap(
            "\(folder): " + byFolder[folder]!.joined(separator: ", "), indent: "  ",
            hanging: "      "))
      }
    }
    let unfinished = Set(stubs.compactMap { Int($0.exercise.prefix { $0.isNumber }) }).sorted()
    if borrowable {
      let selection = ChapterSelection.format(unfinished)
      lines.append(
        wrap(
          "Write them (delete each TODO line as you do), or borrow the reference for them: "
            + "swift run workbook lab \(chapter) --reference \(selection)", indent: "",
          hanging: ""))
    } else {
      lines.append("Write them, deleting each TODO line as you do.")
    }
    return lines.joined(separator: "\n")
  }

  func labEnvironment(_ number: Int, _ reference: [Int]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["WORKBOOK_REFERENCE"] = ChapterSelection.format(reference)
    environment["WORKBOOK_TEST_CHAPTERS"] = nil
    environment["WORKBOOK_LAB"] = "\(number)"
    environment["SWIFT_BACKTRACE"] = "enable=no"
    return environment
  }

  /// Builds chapter `number`'s lab program and returns the path of the binary.
  func build(_ number: Int, reference: [Int], scratchPath: String, log: (String) -> Void) throws
    -> URL
  {
    let lock = try FileLock(
      workbook.root.appendingPathComponent(".workbook")
        .appendingPathComponent("\(scratchPath.replacingOccurrences(of: "/", with: "_")).lock"))
    defer { lock.unlock() }
    if !lock.tryLock() {
      log("Another workbook command is using \(scratchPath); waiting for it to finish...")
      lock.lock()
    }
    let scratch = workbook.root.appendingPathComponent(scratchPath)
    log("Building the lab of chapter \(number)...")
    let build = try runProcess(
      [
        "swift", "build", "--product", Lab.target(number), "--package-path",
        workbook.root.path, "--scratch-path", scratch.path,
      ], environment: labEnvironment(number, reference))
    guard build.succeeded else {
      let errors = CompilerErrors.parse(build.output, root: workbook.root)
      let shown =
        errors.isEmpty
        ? tail(build.output, lines: 30)
        : errors.prefix(10).map(\.description).joined(separator: "\n")
      throw WorkbookError("the lab of chapter \(number) does not build:\n\(shown)")
    }
    return scratch.appendingPathComponent("debug").appendingPathComponent(Lab.target(number))
  }

  /// The maintainers' calibration: builds chapter `number`'s lab on the reference, runs it with
  /// `--calibrate --seeds N`, and returns the Markdown tables it prints. With `write`, also puts
  /// them into `Solutions/NN-Name/README.md` between `<!-- calibration:start -->` and
  /// `<!-- calibration:end -->` (run `workbook generate --write` after, to copy the lesson).
  public func calibrate(
    _ number: Int, seeds: Int, write: Bool, scratchPath: String = ".build-workbook-calibrate",
    log: (String) -> Void
  ) throws -> String {
    let chapter = try workbook.chapter(number)
    guard workbook.hasSolutions else {
      throw WorkbookError("calibration runs on the reference, and this copy has no Solutions/")
    }
    let all = workbook.chapters.map(\.number)
    let binary = try build(number, reference: all, scratchPath: scratchPath, log: log)
    log("Running every diagnostic of chapter \(number) over \(seeds) seeds of each run...")
    let outcome = try runProcess(
      [binary.path, "--calibrate", "--seeds", "\(seeds)"],
      environment: labEnvironment(number, all), timeLimit: 3600)
    guard outcome.succeeded else {
      throw WorkbookError("the calibration of chapter \(number) failed:\n\(tail(outcome.output))")
    }
    let tables = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    guard write else { return tables }
    let lesson = workbook.root.appendingPathComponent("Solutions").appendingPathComponent(
      chapter.folder
    ).appendingPathComponent("README.md")
    let text = try String(contentsOf: lesson, encoding: .utf8)
    let (start, end) = ("<!-- calibration:start -->", "<!-- calibration:end -->")
    guard let open = text.range(of: start), let close = text.range(of: end),
      open.upperBound <= close.lowerBound
    else {
      throw WorkbookError(
        "Solutions/\(chapter.folder)/README.md has no \(start) ... \(end) block to write into")
    }
    let updated =
      text[..<open.upperBound] + "\n" + tables + "\n" + text[close.lowerBound...]
    try String(updated).write(to: lesson, atomically: true, encoding: .utf8)
    return tables
  }

  /// Builds and runs chapter `number`'s lab; returns its exit status. The program's output goes
  /// straight to this process's standard output.
  public func run(
    _ number: Int, reference: [Int], scratchPath: String = ".build-workbook-lab",
    log: (String) -> Void, say: (String) -> Void = { print($0) }
  ) throws -> Int32 {
    let chapter = try workbook.chapter(number)
    guard chapters.contains(number) else {
      throw WorkbookError(
        "chapter \(number) (\(chapter.title)) has no lab; the chapters with one are "
          + chapters.map(String.init).joined(separator: ", "), exitStatus: 2)
    }
    if !reference.isEmpty && !workbook.hasSolutions {
      throw WorkbookError(
        "this copy of the workbook has no Solutions/ folder (a student release), so the "
          + "reference cannot be borrowed; drop --reference")
    }
    let needs = try Grader(workbook: workbook).dependencies()
    let own = (needs[number, default: []].union([number])).subtracting(reference)
    let stubs = try stubs(in: Array(own))
    if !stubs.isEmpty {
      say(Lab.stubMessage(chapter: number, stubs: stubs, borrowable: workbook.hasSolutions))
      return 1
    }
    let binary = try build(number, reference: reference, scratchPath: scratchPath, log: log)
    let outcome = try runProcess(
      [binary.path], environment: labEnvironment(number, reference), timeLimit: 300)
    say(outcome.output.hasSuffix("\n") ? String(outcome.output.dropLast()) : outcome.output)
    if outcome.timedOut {
      throw WorkbookError("the lab of chapter \(number) was still running after 300 s; stopped it")
    }
    if let signal = outcome.signal {
      throw WorkbookError(
        "the lab of chapter \(number) crashed (signal \(signal)); the lines above say where")
    }
    return outcome.exitStatus ?? 1
  }
}
