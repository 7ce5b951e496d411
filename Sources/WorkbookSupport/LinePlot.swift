import Foundation

/// A line plot drawn with plain ASCII characters, for loss curves and other series in a
/// terminal or a log file.
///
/// ```swift
/// var plot = LinePlot(title: "loss", width: 40, height: 8)
/// plot.add("train", trainLosses)
/// plot.add("validation", validationLosses)
/// print(plot.render())
/// ```
///
/// prints, for 80 steps of each,
///
/// ```
/// loss
///    2.33e+00 |o
///             | oo
///    1.67e+00 |  *oo
///             |   * oo
///             |    ** oooo
///    6.77e-01 |      ***  ooooooooooooooooooooooooooooo
///             |         ********
///    1.49e-02 |                 ***********************
///             +----------------------------------------
///              0                 step                79
/// * train   o validation
/// columns show the mean of 2 steps each
/// ```
///
/// How values become characters:
/// - The x axis is the index of each value, 0 ..< (length of the longest series), labelled
///   `xLabel` ("step" by default; a history of epochs says "epoch"). A series no longer
///   than `width` puts each step in its own column, spread evenly over the width. A longer series
///   is resampled: the steps are cut into `width` consecutive buckets and each column shows the
///   **mean** of the drawable values in its bucket (a note under the plot says so).
/// - The y axis runs from the smallest drawn value (bottom row) to the largest (top row), so
///   the maximum always lands on the top row and the minimum on the bottom row. With
///   `logScale`, rows are evenly spaced in ln(value). If every drawn value is the same, a
///   horizontal line is drawn in the middle row.
/// - Non-finite values (nan, +-infinity) are skipped; with `logScale`, zero and negative values
///   are skipped too, since they have no logarithm. A note line counts the skipped values, so a
///   NaN never disappears silently.
/// - Series are drawn in the order they were added, each over the ones before, with the markers
///   `*`, `o`, `+`, `x`, `#`, then `@`, `%`, `&`, `=`, `~`.
///
/// The output is ASCII only (no colour, no box-drawing characters): any other character in a
/// title or series name is printed as `?`. Every line fits in 80 columns when `width <= 60`
/// (a y label takes at most 11 columns, then ` |`, then the plot area), and is at most
/// `width + 13` columns otherwise. The same plot always renders to the same text; the row of a
/// value in log scale uses `DeterministicMath.log`, so it does not depend on the platform.
public struct LinePlot: Sendable {
  /// The markers of the series, in the order they are assigned.
  public static let markers: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&", "=", "~"]

  /// The title printed above the plot, if any.
  public let title: String?
  /// The number of character columns of the plotting area.
  public let width: Int
  /// The number of character rows of the plotting area.
  public let height: Int
  /// Whether rows are evenly spaced in ln(value) rather than in value.
  public let logScale: Bool
  /// What one value of a series is, named under the x axis and in the resampling note.
  public let xLabel: String

  /// The series added so far, in order.
  private var series: [(name: String, values: [Double])] = []

  /// The column width of a y-axis label, e.g. `"  -2.30e+00"`.
  private static let labelWidth = 11

  /// Creates an empty plot.
  ///
  /// - Parameters:
  ///   - title: A line printed above the plot.
  ///   - width: Columns of the plotting area; must be >= 10. With `width <= 60` every line of
  ///     the output fits in 80 columns.
  ///   - height: Rows of the plotting area; must be >= 3.
  ///   - logScale: Space the rows evenly in ln(value), for values that span several orders of
  ///     magnitude (losses, gradient norms). Only positive values are drawn.
  ///   - xLabel: What the x axis counts, in the singular ("step", "epoch"): printed under the
  ///     axis, and with an "s" in the note of a resampled plot.
  public init(
    title: String? = nil, width: Int = 60, height: Int = 15, logScale: Bool = false,
    xLabel: String = "step"
  ) {
    guard width >= 10, height >= 3 else {
      fatalError(
        "LinePlot.init: need width >= 10 and height >= 3, got width \(width), height \(height)")
    }
    self.title = title
    self.width = width
    self.height = height
    self.logScale = logScale
    self.xLabel = xLabel
  }

  /// Adds a series; value i is drawn at step i.
  ///
  /// Markers are assigned in the order series are added (see `LinePlot.markers`); a later
  /// series is drawn over the earlier ones where they meet.
  ///
  /// - Parameters:
  ///   - name: The name shown in the legend.
  ///   - values: The values, one per step. Non-finite values are allowed and are skipped.
  public mutating func add(_ name: String, _ values: [Double]) {
    guard series.count < Self.markers.count else {
      fatalError(
        "LinePlot.add: a plot holds at most \(Self.markers.count) series (one per marker), "
          + "cannot add \"\(name)\" as series \(series.count + 1)")
    }
    series.append((name, values))
  }

