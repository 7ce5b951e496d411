import Foundation

/// The results of borrowed chapters, kept in `.workbook/borrowed.json` so that the progress
/// table does not run the reference's tests again on every call.
///
/// A borrowed chapter's result depends only on what its test build is made of: the package
/// manifest, the test support code, the chapter's tests, and the sources of the chapter and
/// every chapter it builds on (each from Solutions/ or Chapters/, whichever the run compiles).
/// The key is a hash of all of those files' paths and bytes, so any change to one of them
/// (a learner's edit to an earlier chapter included) runs the tests again.
struct BorrowedCache: Codable {
  struct Entry: Codable {
    var key: String
    var report: ChapterReport
  }

  var entries: [String: Entry] = [:]

  static func file(in root: URL) -> URL {
    root.appendingPathComponent(".workbook").appendingPathComponent("borrowed.json")
  }

  static func load(from root: URL) -> BorrowedCache {
    guard let data = FileManager.default.contents(atPath: file(in: root).path),
      let cache = try? JSONDecoder().decode(BorrowedCache.self, from: data)
    else { return BorrowedCache() }
    return cache
  }

  /// Written atomically; a cache that cannot be written is only a slower next run.
  func save(to root: URL) {
    let url = Self.file(in: root)
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try? encoder.encode(self).write(to: url, options: .atomic)
  }

  /// The key of `chapter`'s result: a hash of every file its test build reads. `needs`: the
  /// chapters it builds on; `reference`: the chapters compiled from Solutions/. `folders`
  /// keeps each folder's hash for the other chapters of the same run.
  static func key(
    for chapter: Chapter, needs: Set<Int>, reference: Set<Int>, workbook: Workbook,
    folders known: inout [String: UInt64]
  ) -> String {
    var folders = [
      "Tests/\(chapter.testTarget)", "Tests/TestSupport", "Tests/AutodiffTestSupport",
      "Sources/WorkbookSupport",
    ]
    for number in [chapter.number] + needs.sorted() {
      guard let other = workbook.chapters.first(where: { $0.number == number }) else { continue }
      folders.append((reference.contains(number) ? "Solutions/" : "Chapters/") + other.folder)
    }
    var hash = FNV1a()
    hash.add(
      FileManager.default.contents(
        atPath: workbook.root.appendingPathComponent("Package.swift").path) ?? Data())
    for folder in folders {
      if known[folder] == nil {
        var folderHash = FNV1a()
        let url = workbook.root.appendingPathComponent(folder)
        for file in ((try? filesUnder(url)) ?? []).sorted() where file.hasSuffix(".swift") {
          folderHash.add(Data(file.utf8))
          folderHash.add(
            FileManager.default.contents(atPath: url.appendingPathComponent(file).path) ?? Data())
        }
        known[folder] = folderHash.value
      }
      hash.add(Data((folder + ":" + String(known[folder]!, radix: 16)).utf8))
    }
    return String(hash.value, radix: 16)
  }
}

/// The 64-bit FNV-1a hash: enough to tell whether files changed (not a security measure).
struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ data: Data) {
    var value = self.value
    data.withUnsafeBytes { bytes in
      for byte in bytes {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
      }
    }
    // A separator, so that "ab" + "c" differs from "a" + "bc".
    value ^= 0xff
    self.value = value &* 0x100_0000_01b3
  }
}
