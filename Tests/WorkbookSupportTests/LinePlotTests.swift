import Foundation
import Testing
import WorkbookSupport

@Suite("LinePlot: an ASCII plot that fits a terminal and shows the whole range")
struct LinePlotTests {
  /// A typical plot: two noisy decreasing loss curves with 200 steps each.
  static func lossPlot() -> LinePlot {
    var generator = SeededGenerator(seed: 1)
    let train = (0..<200).map { 2.3 * exp(-Double($0) / 40) + 0.05 * generator.uniform() }
    let validation = (0..<200).map { 2.3 * exp(-Double($0) / 60) + 0.2 }
    var plot = LinePlot(title: "loss")
    plot.add("train", train)
    plot.add("validation", validation)
    return plot
  }

  @Test("Every line is ASCII and at most 80 columns, whatever the width up to 60")
  func linesFitEightyColumns() {
    for width in [10, 33, 60] {
      var plot = LinePlot(title: String(repeating: "long title ", count: 20), width: width)
      plot.add("a series with a rather long name", [-1e-300, 3e300, -2.5e-7, 4])
      plot.add(String(repeating: "x", count: 100), [.nan, 1, 2])
      let text = plot.render()
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        #expect(line.count <= 80, "width \(width): line of \(line.count) columns: \(line)")
      }
      #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "the plot must be plain ASCII")
    }
    var unicode = LinePlot(title: "λ = 0.1")
    unicode.add("température", [1, 2])
    #expect(unicode.render().unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII must become ?")
  }

  @Test("The maximum lands on the top row and the minimum on the bottom row, labelled")
  func extremesOnOuterRows() {
    var plot = LinePlot(width: 20, height: 7)
    plot.add("values", [3, 1, 2, 5, 4])
    let rows = plotRows(plot.render())
    #expect(rows.count == 7)
    #expect(rows.first!.hasPrefix("   5.00e+00 |"), "top row: \(rows.first!)")
    #expect(rows.last!.hasPrefix("   1.00e+00 |"), "bottom row: \(rows.last!)")
    // Five points spread over 20 columns land in columns 0, 5, 10, 14, 19 (rounded i * 19/4).
    #expect(marker(in: rows[0]) == [14], "5 is step 3")
    #expect(marker(in: rows[6]) == [5], "1 is step 1")
    #expect(rows.map { marker(in: $0).count }.reduce(0, +) == 5, "one marker per value")
  }

  @Test("The legend lists each series with its marker, in order")
  func legend() {
    let text = Self.lossPlot().render()
    #expect(text.contains("* train   o validation"))
    #expect(text.hasPrefix("loss\n"), "the title comes first")
    #expect(text.contains("columns show the mean of"), "resampling must be said")
  }

  @Test("Later series are drawn over earlier ones")
  func laterSeriesOnTop() {
    var plot = LinePlot(width: 10, height: 3)
    plot.add("first", [0, 1])
    plot.add("second", [0, 1])
    let rows = plotRows(plot.render())
    #expect(rows.allSatisfy { !$0.contains("*") } && rows.contains { $0.contains("o") })
  }

  @Test("Non-finite values are skipped and counted in a note")
  func nonFiniteSkipped() {
    var plot = LinePlot(width: 10, height: 5)
    plot.add("loss", [1, .nan, 2, .infinity, 3])
    let text = plot.render()
    #expect(text.contains("2 non-finite values not drawn"), "\(text)")
    #expect(plotRows(text).map { marker(in: $0).count }.reduce(0, +) == 3)
  }

  @Test("Log scale spaces rows by orders of magnitude and skips non-positive values")
  func logScale() {
    var plot = LinePlot(width: 10, height: 5, logScale: true)
    plot.add("norm", [100, 10, 1, 0, -1])
    let text = plot.render()
    let rows = plotRows(text)
    #expect(rows[0].hasPrefix("   1.00e+02 |"))
    #expect(rows[2].hasPrefix("   1.00e+01 |"), "10 sits halfway between 1 and 100 in log scale")
    #expect(rows[4].hasPrefix("   1.00e+00 |"))
    #expect(marker(in: rows[2]).count == 1, "10 must be drawn on the middle row")
    #expect(text.contains("2 non-finite or non-positive values not drawn (log scale)"))
  }

  @Test("A series longer than the width is resampled to one mean per column")
  func resampling() {
    var plot = LinePlot(width: 10, height: 11)
    plot.add("ramp", (0..<100).map(Double.init))
    let rows = plotRows(plot.render())
    // Column c averages steps 10c ... 10c + 9: the means 4.5, 14.5, ..., 94.5.
    #expect(rows.first!.hasPrefix("   9.45e+01 |"))
    #expect(rows.last!.hasPrefix("   4.50e+00 |"))
    #expect(rows.map { marker(in: $0).count }.reduce(0, +) == 10)
    #expect(plot.render().contains("columns show the mean of 10 steps each"))
  }

  @Test("The x axis names what it counts: \"step\" by default, the given label otherwise")
  func xLabel() {
    var steps = LinePlot(width: 20, height: 3)
    steps.add("loss", [3, 2, 1])
    #expect(steps.render().contains(" step "))
    var epochs = LinePlot(width: 10, height: 3, xLabel: "epoch")
    epochs.add("loss", (0..<30).map(Double.init))
    let text = epochs.render()
    #expect(!text.contains("step"), "an epoch plot never says step: \(text)")
    #expect(text.contains("columns show the mean of 3 epochs each"), "\(text)")
    var wide = LinePlot(width: 20, height: 3, xLabel: "epoch")
    wide.add("loss", [3, 2, 1])
    #expect(wide.render().contains(" epoch "), "\(wide.render())")
  }

  @Test("Labels get more digits when the range is narrow")
  func narrowRange() {
    var plot = LinePlot(width: 10, height: 5)
    plot.add("loss", [2.3012, 2.3026])
    let labels = plotRows(plot.render()).compactMap { row -> String? in
      let label = row.prefix(11).trimmingCharacters(in: .whitespaces)
      return label.isEmpty ? nil : label
    }
    #expect(Set(labels).count == labels.count, "labels must differ: \(labels)")
  }

  @Test("A flat series is a horizontal line on the middle row")
  func flatSeries() {
    var plot = LinePlot(width: 10, height: 5)
    plot.add("constant", [2, 2, 2])
    let rows = plotRows(plot.render())
    #expect(rows.count == 5)
    #expect(marker(in: rows[2]) == [0, 5, 9], "\(rows)")
    #expect(rows[2].hasPrefix("   2.00e+00 |"))

    var long = LinePlot(width: 10, height: 5)
    long.add("constant", Array(repeating: 0.1, count: 95))
    #expect(marker(in: plotRows(long.render())[2]).count == 10, "resampled, still flat")
  }

  @Test("An empty plot, or one with nothing drawable, renders a short message")
  func emptyPlot() {
    #expect(LinePlot().render().contains("empty plot"))
    var nothing = LinePlot(title: "loss")
    nothing.add("loss", [.nan, .nan])
    nothing.add("empty", [])
    let text = nothing.render()
    #expect(text.contains("empty plot") && text.contains("2 non-finite values not drawn"))
    #expect(text.contains("* loss   o empty"))
  }

  @Test("The same plot renders to the same text every time")
  func deterministic() {
    let first = Self.lossPlot().render()
    #expect(first == Self.lossPlot().render())
    #expect(plotRows(first).count == 15)
  }
}

/// The rows of the plotting area: the lines whose column 13 is the y axis `|`.
private func plotRows(_ text: String) -> [String] {
  text.split(separator: "\n").map(String.init).filter { line in
    line.count >= 13 && line[line.index(line.startIndex, offsetBy: 12)] == "|"
  }
}

/// The plot-area columns of a row that hold a marker.
private func marker(in row: String) -> [Int] {
  row.dropFirst(13).enumerated().filter { $0.element != " " }.map(\.offset)
}