  /// Returns the plot as text: title, rows, x axis, legend and notes, separated by newlines
  /// (no trailing newline).
  public func render() -> String {
    let lineLimit = max(80, Self.labelWidth + 2 + width)
    var lines: [String] = []
    if let title {
      lines.append(Self.clipped(Self.ascii(title), to: lineLimit))
    }

    let steps = series.map(\.values.count).max() ?? 0
    let resampled = steps > width
    let columns = resampled ? width : steps

    let points = series.map { columnPoints($0.values, steps: steps) }
    let skipped = series.map { $0.values.count(where: { !isDrawable($0) }) }.reduce(0, +)

    let drawn = points.joined().compactMap { $0 }
    guard let top = drawn.max(), let bottom = drawn.min() else {
      lines.append(
        series.isEmpty
          ? "(empty plot: no series added)"
          : "(empty plot: no drawable values in \(series.count) series)")
      lines += legendLines(limit: lineLimit)
      lines += noteLines(skipped: skipped, steps: steps)
      return lines.joined(separator: "\n")
    }

    // Rows: 0 is the top (the maximum), height - 1 the bottom (the minimum).
    let scaledTop = scaled(top)
    let scaledBottom = scaled(bottom)
    let flat = scaledTop == scaledBottom
    let span = scaledTop - scaledBottom
    func rowOf(_ value: Double) -> Int {
      if flat { return (height - 1) / 2 }
      // When top - bottom overflows (values near 1e308), halve everything: exact at that size.
      let fraction =
        span.isFinite
        ? (scaledTop - scaled(value)) / span
        : (scaledTop * 0.5 - scaled(value) * 0.5) / (scaledTop * 0.5 - scaledBottom * 0.5)
      return min(height - 1, max(0, Int((fraction * Double(height - 1)).rounded())))
    }
    func columnOf(_ index: Int) -> Int {
      if resampled || columns == 1 { return index }
      return Int((Double(index) * Double(width - 1) / Double(columns - 1)).rounded())
    }

    var grid = [[Character]](
      repeating: [Character](repeating: " ", count: width), count: height)
    for (index, row) in points.enumerated() {
      for (column, value) in row.enumerated() {
        guard let value else { continue }
        grid[rowOf(value)][columnOf(column)] = Self.markers[index]
      }
    }

    let labels = rowLabels(top: top, bottom: bottom, flat: flat)
    for (index, row) in grid.enumerated() {
      let label = labels[index] ?? ""
      let padding = String(repeating: " ", count: Self.labelWidth - label.count)
      lines.append(Self.trimmed(padding + label + " |" + String(row)))
    }
    let indent = String(repeating: " ", count: Self.labelWidth + 1)
    lines.append(indent + "+" + String(repeating: "-", count: width))
    lines.append(Self.trimmed(indent + " " + stepAxis(steps: steps)))
    lines += legendLines(limit: lineLimit)
    lines += noteLines(skipped: skipped, steps: steps)
    return lines.joined(separator: "\n")
  }

  // MARK: - Helpers

  /// The coordinate a value is placed by: the value itself, or ln(value) in log scale.
  private func scaled(_ value: Double) -> Double {
    logScale ? DeterministicMath.log(value) : value
  }

  /// Whether a value can be placed: finite, and positive in log scale.
  private func isDrawable(_ value: Double) -> Bool {
    value.isFinite && (!logScale || value > 0)
  }

  /// One point per column for one series: the value of each step when the longest series fits
  /// in the width, else the mean of the drawable values in each bucket of steps (nil where
  /// there is none).
  private func columnPoints(_ values: [Double], steps: Int) -> [Double?] {
    guard steps > width else {
      return (0..<steps).map { $0 < values.count && isDrawable(values[$0]) ? values[$0] : nil }
    }
    // Step s goes to column s * width / steps, so column c holds the steps from
    // ceil(c * steps / width) up to, not including, ceil((c + 1) * steps / width).
    return (0..<width).map { column in
      let first = (column * steps + width - 1) / width
      let end = min(values.count, ((column + 1) * steps + width - 1) / width)
      let bucket = first < end ? values[first..<end].filter(isDrawable) : []
      guard let smallest = bucket.min(), let largest = bucket.max() else { return nil }
      var mean = bucket.reduce(0, +) / Double(bucket.count)
      if !mean.isFinite {
        // The sum overflowed; a sum of value / n cannot.
        mean = bucket.reduce(0) { $0 + $1 / Double(bucket.count) }
      }
      // Rounding can push a mean just outside its bucket's range; clamping keeps a constant
      // bucket at its exact value, so a flat series stays exactly flat.
      return min(largest, max(smallest, mean))
    }
  }

