// The lab of chapter 17: the runs, the floor each cannot cross, what the outputs cover, what
// your diagnostic says and the fix. `swift run workbook lab 17`.
import FinalActivation
import Foundation
import Layers
import Training
import WorkbookSupport

let seed: UInt64 = 1

/// A number in 3 significant digits, or what it means when it is not finite.
func show(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "\(value)"
}

/// A table row: the cells padded to the widths.
func row(_ cells: [String], _ widths: [Int]) -> String {
  zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
    .joined(separator: " ").trimmingCharacters(in: .whitespaces)
}

let names: [OutputRun: String] = [
  .reluOutput: "ReLU", .sigmoidOutput: "sigmoid", .tanhOutput: "tanh x2",
  .clippedOutput: "clip x2", .reluInForward: "F.relu", .healthy: "identity",
  .sigmoidInsideRange: "sig (0,1)", .reluNonNegative: "ReLU |sin|",
  .farAtInitialisation: "id 3+2sin",
]

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

func runsSection(_ runs: [OutputRun: OutputRunResult]) -> String {
  var plot = LinePlot(
    title: "loss per step, seed \(seed) (log scale)", width: 60, height: 14, logScale: true)
  for kind in [OutputRun.reluOutput, .tanhOutput, .healthy, .farAtInitialisation] {
    plot.add(names[kind]!, runs[kind]!.telemetry.losses)
  }
  var lines = [plot.render(), ""]
  let widths = [11, 12, 10, 10, 10]
  lines.append(row(["run", "range", "first", "last", "floor"], widths))
  for kind in OutputRun.allCases {
    let run = runs[kind]!
    let range = outputRange(of: run.model)
    let floor = lossFloor(run.targets, range: range)
    lines.append(
      row(
        [
          names[kind]!, range.isValid ? "\(range)" : "17.1?", show(run.initialLoss),
          show(run.finalLoss), show(floor),
        ], widths))
  }
  lines.append("floor: lossFloor (17.2) of the range outputRange (17.1) finds; no")
  lines.append("network with that output can end below it")
  return lines.joined(separator: "\n")
}

/// The targets and the trained outputs of one run, as two curves over x.
func fitSection(_ run: OutputRunResult) -> String {
  var plot = LinePlot(
    title: "\(run.kind.description): targets and outputs over x", width: 60, height: 10)
  plot.add("target", run.targets.scalars)
  plot.add("output", run.predictions.scalars)
  return plot.render() + "\n(along the axis: the 64 examples, x from -pi at 0 to pi at 63)"
}

func coverageSection(_ runs: [OutputRun: OutputRunResult]) -> String {
  let widths = [11, 17, 17, 9]
  var lines = [row(["run", "targets in", "outputs in", "missed"], widths)]
  for kind in OutputRun.allCases {
    let run = runs[kind]!
    let targets = run.targets.scalars
    let outputs = run.predictions.scalars
    let seen = OutputRange(lower: outputs.min()!, upper: outputs.max()!)
    let missed = varianceShare(floor: lossFloor(run.targets, range: seen), of: run.targets)
    lines.append(
      row(
        [
          names[kind]!, "[\(show(targets.min()!)), \(show(targets.max()!))]",
          "[\(show(seen.lower)), \(show(seen.upper))]", show(missed),
        ], widths))
  }
  lines.append("missed: the share of the targets' variance outside the trained outputs'")
  lines.append("interval; the diagnostic's line is 0.01")
  return lines.joined(separator: "\n")
}

func diagnosticSection(_ runs: [OutputRun: OutputRunResult]) -> String {
  OutputRun.allCases.map { kind in
    let run = runs[kind]!
    let report = diagnoseFinalActivation(run.model, inputs: run.inputs, targets: run.targets)
      .report
    return "\(kind.description):\n" + wrap(report, indent: "  ")
  }.joined(separator: "\n")
}

func fixSection(_ runs: [OutputRun: OutputRunResult]) -> String {
  var lines = ["the same seed and layers, the final activation chosen by withReachableOutput:"]
  let widths = [11, 12, 12, 12]
  lines.append(row(["run", "output now", "broken last", "fixed last"], widths))
  for kind in [OutputRun.reluOutput, .sigmoidOutput, .tanhOutput, .clippedOutput] {
    let model = withReachableOutput(
      makeOutputModel(final: kind.activation, seed: seed), targets: outputRunTargets(kind))
    guard let last = model.layers.last else {
      return "withReachableOutput (17.4) returned an empty model"
    }
    let fixed = trainOutputModel(model, targets: outputRunTargets(kind)).losses.last ?? .nan
    lines.append(
      row(
        [names[kind]!, "\(last)", show(runs[kind]!.finalLoss), show(fixed)], widths))
  }
  let kept = OutputRun.allCases.filter { kind in
    kind != .reluInForward && !kind.isBroken
      && {
        let model = makeOutputModel(final: kind.activation, seed: seed)
        return withReachableOutput(model, targets: outputRunTargets(kind)) === model
      }()
  }
  lines.append("kept as they are: " + kept.map { names[$0]! }.joined(separator: ", "))
  lines.append("F.relu is not a layer: remove it from forward() by hand")
  return lines.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var runs: [OutputRun: OutputRunResult] = [:]
    for kind in OutputRun.allCases { runs[kind] = makeOutputRun(kind, seed: seed) }
    var page = LabPage(chapter: 17, title: "Wrong final activation")
    page.section("The runs: loss per step, and the floor", runsSection(runs))
    page.section("What a ReLU output can fit", fitSection(runs[.reluOutput]!))
    page.section("What a clipped output can fit", fitSection(runs[.clippedOutput]!))
    page.section("Do the trained outputs cover the targets?", coverageSection(runs))
    page.section("What your diagnostic says", diagnosticSection(runs))
    page.section("The fix", fixSection(runs))
    return page.render()
  },
  calibration: calibrationTables)
