import DataPipeline
import Foundation
import Tensors
import Training
import WorkbookSupport

/// The examples of a data set sorted by their loss under a trained model, highest first, and
/// a finding when too many are suspicious.
///
/// ```
/// loss_i = logsumexp(z_i) - z_i[y_i]            the cross-entropy of example i alone
/// suspicious: loss_i > DataThresholds.suspiciousLoss      (p(label) < 10%)
/// fraction  = (suspicious examples) / N
/// fraction > DataThresholds.suspiciousFraction -> suspiciousLabels
/// ```
///
/// The finding's evidence: first `"fraction of examples with a high loss"` at `.run`
/// (measured the fraction, threshold `suspiciousFraction`, `.above`), then one
/// `"loss"` at `.example(i)` per suspicious example (measured loss_i, threshold
/// `suspiciousLoss`, `.above`), highest loss first (ties: lower index first). When the
/// fraction is at or below the threshold: `[]`, even if a few examples are above the loss.
///
/// Why it works: a model that cannot memorise (here a linear one, trained on every example)
/// learns the majority's mapping, so an example whose label disagrees with the pattern keeps a
/// high loss: the top of the sorted list is where wrong labels live. What it cannot tell:
/// a wrong label from a genuinely hard or rare example (the decoy's rare class sits higher in
/// the list than common ones); only a person looking at the examples can.
///
/// Compute the log-sum-exp with the row maximum subtracted (chapter 1), or the logits of a
/// confident model overflow.
///
/// ```swift
/// let run = makeDataRun(.labels, .broken, seed: 0)
/// let logits = trainedLogits(run.training, classes: 3, seed: 0)
/// suspiciousLabelFindings(logits: logits, labels: run.training.labels).first?.evidence.count
/// // the fraction, then about 20 examples, most of them flipped labels
/// ```
///
/// Stops with a message naming `suspiciousLabelFindings` when `logits` is not an
/// `[examples, classes]` matrix with one row per label, or a label is outside `0..<classes`.
///
/// Exercise 23.2.
public func suspiciousLabelFindings(logits: Tensor, labels: [Int]) -> [Finding] {
  // TODO(23.2): your code here (README.md, exercise 23.2).
  return [.notWritten("23.2")]
}