  /// The labels of the y axis: up to five rows spread from top to bottom, or only the middle
  /// row for a flat plot. Each label is the value at the centre of its row.
  private func rowLabels(top: Double, bottom: Double, flat: Bool) -> [String?] {
    var labels = [String?](repeating: nil, count: height)
    if flat {
      labels[(height - 1) / 2] = Self.format(top, digits: 2)
      return labels
    }
    // Up to four intervals between labelled rows, and at least two rows apart.
    let intervals = max(1, min(4, (height - 1) / 2))
    let rows = (0...intervals).map {
      Int((Double($0 * (height - 1)) / Double(intervals)).rounded())
    }
    let values = rows.map { row -> Double in
      if row == 0 { return top }
      if row == height - 1 { return bottom }
      let fraction = Double(row) / Double(height - 1)
      if logScale {
        return exp(scaled(top) * (1 - fraction) + scaled(bottom) * fraction)
      }
      let value = top * (1 - fraction) + bottom * fraction
      // A value that is zero up to rounding is shown as zero, not as 2.78e-17.
      return abs(value) < 1e-12 * max(abs(top), abs(bottom)) ? 0 : value
    }
    // The fewest digits (2 to 4) that tell neighbouring labels apart.
    var digits = 2
    while digits < 4 {
      let texts = values.map { Self.format($0, digits: digits) }
      if zip(texts, texts.dropFirst()).allSatisfy({ $0 != $1 }) { break }
      digits += 1
    }
    for (row, value) in zip(rows, values) {
      labels[row] = Self.format(value, digits: digits)
    }
    return labels
  }

  /// The line under the x axis: the first step at the left, the last at the right, and the
  /// x label (by default "step") in the middle when there is room.
  private func stepAxis(steps: Int) -> String {
    var text = [Character](repeating: " ", count: width)
    let first = "0"
    let last = String(steps - 1)
    text[0] = Character(first)
    if steps > 1 {
      for (offset, character) in last.enumerated() {
        text[width - last.count + offset] = character
      }
      let word = Array(Self.ascii(xLabel))
      let start = (width - word.count) / 2
      if start > first.count + 1, start + word.count + 1 < width - last.count {
        for (offset, character) in word.enumerated() { text[start + offset] = character }
      }
    }
    return String(text)
  }

  /// The legend, `* train   o validation`, wrapped to fit `limit` columns.
  private func legendLines(limit: Int) -> [String] {
    guard !series.isEmpty else { return [] }
    var lines: [String] = []
    var current = ""
    for (index, entry) in series.enumerated() {
      let item = Self.clipped(String(Self.markers[index]) + " " + Self.ascii(entry.name), to: limit)
      if current.isEmpty {
        current = item
      } else if current.count + 3 + item.count <= limit {
        current += "   " + item
      } else {
        lines.append(current)
        current = item
      }
    }
    lines.append(current)
    return lines
  }

  /// Notes under the legend: skipped values and resampling.
  private func noteLines(skipped: Int, steps: Int) -> [String] {
    var notes: [String] = []
    if skipped > 0 {
      let noun = skipped == 1 ? "value" : "values"
      notes.append(
        logScale
          ? "\(skipped) non-finite or non-positive \(noun) not drawn (log scale)"
          : "\(skipped) non-finite \(noun) not drawn")
    }
    if steps > width {
      if steps % width == 0 {
        notes.append("columns show the mean of \(steps / width) \(Self.ascii(xLabel))s each")
      } else {
        let low = steps / width
        notes.append("columns show the mean of \(low) to \(low + 1) \(Self.ascii(xLabel))s each")
      }
    }
    return notes
  }

  /// A compact label in scientific notation, `2.30e+00`, at most 11 characters long.
  private static func format(_ value: Double, digits: Int) -> String {
    let value = value == 0 ? 0 : value  // no "-0.00e+00"
    var digits = digits
    var text = String(format: "%.\(digits)e", value)
    while text.count > labelWidth && digits > 0 {
      digits -= 1
      text = String(format: "%.\(digits)e", value)
    }
    return text
  }

  /// `text` with every character outside printable ASCII replaced by `?`.
  private static func ascii(_ text: String) -> String {
    String(
      text.unicodeScalars.map { scalar -> Character in
        (32..<127).contains(scalar.value) ? Character(scalar) : "?"
      })
  }

  /// `text` cut to `limit` characters, ending in `...` when it was cut.
  private static func clipped(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 3)) + "..."
  }

  /// `text` without trailing spaces.
  private static func trimmed(_ text: String) -> String {
    var text = text
    while text.last == " " { text.removeLast() }
    return text
  }
}
