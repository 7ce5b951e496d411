import DataInspection
import DataPipeline
import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite("23.3 Class balance and single-label batches")
struct LabelBalanceTests {
  @Test("90/5/5 counts: class imbalance at the smallest class, ratio 18", arguments: testSeeds)
  func flagsImbalance(seed: UInt64) {
    let run = Runs.run(.imbalance, .broken, seed: seed)
    let findings = labelBalanceFindings(run.training.labels, classes: 3, batchSize: 8)
    let evidence = findings.finding(.classImbalance)?.evidence ?? []
    #expect(
      findings.symptoms == [.classImbalance] && evidence.count == 1
        && evidence.first?.location == .target(1) && isClose(evidence.first?.measured ?? .nan, 18)
        && evidence.first?.threshold == DataThresholds.imbalanceRatio,
      "seed \(seed): 270, 15 and 15 examples: largest / smallest = 18, above 10, at .target(1) (the first smallest class); the data is shuffled, so no single-label batches. Got \(findings.report)"
    )
  }

  @Test(
    "sorted labels: single-label batches, measured above what shuffling gives", arguments: testSeeds
  )
  func flagsSortedBatches(seed: UInt64) {
    let labels = Runs.run(.batches, .broken, seed: seed).training.labels
    let findings = labelBalanceFindings(labels, classes: 3, batchSize: 8)
    let full = labels.count / 8
    let single = (0..<full).filter { Set(labels[($0 * 8)..<($0 * 8 + 8)]).count == 1 }.count
    let third: Double = 1.0 / 3
    let expected: Double = 3 * Foundation.pow(third, 8.0)
    let excess = Double(single) / Double(full) - expected
    let evidence = findings.finding(.singleLabelBatches)?.evidence.first
    #expect(
      findings.symptoms == [.singleLabelBatches] && evidence?.location == .run
        && isClose(evidence?.measured ?? .nan, excess, tolerance: 1e-12),
      "seed \(seed): \(single) of \(full) full batches hold one label; shuffled data would give sum p_c^8 = \(expected): expected one single-label-batches finding measuring \(excess) (observed minus expected); got \(findings.report)"
    )
  }

  @Test("quiet on balanced shuffled labels and on 50/30/20 counts")
  func quiet() {
    for (check, variant) in [
      (DataCheck.imbalance, DataVariant.clean), (.imbalance, .decoy), (.batches, .clean),
    ] {
      let labels = Runs.run(check, variant, seed: 0).training.labels
      let findings = labelBalanceFindings(labels, classes: 3, batchSize: 8)
      #expect(
        findings.isEmpty,
        "\(check) \(variant): counts \(classCounts(labels, classes: 3)), shuffled: nothing to report, yet \(findings.report)"
      )
    }
  }

  @Test(
    "shuffled 90/5/5 labels: many single-label batches by chance, only the imbalance is named",
    arguments: testSeeds)
  func imbalancedButShuffled(seed: UInt64) {
    let labels = Runs.run(.batches, .decoy, seed: seed).training.labels
    let findings = labelBalanceFindings(labels, classes: 3, batchSize: 8)
    #expect(
      findings.symptoms == [.classImbalance],
      "seed \(seed): with 90% of one class, a shuffled order already gives 0.9^8 = 43% single-label batches: compare with sum p_c^B, the shuffled expectation, not with 0. Expected only class imbalance; got \(findings.report)"
    )
  }

  @Test("a class with no example: an infinite ratio; a partial last batch is not compared")
  func edgeCases() {
    let findings = labelBalanceFindings([0, 0, 0, 0, 1], classes: 3, batchSize: 4)
    let ratio = findings.finding(.classImbalance)?.evidence.first
    #expect(
      ratio?.location == .target(2) && ratio?.measured == .infinity,
      "class 2 never occurs: largest / smallest is infinite, at .target(2); got \(findings.report)"
    )
    let single = findings.finding(.singleLabelBatches)?.evidence.first?.measured ?? .nan
    let expected: Double = 1 - (Foundation.pow(0.8, 4.0) + Foundation.pow(0.2, 4.0))
    #expect(
      isClose(single, expected, tolerance: 1e-12),
      "one full batch [0, 0, 0, 0] (the partial batch [1] is not compared): observed 1, shuffled expectation 0.8^4 + 0.2^4, excess \(expected); got \(single)"
    )
  }

  @Test("a batch size below 2 stops with a message")
  func badBatchStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = labelBalanceFindings([0, 1], classes: 2, batchSize: 1)
    }
    expectMessage(result, contains: ["labelBalanceFindings", "batchSize 1"])
  }
}
