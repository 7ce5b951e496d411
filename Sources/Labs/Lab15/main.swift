// The lab of chapter 15: batch sizes compared fairly, the gradient noise against B, the
// diagnostic on every run, and the fix. `swift run workbook lab 15`.
import BatchSize
import Foundation
import Training
import WorkbookSupport

let seed: UInt64 = 1

/// A number in 4 significant digits, or "diverged" when it is not finite.
func show(_ value: Double) -> String {
  value.isFinite ? String(format: "%.4g", value) : "diverged"
}

func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// A curve that is safe to plot: the values up to the first non-finite one, and a note.
func finite(_ values: [Double], _ name: String, notes: inout [String]) -> [Double] {
  guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return values }
  notes.append("\(name): diverged at step \(bad)")
  return Array(values[..<bad])
}

func name(_ plan: BatchPlan) -> String { "batch \(plan.batchSize)" }

func epochView(_ runs: [BatchRunResult]) -> String {
  var plot = LinePlot(
    title: "full-data loss (log scale) against tenths of an epoch, 5 epochs, rate 0.1",
    width: 51, height: 12, logScale: true)
  var notes: [String] = []
  for run in runs {
    plot.add(name(run.plan), finite(lossAgainstEpochs(run), name(run.plan), notes: &notes))
  }
  let caption = "x = 10 is the end of epoch 1: every curve has seen the same examples there."
  return ([plot.render(), caption] + notes).joined(separator: "\n")
}

func stepView(_ runs: [BatchRunResult]) -> String {
  var plot = LinePlot(
    title: "full-data loss (log scale) against updates: the first 95",
    width: 48, height: 12, logScale: true)
  var notes: [String] = []
  for run in runs {
    let label = "\(name(run.plan)) (\(run.plan.totalSteps) updates)"
    plot.add(label, finite(Array(run.fullLosses.prefix(96)), label, notes: &notes))
  }
  let caption = """
    Against updates the curves nearly coincide (batch 1 wobbles: one example
    per step is a noisy gradient). At rate 0.1 the loss depends on how many
    updates were made, hardly on their size; the large batches stop early.
    """
  return ([plot.render(), caption] + notes).joined(separator: "\n")
}

func comparisonTable() -> String {
  var lines = [
    "view           batch  epochs  updates  rate  final loss",
    "-------------  -----  ------  -------  ----  ----------",
  ]
  let views: [(String, [BatchPlan])] = [
    ("equal epochs", BatchComparison.equalEpochs),
    ("equal updates", BatchComparison.equalSteps),
    ("its own rate", BatchComparison.retunedRates),
  ]
  for (view, plans) in views {
    for (index, plan) in plans.enumerated() {
      let loss = runPlan(plan, seed: seed).finalLoss
      lines.append(
        (index == 0
          ? view.padding(toLength: 13, withPad: " ", startingAt: 0)
          : String(repeating: " ", count: 13))
          + pad("\(plan.batchSize)", 7) + pad("\(plan.epochs)", 8)
          + pad("\(plan.totalSteps)", 9) + pad(show(plan.learningRate), 6)
          + pad(show(loss), 12))
    }
  }
  return lines.joined(separator: "\n")
}

func noiseTable() -> String {
  let table = gradientNoiseTable(seed: seed)
  guard table.rows.allSatisfy({ $0.noise.variance.isFinite }) else {
    return "measureGradientNoise returned NaN: exercise 15.1 is not written yet."
  }
  var lines = [
    "At the initial weights, 200 random batches of each size B.",
    "||g||^2 = \(show(table.gradientNormSquared)) (the full-batch gradient), sigma^2 = "
      + "\(show(table.spread)) (the spread of the",
    "per-example gradients around it).",
    "",
    "    B   measured E||g_B - g||^2   predicted   B x measured   std dev",
    "  ---   -----------------------   ---------   ------------   -------",
  ]
  for row in table.rows {
    let noise = row.noise
    let measured = show(noise.variance) + " +- " + show(noise.standardError)
    lines.append(
      pad("\(noise.batchSize)", 5) + pad(measured, 26) + pad(show(row.predicted), 12)
        + pad(show(Double(noise.batchSize) * noise.variance), 15)
        + pad(show(noise.standardDeviation), 10))
  }
  lines += [
    "predicted = sigma^2 / B * (N - B) / (N - 1): the 1/B law, and no noise at B = N.",
    "B x measured stays near sigma^2 while B is small against N = 150.",
  ]
  return lines.joined(separator: "\n")
}

func findingsSection() -> String {
  var parts: [String] = []
  for kind in BatchRun.allCases {
    let run = makeBatchRun(kind, seed: seed)
    let findings = diagnoseBatchSize(run.telemetry, plan: run.plan)
    parts.append(
      "\(kind.rawValue) (\(run.plan), final loss \(show(run.finalLoss))):\n"
        + findings.report)
  }
  return wrap(parts.joined(separator: "\n\n"))
}

func fixSection() -> String {
  let broken = makeBatchRun(.broken, seed: seed)
  let plan = planForBudget(exampleCount: 150, epochs: 5, learningRate: 0.1)
  var lines = ["planForBudget(exampleCount: 150, epochs: 5, learningRate: 0.1):", "  \(plan)"]
  if plan.batchSize == broken.plan.batchSize {
    lines.append(
      "That is the broken plan again: exercise 15.3 may still be the stub.")
    return wrap(lines.joined(separator: "\n"))
  }
  let fixed = runPlan(plan, seed: seed)
  lines.append(
    "final loss \(show(fixed.finalLoss)), against \(show(broken.finalLoss)) for the full batch "
      + "on the same 5 epochs.")
  lines.append(
    "The diagnostic on the fixed run: " + diagnoseBatchSize(fixed.telemetry, plan: plan).report)
  return wrap(lines.joined(separator: "\n"))
}

/// Wraps every line at 78 columns, continuing with an indent of 4.
func wrap(_ text: String) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
    var rest = String(line)
    var out: [String] = []
    var indent = ""
    while rest.count + indent.count > 78 {
      let limit = rest.index(rest.startIndex, offsetBy: 78 - indent.count)
      let cut = rest[..<limit].lastIndex(of: " ") ?? limit
      out.append(indent + rest[..<cut])
      rest = String(rest[cut...].drop { $0 == " " })
      indent = "    "
    }
    out.append(indent + rest)
    return out.joined(separator: "\n")
  }.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 15, title: "Batch size too large")
    let runs = BatchComparison.equalEpochs.map { runPlan($0, seed: seed) }
    page.section(
      "Equal epochs: the same data seen, far fewer updates (seed \(seed))", epochView(runs))
    page.section("The same runs against updates", stepView(runs))
    page.section("Fair comparisons: equal epochs, equal updates, its own rate", comparisonTable())
    page.section("The noise of the mini-batch gradient against B", noiseTable())
    page.section("What your diagnostic says", findingsSection())
    page.section("The fix: the largest batch that leaves enough updates", fixSection())
    return page.render()
  },
  calibration: calibrationTables)
