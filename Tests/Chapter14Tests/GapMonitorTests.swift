import Layers
import Optimizers
import Regularisation
import Tensors
import TestSupport
import Testing
import Training

/// Curves recorded every 10 steps from step 0.
private func curves(training: [Double], validation: [Double]) -> LossCurves {
  LossCurves(
    steps: training.indices.map { $0 * 10 }, training: training, validation: validation)
}

@Suite("14.2 A generalisation-gap monitor")
struct GapMonitorTests {
  @Test("it flags the broken runs as overfitting, from the step of the lowest validation loss")
  func flagsTheBrokenRuns() {
    for run in brokenRuns {
      let findings = generalisationGap(run.curves, baselineLoss: run.baselineLoss)
      #expect(
        findings.symptoms == [.overfitting],
        """
        seed \(run.seed): the unregularised net ends with a training loss of \
        \(run.curves.training.last!) and a validation loss of \(run.finalValidationLoss), \
        several times its minimum: expected one overfitting finding, got \(findings.report)
        """)
      guard let finding = findings.first else { continue }
      #expect(
        finding.evidence.count == 2,
        """
        seed \(run.seed): overfitting needs both signs, so its finding carries two pieces of \
        evidence, the relative gap and then the rise above the minimum; got \(finding.evidence)
        """)
      guard finding.evidence.count == 2 else { continue }
      let (gap, rise) = (finding.evidence[0], finding.evidence[1])
      let best = run.curves.bestIndex!
      #expect(
        gap.location == .step(run.curves.steps.last!) && gap.measured > overfittingGapThreshold
          && gap.threshold == overfittingGapThreshold,
        """
        seed \(run.seed): the first evidence is the relative gap at the last record (step \
        \(run.curves.steps.last!)), above overfittingGapThreshold; got \(gap)
        """)
      #expect(
        rise.location == .step(run.curves.steps[best]) && rise.measured > overfittingRiseThreshold
          && rise.threshold == overfittingRiseThreshold,
        """
        seed \(run.seed): the second evidence is the rise above the minimum, located at the \
        step where the overfitting started: the lowest validation loss, step \
        \(run.curves.steps[best]); got \(rise)
        """)
    }
  }

  @Test("it stays quiet on the healthy runs")
  func quietOnTheHealthyRuns() {
    for run in healthyRuns {
      let findings = generalisationGap(run.curves, baselineLoss: run.baselineLoss)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): with dropout and weight decay the validation loss levels off \
        (final \(run.finalValidationLoss), best \(run.curves.validation.min()!)); expected \
        nothing, got \(findings.report)
        """)
    }
  }

  @Test("on the over-regularised decoy it names underfitting, never overfitting")
  func namesUnderfittingOnTheDecoy() {
    for run in overRegularisedRuns {
      let findings = generalisationGap(run.curves, baselineLoss: run.baselineLoss)
      #expect(
        findings.symptoms == [.underfitting],
        """
        seed \(run.seed): the training loss is \(run.curves.training.last!), the loss of a \
        constant guess (\(run.baselineLoss)): the net cannot fit even its training set, and \
        "add regularisation" would make it worse. Expected one underfitting finding, got \
        \(findings.report). Compare the training loss divided by baselineLoss with \
        underfittingThreshold (a ratio), not the loss itself
        """)
      if let evidence = findings.first?.evidence.first {
        #expect(
          evidence.location == .step(run.curves.steps.last!)
            && evidence.measured > underfittingThreshold,
          "the evidence is the last training loss over the baseline, at the last step: \(evidence)")
      }
      let withoutBaseline = generalisationGap(run.curves)
      #expect(
        withoutBaseline.isEmpty,
        """
        seed \(run.seed): without a baseline the monitor cannot judge underfitting, and there \
        is no gap (training \(run.curves.training.last!), validation \
        \(run.finalValidationLoss)): expected nothing, got \(withoutBaseline.report)
        """)
    }
  }

  @Test("the over-regularised net cannot even overfit one batch, and the monitor says why")
  func overRegularisedFailsTheOverfitCheck() {
    let setup = MoonsSetup.of(.overRegularised)
    let data = moonsData(setup, seed: 3).training
    let batch = data.subset([0, 2, 4, 6, 8, 10, 15, 17, 19, 21, 23, 25])
    func attempt(weightDecay: Double) -> OverfitResult {
      let model = makeMoonsModel(dropout: setup.dropout, seed: 4)
      return overfit(
        model, inputs: batch.inputs, labels: batch.labels,
        optimizer: Adam(
          parameters: model.parameters, learningRate: 0.01, weightDecay: weightDecay),
        steps: 300)
    }
    let plain = attempt(weightDecay: 0)
    let decayed = attempt(weightDecay: setup.weightDecay)
    #expect(
      plain.passed && !decayed.passed,
      """
      chapter 10's check: with dropout 0.2 alone the net memorises 12 points \
      (\(plain.summary)); with the weight decay 1.0 it cannot (\(decayed.summary))
      """)
    let run = overRegularisedRuns[0]
    #expect(
      generalisationGap(run.curves, baselineLoss: run.baselineLoss).symptoms == [.underfitting],
      "a net that fails the overfit check underfits: the monitor must say so, not overfitting")
  }

  @Test("hand-made curves: the evidence holds the exact gap, rise and steps")
  func exactEvidence() {
    let run = curves(
      training: [0.7, 0.5, 0.3, 0.1, 0.05, 0.02, 0.01],
      validation: [0.7, 0.5, 0.4, 0.45, 0.6, 0.7, 0.8])
    let findings = generalisationGap(run)
    // best: 0.4 at step 20; the last 3 are 0.6, 0.7, 0.8, so rise = (0.6 - 0.4) / 0.4 = 0.5;
    // gap = (0.8 - 0.01) / 0.8 = 0.9875.
    #expect(findings.symptoms == [.overfitting], "got \(findings.report)")
    guard let evidence = findings.first?.evidence, evidence.count == 2 else { return }
    let overTraining =
      isClose(evidence[0].measured, 79)
      ? ": 79 means the difference was divided by the training loss, unbounded as it falls" : ""
    #expect(
      evidence[0].location == .step(60) && isClose(evidence[0].measured, 0.9875),
      """
      gap = (validation - training) / validation at the last record = (0.8 - 0.01) / 0.8 = \
      0.9875 at step 60, got \(evidence[0])\(overTraining)
      """)
    #expect(
      evidence[1].location == .step(20) && isClose(evidence[1].measured, 0.5),
      """
      rise = (smallest of the last 3 validation losses - the minimum) / the minimum = \
      (0.6 - 0.4) / 0.4 = 0.5, located at the minimum, step 20; got \(evidence[1])
      """)
  }

  @Test("one high validation loss at the end is noise, not a trend")
  func singleSpikeIsNoise() {
    let run = curves(
      training: [0.7, 0.4, 0.2, 0.1, 0.05, 0.03, 0.02],
      validation: [0.7, 0.5, 0.41, 0.4, 0.41, 0.4, 0.9])
    let findings = generalisationGap(run)
    #expect(
      findings.isEmpty,
      """
      only the last validation loss is high; the two before it are at the minimum (0.4): \
      the rise is measured on the SMALLEST of the last `patience` losses, here 0.4, so \
      nothing must be reported. Got \(findings.report)
      """)
  }

  @Test("a large gap while the validation loss still falls is not overfitting")
  func gapWithoutUpturnIsQuiet() {
    let run = curves(
      training: [0.7, 0.3, 0.1, 0.05, 0.02, 0.01],
      validation: [0.7, 0.6, 0.5, 0.45, 0.42, 0.4])
    let findings = generalisationGap(run)
    #expect(
      findings.isEmpty,
      """
      the training loss is far below the validation loss (gap 0.975), but the validation \
      loss is still at its minimum: the model still improves on new data, nothing to report. \
      A gap alone is not overfitting; got \(findings.report)
      """)
  }

  @Test("an upturn without a gap is not overfitting")
  func upturnWithoutGapIsQuiet() {
    let run = curves(
      training: [0.7, 0.5, 0.65, 0.75, 0.8, 0.85],
      validation: [0.7, 0.5, 0.7, 0.8, 0.85, 0.9])
    let findings = generalisationGap(run)
    #expect(
      findings.isEmpty,
      """
      the validation loss rose from 0.5 to 0.9, but the training loss rose with it (gap \
      0.056): whatever this is, it is not memorising the training set. Overfitting needs a \
      large gap as well as the rise; got \(findings.report)
      """)
  }

  @Test("the patience parameter sets how many of the last records must stay above the minimum")
  func patienceIsUsed() {
    let spike = curves(
      training: [0.7, 0.4, 0.2, 0.1, 0.05, 0.03, 0.02],
      validation: [0.7, 0.5, 0.41, 0.4, 0.41, 0.4, 0.9])
    #expect(
      generalisationGap(spike, patience: 1).symptoms == [.overfitting],
      """
      with patience 1 the last record alone decides: 0.9 is 125% above the minimum 0.4, with       a gap of 0.98, so this is overfitting. Use the `patience` argument, not the constant
      """)
    let atMinimum = curves(
      training: [0.7, 0.1, 0.05, 0.01, 0.005], validation: [0.7, 0.9, 0.8, 0.6, 0.3])
    #expect(
      generalisationGap(atMinimum, patience: 1).isEmpty,
      "the minimum is the last record: the curve has not turned up, nothing to report")
  }

  @Test("empty curves stop with a message")
  func emptyCurvesAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = generalisationGap(LossCurves(steps: [], training: [], validation: []))
    }
    expectMessage(result, contains: ["generalisationGap", "empty"])
  }

  @Test("a baseline loss that is not positive stops with a message naming it")
  func badBaselineIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let run = LossCurves(steps: [0, 10], training: [0.7, 0.6], validation: [0.7, 0.65])
      _ = generalisationGap(run, baselineLoss: 0)
    }
    expectMessage(result, contains: ["generalisationGap", "baselineLoss", "0.0"])
  }
}
