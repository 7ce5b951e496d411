// The lab of chapter 18: the six runs, the dead fraction and gradient norm of each layer,
// what your two checks say about each run, and the fix. `swift run workbook lab 18`.
import DeadReLUs
import Foundation
import Training
import WorkbookSupport

let seed: UInt64 = 1

/// A number in 3 significant digits.
func show(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "\(value)"
}

/// A table row: the cells padded to the widths.
func row(_ cells: [String], _ widths: [Int]) -> String {
  zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
    .joined(separator: " ").trimmingCharacters(in: .whitespaces)
}

let names: [DeadReLURun: String] = [
  .deadAtInit: "bias -5", .killedByRate: "rate 5", .clippedLoss: "loss clip",
  .healthy: "healthy", .manyDeadButLearning: "bias -0.5", .rateTooLow: "rate 1e-4",
]

func runsSection(_ runs: [DeadReLURun: DeadReLURunResult]) -> String {
  var plot = LinePlot(
    title: "loss per step, seed \(seed) (log scale)", width: 60, height: 14,
    logScale: true)
  for kind in DeadReLURun.allCases { plot.add(names[kind]!, runs[kind]!.telemetry.losses) }
  var lines = [plot.render(), ""]
  let widths = [10, 11, 11, 10]
  lines.append(row(["run", "first loss", "last loss", "accuracy"], widths))
  for kind in DeadReLURun.allCases {
    let run = runs[kind]!
    lines.append(
      row(
        [
          names[kind]!, show(run.telemetry.losses.first ?? .nan), show(run.finalLoss),
          show(run.accuracy),
        ], widths))
  }
  lines.append("(the clipped run's loss is the clipped one: at most 1 per example)")
  return lines.joined(separator: "\n")
}

func layersSection(_ runs: [DeadReLURun: DeadReLURunResult]) -> String {
  let widths = [10, 8, 8, 10, 10, 10, 10]
  var lines = [
    "at the last probe: dead fraction (units 0 on all 150 points) and gradient",
    "norm of the two hidden layers; the stall is the mean of the last 10 losses",
    "over the mean of the 10 steps 100 before (above 0.99: stalled)",
    "",
    row(["run", "dead 0", "dead 2", "grad 0", "grad 2", "grad 4", "stall"], widths),
  ]
  for kind in DeadReLURun.allCases {
    let telemetry = runs[kind]!.telemetry
    let layers = telemetry.probes.last?.layers ?? []
    let n = telemetry.stepCount
    let stall = telemetry.meanLoss(n - 10..<n) / telemetry.meanLoss(n - 110..<n - 100)
    let dead = layers.prefix(2).map { show($0.activation?.deadFraction ?? .nan) }
    let gradients = layers.map { show($0.gradientNorm) }
    lines.append(row([names[kind]!] + dead + gradients + [show(stall)], widths))
  }
  lines.append("")
  lines.append("rate 1e-4 stalls too, but its gradients are healthy and nothing is dead:")
  lines.append("its updates are small because the rate is (chapter 16).")
  return lines.joined(separator: "\n")
}

func deadOverTimeSection(_ runs: [DeadReLURun: DeadReLURunResult]) -> String {
  var plot = LinePlot(
    title: "dead fraction of layer 2 every 10 steps, seed \(seed)", width: 60, height: 10)
  for kind in [DeadReLURun.killedByRate, .healthy, .manyDeadButLearning] {
    plot.add(
      names[kind]!,
      runs[kind]!.telemetry.probes.map { probe in
        probe.layers.first { $0.index == 2 }?.activation?.deadFraction ?? .nan
      })
  }
  return plot.render()
    + "\nrate 5 kills the units during training; bias -0.5 keeps many dead and learns"
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

func diagnosticSection(_ runs: [DeadReLURun: DeadReLURunResult]) -> String {
  DeadReLURun.allCases.map { kind in
    let run = runs[kind]!
    let report = (diagnoseDeadReLUs(run.telemetry) + run.lossPathFindings).report
    return "\(kind.description):\n" + wrap(report, indent: "  ")
  }.joined(separator: "\n")
}

func fixSection(_ runs: [DeadReLURun: DeadReLURunResult]) -> String {
  var lines = ["repairedSetup: LeakyReLU(0.01), He weights, zero biases, rate <= 1,"]
  lines.append("the gradient clipped instead of the loss; training accuracy, seed \(seed):")
  for kind in DeadReLURun.allCases where kind.isBroken {
    let repaired = repairedSetup(kind.setup)
    guard repaired != kind.setup else {
      lines.append("  \(kind.description): repairedSetup (18.3) changed nothing")
      continue
    }
    let fixed = trainDeadReLUSetup(repaired, seed: seed)
    lines.append(
      "  \(kind.description): \(show(runs[kind]!.accuracy)) -> \(show(fixed.accuracy))")
  }
  return lines.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var runs: [DeadReLURun: DeadReLURunResult] = [:]
    for kind in DeadReLURun.allCases { runs[kind] = makeDeadReLURun(kind, seed: seed) }
    var page = LabPage(chapter: 18, title: "Dead ReLUs and zero gradients")
    page.section("The runs: loss per step", runsSection(runs))
    page.section("Dead units and gradient norms per layer", layersSection(runs))
    page.section("Units dying during training", deadOverTimeSection(runs))
    page.section("What your checks say", diagnosticSection(runs))
    page.section("The fix", fixSection(runs))
    return page.render()
  },
  calibration: calibrationTables)
