import Foundation

/// Writes the learner's Chapters/ from the reference in Solutions/, the single source of truth.
///
/// In a reference Swift file, each exercise body is fenced:
///
/// ```swift
/// public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
///   // BEGIN EXERCISE 1.4
///   // STUB: return Tensor(shape: [a.shape.first ?? 0, b.shape.last ?? 0], repeating: .nan)
///   ...the reference body...
///   // END EXERCISE 1.4
/// }
/// ```
///
/// and the stub keeps every line outside the fences, replacing each fence by a `TODO(1.4)`
/// line and the `STUB:` lines (none for an empty body). Lines between
/// `// BEGIN REFERENCE ONLY` and `// END REFERENCE ONLY` (private helpers of the reference) are
/// left out. Every other file of the chapter (the lesson, chapter.json) is copied unchanged,
/// except the mutant catalogue (`mutants.json`, never copied) and, in a chapter that has one,
/// the lesson's "Common bugs" table, which is made from the catalogue (in Solutions/ too).
public struct StubGenerator {
  /// The package root.
  public let root: URL
  /// The chapter numbers to generate; nil for all.
  public let chapters: Set<Int>?

  public init(root: URL, chapters: [Int]? = nil) {
    self.root = root
    self.chapters = chapters.map(Set.init)
  }

  /// True for a chapter folder ("04-Layers") this generator looks after.
  func covers(_ folder: String) -> Bool {
    guard folder.first?.isNumber == true else { return false }
    guard let chapters else { return true }
    return Int(folder.prefix { $0.isNumber }).map(chapters.contains) ?? false
  }

  /// The generated Chapters/ tree: relative path ("Chapters/01-Tensors/Tensor.swift") to
  /// contents.
  public func generate() throws -> [String: String] {
    guard directoryExists(root.appendingPathComponent("Solutions")) else {
      throw WorkbookError(
        "this copy has no Solutions/ folder (a student release), so there is nothing to "
          + "generate the stubs from")
    }
    var files: [String: String] = [:]
    let solutions = root.appendingPathComponent("Solutions")
    let chapterFolders = try FileManager.default.contentsOfDirectory(atPath: solutions.path)
      .filter(covers)
    for folder in chapterFolders {
      let lessons = try lessonsWithTables(folder)
      // The mutant catalogue is the maintainers': a student release has no reference to
      // mutate, and its `find` texts are the answers.
      for relative in try filesUnder(solutions.appendingPathComponent(folder))
      where relative != MutantCatalogue.fileName {
        let source = solutions.appendingPathComponent(folder).appendingPathComponent(relative)
        let text = try String(contentsOf: source, encoding: .utf8)
        let path = "\(folder)/\(relative)"
        files["Chapters/\(path)"] =
          relative.hasSuffix(".swift")
          ? try StubGenerator.stub(text, file: "Solutions/\(path)")
          : lessons[path]?.generated ?? text
      }
    }
    return files
  }

  /// For a chapter with a mutant catalogue: its lesson as committed and with the "Common bugs"
  /// table made from the catalogue (`MutantCatalogue.lesson(_:)`), keyed "04-Layers/README.md".
  func lessonsWithTables(_ folder: String) throws -> [String: (
    committed: String, generated: String
  )] {
    let url = root.appendingPathComponent("Solutions").appendingPathComponent(folder)
    guard let catalogue = try MutantCatalogue.load(from: url) else { return [:] }
    let lessonURL = url.appendingPathComponent("README.md")
    guard let lesson = try? String(contentsOf: lessonURL, encoding: .utf8) else { return [:] }
    guard let generated = catalogue.lesson(lesson) else {
      throw WorkbookError(
        "Solutions/\(folder)/README.md has no \(MutantCatalogue.tableStart) ... "
          + "\(MutantCatalogue.tableEnd) block for the table of its \(MutantCatalogue.fileName)")
    }
    return ["\(folder)/README.md": (lesson, generated)]
  }

  /// The lessons in Solutions/ whose "Common bugs" table is not what their catalogue makes:
  /// relative path to the text it should have.
  func staleLessons() throws -> [String: String] {
    let solutions = root.appendingPathComponent("Solutions")
    var stale: [String: String] = [:]
    for folder in try FileManager.default.contentsOfDirectory(atPath: solutions.path)
    where covers(folder) {
      for (path, lesson) in try lessonsWithTables(folder) where lesson.committed != lesson.generated
      {
        stale["Solutions/\(path)"] = lesson.generated
      }
    }
    return stale
  }

  /// The paths whose committed contents differ from the generated ones (changed, missing or
  /// extra Swift files), with a one-line reason each. Empty when Chapters/ is in sync.
  public func differences() throws -> [String] {
    let generated = try generate()
    var problems: [String] = try staleLessons().keys.sorted().map {
      "\($0): its \"Common bugs\" table differs from \(MutantCatalogue.fileName)"
    }
    for (path, text) in generated.sorted(by: { $0.key < $1.key }) {
      let url = root.appendingPathComponent(path)
      guard let current = try? String(contentsOf: url, encoding: .utf8) else {
        problems.append("\(path): missing")
        continue
      }
      if current != text { problems.append("\(path): differs from the generated stub") }
    }
    let chapters = root.appendingPathComponent("Chapters")
    for folder in (try? FileManager.default.contentsOfDirectory(atPath: chapters.path)) ?? []
    where covers(folder) {
      for relative in (try? filesUnder(chapters.appendingPathComponent(folder))) ?? []
      where generated["Chapters/\(folder)/\(relative)"] == nil {
        problems.append("Chapters/\(folder)/\(relative): not generated from Solutions/")
      }
    }
    return problems
  }

