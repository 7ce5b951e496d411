// The lab of chapter 21: the four runs, the per-layer statistics, what your diagnostic says,
// the capacity sweep, the cost of width and the fix. `swift run workbook lab 21`.
import Foundation
import Training
import Width
import WorkbookSupport

let seed: UInt64 = 1

/// A number in 3 significant digits.
func show(_ value: Double) -> String { String(format: "%.3g", value) }

/// A table row: the cells padded to the widths.
func row(_ cells: [String], _ widths: [Int]) -> String {
  zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
    .joined(separator: " ").trimmingCharacters(in: .whitespaces)
}

let names: [WidthRun: String] = [
  .tooFewUnits: "1 unit", .healthy: "16 units", .veryWide: "256 units", .rateTooLow: "rate 1e-4",
]

func runsSection(_ runs: [WidthRun: WidthRunResult]) -> String {
  var plot = LinePlot(
    title: "training loss per step, seed \(seed) (log scale)", width: 60, height: 14,
    logScale: true)
  for kind in WidthRun.allCases { plot.add(names[kind]!, runs[kind]!.telemetry.losses) }
  var lines = [plot.render(), ""]
  let widths = [10, 7, 10, 11, 10, 9]
  lines.append(row(["run", "width", "rate", "last loss", "accuracy", "params"], widths))
  for kind in WidthRun.allCases {
    let run = runs[kind]!
    lines.append(
      row(
        [
          names[kind]!, "\(kind.width)", show(kind.learningRate), show(run.training.finalLoss),
          show(run.trainingAccuracy), "\(run.training.parameterCount)",
        ], widths))
  }
  return lines.joined(separator: "\n")
}

func layersSection(_ runs: [WidthRun: WidthRunResult]) -> String {
  let widths = [10, 10, 10, 10, 10]
  var lines = [
    "median update ratio per layer, and the hidden tanh layer at the last probe:",
    row(["run", "layer 0", "layer 2", "saturated", "dead"], widths),
  ]
  for kind in WidthRun.allCases {
    let telemetry = runs[kind]!.telemetry
    let ratios = layerMedianUpdateRatios(telemetry)
    let cell = { (layer: Int) in
      ratios.first { $0.layer == layer }.map { String(format: "%.1e", $0.ratio) } ?? "-"
    }
    let hidden = telemetry.probes.last?.layers.first?.activation
    lines.append(
      row(
        [
          names[kind]!, cell(0), cell(2), hidden.map { show($0.saturatedFraction) } ?? "-",
          hidden.map { show($0.deadFraction) } ?? "-",
        ], widths))
  }
  lines.append("healthy updates: about 1e-3; below 1e-4 the rate is too low (chapter 16).")
  lines.append("The one unit saturates on 3 of the 4 clusters: it is working flat out.")
  let drops = WidthRun.allCases.map {
    "\(names[$0]!) \(show(relativeLossDrop(runs[$0]!.telemetry)))"
  }
  lines.append("relative loss drop over the last 50 steps (21.1):")
  lines.append("  " + drops.joined(separator: ", "))
  return lines.joined(separator: "\n")
}

func diagnosticSection(_ runs: [WidthRun: WidthRunResult]) -> String {
  WidthRun.allCases.map { kind in
    let run = runs[kind]!
    let report = diagnoseCapacity(
      run.telemetry, trainingAccuracy: run.trainingAccuracy, target: capacityTarget
    ).report
    return "\(kind.description):\n" + wrap(report, indent: "  ")
  }.joined(separator: "\n")
}

/// Wraps each line of `text` at 78 columns, indenting every line.
func wrap(_ text: String, indent: String) -> String {
  var lines: [String] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    var current = indent
    for word in line.split(separator: " ") {
      if current.count + word.count + 1 > 78 && current.trimmingCharacters(in: .whitespaces) != "" {
        lines.append(current)
        current = indent + "    "
      }
      current += (current.hasSuffix(" ") ? "" : " ") + word
    }
    lines.append(current)
  }
  return lines.joined(separator: "\n")
}

