import Foundation
import Testing
import WorkbookSupport

@Suite("Histogram: an ASCII histogram that fits a terminal and never hides a value")
struct HistogramTests {
  @Test("Values are counted into equal-width bins from the minimum to the maximum")
  func binning() {
    let histogram = Histogram([0, 1, 1.5, 2, 3.9, 4], bins: 4, width: 10)
    // Bins of width 1: [0, 1) [1, 2) [2, 3) [3, 4]; the maximum goes into the last bin.
    #expect(histogram.counts == [1, 2, 1, 2])
    #expect(histogram.lowerBound == 0 && histogram.upperBound == 4)
    #expect(histogram.lowerEdge(ofBin: 2) == 2)
    let rows = histogramRows(histogram.render())
    #expect(rows.count == 4)
    #expect(rows[0] == "   0.00e+00 |#####      1", "half the longest bar, then the count")
    #expect(rows[1] == "   1.00e+00 |########## 2", "the fullest bin spans the whole width")
    #expect(
      histogram.render().hasPrefix("6 values in [0.00e+00, 4.00e+00], 4 bins of width 1.00e+00"))
  }

  @Test("The documented example renders exactly as shown, every time")
  func documentedExample() {
    var generator = SeededGenerator(seed: 1)
    let values = (0..<1000).map { _ in generator.normal() }
    let text = Histogram(values, bins: 8, width: 30).render()
    #expect(
      text == """
        1000 values in [-3.10e+00, 3.07e+00], 8 bins of width 7.72e-01
          -3.10e+00 |#                               12
          -2.33e+00 |####                            45
          -1.56e+00 |################               165
          -7.85e-01 |############################## 301
          -1.32e-02 |##########################     256
           7.59e-01 |################               162
           1.53e+00 |#####                           49
           2.30e+00 |#                               10
        """)
  }

  @Test("Every line is ASCII and at most 80 columns, even for extreme values and counts")
  func linesFitEightyColumns() {
    var generator = SeededGenerator(seed: 3)
    let cases: [[Double]] = [
      (0..<20_000).map { _ in generator.normal() },
      [-1.7e308, 1.7e308, -1e-300, .nan, .infinity, 0],
      Array(repeating: -2.5e-300, count: 123_456),
    ]
    for values in cases {
      for (bins, width) in [(1, 1), (20, 50), (999, 50)] {
        let text = Histogram(values, bins: bins, width: width).render()
        for line in text.split(separator: "\n") {
          #expect(line.count <= 80, "bins \(bins), width \(width): \(line.count) columns: \(line)")
        }
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
      }
    }
  }

  @Test("A rare bin still shows one # and the counts add up to the finite values")
  func rareBinVisible() {
    let values = Array(repeating: 0.0, count: 10_000) + [1]
    let histogram = Histogram(values, bins: 5, width: 20)
    #expect(histogram.counts == [10_000, 0, 0, 0, 1])
    let rows = histogramRows(histogram.render())
    #expect(rows[4].contains("|# "), "a bin with 1 value in 10,001 must not look empty: \(rows[4])")
    #expect(rows[2].contains("|  "), "an empty bin has no bar: \(rows[2])")
  }

  @Test("Non-finite values are skipped and counted in a note")
  func nonFinite() {
    let histogram = Histogram([1, .nan, 2, .infinity, -.infinity, 3], bins: 2)
    #expect(histogram.nonFiniteCount == 3)
    #expect(histogram.counts.reduce(0, +) == 3)
    #expect(histogram.render().contains("3 non-finite values (nan or infinity) not counted"))
  }

  @Test("Equal values give one row; no finite value gives a short message")
  func degenerate() {
    let same = Histogram([2.5, 2.5, 2.5], bins: 10)
    #expect(same.counts == [3])
    #expect(same.render().hasPrefix("3 values, all equal to 2.50e+00"))
    let empty = Histogram([.nan], bins: 10)
    #expect(empty.counts.isEmpty)
    #expect(empty.render().contains("empty histogram") && empty.render().contains("1 non-finite"))
  }

  @Test("A uniform sample gives a flat histogram, a normal one a bell")
  func shapes() {
    var generator = SeededGenerator(seed: 11)
    let uniform = Histogram((0..<50_000).map { _ in generator.uniform(in: -1...1) }, bins: 10)
    // Each bin expects 5000 with a standard deviation of about sqrt(5000 * 0.9) = 67.
    #expect(uniform.counts.allSatisfy { abs($0 - 5000) < 5 * 67 }, "\(uniform.counts)")
    let normal = Histogram((0..<50_000).map { _ in generator.normal() }, bins: 10)
    let middle = normal.counts[4] + normal.counts[5]
    #expect(middle > 10 * (normal.counts[0] + normal.counts[9]), "\(normal.counts)")
  }
}

/// The rows of the histogram: the lines whose column 13 is the axis `|`.
private func histogramRows(_ text: String) -> [String] {
  text.split(separator: "\n").map(String.init).filter { line in
    line.count >= 13 && line[line.index(line.startIndex, offsetBy: 12)] == "|"
  }
}
