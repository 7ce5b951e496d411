import Foundation

/// Grading a submission against pristine tests: `--pristine REF` (a git ref of the workbook)
/// or `--pristine-dir DIR` (a copy of it, such as a teacher's template).
///
/// The grader never changes the submission. It assembles a grading copy in
/// `.workbook/pristine/` of the submission: Package.swift, Tests/, Sources/, Solutions/ (when
/// the pristine copy has it) and every chapter's chapter.json and lesson from the pristine
/// source; only the Swift files under Chapters/ from the submission. Files are rewritten only
/// when their bytes change, so a second grading run builds incrementally. The submission's
/// copies of the pristine files that differ are listed in the report.
public struct PristineSource: Sendable {
  enum Kind: Sendable {
    case gitRef(String)
    case directory(URL)
  }
  let kind: Kind

  public static func gitRef(_ ref: String) -> PristineSource { .init(kind: .gitRef(ref)) }
  public static func directory(_ url: URL) -> PristineSource { .init(kind: .directory(url)) }

  /// "git ref v1.0 (1a2b3c4d5e6f)" or "folder /autograder/source".
  var description: String {
    switch kind {
    case .gitRef(let ref): "git ref \(ref)"
    case .directory(let url): "folder \(url.path)"
    }
  }

  /// True for the paths (relative to the package root) the pristine source decides.
  static func isPristine(_ path: String) -> Bool {
    if path == "Package.swift" { return true }
    let parts = path.split(separator: "/")
    guard let top = parts.first else { return false }
    switch top {
    case "Tests", "Sources", "Solutions": return true
    case "Chapters": return !path.hasSuffix(".swift")
    default: return false
    }
  }

  /// The pristine files: relative path -> bytes.
  func files(submission: URL) throws -> [String: Data] {
    switch kind {
    case .directory(let folder):
      guard directoryExists(folder) else {
        throw WorkbookError("--pristine-dir \(folder.path): no such folder", exitStatus: 2)
      }
      var files: [String: Data] = [:]
      for top in ["Package.swift", "Tests", "Sources", "Solutions", "Chapters"] {
        let url = folder.appendingPathComponent(top)
        if top == "Package.swift" {
          guard let data = FileManager.default.contents(atPath: url.path) else {
            throw WorkbookError(
              "--pristine-dir \(folder.path) has no Package.swift: is it a copy of the workbook?",
              exitStatus: 2)
          }
          files[top] = data
          continue
        }
        guard directoryExists(url) else { continue }
        for relative in try filesUnder(url) {
          let path = "\(top)/\(relative)"
          guard Self.isPristine(path), !Self.isBuildProduct(path) else { continue }
          files[path] = FileManager.default.contents(
            atPath: url.appendingPathComponent(relative).path)
        }
      }
      return files
    case .gitRef(let ref):
      func git(_ arguments: [String]) throws -> String {
        let outcome = try runProcess(
          ["git", "-C", submission.path] + arguments,
          environment: ProcessInfo.processInfo.environment)
        guard outcome.succeeded else {
          throw WorkbookError(
            "--pristine \(ref): `git \(arguments.joined(separator: " "))` failed:\n"
              + tail(outcome.output, lines: 5), exitStatus: 2)
        }
        return outcome.output
      }
      let commit = try git(["rev-parse", "--verify", "--quiet", ref + "^{commit}"])
        .trimmingCharacters(in: .whitespacesAndNewlines)
      let listing = try git(
        [
          "ls-tree", "-r", "-z", "--name-only", commit, "--", "Package.swift", "Tests", "Sources",
          "Solutions", "Chapters",
        ])
      var files: [String: Data] = [:]
      for path in listing.split(separator: "\0").map(String.init)
      where Self.isPristine(path) && !Self.isBuildProduct(path) {
        let blob = FileManager.default.temporaryDirectory
          .appendingPathComponent("workbook-blob-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: blob) }
        // `git show` through a file keeps the bytes exact (runProcess reads text).
        let outcome = try runProcess(
          [
            "sh", "-c", "git -C \"$0\" show \"$1\" > \"$2\"", submission.path, "\(commit):\(path)",
            blob.path,
          ],
          environment: ProcessInfo.processInfo.environment)
        guard outcome.succeeded, let data = FileManager.default.contents(atPath: blob.path) else {
          throw WorkbookError("--pristine \(ref): could not read \(path) at \(commit)")
        }
        files[path] = data
      }
      guard files["Package.swift"] != nil else {
        throw WorkbookError(
          "--pristine \(ref): that commit has no Package.swift: is it a commit of the workbook?",
          exitStatus: 2)
      }
      return files
    }
  }

  static func isBuildProduct(_ path: String) -> Bool {
    path.split(separator: "/").contains { $0.hasPrefix(".build") || $0 == ".workbook" }
  }
}

extension PristineSource {
  /// Builds (or brings up to date) the grading copy for the submission at `submission`, and
  /// lists the submission's files that differ from the pristine ones.
  func prepare(submission: URL) throws -> (root: URL, check: PristineCheck) {
    let pristine = try files(submission: submission)
    var wanted = pristine
    // The learner's code: every Swift file under Chapters/, in the chapter folders the
    // pristine copy has (a renamed folder would not be compiled anyway).
    let chapters = submission.appendingPathComponent("Chapters")
    for relative in (try? filesUnder(chapters)) ?? [] where relative.hasSuffix(".swift") {
      let path = "Chapters/\(relative)"
      guard !Self.isBuildProduct(path) else { continue }
      wanted[path] = FileManager.default.contents(
        atPath: chapters.appendingPathComponent(relative).path)
    }

    // What the submission changed among the files the pristine source decides.
    var changed: [String] = []
    var present = Set<String>()
    for top in ["Package.swift", "Tests", "Sources", "Chapters"] {
      let url = submission.appendingPathComponent(top)
      if top == "Package.swift" {
        if FileManager.default.fileExists(atPath: url.path) { present.insert(top) }
        continue
      }
      for relative in (try? filesUnder(url)) ?? [] {
        let path = "\(top)/\(relative)"
        if Self.isPristine(path) && !Self.isBuildProduct(path) { present.insert(path) }
      }
    }
    // The learner's scratch pad is theirs to edit: the copy gets the pristine one, and an
    // edited scratch is not worth a teacher's look.
    for path in Set(pristine.keys).union(present).sorted()
    where !path.hasPrefix("Solutions/") && !path.hasPrefix("Sources/Scratch/") {
      let mine = FileManager.default.contents(
        atPath: submission.appendingPathComponent(path).path)
      switch (mine, pristine[path]) {
      case (nil, .some): changed.append("\(path) (deleted)")
      case (.some, nil): changed.append("\(path) (added)")
      case (.some(let a), .some(let b)) where a != b: changed.append("\(path) (edited)")
      default: break
      }
    }

    let root = submission.appendingPathComponent(".workbook/pristine")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    // Remove what is no longer wanted (build folders stay: they make the next run fast).
    for relative in try filesUnder(root) where !Self.isBuildProduct(relative) {
      if wanted[relative] == nil {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
      }
    }
    for (path, data) in wanted {
      let url = root.appendingPathComponent(path)
      if FileManager.default.contents(atPath: url.path) == data { continue }
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url, options: .atomic)
    }
    return (root, PristineCheck(source: description, changed: changed))
  }
}
