import DataPipeline
import Tensors
import Training
import WorkbookSupport

/// Finds exact copies of input rows: within the training split (`duplicateExamples`) and
/// between the splits (`leakAcrossSplits`).
///
/// ```
/// duplicateExamples  a training row whose inputs equal (==, every feature) an EARLIER
///                    training row: evidence "copies of an earlier row" at .example(i),
///                    measured 1... the number of earlier copies, threshold 0, .above,
///                    one per such row i in training order
/// leakAcrossSplits   a validation row whose inputs equal some training row: evidence
///                    "copies in the training split" at .example(v) (v indexes the
///                    validation split), measured the number of training copies,
///                    threshold 0, .above, in validation order
/// ```
///
/// At most one finding per symptom, in that order; none: `[]`. The first occurrence of a row is
/// not evidence, only its later copies are (30 copied rows give 30 pieces of evidence, not 60).
/// Labels are not compared: a copy with a different label is still a copy (and worse).
/// A row with a NaN never equals anything (NaN != NaN): the non-finite check reports it.
///
/// What it cannot see: near-duplicates (a copy re-encoded, resized, or with noise added).
/// Two rows 1e-4 apart are treated as two measurements, which is right for genuine
/// near-duplicates and wrong for a copy that was perturbed.
///
/// Hash the rows (`[Double]` is `Hashable`) instead of comparing every pair: O(n) not O(n^2).
///
/// ```swift
/// let run = makeDataRun(.duplicates, .broken, seed: 0)
/// duplicateFindings(training: run.training, validation: run.validation).symptoms
/// // [duplicate examples]: 30 pieces of evidence
/// ```
///
/// Stops with a message naming `duplicateFindings` when the two splits do not have the same
/// number of features.
///
/// Exercise 23.1.
public func duplicateFindings(training: Dataset, validation: Dataset) -> [Finding] {
  // TODO(23.1): your code here (README.md, exercise 23.1).
  return [.notWritten("23.1")]
}
