import Foundation
import Tensors
import TestSupport
import Testing
import Training
import TrainingDoctor

@Suite("25.5 After the run: baselines, seed spread, generalisation")
struct OutcomeTests {
  let run = telemetry(losses: fallingLosses(200))

  @Test("a run that beats its baselines by far and generalises gives nothing")
  func healthy() {
    let findings = outcomeFindings(goodOutcome(), telemetry: run)
    #expect(findings.isEmpty, "0.95 against baselines of 0.33, spread 0.03: \(findings)")
  }

  @Test("a margin over the best baseline below the seed spread + 0.02 is not beyond it")
  func margin() {
    var outcome = goodOutcome()
    outcome.validation = 0.53
    outcome.training = 0.55
    outcome.zeroedInputBaseline = 0.36
    outcome.seedScores = [0.50, 0.30, 0.62]
    let findings = outcomeFindings(outcome, telemetry: run)
    let evidence = findings.first { $0.symptom == .notBeyondBaselines }?.evidence.first
    let mean = 1.42 / 3
    let spread = ([0.50, 0.30, 0.62].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2)
      .squareRoot()
    #expect(
      evidence.map { abs($0.measured - 0.17) < 1e-9 && abs($0.threshold - (spread + 0.02)) < 1e-9 }
        == true,
      Comment(
        rawValue:
          "margin = 0.53 - max(0.33, 0.36) = 0.17 (use the best baseline); spread = the sample "
          + "standard deviation of [0.50, 0.30, 0.62] = \(spread) (chapter 24's, dividing by "
          + "n - 1); bar = spread + 0.02 = \(spread + 0.02): 0.17 is below it, so not beyond "
          + "the baselines. Got \(findings.map(\.description))"))
  }

  @Test("a training score more than 0.15 above the validation score is overfitting; 0.1 is not")
  func gap() {
    var wide = goodOutcome()
    wide.training = 1.0
    wide.validation = 0.80
    wide.seedScores = [0.80, 0.78, 0.82]
    var narrow = goodOutcome()
    narrow.training = 1.0
    narrow.validation = 0.90
    narrow.seedScores = [0.90, 0.88, 0.91]
    let found = outcomeFindings(wide, telemetry: run)
    let quiet = outcomeFindings(narrow, telemetry: run)
    #expect(
      found.symptoms == [.overfitting] && quiet.isEmpty,
      Comment(
        rawValue:
          "training 1.0 against validation 0.80 is a gap of 0.2 (above 0.15): overfitting, "
          + "got \(found.symptoms); 1.0 against 0.90 is 0.1: nothing, got \(quiet.symptoms)"))
  }

  @Test("memorised labels at chance are misaligned; barely above chance on both splits is not")
  func misaligned() {
    var memorised = goodOutcome()
    memorised.training = 1.0
    memorised.validation = 0.30
    memorised.seedScores = [0.30, 0.35, 0.32]
    var weak = goodOutcome()
    weak.training = 0.50
    weak.validation = 0.45
    weak.seedScores = [0.45, 0.47, 0.44]
    let found = outcomeFindings(memorised, telemetry: run)
    let filtered = outcomeFindings(weak, telemetry: run)
    #expect(
      found.symptoms.first == .misalignedLabels && !filtered.symptoms.contains(.misalignedLabels),
      Comment(
        rawValue:
          "training 1.0 and validation 0.30 (chance 0.33): chapter 12's misaligned labels "
          + "first, got \(found.symptoms); training 0.50 and validation 0.45 passes chapter "
          + "12's bars but a gap of 0.05 is no memorisation: the doctor drops that finding, got "
          + "\(filtered.symptoms)"))
  }

  @Test("a model that learned nothing is not asked which labels are wrong")
  func suspiciousLabels() {
    // Confident logits: the label is class 0 for 80 examples; 20 are labelled 1 while the
    // model is sure of 0.
    var scalars: [Double] = []
    var labels: [Int] = []
    for index in 0..<100 {
      scalars += [8, 0, 0]
      labels.append(index < 80 ? 0 : 1)
    }
    var outcome = goodOutcome()
    outcome.trainingLogits = Tensor(shape: [100, 3], scalars: scalars)
    outcome.trainingLabels = labels
    var nothing = outcome
    nothing.validation = 0.35
    nothing.training = 0.36
    nothing.seedScores = [0.35, 0.33, 0.36]
    let found = outcomeFindings(outcome, telemetry: run)
    let skipped = outcomeFindings(nothing, telemetry: run)
    #expect(
      found.symptoms.contains(.suspiciousLabels) && !skipped.symptoms.contains(.suspiciousLabels),
      Comment(
        rawValue:
          "20 of 100 training labels get a probability near 0: chapter 23's suspicious labels, "
          + "got \(found.symptoms); the same logits from a run that does not beat its baselines "
          + "say nothing about the labels (the margin rule fired): got \(skipped.symptoms)"))
  }

  @Test("a regression is judged on R², without chapter 12's classification checks")
  func regression() {
    let outcome = Outcome(
      task: .regression, training: 0.99, validation: 0.98, trainingCount: 120,
      validationCount: 40, majorityBaseline: -0.02, zeroedInputBaseline: -0.03,
      seedScores: [0.98, 0.97, 0.99], trainingLogits: nil, trainingLabels: [])
    let findings = outcomeFindings(outcome, telemetry: run)
    #expect(findings.isEmpty, "R² 0.98 against baselines near 0: \(findings)")
  }

  @Test("a score that is not finite stops with a message naming outcomeFindings")
  func nonFinite() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var outcome = goodOutcome()
      outcome.validation = .nan
      _ = outcomeFindings(outcome, telemetry: telemetry(losses: [1, 0.5]))
    }
    expectMessage(result, contains: ["outcomeFindings"])
  }
}
