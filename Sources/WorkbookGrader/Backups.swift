import Foundation

/// One backup under `.workbook/backups/<name>/`: copies of the files a command was about to
/// replace or remove, at their paths relative to the package root, and a `backup.json` manifest.
///
/// ```json
/// {"command": "reset 3", "created": "2025-06-01T10:00:00.000Z",
///  "files": ["Chapters/03-Autodiff/Value.swift"],
///  "absent": ["Chapters/03-Autodiff/Graph.swift"]}
/// ```
///
/// `files` are the paths saved in the backup; `absent` the paths that did not exist when it was
/// made (the command then created them), so that restoring removes them again.
public struct Backup: Sendable, Equatable {
  /// The folder name, `<kind>-<what>-<timestamp>`: "reset-3-2025-06-01T10-00-00Z".
  public var name: String
  /// The command that made it, "reset 3".
  public var command: String
  public var created: Date
  /// The paths saved in the backup, relative to the package root.
  public var files: [String]
  /// The paths that did not exist when the backup was made.
  public var absent: [String]
  /// The backup's folder.
  public var folder: URL
}

/// What restoring a backup did.
public struct RestoreResult: Sendable, Equatable {
  /// The paths written back from the backup.
  public var written: [String]
  /// The paths removed because they did not exist when the backup was made.
  public var removed: [String]
  /// The backup of the versions the restore replaced or removed; nil when nothing changed.
  public var beforeRestore: Backup?
}

/// The backups of one workbook, in `<root>/.workbook/backups/`.
///
/// Every command that replaces or removes a learner's file makes a backup first, so the
/// learner's work is never lost, and `workbook restore` can put it back. Restoring is undoable
/// too: it first backs up the versions it is about to replace (a "before-restore" backup).
/// Folders written by older graders (`generate-<timestamp>`, without a manifest) are listed too,
/// every file in them counting as saved.
public struct BackupStore: Sendable {
  /// The package root.
  public let root: URL

  public init(root: URL) { self.root = root }

  /// The folder holding every backup.
  public var folder: URL {
    root.appendingPathComponent(".workbook").appendingPathComponent("backups")
  }

  static let manifestName = "backup.json"

