// The lab of chapter 23: the data report on a clean data set, what it says about each broken
// data set and each decoy, the loss ranking of the flipped labels, and the fix.
// `swift run workbook lab 23`.
import DataInspection
import DataPipeline
import Foundation
import Tensors
import Training
import WorkbookSupport

/// A number in 3 significant digits, or "not finite".
func number(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "not finite"
}

/// `text` padded with spaces to `width` columns.
func padded(_ text: String, _ width: Int) -> String {
  text + String(repeating: " ", count: Swift.max(0, width - text.count))
}

/// The report of one data set, with a trained model's logits for the label check.
func report(_ run: DataRun, seed: UInt64) -> DataReport {
  inspectData(
    training: run.training, validation: run.validation, classes: run.classes,
    batchSize: run.batchSize,
    trainingLogits: trainedLogits(run.training, classes: run.classes, seed: seed))
}

/// The symptoms of a report in a few words: "quiet" or the symptoms' names.
func verdict(_ report: DataReport) -> String {
  report.findings.isEmpty ? "quiet" : report.symptoms.map(\.rawValue).joined(separator: ", ")
}

let seed: UInt64 = 0

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 23, title: "Inspect the data first")

    // 1. A clean data set.
    let clean = makeDataRun(.duplicates, .clean, seed: seed)
    page.section(
      "The report on a clean data set (300 training rows, 100 validation, 4 features)",
      report(clean, seed: seed).rendered())

    // 2. Every check: broken, clean, decoy.
    var lines = [padded("check", 11) + padded("variant", 8) + "what the report says"]
    for check in DataCheck.allCases {
      for variant in [DataVariant.broken, .decoy] {
        let run = makeDataRun(check, variant, seed: seed)
        let name = variant == .broken ? brokenName(check) : decoyName(check)
        lines.append(
          padded(variant == .broken ? "\(check)" : "", 11) + padded("\(variant)", 8) + name)
        lines.append(String(repeating: " ", count: 19) + "-> " + verdict(report(run, seed: seed)))
      }
    }
    lines.append("")
    lines.append("A decoy is clean but unusual: the report should stay quiet about its")
    lines.append("check (the 90/5/5 batches decoy is rightly called imbalanced).")
    page.section("Each broken data set and its decoy, seed \(seed)", lines.joined(separator: "\n"))

    // 3. The loss ranking.
    let flippedRun = makeDataRun(.labels, .broken, seed: seed)
    let original = makeDataRun(.labels, .clean, seed: seed).training.labels
    let logits = trainedLogits(flippedRun.training, classes: 3, seed: seed)
    let findings = suspiciousLabelFindings(logits: logits, labels: flippedRun.training.labels)
    var ranking = ["rank  example  loss    label  true label"]
    let examples = findings.first { $0.symptom == .suspiciousLabels }?.evidence.dropFirst() ?? []
    for (rank, evidence) in examples.prefix(10).enumerated() {
      guard case .example(let index) = evidence.location else { continue }
      let label = flippedRun.training.labels[index]
      ranking.append(
        padded("\(rank + 1)", 6) + padded("\(index)", 9) + padded(number(evidence.measured), 8)
          + padded("\(label)", 7) + "\(original[index])"
          + (label == original[index] ? "  (a hard example)" : "  (flipped)"))
    }
    let flipped = zip(flippedRun.training.labels, original).filter { $0 != $1 }.count
    ranking.append("")
    ranking.append(
      "\(flipped) labels were flipped; \(examples.count) examples are above the loss "
        + "threshold \(number(DataThresholds.suspiciousLoss)).")
    if examples.isEmpty { ranking.append(findings.report) }
    page.section(
      "The top of the loss ranking: 8% of the labels flipped", ranking.joined(separator: "\n"))

    // 4. The fix.
    let nan = makeDataRun(.nonFinite, .broken, seed: seed)
    let leak = makeDataRun(.leakage, .broken, seed: seed)
    let fixedNaN = cleanedSplits(training: nan.training, validation: nan.validation)
    let fixedLeak = cleanedSplits(training: leak.training, validation: leak.validation)
    let fix = [
      "NaN in 2 rows: the final training loss of a linear classifier",
      "  raw data:      \(number(finalTrainingLoss(nan.training, classes: 3, seed: seed)))",
      "  cleanedSplits: \(number(finalTrainingLoss(fixedNaN.training, classes: 3, seed: seed)))"
        + " (\(fixedNaN.training.count) of \(nan.training.count) rows kept)",
      "",
      "20 validation rows copied from training:",
      "  validation rows before \(leak.validation.count), after \(fixedLeak.validation.count)",
      "  report after the fix: "
        + verdict(
          inspectData(
            training: fixedLeak.training, validation: fixedLeak.validation, classes: 3,
            batchSize: 8)),
    ]
    page.section("The fix: drop non-finite rows, copies and leaks", fix.joined(separator: "\n"))
    return page.render()
  },
  calibration: calibrationTables)
