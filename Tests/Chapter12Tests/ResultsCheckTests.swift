import CheckingResults
import DataPipeline
import Foundation
import TestSupport
import Testing
import Training

/// A summary with the given numbers and 10 classes, 200 training examples.
func summary(
  training: Double = 1, validation: Double, count: Int = 100, majority: Double = 0.1,
  zeroed: Double = 0.1, classes: Int = 10
) -> ResultsSummary {
  ResultsSummary(
    classes: classes, trainingAccuracy: training, trainingCount: 200,
    validationAccuracy: validation, validationCount: count, majorityAccuracy: majority,
    zeroedInputAccuracy: zeroed)
}

func describe(_ findings: [Finding]) -> String {
  findings.isEmpty ? "nothing" : findings.map(\.description).joined(separator: "\n")
}

@Suite("12.2 The results check")
struct ResultsCheckTests {
  @Test(
    "the broken run is flagged: training memorised, validation below the chance bar",
    arguments: [1, 2] as [UInt64])
  func brokenRunIsFlagged(seed: UInt64) throws {
    let run = makeResultsRun(.broken, seed: seed)
    let findings = checkResults(run.summary)
    try #require(
      findings.count == 1 && findings[0].symptom == .misalignedLabels,
      """
      labels shifted by one: training accuracy \(run.summary.trainingAccuracy), validation \
      \(run.summary.validationAccuracy) (chance 0.1, n = 100). Expected one misalignedLabels \
      finding (and nothing else: at chance, the other baselines add nothing), got \
      \(describe(findings))
      """)
    let evidence = findings[0].evidence
    let validation = evidence.first { $0.quantity == "validation accuracy" }
    let training = evidence.first { $0.quantity == "training accuracy" }
    #expect(
      validation?.location == .run && validation?.side == .below
        && isClose(validation?.threshold ?? 0, 0.19, tolerance: 1e-9)
        && validation?.measured == run.summary.validationAccuracy,
      """
      the evidence must hold the validation accuracy, below the chance bar \
      accuracyToBeat(0.1, 100) = 0.19, at .run; got \(evidence)
      """)
    #expect(
      training?.location == .run && training?.side == .above
        && isClose(
          training?.threshold ?? 0, 0.1 + 3 * (0.09 / 200.0).squareRoot(), tolerance: 1e-9)
        && training?.measured == run.summary.trainingAccuracy,
      """
      and the training accuracy, above the chance bar of the 200 training examples \
      (0.1 + 3 sqrt(0.09 / 200) = 0.1636), at .run; got \(evidence)
      """)
  }

  @Test("the healthy run is quiet", arguments: [1, 2] as [UInt64])
  func healthyRunIsQuiet(seed: UInt64) {
    let run = makeResultsRun(.healthy, seed: seed)
    let findings = checkResults(run.summary)
    #expect(
      findings.isEmpty,
      """
      clean digits, right labels: validation accuracy \(run.summary.validationAccuracy), far \
      above every baseline. Expected nothing, got \(describe(findings))
      """)
  }

  @Test("the hard but honest decoy is quiet: validation far below training, far above chance")
  func hardDecoyIsQuiet() {
    let run = makeResultsRun(.hard, seed: 1)
    let findings = checkResults(run.summary)
    #expect(
      run.summary.trainingAccuracy - run.summary.validationAccuracy > 0.1
        && run.summary.validationAccuracy > 0.5,
      "the decoy must overfit honestly (ref: training 1.0, validation 0.76); got \(run.summary)")
    #expect(
      findings.isEmpty,
      """
      a generalisation gap is not a misalignment: validation \
      \(run.summary.validationAccuracy) is far above the chance bar 0.19. A check that fires on \
      "training much better than validation" alone flags every hard problem. Got \
      \(describe(findings))
      """)
  }

  @Test("the imbalanced decoy: a high accuracy named no better than the majority class")
  func imbalancedDecoyNamesTheMajority() {
    let run = makeResultsRun(.imbalanced, seed: 1)
    let findings = checkResults(run.summary)
    #expect(
      run.summary.validationAccuracy > 0.8,
      "the decoy's accuracy looks high (ref: 0.91); got \(run.summary.validationAccuracy)")
    #expect(
      findings.symptoms.contains(.noBetterThanMajorityClass)
        && Set(findings.symptoms).isSubset(of: [
          .noBetterThanMajorityClass, .noBetterThanZeroedInputs,
        ]),
      """
      validation \(run.summary.validationAccuracy) against always answering 1: \
      \(run.summary.majorityAccuracy) on 100 examples, bar about 0.97 (the majority accuracy \
      plus 3 of its standard errors, accuracyToBeat). Expected \
      noBetterThanMajorityClass (and possibly noBetterThanZeroedInputs), never misaligned \
      labels; got \(describe(findings))
      """)
    let evidence = findings.first { $0.symptom == .noBetterThanMajorityClass }?.evidence.first
    let bar = accuracyToBeat(baseline: run.summary.majorityAccuracy, count: 100)
    #expect(
      evidence?.side == .below && isClose(evidence?.threshold ?? 0, bar, tolerance: 1e-9),
      "the evidence's threshold is accuracyToBeat(majority, n) = \(bar); got \(String(describing: evidence))"
    )
  }

  @Test(
    "the broken pipeline passes chapter 10's overfit and baseline checks; only held-out data catches it"
  )
  func overfitCheckSaysNothingAboutLabels() {
    let run = makeResultsRun(.broken, seed: 1)
    let recipe = runRecipeChecks(on: run.training, seed: 1)
    #expect(
      recipe.overfit.passed && recipe.baseline.passed,
      """
      a fixed misalignment is still a fixed labelling, and networks memorise random labels: \
      the 12-example overfit check and the input-independent baseline on the training split \
      must both pass (ref: 59 steps; 0.116 against 2.29). Got \(recipe.overfit.summary); \
      \(recipe.baseline.summary)
      """)
    #expect(
      checkResults(run.summary).symptoms == [.misalignedLabels],
      """
      only the held-out accuracy gives the misalignment away: checkResults must flag it; got \
      \(describe(checkResults(run.summary)))
      """)
  }

  @Test("at chance on both splits is 'at chance', not 'misaligned': nothing was learned")
  func chanceOnBothSplits() {
    let findings = checkResults(summary(training: 0.12, validation: 0.11, majority: 0.12))
    #expect(
      findings.symptoms == [.validationAtChance],
      """
      training 0.12 is not above its own chance bar (0.164 for 200 examples): the model \
      learned nothing, which is another problem than memorised wrong labels. Expected one \
      validationAtChance finding, got \(describe(findings))
      """)
    #expect(
      findings.first?.evidence.count == 1
        && findings.first?.evidence.first?.quantity == "validation accuracy",
      "its evidence is the validation accuracy alone; got \(describe(findings))")
  }

  @Test(
    "the bar comes from the validation set's size: 0.15 is chance on 100 examples, not on 10000")
  func barDependsOnTheCount() {
    let small = checkResults(summary(validation: 0.15, count: 100, majority: 0.1))
    let large = checkResults(summary(validation: 0.15, count: 10_000, majority: 0.1))
    #expect(
      small.symptoms == [.misalignedLabels],
      """
      0.15 on 100 examples is within 3 standard errors of 0.1 (bar 0.19): at chance. Got \
      \(describe(small))
      """)
    #expect(
      large.isEmpty,
      """
      0.15 on 10000 examples is 16 standard errors above 0.1 (bar 0.109): real, if small. \
      Use binomialStandardError with the validation count. Got \(describe(large))
      """)
  }

  @Test("each baseline is checked on its own bar, and an accuracy above every bar is quiet")
  func baselinesHaveTheirOwnBars() {
    let majority = checkResults(summary(validation: 0.5, majority: 0.45, zeroed: 0.1))
    #expect(
      majority.symptoms == [.noBetterThanMajorityClass],
      """
      validation 0.5 against a majority class of 0.45 (bar 0.599) and zeroed inputs at 0.1 \
      (bar 0.19): only the majority class is not beaten. Got \(describe(majority))
      """)
    let zeroed = checkResults(summary(validation: 0.5, majority: 0.1, zeroed: 0.45))
    #expect(
      zeroed.symptoms == [.noBetterThanZeroedInputs],
      """
      the same with the zeroed-input baseline at 0.45: each baseline against its own bar \
      (accuracyToBeat of the zeroed-input accuracy, not of the majority); got \
      \(describe(zeroed))
      """)
    let good = checkResults(summary(validation: 0.7, majority: 0.45, zeroed: 0.45))
    #expect(good.isEmpty, "0.7 clears both bars (0.599): nothing to say; got \(describe(good))")
  }

  @Test("fewer than 2 classes stops with a message naming checkResults")
  func oneClassStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkResults(summary(validation: 1, majority: 1, zeroed: 1, classes: 1))
    }
    expectMessage(result, contains: ["checkResults", "1"])
  }

  @Test("an accuracy that is not in [0, 1] stops with a message naming it")
  func nanAccuracyStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      a NaN validation accuracy must stop checkResults: NaN fails every comparison, so \
      !(v < 0 || v > 1) lets it through; check v >= 0 && v <= 1
      """
    ) {
      _ = checkResults(summary(validation: .nan))
    }
    expectMessage(
      result, contains: ["checkResults", "validation accuracy", "nan"],
      "a NaN accuracy (an empty evaluation?) must not pass as 'nothing found'")
  }
}
