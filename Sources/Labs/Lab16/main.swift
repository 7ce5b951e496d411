// The lab of chapter 16: the five runs, the range test, the update ratios, what your
// diagnostic says, the exact case and the fix. `swift run workbook lab 16`.
import Foundation
import LearningRate
import Training
import WorkbookSupport

let seed: UInt64 = 1

/// A number in 3 significant digits, or what it means when it is not finite.
func show(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "\(value) (diverged)"
}

/// A table row: the cells padded to the widths.
func row(_ cells: [String], _ widths: [Int]) -> String {
  zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
    .joined(separator: " ").trimmingCharacters(in: .whitespaces)
}

let names: [RateRun: String] = [
  .tooHigh: "too high", .clippedTooHigh: "clipped", .tooLow: "too low",
  .healthy: "healthy", .largeButFine: "decoy 0.1",
]

func runsSection(_ runs: [RateRun: RateRunResult]) -> String {
  var plot = LinePlot(
    title: "loss per step, seed \(seed) (log scale)", width: 60, height: 14, logScale: true)
  var notes: [String] = []
  for kind in RateRun.allCases {
    let losses = runs[kind]!.telemetry.losses
    let first = losses.first ?? .nan
    // A run that exploded is drawn until it passes 100x its start, so that its 1e300 does not
    // flatten every other curve.
    let end = losses.firstIndex { !$0.isFinite || $0 > 100 * first }
    plot.add(names[kind]!, Array(losses.prefix(end ?? losses.count)))
    if let end {
      let nan = runs[kind]!.telemetry.firstNonFiniteStep
      notes.append(
        "\(names[kind]!): above 100x its start at step \(end) (not drawn from there)"
          + (nan.map { ",\n  not finite at step \($0)" } ?? ""))
    }
  }
  var lines = [plot.render()]
  lines += notes
  let widths = [10, 7, 6, 11, 18]
  lines.append("")
  lines.append(row(["run", "rate", "clip", "first loss", "last loss"], widths))
  for kind in RateRun.allCases {
    let losses = runs[kind]!.telemetry.losses
    lines.append(
      row(
        [
          names[kind]!, show(kind.learningRate), kind.clipNorm.map(show) ?? "off",
          show(losses.first ?? .nan), show(losses.last ?? .nan),
        ], widths))
  }
  return lines.joined(separator: "\n")
}

func rangeTestSection() -> String {
  let problem = makeRateProblem(seed: seed)
  guard let telemetry = problem.rangeTest() else {
    return "rangeTestRate (16.3) gave a rate that is not finite and > 0"
  }
  let result = analyseRangeTest(telemetry)
  var plot = LinePlot(
    title: "smoothed loss, rate = 1e-7 * 1.205^step (log scale)", width: 60, height: 10,
    logScale: true)
  plot.add("smoothed loss", result.smoothedLosses)
  var lines = [plot.render()]
  if let stop = result.stopStep, result.rates.indices.contains(stop) {
    lines.append(
      "stopped at step \(stop), rate \(show(result.rates[stop])): the smoothed loss "
        + "passed 4x its best")
  } else {
    lines.append("the smoothed loss never passed 4x its best")
  }
  lines.append(
    "lowest smoothed loss at step \(result.minimumStep), rate \(show(result.minimumRate))")
  lines.append("suggestion: \(show(result.suggestedRate)) (a tenth of it)")
  return lines.joined(separator: "\n")
}

