import DataInspection
import DataPipeline
import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite("23.7 The fix: clean the splits")
struct FixTests {
  @Test(
    "NaN rows dropped: the training loss is finite and low where the raw data's is NaN",
    arguments: testSeeds)
  func trainsAfterCleaning(seed: UInt64) {
    let run = Runs.run(.nonFinite, .broken, seed: seed)
    let broken = finalTrainingLoss(run.training, classes: 3, seed: seed)
    let cleaned = cleanedSplits(training: run.training, validation: run.validation)
    let fixed = finalTrainingLoss(cleaned.training, classes: 3, seed: seed)
    #expect(broken.isNaN, "premise: one NaN input makes the whole loss NaN, got \(broken)")
    #expect(
      fixed.isFinite && fixed < 0.3,
      "seed \(seed): after dropping the rows with a non-finite value the loss should be finite and below 0.3; got \(fixed) with \(cleaned.training.count) rows. Did you drop every row that holds a NaN?"
    )
  }

  @Test(
    "copies and leaks removed: the report has nothing left to say about rows",
    arguments: [DataCheck.duplicates, .leakage])
  func removesCopies(check: DataCheck) {
    let run = Runs.run(check, .broken, seed: 0)
    let cleaned = cleanedSplits(training: run.training, validation: run.validation)
    let findings = duplicateFindings(training: cleaned.training, validation: cleaned.validation)
    let expected = check == .duplicates ? (300, 100) : (300, 80)
    #expect(
      findings.isEmpty && (cleaned.training.count, cleaned.validation.count) == expected,
      "\(check): keep the first of each training row, drop the later copies and every validation row found in training: expected \(expected) rows, got (\(cleaned.training.count), \(cleaned.validation.count)) and \(findings.report)"
    )
  }

  @Test("labels move with their rows and the order is kept")
  func labelsFollowRows() {
    let training = Dataset(
      inputs: Tensor([[1.0], [2], [1], [.nan], [3]]), labels: [0, 1, 2, 0, 1])
    let validation = Dataset(inputs: Tensor([[3.0], [4]]), labels: [2, 0])
    let cleaned = cleanedSplits(training: training, validation: validation)
    #expect(
      cleaned.training.inputs.scalars == [1, 2, 3] && cleaned.training.labels == [0, 1, 1]
        && cleaned.validation.inputs.scalars == [4] && cleaned.validation.labels == [0],
      "labels move with their rows: training [1, 2, 1, NaN, 3] keeps [1, 2, 3] with labels [0, 1, 1]; validation [3, 4] loses 3 (a training row) and keeps [4] with label 0. Got training \(cleaned.training.inputs.scalars) \(cleaned.training.labels), validation \(cleaned.validation.inputs.scalars) \(cleaned.validation.labels)"
    )
  }
}