  /// Saves the current versions of `paths` (relative to the root) in a new backup named
  /// `<kind>-<what>-<timestamp>`; paths that do not exist are recorded as absent.
  ///
  /// - Parameters:
  ///   - kind: what made it, "reset" or "before-restore".
  ///   - what: what it is about, "3" or "3.2"; may be empty.
  ///   - command: the command line, shown by `workbook restore`: "reset 3".
  @discardableResult
  public func create(
    kind: String, what: String, command: String, paths: [String], at date: Date = Date()
  ) throws -> Backup {
    for path in paths { try Self.checkRelative(path, in: "the backup of `\(command)`") }
    // Strictly after the newest backup, to the millisecond the manifest keeps, so that
    // `latest` is the one made last even when two are made within the same millisecond.
    var date = date
    if let newest = try? list().first?.created, date < newest + 0.002 { date = newest + 0.002 }
    let stamp = ISO8601DateFormatter().string(from: date).replacingOccurrences(of: ":", with: "-")
    let base = ([kind, what, stamp].filter { !$0.isEmpty }).joined(separator: "-")
    var name = base
    var suffix = 1
    while FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
      suffix += 1
      name = "\(base)-\(suffix)"
    }
    let destination = folder.appendingPathComponent(name, isDirectory: true)
    try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)

    var files: [String] = []
    var absent: [String] = []
    for path in Set(paths).sorted() {
      let source = root.appendingPathComponent(path)
      guard FileManager.default.fileExists(atPath: source.path) else {
        absent.append(path)
        continue
      }
      do {
        try writeAtomically(Data(contentsOf: source), to: destination.appendingPathComponent(path))
      } catch {
        throw WorkbookError(
          "could not back up \(path) to \(destination.path): \(error); nothing was changed")
      }
      files.append(path)
    }
    let manifest = Manifest(
      command: command, created: Self.timestamp(date), files: files, absent: absent)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try writeAtomically(
      encoder.encode(manifest), to: destination.appendingPathComponent(Self.manifestName))
    return Backup(
      name: name, command: command, created: date, files: files, absent: absent,
      folder: destination)
  }

  /// Every backup, newest first. A folder whose manifest cannot be read is skipped.
  public func list() throws -> [Backup] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let backups = names.filter {
      !$0.hasPrefix(".") && directoryExists(folder.appendingPathComponent($0))
    }
    .compactMap { try? load($0) }
    return backups.sorted {
      $0.created != $1.created
        ? $0.created > $1.created
        : $0.name.compare($1.name, options: .numeric) == .orderedDescending
    }
  }

  /// The backup called `name`, or the newest one for "latest".
  ///
  /// - Throws: a usage error (exit status 2) naming the backups that exist.
  public func backup(named name: String) throws -> Backup {
    let all = try list()
    if name == "latest", let newest = all.first { return newest }
    if let found = all.first(where: { $0.name == name }) { return found }
    let known =
      all.isEmpty
      ? "there are no backups yet in \(folder.path)"
      : "the backups are: " + all.map(\.name).joined(separator: ", ")
    throw WorkbookError("there is no backup called \"\(name)\"; \(known)", exitStatus: 2)
  }

  /// What restoring `backup` would change now: the saved files whose current contents differ
  /// (or that are missing), and the absent paths that exist now.
  public func changes(restoring backup: Backup) throws -> (write: [String], remove: [String]) {
    var write: [String] = []
    for path in backup.files {
      try Self.checkRelative(path, in: backup.name)
      guard
        let saved = FileManager.default.contents(
          atPath: backup.folder.appendingPathComponent(path).path)
      else {
        throw WorkbookError(
          "the backup \(backup.name) is damaged: its manifest lists \(path), but "
            + "\(backup.folder.path) has no such file; nothing was changed")
      }
      let current = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
      if current != saved { write.append(path) }
    }
    var remove: [String] = []
    for path in backup.absent {
      try Self.checkRelative(path, in: backup.name)
      if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
        remove.append(path)
      }
    }
    return (write, remove)
  }

  /// Puts the files of `backup` back: first backs up the current versions of every path it
  /// changes (kind "before-restore", so the restore can be undone), then writes the saved files
  /// and removes the paths that were absent when the backup was made. Files that already match
  /// are not touched; when none differs, nothing is written and no backup is made.
  public func restore(_ backup: Backup, at date: Date = Date()) throws -> RestoreResult {
    let (write, remove) = try changes(restoring: backup)
    if write.isEmpty && remove.isEmpty {
      return RestoreResult(written: [], removed: [], beforeRestore: nil)
    }
    // Restoring a before-restore backup is named after the original command, not nested.
    var what = Self.stripTimestamp(backup.name)
    if what.hasPrefix("before-restore-") { what.removeFirst("before-restore-".count) }
    let before = try create(
      kind: "before-restore", what: what,
      command: "restore \(backup.name)", paths: write + remove, at: date)
    for path in write {
      let data = try Data(contentsOf: backup.folder.appendingPathComponent(path))
      try writeAtomically(data, to: root.appendingPathComponent(path))
    }
    for path in remove { try removeFile(path) }
    return RestoreResult(written: write, removed: remove, beforeRestore: before)
  }

  /// Removes the file at `path` (relative to the root), then the folders above it that it
  /// leaves empty, up to and without the chapter folder (`Chapters/NN-Name`).
  func removeFile(_ path: String) throws {
    try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    var parent = (path as NSString).deletingLastPathComponent
    while parent.split(separator: "/").count > 2,
      let contents = try? FileManager.default.contentsOfDirectory(
        atPath: root.appendingPathComponent(parent).path),
      contents.isEmpty
    {
      try FileManager.default.removeItem(at: root.appendingPathComponent(parent))
      parent = (parent as NSString).deletingLastPathComponent
    }
  }

  // MARK: Manifests

  struct Manifest: Codable {
    var command: String
    var created: String
    var files: [String]
    var absent: [String]
  }

  /// Reads the backup folder `name`: its manifest, or for an older `generate-*` folder without
  /// one, every file in it.
  func load(_ name: String) throws -> Backup {
    let location = folder.appendingPathComponent(name, isDirectory: true)
    let manifestURL = location.appendingPathComponent(Self.manifestName)
    if let data = FileManager.default.contents(atPath: manifestURL.path) {
      let manifest = try JSONDecoder().decode(Manifest.self, from: data)
      guard let created = Self.date(manifest.created) else {
        throw WorkbookError("\(manifestURL.path): \"\(manifest.created)\" is not an ISO 8601 date")
      }
      return Backup(
        name: name, command: manifest.command, created: created, files: manifest.files,
        absent: manifest.absent, folder: location)
    }
    guard name.hasPrefix("generate-") else {
      throw WorkbookError("\(location.path) has no \(Self.manifestName)")
    }
    let modified =
      (try? FileManager.default.attributesOfItem(atPath: location.path)[.modificationDate])
      as? Date
    return Backup(
      name: name, command: "generate --write",
      created: Self.dateInName(name) ?? modified ?? .distantPast,
      files: try filesUnder(location), absent: [], folder: location)
  }

  /// The manifest's form of a date: ISO 8601 with milliseconds, so that backups made within
  /// the same second still sort in the order they were made.
  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }

  /// Reads an ISO 8601 date, with or without fractional seconds.
  static func date(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    return ISO8601DateFormatter().date(from: text)
  }

  static let timestampPattern = #"-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(-\d+)?$"#

  /// The date in a backup's name ("generate-2025-06-01T10-00-00Z"), if it has one.
  static func dateInName(_ name: String) -> Date? {
    guard let range = name.range(of: timestampPattern, options: .regularExpression) else {
      return nil
    }
    // "-2025-06-01T10-00-00Z-2" -> "2025-06-01T10:00:00Z"
    let stamp = name[range].dropFirst().prefix(20)
    let date = stamp.prefix(11)
    let time = stamp.dropFirst(11).replacingOccurrences(of: "-", with: ":")
    return ISO8601DateFormatter().date(from: date + time)
  }

  /// A backup's name without its timestamp: "reset-3-2025-06-01T10-00-00Z" -> "reset-3".
  static func stripTimestamp(_ name: String) -> String {
    guard let range = name.range(of: timestampPattern, options: .regularExpression) else {
      return name
    }
    return String(name[..<range.lowerBound])
  }

  /// Refuses a path that could leave the package root (absolute, or with a `..` component): a
  /// damaged or edited manifest must not make a restore write elsewhere.
  static func checkRelative(_ path: String, in context: String) throws {
    let components = path.split(separator: "/", omittingEmptySubsequences: false)
    if path.isEmpty || path.hasPrefix("/") || components.contains("..") {
      throw WorkbookError(
        "\(context): \"\(path)\" is not a path inside the workbook; nothing was changed")
    }
  }
}

/// Writes `data` to `url` through a temporary file and a rename, creating the folders above it,
/// so that an interrupted write never leaves a half-written file.
func writeAtomically(_ data: Data, to url: URL) throws {
  try FileManager.default.createDirectory(
    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try data.write(to: url, options: .atomic)
}
