import BatchSize
import Foundation
import TestSupport
import Testing
import Training

@Suite("15.2 Diagnose too few updates")
struct BatchDiagnosticTests {
  @Test("it flags the full-batch run: 5 updates, 1 step per epoch, loss still falling")
  func flagsTheBrokenRuns() {
    for run in brokenRuns {
      let findings = diagnoseBatchSize(run.telemetry, plan: run.plan)
      #expect(
        findings.symptoms == [.tooFewUpdates],
        """
        seed \(run.seed): the whole data set as one batch for 5 epochs makes 5 updates and ends \
        at a loss of \(run.finalLoss): expected one tooFewUpdates finding, got \(findings.report)
        """)
      guard let finding = findings.first, finding.evidence.count == 3 else {
        Issue.record(
          """
          seed \(run.seed): the finding needs three pieces of evidence (updates, steps per \
          epoch, the end/start drop ratio), got \(findings.report)
          """)
        continue
      }
      let (updates, perEpoch, ratio) = (
        finding.evidence[0], finding.evidence[1], finding.evidence[2]
      )
      #expect(
        updates.measured == 5 && updates.threshold == Double(BatchSizeThresholds.minimumUpdates)
          && updates.side == .below && updates.location == .run,
        "the first evidence is the number of updates, 5, below minimumUpdates at .run; got \(updates)"
      )
      #expect(
        perEpoch.measured == 1
          && perEpoch.threshold == Double(BatchSizeThresholds.minimumStepsPerEpoch)
          && perEpoch.side == .below && perEpoch.location == .run,
        "the second evidence is the steps per epoch, 1, below minimumStepsPerEpoch at .run; got \(perEpoch)"
      )
      let epochs = (0..<5).map { run.telemetry.losses[$0] }
      let expected = (epochs[3] - epochs[4]) / (epochs[0] - epochs[1])
      #expect(
        isClose(ratio.measured, expected, tolerance: 1e-9)
          && ratio.threshold == BatchSizeThresholds.stillFallingRatio && ratio.side == .above
          && ratio.location == .run,
        """
        seed \(run.seed): the third evidence is (E[3] - E[4]) / (E[0] - E[1]) with E[k] the mean \
        loss of epoch k: \(expected) here, above stillFallingRatio at .run; got \(ratio). Did you \
        compare the LAST epoch's drop with the FIRST's (not the other way round)?
        """)
    }
  }

  @Test("it stays quiet on the healthy runs: batches of 8 give 95 updates")
  func quietOnTheHealthyRuns() {
    for run in healthyRuns {
      let findings = diagnoseBatchSize(run.telemetry, plan: run.plan)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): batches of 8 make 19 steps per epoch and 95 updates (final loss \
        \(run.finalLoss)): expected nothing, got \(findings.report)
        """)
    }
  }

  @Test("one update per epoch is fine when there are enough: quiet on the tuned large batch")
  func quietOnTheTunedLargeBatch() {
    for run in tunedLargeBatchRuns {
      let findings = diagnoseBatchSize(run.telemetry, plan: run.plan)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): the full batch at rate 1 for 100 epochs makes 100 updates and ends at \
        \(run.finalLoss): a large batch is not a symptom by itself. Expected nothing, got \
        \(findings.report). Does your check require ALL of: few updates, few steps per epoch, \
        and a loss still falling?
        """)
    }
  }

  @Test("a stall with plenty of updates is not the batch size: quiet on the rate too low")
  func quietOnTheLowRate() {
    for run in lowRateRuns {
      let findings = diagnoseBatchSize(run.telemetry, plan: run.plan)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): batches of 8 at rate 0.001 end at \(run.finalLoss) with the loss still \
        falling, but they made 95 updates: the rate is the problem, not the batch size. \
        Expected nothing, got \(findings.report). A loss still falling is not enough: check \
        the updates and the steps per epoch too
        """)
    }
  }

  @Test("a loss falling in a straight line with one batch per epoch: flagged, ratio exactly 1")
  func straightLineIsFlagged() {
    let plan = BatchPlan(exampleCount: 100, batchSize: 100, epochs: 6, learningRate: 0.1)
    let findings = diagnoseBatchSize(
      telemetry(losses: [1.0, 0.9, 0.8, 0.7, 0.6, 0.5]), plan: plan)
    #expect(findings.symptoms == [.tooFewUpdates], "got \(findings.report)")
    let measured = findings.first?.evidence.map(\.measured) ?? []
    #expect(
      measured.count == 3 && measured[0] == 6 && measured[1] == 1
        && isClose(measured[2], 1, tolerance: 1e-9),
      """
      6 updates, 1 step per epoch, and every epoch drops the loss by 0.1: the ratio of the last \
      epoch's drop to the first's is 1; got the measurements \(measured)
      """)
  }

  @Test("few updates that were enough: a loss that stopped falling is not flagged")
  func convergedFewUpdatesAreQuiet() {
    let plan = BatchPlan(exampleCount: 100, batchSize: 100, epochs: 5, learningRate: 3)
    let findings = diagnoseBatchSize(
      telemetry(losses: [1.0, 0.05, 0.0101, 0.01, 0.01]), plan: plan)
    #expect(
      findings.isEmpty,
      """
      the loss fell by 0.95 in the first epoch and by 0 in the last (ratio 0, below \
      stillFallingRatio): five updates were enough here. Expected nothing, got \(findings.report)
      """)
  }

  @Test("many small batches, too few epochs: not the batch size, quiet")
  func fewEpochsAreNotTheBatchSize() {
    // 150 examples in batches of 10: 15 steps per epoch, 3 epochs, 45 updates.
    let plan = BatchPlan(exampleCount: 150, batchSize: 10, epochs: 3, learningRate: 0.1)
    let losses = (0..<45).map { 2 - 0.04 * Double($0) }
    let findings = diagnoseBatchSize(telemetry(losses: losses), plan: plan)
    #expect(
      findings.isEmpty,
      """
      45 updates with the loss still falling, but 15 steps per epoch (not below \
      minimumStepsPerEpoch): the remedy is more epochs, not a smaller batch. Expected \
      nothing, got \(findings.report)
      """)
  }

  @Test("one batch per epoch but 60 updates, still falling: not too few updates, quiet")
  func manyUpdatesOfALargeBatchAreQuiet() {
    let plan = BatchPlan(exampleCount: 100, batchSize: 100, epochs: 60, learningRate: 0.01)
    let losses = (0..<60).map { 2 - 0.01 * Double($0) }
    let findings = diagnoseBatchSize(telemetry(losses: losses), plan: plan)
    #expect(
      findings.isEmpty,
      """
      60 updates (not below minimumUpdates) with the loss falling in a straight line: whatever \
      slows this run, it is not a lack of updates (the rate is the first suspect). Expected \
      nothing, got \(findings.report). Check the number of updates, not only the batch size
      """)
  }

  @Test("the epoch losses are means over each epoch's steps, not single steps")
  func epochLossesAreMeans() {
    // 30 examples in batches of 10: 3 steps per epoch, 4 epochs, noisy mini-batch losses.
    // The epoch means are 1.0, 0.7, 0.5, 0.4; the first steps alone give a ratio of 3/7, the
    // last steps alone 0.
    let plan = BatchPlan(exampleCount: 30, batchSize: 10, epochs: 4, learningRate: 0.1)
    let losses = [1.2, 0.9, 0.9, 0.5, 0.8, 0.8, 0.5, 0.5, 0.5, 0.2, 0.5, 0.5]
    let findings = diagnoseBatchSize(telemetry(losses: losses), plan: plan)
    let ratio = findings.first?.evidence.last?.measured ?? .nan
    #expect(
      isClose(ratio, 0.1 / 0.3, tolerance: 1e-9),
      """
      epoch means 1.0, 0.7, 0.5, 0.4: the first epoch's drop is 0.3, the last's 0.1, ratio \
      1/3; got \(ratio) (findings: \(findings.report)). Average the losses of each epoch's \
      steps (telemetry.meanLoss) before comparing
      """)
  }

  @Test("a run that diverged or lasted one epoch is not judged: quiet")
  func divergedAndSingleEpochAreQuiet() {
    let plan = BatchPlan(exampleCount: 100, batchSize: 100, epochs: 5, learningRate: 10)
    let diverged = diagnoseBatchSize(telemetry(losses: [1.0, 3.0, .nan]), plan: plan)
    #expect(
      diverged.isEmpty,
      """
      a loss that became NaN at step 2 is a divergence (chapter 16), not a batch-size \
      symptom; expected nothing, got \(diverged.report)
      """)
    let single = BatchPlan(exampleCount: 100, batchSize: 50, epochs: 1, learningRate: 0.1)
    let oneEpoch = diagnoseBatchSize(telemetry(losses: [1.0, 0.8]), plan: single)
    #expect(
      oneEpoch.isEmpty,
      "one epoch has no first and last epoch to compare; expected nothing, got \(oneEpoch.report)")
  }

  @Test("telemetry from another run stops with a message naming the steps")
  func mismatchedTelemetryStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      7 steps cannot come from a plan of 5 updates: the telemetry is that of another run. \
      Check telemetry.stepCount against plan.totalSteps
      """
    ) {
      let plan = BatchPlan(exampleCount: 100, batchSize: 100, epochs: 5, learningRate: 0.1)
      _ = diagnoseBatchSize(
        telemetry(losses: [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]), plan: plan)
    }
    expectMessage(
      result, contains: ["diagnoseBatchSize", "7", "5"],
      "a telemetry of 7 steps cannot come from a plan of 5 updates")
  }
}
