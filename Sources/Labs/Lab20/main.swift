// The lab of chapter 20: the runs, the gradient norm of every layer, what your diagnostic
// says, and the fix. `swift run workbook lab 20`.
import Depth
import Foundation
import Training
import WorkbookSupport

let seed: UInt64 = 2

/// A number in 2 significant digits, or what it means when it is not finite.
func show(_ value: Double) -> String {
  value.isFinite ? String(format: "%.2g", value) : "\(value)"
}

/// A table row: the cells padded to the widths.
func row(_ cells: [String], _ widths: [Int]) -> String {
  zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
    .joined(separator: " ").trimmingCharacters(in: .whitespaces)
}

let names: [DepthRun: String] = [
  .tooDeep: "20 sigmoid", .exploding: "20 tanh big", .healthy: "3 sigmoid",
  .deepReLU: "8 ReLU He", .deepAdam: "8 sig Adam",
]

func runsSection(_ runs: [DepthRun: DepthRunResult]) -> String {
  var plot = LinePlot(
    title: "loss per step, seed \(seed) (log scale)", width: 60, height: 12, logScale: true)
  for kind in DepthRun.allCases { plot.add(names[kind]!, runs[kind]!.telemetry.losses) }
  var lines = [plot.render(), ""]
  let widths = [12, 7, 11, 11, 10, 9]
  lines.append(row(["run", "steps", "first loss", "last loss", "accuracy", "stalled"], widths))
  for kind in DepthRun.allCases {
    let run = runs[kind]!
    let losses = run.telemetry.losses
    let count = losses.count
    let progress =
      run.telemetry.meanLoss(count - 10..<count)
      / run.telemetry.meanLoss(count / 2 - 10..<count / 2)
    lines.append(
      row(
        [
          names[kind]!, "\(count)", show(losses.first ?? .nan), show(losses.last ?? .nan),
          String(format: "%.0f%%", 100 * run.accuracy), progress > 0.9 ? "yes" : "no",
        ], widths))
  }
  lines.append("ln 2 = 0.693 is a coin flip; stalled: the second half took off < 10%")
  return lines.joined(separator: "\n")
}

func layersSection(_ runs: [DepthRun: DepthRunResult]) -> String {
  var lines = ["log10 of each layer's gradient norm at step 0 (first layer on the left):"]
  for kind in DepthRun.allCases {
    let layers = runs[kind]!.telemetry.probes.first?.layers ?? []
    let cells = layers.map {
      $0.gradientNorm > 0 ? String(format: "%.0f", log10($0.gradientNorm)) : "-"
    }
    lines.append(
      names[kind]!.padding(toLength: 12, withPad: " ", startingAt: 0) + cells.joined(separator: " ")
    )
  }
  lines.append("")
  var plot = LinePlot(
    title: "log10(first / last gradient norm) per probe (every 10 steps), seed \(seed)", width: 60,
    height: 12)
  for kind in DepthRun.allCases {
    plot.add(
      names[kind]!,
      runs[kind]!.telemetry.probes.map { probe in
        guard let flow = gradientFlow(at: probe), flow.ratio > 0 else { return .nan }
        return log10(flow.ratio)
      })
  }
  plot.add("-3 (1e-3)", runs[.tooDeep]!.telemetry.probes.map { _ in -3 })
  lines.append(plot.render())
  lines.append("later probes of a stalled run mislead: once the output layer has nothing")
  lines.append("left to learn its gradient vanishes too, and the ratio of two tiny numbers")
  lines.append("can be anything. The diagnostic reads step 0.")
  return lines.joined(separator: "\n")
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

func diagnosticSection(_ runs: [DepthRun: DepthRunResult]) -> String {
  DepthRun.allCases.map { kind in
    "\(kind.description):\n"
      + wrap(diagnoseGradientFlow(runs[kind]!.telemetry).report, indent: "  ")
  }.joined(separator: "\n")
}

func fixSection(_ runs: [DepthRun: DepthRunResult]) -> String {
  var last: DepthRunResult?
  let search = searchDepth { depth in
    var network = DepthRun.tooDeep.network
    network.depth = depth
    let run = trainOnXOR(network, seed: seed)
    last = run
    return run
  }
  var lines = ["searchDepth, the 20-layer run's network at depths 3, 4, 6, 8:"]
  for attempt in search.tries {
    lines.append(
      "  depth \(attempt.depth): final loss \(show(attempt.finalLoss)), "
        + (attempt.solved ? "solved" : "not solved"))
  }
  guard let depth = search.chosenDepth, let fixed = last else {
    lines.append("no depth chosen (is searchDepth, 20.3, written?)")
    return lines.joined(separator: "\n")
  }
  let broken = runs[.tooDeep]!
  lines.append(
    "chosen: \(depth) layers, accuracy \(String(format: "%.0f%%", 100 * fixed.accuracy)); "
      + "20 layers: \(String(format: "%.0f%%", 100 * broken.accuracy)), loss "
      + show(broken.finalLoss))
  return lines.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var runs: [DepthRun: DepthRunResult] = [:]
    for kind in DepthRun.allCases { runs[kind] = makeDepthRun(kind, seed: seed) }
    var page = LabPage(chapter: 20, title: "Too deep")
    page.section("The runs: loss per step", runsSection(runs))
    page.section("Gradient norms per layer", layersSection(runs))
    page.section("What your diagnostic says", diagnosticSection(runs))
    page.section("The fix: start shallow", fixSection(runs))
    return page.render()
  },
  calibration: calibrationTables)
