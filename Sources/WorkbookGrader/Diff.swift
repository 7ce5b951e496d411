import Foundation

/// The differences between two texts in the unified format of `diff -u`, which `patch` reads.
///
/// ```swift
/// unifiedDiff(old: "a\nb\nc\n", new: "a\nB\nc\n", oldName: "x", newName: "y")
/// // --- x
/// // +++ y
/// // @@ -1,3 +1,3 @@
/// //  a
/// // -b
/// // +B
/// //  c
/// ```
///
/// Lines are compared whole, with their line ending: a last line without a newline differs from
/// the same line with one, and is followed by `\ No newline at end of file`, as `diff` writes it.
/// Each hunk shows `context` unchanged lines before and after its changes; changes closer than
/// `2 * context` lines share a hunk. Within a change, removed lines come before added ones.
///
/// Complexity: O(n * m) time and memory for the lines between the common prefix and suffix (a
/// longest common subsequence table), which suits the workbook's files of a few hundred lines.
///
/// - Returns: the empty string when the texts are equal.
public func unifiedDiff(
  old: String, new: String, oldName: String, newName: String, context: Int = 3
) -> String {
  if old == new { return "" }
  let before = diffLines(old)
  let after = diffLines(new)
  let edits = editScript(before, after)
  let context = max(0, context)

  // The positions of the changed edits, grouped into hunks with their context.
  let changed = edits.indices.filter { edits[$0].kind != .same }
  var hunks: [Range<Int>] = []
  for index in changed {
    let start = max(0, index - context)
    let end = min(edits.count, index + 1 + context)
    if let last = hunks.last, start <= last.upperBound {
      hunks[hunks.count - 1] = last.lowerBound..<end
    } else {
      hunks.append(start..<end)
    }
  }

  var output = "--- \(oldName)\n+++ \(newName)\n"
  for hunk in hunks {
    let slice = edits[hunk]
    let oldCount = slice.filter { $0.kind != .added }.count
    let newCount = slice.filter { $0.kind != .removed }.count
    // A hunk's start is the number of its first line; for an empty side, the line before it.
    let oldStart = (slice.first?.oldLine ?? 0) + (oldCount == 0 ? 0 : 1)
    let newStart = (slice.first?.newLine ?? 0) + (newCount == 0 ? 0 : 1)
    output +=
      "@@ -\(hunkRange(oldStart, oldCount)) +\(hunkRange(newStart, newCount)) @@\n"
    for edit in slice {
      let line: String
      switch edit.kind {
      case .same: line = " " + before[edit.oldLine]
      case .removed: line = "-" + before[edit.oldLine]
      case .added: line = "+" + after[edit.newLine]
      }
      output += line.hasSuffix("\n") ? line : line + "\n\\ No newline at end of file\n"
    }
  }
  return output
}

/// `diff`'s way of writing a hunk's range: the count is left out when it is 1.
private func hunkRange(_ start: Int, _ count: Int) -> String {
  count == 1 ? "\(start)" : "\(start),\(count)"
}

/// The lines of `text`, each with its "\n" (the last one may have none).
private func diffLines(_ text: String) -> [String] {
  var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
    String($0) + "\n"
  }
  // The part after the last "\n": empty when the text ends with a newline.
  let last = lines.removeLast().dropLast()
  if !last.isEmpty { lines.append(String(last)) }
  return lines
}

/// One step from the old lines to the new ones. `oldLine` and `newLine` are the 0-based
/// positions of the step's line: for an added line, `oldLine` is the number of old lines before
/// it, and the other way round for a removed line.
private struct Edit {
  enum Kind { case same, removed, added }
  var kind: Kind
  var oldLine: Int
  var newLine: Int
}

/// A shortest edit script from `a` to `b`, from a longest common subsequence of their lines.
private func editScript(_ a: [String], _ b: [String]) -> [Edit] {
  // The common prefix and suffix need no table.
  var prefix = 0
  while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
  var suffix = 0
  while suffix < a.count - prefix, suffix < b.count - prefix,
    a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
  {
    suffix += 1
  }
  let n = a.count - prefix - suffix
  let m = b.count - prefix - suffix

  // table[i * (m + 1) + j]: the length of a longest common subsequence of the middle parts
  // a[prefix + i ..< prefix + n] and b[prefix + j ..< prefix + m].
  var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
  if n > 0 && m > 0 {
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        table[i * (m + 1) + j] =
          a[prefix + i] == b[prefix + j]
          ? table[(i + 1) * (m + 1) + j + 1] + 1
          : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
      }
    }
  }

  var edits: [Edit] = (0..<prefix).map { Edit(kind: .same, oldLine: $0, newLine: $0) }
  var i = 0
  var j = 0
  while i < n || j < m {
    if i < n, j < m, a[prefix + i] == b[prefix + j] {
      edits.append(Edit(kind: .same, oldLine: prefix + i, newLine: prefix + j))
      i += 1
      j += 1
    } else if i < n, j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
      edits.append(Edit(kind: .removed, oldLine: prefix + i, newLine: prefix + j))
      i += 1
    } else {
      edits.append(Edit(kind: .added, oldLine: prefix + i, newLine: prefix + j))
      j += 1
    }
  }
  for k in 0..<suffix {
    edits.append(Edit(kind: .same, oldLine: prefix + n + k, newLine: prefix + m + k))
  }
  return edits
}
