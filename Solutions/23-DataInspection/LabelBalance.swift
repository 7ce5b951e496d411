import DataPipeline
import Foundation
import Tensors
import Training
import WorkbookSupport

/// Checks the labels as the loader will feed them: the class counts (`classImbalance`) and the
/// batches holding a single label (`singleLabelBatches`).
///
/// ```
/// n_c = chapter 9's classCounts(labels, classes:)
/// ratio = max_c n_c / min_c n_c          (infinite when a class has no example)
/// ratio > DataThresholds.imbalanceRatio -> classImbalance
///     evidence "largest class / smallest class" at .target(c_min), c_min the smallest
///     class (the first one on ties), measured ratio, threshold imbalanceRatio, .above
///
/// batches: consecutive runs of batchSize labels in the given order; the last one only if
///          it is full (a partial batch is not compared)
/// observed = fraction of those batches whose labels are all the same
/// expected = sum_c (n_c / N)^batchSize    what a shuffled order gives on average
/// observed > expected + DataThresholds.singleLabelExcess -> singleLabelBatches
///     evidence "single-label batches, minus the shuffled expectation" at .run, measured
///     observed - expected, threshold singleLabelExcess, .above
/// ```
///
/// At most one finding per symptom, in that order; none: `[]`. Needs at least one full batch
/// for the batch check (with fewer labels it is skipped).
///
/// Why compare with the expectation: with 90% of one class and batches of 8, a shuffled order
/// already gives 0.9^8 = 43% single-label batches. A rule "more than 10% single-label batches"
/// would call that sorted; sorted data gives nearly 100%.
///
/// ```swift
/// let run = makeDataRun(.batches, .broken, seed: 0)   // sorted by label
/// labelBalanceFindings(run.training.labels, classes: 3, batchSize: 8).symptoms
/// // [single-label batches]
/// ```
///
/// Stops with a message naming `labelBalanceFindings` when `batchSize` is below 2 or
/// `labels` is empty (and chapter 9's `classCounts` stops on a label out of range).
///
/// Exercise 23.3.
public func labelBalanceFindings(_ labels: [Int], classes: Int, batchSize: Int) -> [Finding] {
  // BEGIN EXERCISE 23.3
  // STUB: return [.notWritten("23.3")]
  check(
    batchSize >= 2 && !labels.isEmpty,
    "labelBalanceFindings: need batchSize >= 2 and at least one label, got batchSize "
      + "\(batchSize) and \(labels.count) labels")
  let counts = classCounts(labels, classes: classes)
  var findings: [Finding] = []
  let largest = counts.max() ?? 0
  let smallest = counts.min() ?? 0
  let ratio = smallest == 0 ? Double.infinity : Double(largest) / Double(smallest)
  if ratio > DataThresholds.imbalanceRatio {
    let rare = counts.firstIndex(of: smallest) ?? 0
    findings.append(
      Finding(
        .classImbalance,
        evidence: [
          Evidence(
            "largest class / smallest class", at: .target(rare), measured: ratio,
            threshold: DataThresholds.imbalanceRatio, .above)
        ],
        likelyCause: "the classes are not equally common (a rare event, a skewed collection)",
        fix: "report per-class metrics, weight the loss (inverseFrequencyWeights) or "
          + "oversample the rare classes (chapter 9)"))
  }
  let full = labels.count / batchSize
  if full >= 1 {
    let single = (0..<full).filter { batch in
      let slice = labels[(batch * batchSize)..<((batch + 1) * batchSize)]
      return slice.allSatisfy { $0 == slice.first }
    }.count
    let observed = Double(single) / Double(full)
    let expected = counts.map {
      Foundation.pow(Double($0) / Double(labels.count), Double(batchSize))
    }
    .reduce(0, +)
    if observed - expected > DataThresholds.singleLabelExcess {
      findings.append(
        Finding(
          .singleLabelBatches,
          evidence: [
            Evidence(
              "single-label batches, minus the shuffled expectation", at: .run,
              measured: observed - expected, threshold: DataThresholds.singleLabelExcess,
              .above)
          ],
          likelyCause: "the data is sorted by label and the loader does not shuffle",
          fix: "shuffle every epoch (DataLoader(shuffle: true), chapter 9)"))
    }
  }
  return findings
  // END EXERCISE 23.3
}
