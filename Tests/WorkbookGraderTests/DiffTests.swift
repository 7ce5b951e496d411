import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Unified diff")
struct DiffTests {
  @Test("equal texts give an empty diff")
  func equal() {
    #expect(unifiedDiff(old: "a\nb\n", new: "a\nb\n", oldName: "x", newName: "y") == "")
    #expect(unifiedDiff(old: "", new: "", oldName: "x", newName: "y") == "")
  }

  @Test("one changed line: the removed line comes before the added one, with context around")
  func oneChange() {
    let diff = unifiedDiff(
      old: "a\nb\nc\nd\ne\n", new: "a\nb\nC\nd\ne\n", oldName: "old.swift", newName: "new.swift",
      context: 1)
    #expect(diff == "--- old.swift\n+++ new.swift\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n")
  }

  @Test("a file created from nothing is one hunk starting at line 0 of the old side")
  func fromEmpty() {
    #expect(
      unifiedDiff(old: "", new: "a\nb\n", oldName: "x", newName: "y")
        == "--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n")
  }

  @Test("a deleted line with no context names the line before it on the new side")
  func deletionWithoutContext() {
    #expect(
      unifiedDiff(old: "a\nb\nc\n", new: "a\nc\n", oldName: "x", newName: "y", context: 0)
        == "--- x\n+++ y\n@@ -2 +1,0 @@\n-b\n")
  }

  @Test("a last line without a newline is marked as diff marks it")
  func noNewlineAtEnd() {
    #expect(
      unifiedDiff(old: "a\nb", new: "a\nc", oldName: "x", newName: "y")
        == "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
        + "\\ No newline at end of file\n")
    #expect(
      unifiedDiff(old: "a\n", new: "a", oldName: "x", newName: "y")
        == "--- x\n+++ y\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n")
  }

  @Test("distant changes make separate hunks; close ones share a hunk")
  func hunks() {
    let old = (1...10).map { "\($0)\n" }.joined()
    let far = old.replacingOccurrences(of: "2\n", with: "two\n")
      .replacingOccurrences(of: "9\n", with: "nine\n")
    #expect(
      unifiedDiff(old: old, new: far, oldName: "x", newName: "y", context: 1)
        == "--- x\n+++ y\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n@@ -8,3 +8,3 @@\n 8\n-9\n+nine\n 10\n")
    let near = old.replacingOccurrences(of: "2\n", with: "two\n")
      .replacingOccurrences(of: "4\n", with: "four\n")
    #expect(
      unifiedDiff(old: old, new: near, oldName: "x", newName: "y", context: 1)
        == "--- x\n+++ y\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n-4\n+four\n 5\n")
  }

  @Test(
    "hunk headers match their lines, patch applies the diff exactly, diff -u changes as many",
    arguments: 0..<40)
  func agreesWithPatch(seed: UInt64) throws {
    guard let patch = Self.executable("patch") else { return }  // not installed: nothing to check
    var random = SplitMix64(seed: seed)
    let old = randomText(&random)
    let new = randomText(&random)
    let diff = unifiedDiff(old: old, new: new, oldName: "old.txt", newName: "new.txt")
    #expect((diff == "") == (old == new))
    guard !diff.isEmpty else { return }
    checkHunkHeaders(diff, old: old)

    let folder = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(old, to: folder, "old.txt")
    try write(new, to: folder, "new.txt")
    try write(diff, to: folder, "change.diff")
    let path = folder.path
    let patched = try runProcess(
      [patch, "-o", "\(path)/patched.txt", "\(path)/old.txt", "-i", "\(path)/change.diff"],
      environment: ProcessInfo.processInfo.environment)
    #expect(patched.succeeded, "patch rejected the diff: \(patched.output)\n\(diff)")
    let result = try String(
      contentsOf: folder.appendingPathComponent("patched.txt"), encoding: .utf8)
    #expect(result == new, "patch applied the diff, but the result is not the new text:\n\(diff)")
    #expect(
      !patched.output.contains("offset") && !patched.output.contains("fuzz"),
      "patch had to search for a hunk: its line numbers are wrong\n\(patched.output)\n\(diff)")

    // Both are shortest edit scripts, so they remove and add the same number of lines.
    guard let diffTool = Self.executable("diff") else { return }
    let reference = try runProcess(
      [diffTool, "-u", "\(path)/old.txt", "\(path)/new.txt"],
      environment: ProcessInfo.processInfo.environment)
    func counts(_ text: String) -> (removed: Int, added: Int) {
      let lines = text.split(separator: "\n").filter {
        !$0.hasPrefix("---") && !$0.hasPrefix("+++")
      }
      return (lines.filter { $0.hasPrefix("-") }.count, lines.filter { $0.hasPrefix("+") }.count)
    }
    #expect(counts(diff) == counts(reference.output), "diff -u says:\n\(reference.output)")
  }

  /// Checks every hunk header of `diff` against its body and the old text, more strictly than
  /// `patch` (which tolerates a hunk at the wrong line): the counts are the body's, the old
  /// lines are at the old start, and the new start follows from the hunks before it.
  func checkHunkHeaders(_ diff: String, old: String) {
    let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
    var shift = 0  // new lines minus old lines in the hunks so far
    let hunks = diff.components(separatedBy: "\n@@ ").dropFirst()
    for hunk in hunks {
      let lines = hunk.split(separator: "\n").filter { !$0.hasPrefix("\\") }
      let numbers = lines[0].split(whereSeparator: { " -+,@".contains($0) }).compactMap { Int($0) }
      let header = lines[0].split(separator: " ")
      let oldCount = header[0].contains(",") ? numbers[1] : 1
      let newStart = header[0].contains(",") ? numbers[2] : numbers[1]
      let newCount = header[1].contains(",") ? numbers.last ?? 0 : 1
      let body = lines.dropFirst()
      #expect(oldCount == body.filter { !$0.hasPrefix("+") }.count, "old count in \(lines[0])")
      #expect(newCount == body.filter { !$0.hasPrefix("-") }.count, "new count in \(lines[0])")
      // The first old line of the hunk, 0-based; a start of an empty side is the line before.
      let oldIndex = oldCount == 0 ? numbers[0] : numbers[0] - 1
      let newIndex = newCount == 0 ? newStart : newStart - 1
      #expect(newIndex == oldIndex + shift, "new start in \(lines[0])")
      let expected = body.filter { !$0.hasPrefix("+") }.map { $0.dropFirst() }
      #expect(
        Array(oldLines[oldIndex..<min(oldLines.count, oldIndex + oldCount)]) == expected,
        "old lines at \(lines[0])")
      shift += newCount - oldCount
    }
  }

  /// A text of up to 30 lines from a five-word vocabulary, so that lines repeat and the common
  /// subsequence is not obvious; its last line has a newline or not.
  func randomText(_ random: inout SplitMix64) -> String {
    let words = ["alpha", "beta", "gamma", "delta", ""]
    let count = Int(random.next() % 31)
    let lines = (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }
    let text = lines.joined(separator: "\n")
    return count > 0 && random.next() % 4 != 0 ? text + "\n" : text
  }

  /// The full path of the program `name` found in PATH, or nil.
  static func executable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// A seedable random generator (SplitMix64), so every generated case is the same on every run.
  struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }
}
