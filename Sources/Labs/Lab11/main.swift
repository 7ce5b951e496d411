// The lab of chapter 11: the pixel runs fed raw and standardised, the colour runs trained
// against raw and scaled targets, what your two scale checks say about each, and the fixes.
// `swift run workbook lab 11`.
import DataPipeline
import Foundation
import Normalisation
import Tensors
import Training
import WorkbookSupport

/// A number in 3 significant digits, or "not finite".
func number(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "not finite"
}

/// A fraction as a whole percentage.
func percent(_ value: Double) -> String {
  value.isFinite ? String(format: "%.0f%%", 100 * value) : "not finite"
}

/// `text` padded with spaces to `width` columns.
func padded(_ text: String, _ width: Int) -> String {
  text + String(repeating: " ", count: Swift.max(0, width - text.count))
}

/// `text` broken into lines of at most 78 columns, keeping its leading spaces; every line
/// after the first is indented by `indent` spaces.
func wrapped(_ text: String, indent: Int = 4) -> String {
  let leading = String(text.prefix { $0 == " " })
  let continuation = String(repeating: " ", count: indent)
  var lines: [String] = []
  var current = leading
  for word in text.split(separator: " ") {
    if current.count > leading.count && current.count + 1 + word.count > 78 {
      lines.append(current)
      current = continuation + word
    } else {
      let fresh = current == leading || current == continuation
      current += (fresh ? "" : " ") + word
    }
  }
  lines.append(current)
  return lines.joined(separator: "\n")
}

/// The first step whose loss is not finite or more than 10 times the loss at step 0, if any.
func divergence(_ losses: [Double]) -> Int? {
  guard let first = losses.first else { return nil }
  return losses.firstIndex { !$0.isFinite || $0 > 10 * Swift.max(first, 1e-12) }
}

/// Findings in a few lines each: the symptom, how many measurements at how many places, the
/// first piece of evidence, the likely cause and the fix.
func summary(_ findings: [Finding]) -> String {
  guard !findings.isEmpty else { return "  nothing found" }
  var lines: [String] = []
  for finding in findings {
    let places = Set(finding.evidence.map(\.location)).count
    let count = finding.evidence.count
    lines.append(
      "  \(finding.symptom): \(count) measurement\(count == 1 ? "" : "s") at \(places) "
        + "place\(places == 1 ? "" : "s")")
    for evidence in finding.evidence.prefix(2) {
      lines.append(wrapped("    \(evidence)", indent: 6))
    }
    if count > 2 { lines.append("    ...") }
    lines.append(wrapped("    likely cause: \(finding.likelyCause)", indent: 6))
    lines.append(wrapped("    fix: \(finding.fix)", indent: 6))
  }
  return lines.joined(separator: "\n")
}

/// The smallest and largest of `values`, as "low .. high" (rounding errors shown as 0).
func span(_ values: [Double]) -> String {
  let rounded = { (value: Double) in Swift.abs(value) < 1e-9 ? "0" : number(value) }
  return "\(rounded(values.min() ?? .nan)) .. \(rounded(values.max() ?? .nan))"
}