  /// Writes the generated files and removes the files of Chapters/ that are not generated. A
  /// file whose current contents differ, or that is removed, is first copied to `backup` (the
  /// learner's work is never lost); returns the paths written or removed.
  public func write(backingUpTo backup: URL) throws -> [String] {
    func save(_ path: String) throws {
      let saved = backup.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: saved.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: root.appendingPathComponent(path), to: saved)
    }
    var written: [String] = []
    let generated = try generate()
    for (path, text) in try staleLessons().sorted(by: { $0.key < $1.key }) {
      try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
      written.append(path + " (its table, from \(MutantCatalogue.fileName))")
    }
    let chapters = root.appendingPathComponent("Chapters")
    for folder in (try? FileManager.default.contentsOfDirectory(atPath: chapters.path)) ?? []
    where covers(folder) {
      for relative in try filesUnder(chapters.appendingPathComponent(folder))
      where generated["Chapters/\(folder)/\(relative)"] == nil {
        let path = "Chapters/\(folder)/\(relative)"
        try save(path)
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
        written.append(path + " (removed)")
      }
    }
    for (path, text) in generated.sorted(by: { $0.key < $1.key }) {
      let url = root.appendingPathComponent(path)
      let current = try? String(contentsOf: url, encoding: .utf8)
      if current == text { continue }
      if current != nil { try save(path) }
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
      written.append(path)
    }
    return written
  }

  /// Turns one reference Swift file into its stub. `file` names it in error messages.
  public static func stub(_ text: String, file: String) throws -> String {
    var output: [Substring] = []
    var open: (id: String, line: Int, indent: Substring)?
    var inReferenceOnly: Int?
    var readingStubLines = false
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (number, line) in zip(1..., lines) {
      let content = line.drop { $0 == " " }
      let indent = line.prefix { $0 == " " }
      func fail(_ message: String) -> WorkbookError {
        WorkbookError("\(file):\(number): \(message)")
      }
      if content.hasPrefix("// BEGIN EXERCISE ") {
        if let open { throw fail("exercise \(open.id) (line \(open.line)) is still open") }
        let id = String(content.dropFirst("// BEGIN EXERCISE ".count))
        guard id.range(of: #"^\d+\.\d+$"#, options: .regularExpression) != nil else {
          throw fail("\"\(id)\" is not an exercise number like 6.2")
        }
        open = (id, number, indent)
        readingStubLines = true
        output.append(indent + "// TODO(\(id)): your code here (README.md, exercise \(id)).")
      } else if content.hasPrefix("// END EXERCISE ") {
        let id = String(content.dropFirst("// END EXERCISE ".count))
        guard let current = open, current.id == id else {
          throw fail("END EXERCISE \(id) without a matching BEGIN EXERCISE \(id)")
        }
        open = nil
      } else if let current = open {
        if readingStubLines, content.hasPrefix("// STUB:") {
          // One space follows the colon; any more is the stub's own indentation, kept.
          var code = content.dropFirst("// STUB:".count)
          if code.first == " " { code = code.dropFirst() }
          output.append(current.indent + code)
        } else {
          readingStubLines = false
        }
      } else if content == "// BEGIN REFERENCE ONLY" {
        if inReferenceOnly != nil { throw fail("REFERENCE ONLY blocks do not nest") }
        inReferenceOnly = number
      } else if content == "// END REFERENCE ONLY" {
        guard inReferenceOnly != nil else { throw fail("END REFERENCE ONLY without a BEGIN") }
        inReferenceOnly = nil
      } else if inReferenceOnly == nil {
        // A removed block leaves the blank lines around it: keep only one of them.
        if line.allSatisfy(\.isWhitespace), output.last?.allSatisfy(\.isWhitespace) == true {
          continue
        }
        output.append(line)
      }
    }
    if let open {
      throw WorkbookError("\(file):\(open.line): exercise \(open.id) is never closed")
    }
    if let start = inReferenceOnly {
      throw WorkbookError("\(file):\(start): REFERENCE ONLY block is never closed")
    }
    return output.joined(separator: "\n")
  }
}

/// Regular files under `folder`, as paths relative to it, sorted.
func filesUnder(_ folder: URL) throws -> [String] {
  guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
  var files: [String] = []
  while let relative = enumerator.nextObject() as? String {
    let name = (relative as NSString).lastPathComponent
    if name.hasPrefix(".") {
      // .DS_Store and editor files are nobody's work; hidden folders (.build) are not read.
      if directoryExists(folder.appendingPathComponent(relative)) { enumerator.skipDescendants() }
      continue
    }
    if !directoryExists(folder.appendingPathComponent(relative)) { files.append(relative) }
  }
  return files.sorted()
}
