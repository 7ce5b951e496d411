import DataInspection
import DataPipeline
import Foundation
import Tensors
import TestSupport
import Testing
import Training

/// The symptom each check's broken data set must produce.
let expectedSymptom: [DataCheck: Symptom] = [
  .duplicates: .duplicateExamples, .leakage: .leakAcrossSplits, .labels: .suspiciousLabels,
  .imbalance: .classImbalance, .batches: .singleLabelBatches, .outliers: .featureOutliers,
  .constant: .featureWithoutSpread, .nonFinite: .nonFiniteInputs, .shift: .distributionShift,
]

@Suite("23.6 The data report")
struct DataReportTests {
  @Test(
    "every broken data set is named by its symptom in the report", arguments: DataCheck.allCases)
  func namesEachProblem(check: DataCheck) {
    let run = Runs.run(check, .broken, seed: 0)
    let logits = trainedLogits(run.training, classes: 3, seed: 0)
    let report = inspectData(
      training: run.training, validation: run.validation, classes: 3, batchSize: 8,
      trainingLogits: logits)
    let symptom = expectedSymptom[check]!
    #expect(
      report.symptoms.contains(symptom) && !report.symptoms.contains(.notWritten),
      "the \(check) data set is broken (\(brokenName(check))): the report should name \(symptom); did you run every check (23.1-23.5) and pass the logits to the label check? Got \(report.findings.report)"
    )
  }

  @Test("the clean data set gives an empty report, every line ok")
  func cleanReport() {
    let run = Runs.run(.duplicates, .clean, seed: 0)
    let report = inspectData(
      training: run.training, validation: run.validation, classes: 3, batchSize: 8,
      trainingLogits: trainedLogits(run.training, classes: 3, seed: 0))
    let okLines = report.rendered().split(separator: "\n").filter { $0.hasSuffix(" ok") }.count
    #expect(
      report.findings.isEmpty && okLines == DataReport.sections.count,
      "clean data: no finding and \(DataReport.sections.count) lines ending in ok; got \(report.findings.report)"
    )
  }

  @Test(
    "findings come in the report's order, whatever order the checks ran in; no logits, no label check"
  )
  func order() {
    // A shifted, leaking set with a NaN: the checks find the leak first, the report puts the NaN first.
    let base = Runs.run(.shift, .broken, seed: 1)
    var inputs = base.training.inputs
    inputs.scalars[3] = .nan
    var validationInputs = base.validation.inputs
    for column in 0..<4 { validationInputs.scalars[column] = inputs.scalars[4 + column] }
    let report = inspectData(
      training: Dataset(inputs: inputs, labels: base.training.labels),
      validation: Dataset(inputs: validationInputs, labels: base.validation.labels), classes: 3,
      batchSize: 8)
    #expect(
      report.symptoms == [.nonFiniteInputs, .leakAcrossSplits, .distributionShift],
      "expected [non-finite inputs, leak across splits, distribution shift], the order of DataReport.sections (not the order the checks ran in), and no suspicious labels without logits; got \(report.symptoms)"
    )
  }
}
