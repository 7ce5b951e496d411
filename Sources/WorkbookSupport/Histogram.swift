import Foundation

/// A histogram drawn with plain ASCII characters: how a set of numbers (weights, activations,
/// gradients) is spread, in a terminal or a log file.
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// let values = (0..<1000).map { _ in generator.normal() }
/// print(Histogram(values, bins: 8, width: 30).render())
/// ```
///
/// prints
///
/// ```
/// 1000 values in [-3.10e+00, 3.07e+00], 8 bins of width 7.72e-01
///   -3.10e+00 |#                               12
///   -2.33e+00 |####                            45
///   -1.56e+00 |################               165
///   -7.85e-01 |############################## 301
///   -1.32e-02 |##########################     256
///    7.59e-01 |################               162
///    1.53e+00 |#####                           49
///    2.30e+00 |#                               10
/// ```
///
/// How values become rows:
/// - The finite values are split into `bins` bins of equal width from their minimum to their
///   maximum. Each row is labelled with its bin's lower edge and holds the values from that
///   edge up to (not including) the next row's; the last bin also holds the maximum.
/// - A bar's length is proportional to its bin's count, the fullest bin spanning `width`
///   characters; a bin that holds anything gets at least one `#`, so a rare value is never
///   invisible. The count is printed at the end of each row, right-aligned.
/// - Non-finite values (nan, +-infinity) are counted, skipped, and reported in a note line.
/// - When every finite value is the same there is nothing to split: a single row holds them.
///
/// Every line is ASCII and at most 80 columns (for any count below 10^16). The same values
/// always render to the same text.
public struct Histogram: Sendable {
  /// The number of finite values in each bin, from the lowest bin to the highest. A single
  /// element when every finite value is the same; empty when there is no finite value.
  public let counts: [Int]
  /// The smallest finite value: the lower edge of the first bin (nan when there is none).
  public let lowerBound: Double
  /// The largest finite value: the upper edge of the last bin (nan when there is none).
  public let upperBound: Double
  /// How many values were nan or infinite, and so left out of the bins.
  public let nonFiniteCount: Int
  /// The number of characters of the longest bar.
  public let width: Int

  /// The column width of a row label, e.g. `"  -2.30e+00"`.
  private static let labelWidth = 11

  /// Counts `values` into `bins` bins of equal width.
  ///
  /// - Parameters:
  ///   - values: The numbers to show; non-finite ones are counted apart.
  ///   - bins: The number of bins (rows); must be >= 1.
  ///   - width: The length of the longest bar, in characters; must be in 1...50, which keeps
  ///     every line within 80 columns.
  public init(_ values: [Double], bins: Int = 20, width: Int = 50) {
    guard bins >= 1, (1...50).contains(width) else {
      fatalError(
        "Histogram.init: need bins >= 1 and width in 1...50, got bins \(bins), width \(width)")
    }
    let finite = values.filter(\.isFinite)
    self.width = width
    nonFiniteCount = values.count - finite.count
    guard let low = finite.min(), let high = finite.max() else {
      counts = []
      lowerBound = .nan
      upperBound = .nan
      return
    }
    lowerBound = low
    upperBound = high
    guard low < high else {
      counts = [finite.count]
      return
    }
    // When high - low overflows (values near +-1e308), halve everything: exact at that size.
    let halve = !(high - low).isFinite
    let span = halve ? high * 0.5 - low * 0.5 : high - low
    var counts = [Int](repeating: 0, count: bins)
    for value in finite {
      let offset = halve ? value * 0.5 - low * 0.5 : value - low
      let bin = Int((offset / span * Double(bins)).rounded(.down))
      counts[min(bins - 1, max(0, bin))] += 1
    }
    self.counts = counts
  }

  /// The lower edge of bin `index` (the lower bound plus `index` bin widths).
  public func lowerEdge(ofBin index: Int) -> Double {
    guard counts.count > 1 else { return lowerBound }
    let fraction = Double(index) / Double(counts.count)
    return lowerBound + (upperBound * fraction - lowerBound * fraction)
  }

  /// Returns the histogram as text: a summary line, one row per bin and, when some values were
  /// not finite, a note. Lines are separated by newlines (no trailing newline).
  public func render() -> String {
    let total = counts.reduce(0, +)
    var lines: [String] = []
    if counts.isEmpty {
      lines.append("(empty histogram: no finite values)")
    } else if counts.count == 1 {
      lines.append(
        "\(total) \(total == 1 ? "value" : "values"), all equal to \(Self.format(lowerBound))")
    } else {
      let binWidth = (upperBound * 0.5 - lowerBound * 0.5) / Double(counts.count) * 2
      lines.append(
        "\(total) values in [\(Self.format(lowerBound)), \(Self.format(upperBound))], "
          + "\(counts.count) bins of width \(Self.format(binWidth))")
    }
    let largest = counts.max() ?? 0
    let countWidth = String(largest).count
    for (index, count) in counts.enumerated() {
      var length =
        largest == 0 ? 0 : Int((Double(count) / Double(largest) * Double(width)).rounded())
      if count > 0 { length = max(1, length) }
      let label = Self.format(lowerEdge(ofBin: index))
      let bar =
        String(repeating: "#", count: length) + String(repeating: " ", count: width - length)
      let number = String(count)
      lines.append(
        String(repeating: " ", count: Self.labelWidth - label.count) + label + " |" + bar + " "
          + String(repeating: " ", count: countWidth - number.count) + number)
    }
    if nonFiniteCount > 0 {
      lines.append(
        "\(nonFiniteCount) non-finite \(nonFiniteCount == 1 ? "value" : "values") "
          + "(nan or infinity) not counted")
    }
    return lines.joined(separator: "\n")
  }

  /// A number in scientific notation with two decimals, `-2.30e+00`: at most 10 characters.
  private static func format(_ value: Double) -> String {
    String(format: "%.2e", value == 0 ? 0 : value)
  }
}
