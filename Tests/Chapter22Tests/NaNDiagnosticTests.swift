import NaNHunting
import Testing
import Training

@Suite("22.2 Naming the culprit")
struct NaNDiagnosticTests {
  @Test(
    "each culprit run is named by its cause",
    arguments: [
      (NaNRun.rateTooHigh, Symptom.rateDivergedToNaN), (.logOfZero, .logOfZero),
      (.unstableSoftmax, .softmaxOverflow), (.divisionByZero, .divisionByZero),
      (.explodingRecurrence, .gradientExplodedToNaN),
    ])
  func culprits(kind: NaNRun, symptom: Symptom) {
    for (seed, run) in zip(testSeeds, Runs.of(kind)) {
      let symptoms = diagnoseNaN(run).symptoms
      #expect(
        symptoms == [symptom],
        Comment(
          rawValue:
            "\(kind), seed \(seed), first anomaly \(String(describing: run.anomaly)): expected "
            + "[\(symptom)], got \(symptoms) (rule 3 reads the operation: log, exp, divide; "
            + "rule 4 reads the gradient norm at step 0, then the loss growth)"))
    }
  }

  @Test("the evidence of an operation's culprit is its count of non-finite elements")
  func countEvidence() throws {
    for run in Runs.logOfZero {
      let anomaly = try #require(run.anomaly)
      let evidence = diagnoseNaN(run).first?.evidence.first
      #expect(
        evidence?.location == .step(anomaly.step) && evidence?.measured == Double(anomaly.count)
          && evidence?.threshold == 0,
        Comment(
          rawValue:
            "a log of zero with \(anomaly.count) non-finite elements at step \(anomaly.step): the "
            + "evidence is that count, above 0, at .step(\(anomaly.step)); got "
            + "\(String(describing: evidence))"))
    }
  }

  @Test("a divergence is shown by the loss growth before the anomaly: largest finite / first")
  func growthEvidence() throws {
    for run in Runs.rateTooHigh {
      let finite = run.losses.filter(\.isFinite)
      let growth = try #require(finite.max()) / finite[0]
      let evidence = diagnoseNaN(run).first?.evidence.first
      #expect(
        evidence?.quantity == "loss growth before the anomaly"
          && abs((evidence?.measured ?? 0) - growth) <= 1e-9 * growth
          && evidence?.threshold == NaNThresholds.lossGrowth,
        Comment(
          rawValue: "the largest finite loss over the first is \(growth), against the threshold "
            + "\(NaNThresholds.lossGrowth); got \(String(describing: evidence))"))
    }
  }

  @Test("an exploding gradient is shown by the gradient norm at step 0, above 1e6")
  func normEvidence() {
    for run in Runs.explodingRecurrence {
      let evidence = diagnoseNaN(run).first?.evidence.first
      #expect(
        evidence?.quantity == "gradient norm at step 0"
          && evidence?.measured == run.gradientNorms[0]
          && evidence?.threshold == NaNThresholds.explodingGradientNorm,
        Comment(
          rawValue:
            "the recurrence's first gradient norm is \(run.gradientNorms[0]), against 1e6: the "
            + "evidence is the norm at step 0 (the first step, not the largest norm); got "
            + "\(String(describing: evidence))"))
    }
  }

  @Test(
    "runs without an anomaly give no finding",
    arguments: [NaNRun.healthy, .stableSoftmax, .clippedTooHigh, .clippedRecurrence])
  func quiet(kind: NaNRun) {
    for (seed, run) in zip(testSeeds, Runs.of(kind)) {
      let findings = diagnoseNaN(run)
      #expect(findings.isEmpty, "\(kind), seed \(seed): no anomaly, no finding; got \(findings)")
    }
  }

  @Test("an anomaly in the backward phase is a non-finite gradient, whatever the operation")
  func backwardFirst() {
    let symptoms = diagnoseNaN(syntheticRun("log", .backward, step: 2)).symptoms
    #expect(
      symptoms == [.nonFiniteGradient],
      Comment(
        rawValue:
          "a gradient written in the backward phase by log's rule: the forward pass was finite, so "
          + "it is .nonFiniteGradient (rule 2 comes before the operation); got \(symptoms)"))
  }

  @Test("the operation decides, not the history: a log of zero late in a growing run")
  func operationBeforeHistory() {
    let run = syntheticRun("log", .forward, step: 40, losses: [1, 50, 500], norms: [1e7, 1, 1])
    let symptoms = diagnoseNaN(run).symptoms
    #expect(
      symptoms == [.logOfZero],
      Comment(
        rawValue:
          "a forward log wrote the first -inf: .logOfZero, even at step 40 after the loss grew; got "
          + "\(symptoms)"))
  }

  @Test(
    "exp and divide are named by their operation",
    arguments: [("exp", Symptom.softmaxOverflow), ("divide", .divisionByZero)])
  func operations(operation: String, symptom: Symptom) {
    let symptoms = diagnoseNaN(syntheticRun(operation, .forward, step: 0)).symptoms
    #expect(
      symptoms == [symptom],
      Comment(
        rawValue:
          "a forward \(operation) wrote the first non-finite value: expected [\(symptom)], got "
          + "\(symptoms)"))
  }

  @Test("an update-phase anomaly after a huge first gradient is an exploding gradient")
  func updateAfterHugeGradient() {
    let run = syntheticRun("leaf", .update, step: 0, norms: [1e8])
    let symptoms = diagnoseNaN(run).symptoms
    #expect(
      symptoms == [.gradientExplodedToNaN],
      Comment(
        rawValue: "a parameter made infinite by the update after a gradient norm of 1e8 at step 0 "
          + "(above 1e6): expected [.gradientExplodedToNaN], got \(symptoms)"))
  }

  @Test("an overflow with no growth and small gradients is only a non-finite value")
  func nothingElse() {
    let run = syntheticRun("matmul", .forward, step: 5, count: 4, losses: [1, 1.2, 0.9])
    let findings = diagnoseNaN(run)
    #expect(
      findings.symptoms == [.nonFiniteValue] && findings.first?.evidence.first?.measured == 4,
      Comment(
        rawValue:
          "a matmul overflow with losses [1, 1.2, 0.9] (growth 1.2, not above 10) and a first norm "
          + "of 1: .nonFiniteValue with its 4 non-finite elements as the evidence; got "
          + "\(findings.symptoms) \(findings.first?.evidence ?? [])"))
  }
}