func sweepSection() -> String {
  let seeds = Array(UInt64(0)..<10)
  var lines = ["widths 1, 2, 4, ... on seeds 0-9, target 100% on every seed:"]
  let sweep = capacitySweep(widths: sweepWidths, seeds: seeds, target: 1) { width, seed in
    makeWidthProblem(seed: seed).train(width: width, probeEvery: 0).trainingAccuracy
  }
  guard sweep.smallestWidth != -1 else { return "capacitySweep (21.2) is still the stub" }
  for entry in sweep.entries {
    let accuracies = entry.accuracies.map { String(format: "%.2f", $0) }.joined(separator: " ")
    lines.append(
      "  width \(entry.width): \(accuracies)  (\(Int((entry.fractionReached * 100).rounded()))%)")
  }
  lines.append(
    "smallest width that fits every seed: \(sweep.smallestWidth.map { "\($0)" } ?? "none")")
  let slow = capacitySweep(widths: [1, 4, 16, 64], seeds: [seed], target: 1) { width, seed in
    makeWidthProblem(seed: seed).train(width: width, learningRate: 1e-4, probeEvery: 0)
      .trainingAccuracy
  }
  lines.append("the same sweep at rate 1e-4 (too low), seed \(seed):")
  lines.append(
    "  "
      + slow.entries.map { "width \($0.width): \(show($0.accuracies[0]))" }
      .joined(separator: ", ") + (slow.smallestWidth == nil ? "; none fits" : ""))
  lines.append("a wider net does not help: it is not the width")
  return lines.joined(separator: "\n")
}

func costSection() -> String {
  let problem = makeWidthProblem(seed: seed)
  var lines = [
    row(["width", "params", "accuracy", "last loss", "ms per step"], [7, 8, 10, 11, 12])
  ]
  for width in [1, 4, 16, 256, 1024] {
    let start = Date()
    let run = problem.train(width: width, probeEvery: 0)
    let milliseconds = Date().timeIntervalSince(start) * 1000 / Double(widthRunSteps)
    lines.append(
      row(
        [
          "\(width)", "\(run.parameterCount)", show(run.trainingAccuracy), show(run.finalLoss),
          String(format: "%.3f", milliseconds),
        ], [7, 8, 10, 11, 12]))
  }
  lines.append("(times from this machine, this build; the other columns are exact)")
  return lines.joined(separator: "\n")
}

func fixSection(_ runs: [WidthRun: WidthRunResult]) -> String {
  guard let width = widthFromSweep(seeds: Array(0..<10)) else {
    return "widthFromSweep (21.4) found no width (is it, or 21.2, still the stub?)"
  }
  let fixed = makeWidthProblem(seed: seed).train(width: width)
  return """
    the sweep on seeds 0-9 chooses \(width) units; trained on seed \(seed):
      accuracy \(show(fixed.trainingAccuracy)), last loss \(show(fixed.finalLoss))
    the broken run (1 unit): accuracy \(show(runs[.tooFewUnits]!.trainingAccuracy)), last loss \
    \(show(runs[.tooFewUnits]!.training.finalLoss))
    """
}

LabProgram.main(
  lab: {
    var runs: [WidthRun: WidthRunResult] = [:]
    for kind in WidthRun.allCases { runs[kind] = makeWidthRun(kind, seed: seed) }
    var page = LabPage(chapter: 21, title: "Wrong width")
    page.section("The runs: XOR, training loss per step", runsSection(runs))
    page.section("Per-layer statistics", layersSection(runs))
    page.section("What your diagnostic says", diagnosticSection(runs))
    page.section("The capacity sweep", sweepSection())
    page.section("The cost of width (seed \(seed), \(widthRunSteps) steps)", costSection())
    page.section("The fix", fixSection(runs))
    return page.render()
  },
  calibration: calibrationTables)
