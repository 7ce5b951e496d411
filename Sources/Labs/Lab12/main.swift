// The lab of chapter 12: four runs whose losses all fall, what held-out data says about each,
// the pictures that give a misaligned pipeline away, and the fix. `swift run workbook lab 12`.
import CheckingResults
import DataPipeline
import Foundation
import Tensors
import Training
import WorkbookSupport

/// Wraps `text` at 78 columns, continuation lines indented by 4 spaces (and by the line's own
/// indentation).
func wrapped(_ text: String, width: Int = 78) -> String {
  var out: [String] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    let indent = String(line.prefix { $0 == " " })
    var current = ""
    for word in line.split(separator: " ") {
      if current.isEmpty {
        current = indent + word
      } else if current.count + 1 + word.count > width {
        out.append(current)
        current = indent + "    " + word
      } else {
        current += " " + word
      }
    }
    out.append(current)
  }
  return out.joined(separator: "\n")
}

func percent(_ value: Double) -> String { String(format: "%5.1f%%", 100 * value) }

/// A run's loss curve, or a note when it stopped being finite.
func lossLine(_ run: ResultsRunResult) -> String {
  let losses = run.run.telemetry.losses
  if let step = run.run.telemetry.firstNonFiniteStep { return "diverged at step \(step)" }
  return String(format: "loss %.3g -> %.3g", losses.first ?? .nan, losses.last ?? .nan)
}

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 12, title: "Forgot to check the results")
    let seed: UInt64 = 1
    let runs = ResultsRun.allCases.map { makeResultsRun($0, seed: seed) }

    var losses = LinePlot(
      title: "training loss per step (seed \(seed)), log scale", width: 60, height: 12,
      logScale: true)
    for run in runs { losses.add(run.kind.title, run.run.telemetry.losses) }
    page.section(
      "The runs: every loss falls",
      losses.render() + "\n"
        + runs.map { "  \($0.kind.title): \(lossLine($0))" }.joined(separator: "\n"))

    var validation = LinePlot(
      title: "validation accuracy, one point every 10 steps (chance 0.1)", width: 60,
      height: 12)
    for run in runs { validation.add(run.kind.title, run.run.validationAccuracies) }
    var table = [
      "run".padding(toLength: 34, withPad: " ", startingAt: 0)
        + ["train", "valid", "major.", "zeroed", "bar"].map {
          String(repeating: " ", count: 7 - $0.count) + $0
        }.joined()
    ]
    for run in runs {
      let s = run.summary
      let bar = accuracyToBeat(baseline: 0.1, count: s.validationCount)
      table.append(
        run.kind.title.padding(toLength: 34, withPad: " ", startingAt: 0)
          + [
            s.trainingAccuracy, s.validationAccuracy, s.majorityAccuracy,
            s.zeroedInputAccuracy, bar,
          ].map { " " + percent($0) }.joined())
    }
    page.section(
      "Held-out data: only the validation split tells them apart",
      validation.render() + "\n\n" + table.joined(separator: "\n")
        + "\nmajor.: always the training split's most frequent class; zeroed: the same model"
        + "\ntrained on zeroed inputs; bar: chance + 3 standard errors on 100 examples")

    let broken = runs[0]
    let recipe = runRecipeChecks(on: broken.training, seed: seed)
    page.section(
      "Chapter 10's checks on the broken pipeline's training split",
      wrapped(
        "\(recipe.overfit.name): \(recipe.overfit.passed ? "passed" : "FAILED"), "
          + recipe.overfit.summary + "\n"
          + "\(recipe.baseline.name): \(recipe.baseline.passed ? "passed" : "FAILED"), "
          + recipe.baseline.summary + "\n"
          + "Both pass: a network memorises labels that do not belong to their inputs as "
          + "easily as true ones."))

    page.section(
      "What your diagnostic says",
      runs.map { run in
        wrapped(
          "\(run.kind.title):\n"
            + checkResults(run.summary).report.split(
              separator: "\n"
            ).map { "  " + $0 }.joined(separator: "\n"))
      }.joined(separator: "\n\n"))

    func gallery(_ run: ResultsRunResult, _ predictions: [Int]) -> String {
      let shown = run.validation.subset(Array(0..<6))
      return renderPredictions(
        images: shown.inputs, labels: shown.labels, predictions: Array(predictions.prefix(6)),
        width: Datasets.digitWidth, range: 0...1)
    }
    page.section(
      "Look at the predictions: six validation images of the broken run",
      gallery(broken, broken.run.validation.predictions)
        + "\n\n"
        + wrapped(
          "Training accuracy \(percent(broken.summary.trainingAccuracy)), yet no label "
            + "belongs to its image: each is the label of the image to its right, because "
            + "the label file is one row off."))

    let fixed = trainingAndValidation(
      pairByIdentifier(broken.raw, width: Datasets.digitWidth, height: Datasets.digitHeight))
    let fixedRun = trainClassifier(
      training: fixed.training, validation: fixed.validation, seed: seed &+ 2)
    page.section(
      "The fix: pair images and labels by identifier",
      "the same shifted export, validation accuracy:\n"
        + "  pairByPosition    \(percent(broken.summary.validationAccuracy))\n"
        + "  pairByIdentifier  \(percent(fixedRun.validation.accuracy))\n\n"
        + renderPredictions(
          images: fixed.validation.subset(Array(0..<6)).inputs,
          labels: Array(fixed.validation.labels.prefix(6)),
          predictions: Array(fixedRun.validation.predictions.prefix(6)),
          width: Datasets.digitWidth, range: 0...1))

    let digits = Datasets.digits(count: 10, noise: 0, seed: 0)
    let transposed = exportImages(
      digits, width: Datasets.digitWidth, height: Datasets.digitHeight, fault: .transposed,
      seed: 3)
    let record = transposed.images[0]
    let label = transposed.labels[0].label
    let pictures = [
      Datasets.renderBitmap(Datasets.digitBitmap(label), width: 5).split(separator: "\n"),
      Datasets.renderBitmap(record.pixels, width: 5).split(separator: "\n"),
      Datasets.renderBitmap(record.pixels, width: 7).split(separator: "\n"),
    ]
    var rows = [
      ["the \(label)", "transposed,", "transposed,"], ["", "drawn 5 wide", "drawn 7 wide"],
    ].map {
      $0.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined()
        .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    for line in 0..<7 {
      rows.append(
        pictures.map { line < $0.count ? String($0[line]) : "" }
          .map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined()
          .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
    }
    page.section(
      "Width and height swapped: 5 x 7 digits, distinct primes",
      rows.joined(separator: "\n") + "\n\n"
        + wrapped(
          "layoutProblem: "
            + (layoutProblem(of: record, width: 5, height: 7) ?? "nothing found")))
    return page.render()
  },
  calibration: calibrationTables)