func updateRatioSection(_ runs: [RateRun: RateRunResult]) -> String {
  let healthy = runs[.healthy]!.telemetry
  var plot = LinePlot(
    title: "healthy run: log10(update ratio) per layer, every 10 steps", width: 60, height: 10)
  let layers = healthy.probes.first?.layers.map(\.index) ?? []
  for layer in layers {
    plot.add(
      "layer \(layer)",
      healthy.probes.map { probe in
        let ratio = probe.layers.first { $0.index == layer }?.updateRatio ?? .nan
        return ratio > 0 ? log10(ratio) : .nan
      })
  }
  plot.add("-3 (1e-3)", healthy.probes.map { _ in -3 })
  var lines = [plot.render(), "", "median log10(update ratio) per layer:"]
  let widths = [12] + layers.map { _ in 10 }
  lines.append(row(["run"] + layers.map { "layer \($0)" }, widths))
  for kind in RateRun.allCases {
    let medians = medianUpdateRatios(runs[kind]!.telemetry)
    let cells = layers.map { layer in
      guard let ratio = medians.first(where: { $0.layer == layer })?.ratio else { return "-" }
      return ratio > 0 ? String(format: "%.1f", log10(ratio)) : "frozen"
    }
    lines.append(row([names[kind]!] + cells, widths))
  }
  lines.append("healthy: about -3; above -1: too high; below -4 and stalled: too low;")
  lines.append("frozen: a median of exactly 0 (saturated tanh units pass no gradient)")
  return lines.joined(separator: "\n")
}

func diagnosticSection(_ runs: [RateRun: RateRunResult]) -> String {
  RateRun.allCases.map { kind in
    let report = diagnoseLearningRate(runs[kind]!.telemetry).report
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

func exactCaseSection() -> String {
  let data = makeLinearRegressionData(seed: seed)
  let lambda = largestHessianEigenvalue(ofLinearRegressionOn: data.inputs)
  guard lambda.isFinite, lambda > 0 else {
    return "largestHessianEigenvalue (16.1) gave \(lambda), not a positive number"
  }
  var lines = [
    "linear regression, 64 points, 3 features and a bias: lambda_max = \(show(lambda)),",
    "so gradient descent diverges above 2 / lambda_max = \(show(2 / lambda))",
  ]
  for factor in [1.9, 2.1] {
    let losses = trainLinearRegression(data, learningRate: factor / lambda, steps: 100).losses
    lines.append(
      "  rate \(factor) / lambda_max = \(show(factor / lambda)): loss \(show(losses[0])) -> "
        + "\(show(losses.last ?? .nan)) after 100 steps")
  }
  let search = searchStableRate(startingAt: 1) { rate in
    trainLinearRegression(data, learningRate: rate, steps: 100)
  }
  let tries = search.tries.map { "\(show($0.rate))\($0.exploded ? " exploded" : " stable")" }
  lines.append("divide-by-3 search from 1.0: " + tries.joined(separator: ", "))
  return lines.joined(separator: "\n")
}

func fixSection(_ runs: [RateRun: RateRunResult]) -> String {
  let problem = makeRateProblem(seed: seed)
  let rate = retunedLearningRate(for: problem)
  guard rate.isFinite, rate > 0 else {
    return "retunedLearningRate (16.5) gave \(rate), not a positive rate"
  }
  let fixed = problem.train(learningRate: rate, steps: rateRunSteps).losses
  var lines = [
    "range test, then checked by the search: rate \(show(rate)), clipping off",
    "after \(rateRunSteps) steps its loss is \(show(fixed.last ?? .nan)); the broken runs:",
  ]
  for kind in RateRun.allCases where kind.isBroken {
    lines.append("  \(kind.description): \(show(runs[kind]!.finalLoss))")
  }
  return lines.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var runs: [RateRun: RateRunResult] = [:]
    for kind in RateRun.allCases { runs[kind] = makeRateRun(kind, seed: seed) }
    var page = LabPage(chapter: 16, title: "Wrong learning rate")
    page.section("The runs: loss per step", runsSection(runs))
    page.section("The range test (seed \(seed))", rangeTestSection())
    page.section("Update ratios ||delta theta|| / ||theta||", updateRatioSection(runs))
    page.section("What your diagnostic says", diagnosticSection(runs))
    page.section("The exact case", exactCaseSection())
    page.section("The fix", fixSection(runs))
    return page.render()
  },
  calibration: calibrationTables)
