import Foundation

/// A set of chapter numbers written the way `WORKBOOK_REFERENCE` is: "none", "all", or a
/// comma-separated list of numbers and inclusive ranges ("1-3", "1,3", "1-2,4-24").
///
/// Package.swift parses the same syntax (a manifest cannot import this module); the grader's
/// tests check that the two agree.
public enum ChapterSelection {
  /// Parses `text` against the chapters that exist. Numbers past the last chapter are allowed
  /// in ranges and ignored, so a selection written for the full workbook keeps working.
  public static func parse(_ text: String, available: [Int]) throws -> [Int] {
    guard let selected = try requested(text) else {
      return text.trimmingCharacters(in: .whitespaces) == "all" ? available.sorted() : []
    }
    return available.filter(selected.contains).sorted()
  }

  /// The chapter numbers `text` names, whether they exist or not (for a message that says
  /// which do not); nil for "", "none" and "all". Throws like `parse` on anything else.
  public static func requested(_ text: String) throws -> Set<Int>? {
    let text = text.trimmingCharacters(in: .whitespaces)
    if text.isEmpty || text == "none" || text == "all" { return nil }
    var selected = Set<Int>()
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
        .map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard (1...2).contains(bounds.count), let low = bounds.first!, let high = bounds.last!,
        low >= 1, low <= high
      else {
        throw WorkbookError(
          "\"\(text)\" is not a chapter selection (the part \"\(item)\" is not understood). "
            + "Accepted: \"none\", \"all\", or numbers and ranges such as \"2\", \"1-3\", "
            + "\"1,3\" or \"1-2,4-24\".", exitStatus: 2)
      }
      selected.formUnion(low...high)
    }
    return selected
  }

  /// The shortest text for `numbers`: "1-3,5".
  public static func format(_ numbers: [Int]) -> String {
    let sorted = Array(Set(numbers)).sorted()
    guard !sorted.isEmpty else { return "none" }
    var parts: [String] = []
    var start = sorted[0]
    var previous = start
    for number in sorted.dropFirst() + [Int.max] {
      if number == previous + 1 {
        previous = number
        continue
      }
      parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
      start = number
      previous = number
    }
    return parts.joined(separator: ",")
  }
}
