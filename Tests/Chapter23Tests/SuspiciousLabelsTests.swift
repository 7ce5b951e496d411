import DataInspection
import DataPipeline
import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite("23.2 Suspicious labels by loss")
struct SuspiciousLabelsTests {
  @Test(
    "8% flipped labels: the fraction first, then the high-loss examples, highest first, mostly the flipped ones",
    arguments: testSeeds)
  func flagsFlippedLabels(seed: UInt64) {
    let run = Runs.run(.labels, .broken, seed: seed)
    let clean = Runs.run(.labels, .clean, seed: seed)
    let flipped = Set(
      (0..<run.training.count).filter { run.training.labels[$0] != clean.training.labels[$0] })
    let logits = trainedLogits(run.training, classes: 3, seed: seed)
    let losses = perExampleLosses(logits, run.training.labels)
    let high = (0..<losses.count).filter { losses[$0] > DataThresholds.suspiciousLoss }
      .sorted { losses[$0] > losses[$1] }
    let findings = suspiciousLabelFindings(logits: logits, labels: run.training.labels)
    guard let finding = findings.finding(.suspiciousLabels), findings.count == 1 else {
      Issue.record(
        "seed \(seed): \(high.count) of \(losses.count) examples have a loss above -ln 0.1 = 2.3 (more than 2%): one suspicious-labels finding expected (the loss of example i is logsumexp(z_i) - z_i[label], the label's logit, not the predicted class's); got \(findings.report)"
      )
      return
    }
    let first = finding.evidence.first
    let fraction = Double(high.count) / Double(losses.count)
    #expect(
      first?.location == .run && isClose(first?.measured ?? .nan, fraction, tolerance: 1e-12)
        && first?.threshold == DataThresholds.suspiciousFraction,
      "seed \(seed): the first piece of evidence is the fraction of examples with a high loss, \(fraction), at .run, threshold suspiciousFraction; got \(String(describing: first))"
    )
    let examples = Array(finding.evidence.dropFirst())
    #expect(
      examples.map(\.location) == high.map { Location.example($0) },
      "seed \(seed): after the fraction, every example with a loss above the threshold, sorted by loss, highest first: expected \(high.prefix(6)), got \(examples.prefix(6).map(\.location))"
    )
    for evidence in examples {
      guard case .example(let index) = evidence.location, index < losses.count else { continue }
      #expect(
        isClose(evidence.measured, losses[index], tolerance: 1e-9),
        "seed \(seed): \(evidence): the loss of example \(index) alone is \(losses[index]) = logsumexp(z) - z[label]; is it the loss of the predicted class, or the mean?"
      )
    }
    let caught = high.filter { flipped.contains($0) }.count
    #expect(
      Double(caught) >= 0.7 * Double(high.count),
      "premise: most examples at the top of the loss ranking are flipped labels (\(caught) of \(high.count))"
    )
  }

  @Test(
    "quiet on clean labels and on a legitimately rare class",
    arguments: [DataVariant.clean, .decoy])
  func quiet(variant: DataVariant) {
    for seed in testSeeds {
      let run = Runs.run(.labels, variant, seed: seed)
      let logits = trainedLogits(run.training, classes: 3, seed: seed)
      let findings = suspiciousLabelFindings(logits: logits, labels: run.training.labels)
      #expect(
        findings.isEmpty,
        "seed \(seed), \(variant): the labels are right and at most 2% of the examples are above the loss threshold, yet \(findings.report)"
      )
    }
  }

  @Test("the loss of one example is logsumexp(z) - z[label], stable for logits of 1000")
  func lossPerExample() {
    let logits = Tensor(shape: [4, 3], scalars: [1000, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 1])
    let labels = [1, 0, 0, 2]
    let findings = suspiciousLabelFindings(logits: logits, labels: labels)
    let examples =
      findings.finding(.suspiciousLabels)?.evidence.dropFirst().map { ($0.location, $0.measured) }
      ?? []
    let expected5 = 5 + Foundation.log(1 + 2 * Foundation.exp(-5.0))
    #expect(
      examples.count == 2 && examples.first?.0 == .example(0)
        && isClose(examples.first?.1 ?? .nan, 1000, tolerance: 1e-9)
        && examples.last?.0 == .example(2)
        && isClose(examples.last?.1 ?? .nan, expected5, tolerance: 1e-9),
      "example 0 (label 1 against a logit of 1000) has loss 1000, example 2 has loss \(expected5); examples 1 (ln 3 = 1.1) and 3 are below 2.3. Expected [(example 0, 1000), (example 2, \(expected5))], got \(examples). Subtract the row maximum before exp, or 1000 overflows"
    )
  }

  @Test("one high-loss example in 100 is not a finding: the fraction must pass 2%")
  func fractionNotCount() {
    var scalars: [Double] = []
    for example in 0..<100 { scalars += example == 0 ? [0, 9, 0] : [9, 0, 0] }
    let findings = suspiciousLabelFindings(
      logits: Tensor(shape: [100, 3], scalars: scalars), labels: Array(repeating: 0, count: 100))
    #expect(
      findings.isEmpty,
      "1 example of 100 (a fraction of 1%, below 2%) has a high loss: a hard example, not a labelling problem; got \(findings.report)"
    )
  }

  @Test("a label outside the classes stops with a message")
  func badLabelStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = suspiciousLabelFindings(logits: Tensor(shape: [2, 3], repeating: 0), labels: [0, 3])
    }
    expectMessage(result, contains: ["suspiciousLabelFindings", "3"])
  }
}