let seed: UInt64 = 0

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 11, title: "Forgot to normalise the data")

    // 1. The pixel runs.
    let pixelRuns = PixelRun.allCases.map { ($0, makePixelRun($0, seed: seed)) }
    var plot = LinePlot(
      title: "training loss per step, log scale (8 x 8 pixel images, seed \(seed))",
      width: 60, height: 14, logScale: true)
    var notes: [String] = []
    for (kind, run) in pixelRuns {
      if let step = run.telemetry.firstNonFiniteStep {
        notes.append("\(kind): diverged at step \(step)")
      } else {
        plot.add(kind.rawValue, run.telemetry.losses)
      }
    }
    notes.append("healthy and decoy nearly coincide: the decoy is drawn over the healthy run")
    notes.append(
      "ln 10 = \(number(Foundation.log(10.0))): the loss of a uniform guess over 10 classes")
    page.section(
      "The pixel runs: raw 0-255 pixels against standardised ones",
      plot.render() + "\n" + notes.joined(separator: "\n"))

    var table = [
      "run      loss at   gradient   dead hidden units    final    validation",
      "         step 0    at step 0  after step 0 / end   loss     accuracy",
    ]
    for (kind, run) in pixelRuns {
      let probes = run.telemetry.probes
      let dead = { (probe: ProbeRecord?) in
        probe?.layers.first?.activation.map { percent($0.deadFraction) } ?? "-"
      }
      table.append(
        padded(kind.rawValue, 9) + padded(number(run.initialLoss), 10)
          + padded(number(probes.first?.gradientNorm ?? .nan), 11)
          + padded("\(dead(probes.first)) / \(dead(probes.last))", 21)
          + padded(number(run.finalLoss), 9) + percent(run.validationAccuracy))
    }
    table.append("")
    table.append(
      wrapped(
        "The raw run's first gradient is hundreds of times the healthy one: it throws the hidden "
          + "layer's weights so far that most ReLU units never fire again, and the network is "
          + "left guessing the class frequencies.", indent: 0))
    page.section("What the untrained network does with them", table.joined(separator: "\n"))

    // 2. The inputs, and the diagnostic.
    var statistics = ["run      feature means      feature spreads    values outside [-1, 1]"]
    for (kind, run) in pixelRuns {
      let inputs = run.training.inputs
      let scaler = Standardizer.fit(inputs)
      let outside = inputs.scalars.filter { Swift.abs($0) > 1 }.count
      statistics.append(
        padded(kind.rawValue, 9) + padded(span(scaler.mean.scalars), 19)
          + padded(span(scaler.standardDeviation.scalars), 19)
          + percent(Double(outside) / Double(inputs.count)))
    }
    statistics.append("")
    statistics.append(
      wrapped(
        "A range rule (\"values outside [-1, 1]\") fires on the healthy run too: standardised "
          + "means mean 0 and spread 1, not small values.", indent: 0))
    page.section("The inputs, feature by feature", statistics.joined(separator: "\n"))

    var verdicts: [String] = []
    for (kind, run) in pixelRuns {
      verdicts.append("\(kind):")
      verdicts.append(summary(inputScaleFindings(run.training.inputs)))
    }
    page.section(
      "What your diagnostic says: inputScaleFindings (11.1)", verdicts.joined(separator: "\n"))

    // 3. The colour runs.
    let colourRuns = ColourRun.allCases.map { ($0, makeColourRun($0, seed: seed)) }
    var colours = [
      "run      targets       loss at   gradient    after 200 steps",
      "                       step 0    at step 0",
    ]
    let targetNames: [ColourRun: String] = [
      .broken: "0-255", .healthy: "/ 255", .decoy: "/ 255",
    ]
    for (kind, run) in colourRuns {
      let outcome =
        divergence(run.telemetry.losses).map { "diverged at step \($0)" }
        ?? "error \(number(run.validationError)) grey levels"
      colours.append(
        padded(kind.rawValue, 9) + padded(targetNames[kind] ?? "", 14)
          + padded(number(run.initialLoss), 10)
          + padded(number(run.telemetry.probes.first?.gradientNorm ?? .nan), 12) + outcome)
    }
    colours.append("")
    colours.append(
      wrapped(
        "The decoy's targets are fine; its positions are fed raw (0-255), and its loss at "
          + "step 0 is just as huge. The size of the loss cannot say which side is unscaled.",
        indent: 0))
    colours.append("")
    for kind in ColourRun.allCases {
      let data = makeColourData(kind, seed: seed)
      colours.append("\(kind): targetScaleFindings (11.2)")
      colours.append(summary(targetScaleFindings(data.trainingTargets)))
    }
    page.section(
      "The colour runs: the colour of a picture at (x, y), SGD at 0.1",
      colours.joined(separator: "\n"))

    // 4. The fixes, and the caution.
    let broken = pixelRuns[0].1
    let fixed = makeFixedPixelRun(seed: seed)
    let scaled = makeScaledColourRun(seed: seed)
    let brokenColours = colourRuns[0].1
    var fixes = [
      "Raw pixels in, an InputStandardization (11.3) as the first layer:",
      "  loss at step 0 \(number(fixed.initialLoss)) (raw: \(number(broken.initialLoss))), "
        + "final \(number(fixed.finalLoss)) (raw: \(number(broken.finalLoss)))",
      "  validation accuracy \(percent(fixed.validationAccuracy)) "
        + "(raw: \(percent(broken.validationAccuracy)))",
      "",
      "0-255 colours scaled by a TargetScaler (11.4), predictions un-scaled:",
      "  validation error \(number(scaled.validationError)) grey levels (raw targets: "
        + (divergence(brokenColours.telemetry.losses).map { "diverged at step \($0)" }
          ?? "\(number(brokenColours.validationError))") + ")",
      "",
      "The caution: 50 extra columns of tiny drift noise, 50 training images",
    ]
    var passed = (accuracy: 0.0, loss: 0.0)
    var blind = (accuracy: 0.0, loss: 0.0)
    let cautionSeeds: [UInt64] = [0, 1, 2, 3, 4]
    for cautionSeed in cautionSeeds {
      let left = makeDriftRun(seed: cautionSeed, passingDriftThrough: true)
      let blown = makeDriftRun(seed: cautionSeed, passingDriftThrough: false)
      passed.accuracy += left.validationAccuracy / Double(cautionSeeds.count)
      passed.loss += left.validationLoss / Double(cautionSeeds.count)
      blind.accuracy += blown.validationAccuracy / Double(cautionSeeds.count)
      blind.loss += blown.validationLoss / Double(cautionSeeds.count)
    }
    fixes.append(
      "  drift passed through:  validation accuracy \(percent(passed.accuracy)), "
        + "loss \(number(passed.loss))")
    fixes.append(
      "  drift standardised:    validation accuracy \(percent(blind.accuracy)), "
        + "loss \(number(blind.loss))")
    fixes.append("  (means over seeds 0-4)")
    page.section("The fix", fixes.joined(separator: "\n"))
    return page.render()
  },
  calibration: calibrationTables)
