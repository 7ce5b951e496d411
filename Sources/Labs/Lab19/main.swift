// The lab of chapter 19: the five runs, each network's statistics at initialisation against
// chapter 6's predictions, the symmetry that zeros never break, what your diagnostic says,
// and the fix. `swift run workbook lab 19`.
import Foundation
import Initialisation
import Initializers
import Layers
import Training
import WorkbookSupport

let seed: UInt64 = 1

/// A number in 3 significant digits, or what it means when it is not finite.
func show(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "\(value)"
}

/// A loss in 4 significant digits, so that ln 3 reads 1.099.
func showLoss(_ value: Double) -> String {
  value.isFinite ? String(format: "%.4g", value) : "\(value)"
}

/// A table row: the cells padded to the widths.
func row(_ cells: [String], _ widths: [Int]) -> String {
  zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
    .joined(separator: " ").trimmingCharacters(in: .whitespaces)
}

let names: [InitialisationRun: String] = [
  .zeros: "zeros", .tooSmall: "N(0,0.01^2)", .tooLarge: "N(0,1)", .healthy: "He",
  .decoy: "decoy",
]

func runsSection(_ runs: [InitialisationRun: InitialisationRunResult]) -> String {
  var plot = LinePlot(
    title: "loss per step, seed \(seed) (log scale)", width: 60, height: 12, logScale: true)
  var notes: [String] = []
  for kind in InitialisationRun.allCases {
    let losses = runs[kind]!.telemetry.losses
    // A loss in the thousands would flatten every other curve: such a run is named, not drawn.
    if let first = losses.first, first > 10 {
      notes.append("\(names[kind]!): not drawn, its first loss is \(show(first))")
      continue
    }
    plot.add(names[kind]!, Array(losses.prefix { $0.isFinite }))
  }
  var lines = [plot.render()] + notes + [""]
  let widths = [12, 11, 11, 9, 24]
  lines.append(row(["run", "first loss", "last loss", "accuracy", "note"], widths))
  for kind in InitialisationRun.allCases {
    let run = runs[kind]!
    let note = run.telemetry.firstNonFiniteStep.map { "not finite at step \($0)" } ?? ""
    lines.append(
      row(
        [
          names[kind]!, showLoss(run.telemetry.losses.first ?? .nan), showLoss(run.finalLoss),
          String(format: "%.2f", run.accuracy), note,
        ], widths))
  }
  lines.append("ln 3 = 1.0986: the loss of a network that learned nothing")
  return lines.joined(separator: "\n")
}

func statisticsSection(_ runs: [InitialisationRun: InitialisationRunResult]) -> String {
  var lines = [
    "at initialisation, on the whole data set; the hidden layers are 0, 2, 4, 6, 8",
    "activation std per hidden layer (healthy: about 0.5 to 2):",
  ]
  let widths = [12, 9, 9, 9, 9, 9]
  lines.append(row(["run", "layer 0", "layer 2", "layer 4", "layer 6", "layer 8"], widths))
  for kind in InitialisationRun.allCases {
    let run = runs[kind]!
    let hidden = activationSummaries(of: run.initialModel, on: run.data.inputs)
      .filter { $0.activation.kind != "none" }
    lines.append(row([names[kind]!] + hidden.map { show($0.activation.standardDeviation) }, widths))
  }
  lines.append("")
  lines.append("weight variance / the band of the standard rules (1: inside it):")
  let weightWidths = [12, 8, 8, 8, 8, 8, 8]
  lines.append(
    row(["run", "layer 0", "2", "4", "6", "8", "10"], weightWidths))
  for kind in InitialisationRun.allCases {
    let statistics = weightStatistics(of: runs[kind]!.initialModel)
    guard !statistics.isEmpty else { return "weightStatistics (19.1) returned nothing" }
    let cells = statistics.map { entry -> String in
      if entry.variance < entry.lowestPrediction {
        return show(entry.variance / entry.lowestPrediction)
      }
      if entry.variance > entry.highestPrediction {
        return show(entry.variance / entry.highestPrediction)
      }
      return "1"
    }
    lines.append(row([names[kind]!] + cells, weightWidths))
  }
  lines.append("")
  lines.append("chapter 6's experiment with the same widths (activationStatistics, depth 5,")
  lines.append("width 32, N(0, 1) inputs): the std of the last layer's activations")
  for (name, initializer) in [
    ("N(0,0.01^2)", Initializer.normal(mean: 0, standardDeviation: 0.01)),
    ("N(0,1)", .normal(mean: 0, standardDeviation: 1)), ("He", .heNormal()),
  ] {
    let last = activationStatistics(depth: 5, width: 32, initializer: initializer, seed: seed)
      .last
    lines.append("  \(name): \(last.map { show($0.standardDeviation) } ?? "chapter 6 stub")")
  }
  return lines.joined(separator: "\n")
}

func symmetrySection(_ runs: [InitialisationRun: InitialisationRunResult]) -> String {
  var lines = ["distinct rows of each layer's weight (19.2), before -> after training:"]
  let widths = [8, 11, 11, 11, 11, 11, 11]
  lines.append(row(["run", "layer 0", "2", "4", "6", "8", "10"], widths))
  for kind in [InitialisationRun.zeros, .healthy] {
    let before = runs[kind]!.initialModel.layers.compactMap { $0 as? Linear }
    let after = runs[kind]!.model.layers.compactMap { $0 as? Linear }
    let cells = zip(before, after).map {
      "\(distinctRowCount($0.weight.value)) -> \(distinctRowCount($1.weight.value))"
    }
    lines.append(row([names[kind]!] + cells, widths))
  }
  lines.append("zeros: every unit of a layer is the same unit, before and after")
  return lines.joined(separator: "\n")
}

func diagnosticSection(_ runs: [InitialisationRun: InitialisationRunResult]) -> String {
  InitialisationRun.allCases.map { kind in
    let run = runs[kind]!
    let report = diagnoseInitialisation(run.initialModel, probe: run.data.inputs).report
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

func fixSection(_ runs: [InitialisationRun: InitialisationRunResult]) -> String {
  var lines = [
    "each broken network re-initialised (He before ReLU, LeCun at the output, zero",
    "biases), checked, and trained 100 steps:",
  ]
  for kind in InitialisationRun.allCases where kind.isBroken {
    let model = makeInitialisationModel(kind, seed: seed)
    reinitialise(model, seed: seed &+ 100)
    let findings = diagnoseInitialisation(model, probe: runs[kind]!.data.inputs)
    let losses = trainInitialisationModel(model, on: runs[kind]!.data, steps: 100).losses
    lines.append(
      "  \(names[kind]!): diagnostic \(findings.isEmpty ? "quiet" : "still finds \(findings.symptoms)")"
        + ", loss \(showLoss(losses.last ?? .nan))"
        + " (broken: \(showLoss(runs[kind]!.finalLoss)))")
  }
  return lines.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var runs: [InitialisationRun: InitialisationRunResult] = [:]
    for kind in InitialisationRun.allCases { runs[kind] = makeInitialisationRun(kind, seed: seed) }
    var page = LabPage(chapter: 19, title: "Bad initialisation")
    page.section("The runs: loss per step", runsSection(runs))
    page.section("Each network at initialisation", statisticsSection(runs))
    page.section("Symmetry", symmetrySection(runs))
    page.section("What your diagnostic says", diagnosticSection(runs))
    page.section("The fix", fixSection(runs))
    return page.render()
  },
  calibration: calibrationTables)
