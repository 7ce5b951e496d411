import Foundation
import Testing

@testable import WorkbookGrader

/// The teacher kit in Sources/Teachers/ (a GitHub Classroom workflow and Gradescope scripts)
/// cannot be run here: GitHub Actions and Gradescope are remote services. These tests check what
/// can be checked locally: the workflow has one grading step per chapter of this workbook, every
/// `workbook` command line the kit runs is one the grader accepts, and the scripts are
/// executable shell scripts without syntax errors. The YAML is read as text (no YAML library).
@Suite("The teacher kit matches the workbook and the grader")
struct TeacherKitTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let workflowPath = "Sources/Teachers/github-classroom/classroom.yml"
  static let scriptPaths = [
    "Sources/Teachers/gradescope/setup.sh", "Sources/Teachers/gradescope/run_autograder",
    "Sources/Teachers/gradescope/make-autograder-zip.sh",
  ]
  /// How the kit names the grader: the one built from the pristine commit (GitHub Classroom) and
  /// the one built in /autograder/source (Gradescope).
  static let graderPaths: Set<String> = [
    "/tmp/pristine/.build/debug/workbook", "$GRADER", "${GRADER}", ".build/debug/workbook",
  ]

  static func text(_ path: String) throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
  }

  /// A step of the workflow: the lines from its `- name:` (or `- uses:`) to the next step.
  struct Step {
    var lines: [String]

    /// The value of `key: value` in this step, without quotes ("" when absent).
    func value(_ key: String) -> String {
      for line in lines {
        var trimmed = Substring(line.trimmingCharacters(in: .whitespaces))
        if trimmed.hasPrefix("- ") { trimmed = trimmed.dropFirst(2) }
        guard trimmed.hasPrefix(key + ":") else { continue }
        return unquoted(
          String(trimmed.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces))
      }
      return ""
    }
  }

  static func steps(_ workflow: String) -> [Step] {
    var steps: [Step] = []
    var inSteps = false
    var indent = 0
    for line in workflow.components(separatedBy: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed == "steps:" {
        inSteps = true
        indent = line.prefix { $0 == " " }.count
        continue
      }
      guard inSteps, !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
      let lineIndent = line.prefix { $0 == " " }.count
      if lineIndent <= indent && !trimmed.hasPrefix("- ") { break }
      if trimmed.hasPrefix("- ") && lineIndent <= indent + 2 {
        steps.append(Step(lines: [line]))
      } else if !steps.isEmpty {
        steps[steps.count - 1].lines.append(line)
      }
    }
    return steps
  }

  static func unquoted(_ word: String) -> String {
    for quote in ["\"", "'"] where word.count >= 2 && word.hasPrefix(quote) && word.hasSuffix(quote)
    {
      return String(word.dropFirst().dropLast())
    }
    return word
  }

  /// Every command line in `text` that runs the grader: the words after the grader's path, up to
  /// the end of the shell command (a redirection, a pipe, `||` or `&&`). Lines ending in a
  /// backslash continue on the next line.
  static func graderInvocations(_ text: String) -> [[String]] {
    let logicalLines = text.replacingOccurrences(of: "\\\n", with: " ")
      .components(separatedBy: "\n")
    let operators: Set<String> = [">", ">>", "2>&1", "|", "||", "&&", ";", "<", "&"]
    var invocations: [[String]] = []
    for line in logicalLines {
      var content = line.trimmingCharacters(in: .whitespaces)
      if content.hasPrefix("#") { continue }
      if content.hasPrefix("command:") { content = String(content.dropFirst("command:".count)) }
      // A word that expands a shell array (`${chapters[@]+"${chapters[@]}"}`) adds options
      // chosen at run time; the test of that script checks what the array holds.
      let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map {
        unquoted(String($0))
      }.filter { !($0.hasPrefix("${") && $0.contains("[@]")) }
      for (index, word) in words.enumerated() where graderPaths.contains(word) {
        let rest = words[(index + 1)...].prefix {
          !operators.contains($0) && !$0.hasPrefix(">") && !$0.hasPrefix("2>")
        }
        // `[ -x "$GRADER" ]` names the grader without running it.
        guard let first = rest.first, !first.hasPrefix("]") else { continue }
        invocations.append(Array(rest))
      }
    }
    return invocations
  }

  @Test("the workflow has exactly one grading step per chapter, with matching id and --chapters")
  func oneStepPerChapter() throws {
    let workbook = try Workbook(root: Self.packageRoot)
    let steps = Self.steps(try Self.text(Self.workflowPath))
    let grading = steps.filter {
      $0.value("uses").hasPrefix("classroom-resources/autograding-command-grader@")
    }
    let expected = workbook.chapters.map { "chapter" + twoDigits($0.number) }
    #expect(
      grading.map { $0.value("id") } == expected,
      "one autograding-command-grader step per chapter, in order, with ids \(expected)")
    for (step, chapter) in zip(grading, workbook.chapters) {
      let id = step.value("id")
      let words = try #require(
        Self.graderInvocations(step.value("command")).first,
        "step \(id): its command runs the grader")
      let arguments = try WorkbookCommand.parse(words)
      #expect(arguments.command == "grade", "step \(id) runs `workbook grade`")
      #expect(
        arguments.options["--chapters"] == "\(chapter.number)",
        "step \(id) grades chapter \(chapter.number) alone")
      #expect(arguments.options["--min-score"] == "100", "step \(id) passes only at 100%")
      #expect(
        step.value("test-name").hasPrefix("Chapter \(twoDigits(chapter.number))"),
        "step \(id) is named after its chapter")
      #expect(Int(step.value("timeout")) != nil, "step \(id) has a timeout in minutes")
      #expect(Double(step.value("max-score")) != nil, "step \(id) has a max-score")
    }
  }

  @Test("the workflow's reporter collects the result of every chapter step")
  func reporterCollectsEveryChapter() throws {
    let workbook = try Workbook(root: Self.packageRoot)
    let workflow = try Self.text(Self.workflowPath)
    let reporter = try #require(
      Self.steps(workflow).first {
        $0.value("uses").hasPrefix("classroom-resources/autograding-grading-reporter@")
      }, "the workflow ends with the autograding reporter")
    let ids = workbook.chapters.map { "chapter" + twoDigits($0.number) }
    #expect(reporter.value("runners") == ids.joined(separator: ","))
    for id in ids {
      #expect(
        reporter.value(id.uppercased() + "_RESULTS") == "${{steps.\(id).outputs.result}}",
        "the reporter reads \(id)'s result from \(id.uppercased())_RESULTS")
    }
    #expect(!workflow.contains("\t"), "YAML indentation must be spaces, never tabs")
  }

  @Test(
    "every workbook command line in the teacher kit parses to a known command",
    arguments: [workflowPath] + scriptPaths.filter { !$0.hasSuffix("make-autograder-zip.sh") })
  func commandLinesParse(path: String) throws {
    let invocations = Self.graderInvocations(try Self.text(path))
    #expect(!invocations.isEmpty, "\(path) runs the grader")
    let available = try Workbook(root: Self.packageRoot).chapters.map(\.number)
    for words in invocations {
      let line = words.joined(separator: " ")
      let arguments = try WorkbookCommand.parse(words)
      let command = try #require(arguments.command, "`workbook \(line)` names a command")
      #expect(WorkbookCommand.commands.contains(command), "`workbook \(line)`")
      #expect(arguments.positional.isEmpty, "`workbook \(line)` has no stray words")
      if let format = arguments.options["--format"] {
        #expect(WorkbookCommand.formats.contains(format), "`workbook \(line)`: format \(format)")
      }
      // Each throws, and so fails the test with the grader's own message, when refused.
      if let chapters = arguments.options["--chapters"] {
        _ = try ChapterSelection.parse(chapters, available: available)
      }
      if let minimum = arguments.options["--min-score"] {
        _ = try WorkbookCommand.parseMinScore(minimum)
      }
    }
  }

  @Test(
    "the Gradescope scripts are executable and bash -n finds no syntax error",
    arguments: scriptPaths)
  func scriptsAreExecutableBash(path: String) throws {
    let url = Self.packageRoot.appendingPathComponent(path)
    #expect(FileManager.default.isExecutableFile(atPath: url.path), "chmod +x \(path)")
    #expect(try Self.text(path).hasPrefix("#!/usr/bin/env bash\n"), "\(path) starts with its #!")

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["bash", "-n", url.path]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "bash -n \(path): \(message)")
  }

  @Test("run_autograder takes its root and a chapter selection from variables")
  func autograderVariables() throws {
    let script = try Self.text("Sources/Teachers/gradescope/run_autograder")
    #expect(script.contains(#"AUTOGRADER_ROOT="${AUTOGRADER_ROOT:-/autograder}""#))
    #expect(script.contains(#"chapters=(--chapters "$GRADE_CHAPTERS")"#))
    #expect(script.contains(#"${chapters[@]+"${chapters[@]}"}"#))
  }

  @Test("a dry run in a folder of one's own writes results.json there, with the reason")
  func autograderDryRun() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "autograder-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    for folder in ["source", "submission/notes"] {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    func run() throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [
        "bash",
        Self.packageRoot.appendingPathComponent("Sources/Teachers/gradescope/run_autograder")
          .path,
      ]
      process.environment = ProcessInfo.processInfo.environment.merging(
        ["AUTOGRADER_ROOT": root.path, "GRADE_CHAPTERS": "1-2"]) { $1 }
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "run_autograder always exits 0 with a result")
      return try String(
        contentsOf: root.appendingPathComponent("results/results.json"), encoding: .utf8)
    }
    // No Chapters/ in the submission: the reason, and 0 points.
    let missing = try run()
    #expect(
      missing.contains(#""score": 0"#) && missing.contains("no Chapters/ folder"), "\(missing)")
    // A submission, but no grader built in source/: setup.sh did not run.
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("submission/Chapters"), withIntermediateDirectories: true)
    let unbuilt = try run()
    #expect(unbuilt.contains("the grader was not built"), "\(unbuilt)")
  }
}
