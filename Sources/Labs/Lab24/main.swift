// The lab of chapter 24: one seed, the configuration file, grid against random search, decay
// near the end, the checkpoint and its preprocessing, and what your diagnostic says about
// each comparison. `swift run workbook lab 24`.
import Foundation
import ReproducibleTuning
import Training
import WorkbookSupport

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

/// A number in 3 significant digits.
func show(_ value: Double) -> String { String(format: "%.3g", value) }

func seedSection() -> String {
  let first = trainTuningRun(.baseline)
  let second = trainTuningRun(.baseline)
  let other = trainTuningRun(TuningConfig.baseline.with(\.seed, 2))
  var lines = ["stream seeds of seed 1:"]
  for stream in RandomStream.allCases {
    lines.append("  \(stream): 0x" + String(streamSeed(1, for: stream), radix: 16))
  }
  let identical = first.telemetry.losses == second.telemetry.losses
  lines.append(
    "seed 1 twice: validation loss \(first.validationLoss) and \(second.validationLoss)")
  lines.append("  every one of the \(first.telemetry.losses.count) losses identical: \(identical)")
  lines.append("seed 2: validation loss \(show(other.validationLoss))")
  return lines.joined(separator: "\n")
}

func configSection() -> String {
  let good = jsonText(of: .baseline)
  var lines = ["the baseline as a file:", good, "", "bad files and what decodeTuningConfig says:"]
  let bad = [
    #"{"seed": 1, "learningRate": "fast", "steps": 200, "batchSize": 4, "hiddenUnits": 8, "decayFraction": 0}"#,
    #"{"seed": 1, "learning_rate": 0.1, "learningRate": 0.03, "steps": 200, "batchSize": 4, "hiddenUnits": 8, "decayFraction": 0}"#,
    #"{"seed": 1, "learningRate": 0.03, "steps": 0, "batchSize": 4, "hiddenUnits": 8, "decayFraction": 0}"#,
    #"{"seed": 1, "learningRate": 0.03, "batchSize": 4, "hiddenUnits": 8, "decayFraction": 0}"#,
  ]
  for (index, text) in bad.enumerated() {
    do {
      _ = try decodeTuningConfig(Data(text.utf8), file: "bad\(index + 1).json")
      lines.append("  bad\(index + 1).json: accepted (it should not be)")
    } catch {
      lines.append("  \(error.file): key \"\(error.key)\" = \(error.value):")
      lines.append(wrap(error.problem, indent: "   "))
    }
  }
  return lines.joined(separator: "\n")
}

func searchSection() -> String {
  var lines = ["only x matters; the median regret over 50 objectives (lower is better):"]
  for budget in [9, 16, 25] {
    let comparison = compareSearches(budget: budget, objectives: 0..<50)
    lines.append(
      "  budget \(budget): grid \(show(comparison.grid)) (\(Int(Double(budget).squareRoot())) "
        + "values of x), random \(show(comparison.random)) (\(budget) values of x)")
  }
  let grid = Set(gridSearchPoints(budget: 9).map(\.x)).sorted().map(show)
  lines.append("the 3 x 3 grid's values of x: " + grid.joined(separator: ", "))
  return lines.joined(separator: "\n")
}

func decaySection() -> String {
  let constant = TuningConfig.baseline.with(\.batchSize, 1).with(\.learningRate, 0.1)
  let decayed = constant.with(\.decayFraction, 0.5)
  let flat = trainTuningRun(constant)
  let decaying = trainTuningRun(decayed)
  var plot = LinePlot(
    title: "batch 1, rate 0.1: training loss (mean of 10 steps)", width: 60, height: 12)
  func smooth(_ losses: [Double]) -> [Double] {
    stride(from: 0, to: losses.count, by: 10).map { start in
      let part = losses[start..<min(start + 10, losses.count)]
      return part.reduce(0, +) / Double(part.count)
    }
  }
  plot.add("constant", smooth(flat.telemetry.losses))
  plot.add("decay 50%", smooth(decaying.telemetry.losses))
  let data = makeTuningProblem(seed: 1)
  let seeds: [UInt64] = [1, 2, 3, 4, 5]
  let before = validationLossesOverSeeds(constant, seeds: seeds, on: data)
  let after = validationLossesOverSeeds(decayed, seeds: seeds, on: data)
  return [
    plot.render(),
    "validation loss on seeds 1-5, constant: " + before.map(show).joined(separator: " "),
    "                         decay at end: " + after.map(show).joined(separator: " "),
  ].joined(separator: "\n")
}

func checkpointSection() -> String {
  let run = trainTuningRun(.baseline)
  let checkpoint = Checkpoint.decoded(
    makeCheckpoint(model: run.model, standardizer: run.standardizer, config: run.config)
      .encoded())
  let raw = run.problem.validationInputs
  let targets = run.problem.validationTargets
  let served = meanSquaredErrorValue(checkpoint.predict(raw), targets)
  let broken = meanSquaredErrorValue(predictWithoutPreprocessing(checkpoint, raw), targets)
  return [
    "saved feature means: " + checkpoint.featureMeans.map(show).joined(separator: ", "),
    "validation MSE at training time:            \(show(run.validationLoss))",
    "from the checkpoint, with its preprocessing: \(show(served))",
    "the same weights on raw inputs:             \(show(broken))",
  ].joined(separator: "\n")
}

func diagnosticSection() -> String {
  var lines: [String] = []
  for kind in ImprovementRun.allCases {
    let run = makeImprovementRun(kind, seed: 1)
    lines.append("\(kind.description), seeds \(run.seeds.first!)-\(run.seeds.last!):")
    lines.append("  baseline  " + run.baseline.map(show).joined(separator: " "))
    lines.append("  candidate " + run.candidate.map(show).joined(separator: " "))
    let wins = zip(run.baseline, run.candidate).filter { $0 > $1 }.count
    lines.append("  the candidate wins on \(wins) of 5 seeds")
    let report = judgeImprovement(baseline: run.baseline, candidate: run.candidate).report
    lines.append(wrap(report, indent: " "))
  }
  return lines.joined(separator: "\n")
}

func shrinkSection() -> String {
  var lines = [
    "Stewart: make the problem tiny, get it to work, then grow it one step at a time.",
    "the baseline network, 200 steps, on the first n training examples:",
  ]
  let data = makeTuningProblem(seed: 1)
  for count in [8, 16, 64] {
    let config = TuningConfig.baseline.with(\.batchSize, min(4, count))
    let run = trainTuningRun(config, on: data.shrunk(to: count))
    let losses = run.telemetry.losses
    let last = losses.suffix(20).reduce(0, +) / Double(min(20, losses.count))
    lines.append(
      "  n = \(count): training loss (last 20 steps) \(show(last)), validation "
        + show(run.validationLoss))
  }
  return lines.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 24, title: "Reproducible tuning")
    page.section("One seed, every stream", seedSection())
    page.section("The configuration file", configSection())
    page.section("Grid against random search", searchSection())
    page.section("Decay near the end", decaySection())
    page.section("The checkpoint and its preprocessing", checkpointSection())
    page.section("Shrink the problem", shrinkSection())
    page.section("What your diagnostic says", diagnosticSection())
    return page.render()
  },
  calibration: calibrationTables)
