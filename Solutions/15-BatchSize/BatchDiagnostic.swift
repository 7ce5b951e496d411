import Foundation
import Tensors
import Training

extension Symptom {
  /// A run that made too few updates to learn: a batch so large that its epochs hold only a
  /// handful of steps, and a loss still falling steeply when they ran out.
  public static let tooFewUpdates = Symptom("too few updates")
}

/// The thresholds of `diagnoseBatchSize`. Provided.
public enum BatchSizeThresholds {
  /// Fewer updates than this in the whole run are "few". Calibrated on this chapter's data
  /// (medians over 50 seeds, 5 epochs at rate 0.1): batches of 16 (50 updates) end at a loss
  /// of 0.033, batches of 32 (25 updates) at 0.078 and the full batch (5 updates) at 0.41; the
  /// healthy and decoy runs make 95 and 100 updates. Beyond this data, a rule of thumb: a run
  /// of a few dozen updates rarely trains anything.
  public static let minimumUpdates = 50
  /// Fewer steps per epoch than this means the batch is more than a tenth of the data: then
  /// the batch size, not the number of epochs, is what keeps the updates few. A run with many
  /// small batches and too few epochs has another problem (train longer).
  public static let minimumStepsPerEpoch = 10
  /// The loss is "still falling steeply" when the last epoch's drop is more than this fraction
  /// of the first epoch's. Calibrated with a margin on both sides: over 50 seeds the broken
  /// runs end with ratios from 0.046 to 0.68, runs that converged (the tuned large batch)
  /// below 0.001.
  public static let stillFallingRatio = 0.02
}

/// Flags a run whose batch is so large that it made too few updates: the batch-size symptom.
///
/// The finding fires when all three hold, each reported as evidence at `.run`:
///
/// ```
/// updates           plan.totalSteps                   below minimumUpdates (50)
/// steps per epoch   plan.stepsPerEpoch                below minimumStepsPerEpoch (10)
/// end/start drop    (E[K-2] - E[K-1]) / (E[0] - E[1]) above stillFallingRatio (0.02)
/// ```
///
/// where `E[k]` is the mean of the mini-batch losses of epoch k (what a training log prints
/// per epoch) and K the number of epochs. A large batch alone is not a symptom (a large batch
/// with enough updates and a rate tuned for it is fine); a loss still falling alone is not
/// either (a rate too low gives that too, with plenty of updates).
///
/// Quiet (returns `[]`) when the run has fewer than 2 epochs (there is no first and last epoch
/// to compare), when the loss did not fall over the first epoch (`E[0] <= E[1]`: that is not a
/// run that is learning fast and being cut short), or when the loss stopped being finite (a
/// divergence, chapter 16's problem). With exactly 2 epochs the first and last drops are the
/// same one, so the ratio is 1.
///
/// ```swift
/// let run = makeBatchRun(.broken, seed: 1)
/// diagnoseBatchSize(run.telemetry, plan: run.plan).report
/// // too few updates: the run: updates 5, below the threshold 50; the run: steps per epoch 1,
/// //   below the threshold 10; the run: last epoch's loss drop / first epoch's 0.1973, ...
/// ```
///
/// Stops with a message naming `diagnoseBatchSize` when the telemetry has more steps than the
/// plan, or fewer while every loss is finite (the telemetry of another run).
///
/// Exercise 15.2.
public func diagnoseBatchSize(_ telemetry: Telemetry, plan: BatchPlan) -> [Finding] {
  // BEGIN EXERCISE 15.2
  // STUB: return [.notWritten("15.2")]
  let steps = telemetry.stepCount
  let diverged = telemetry.firstNonFiniteStep != nil
  check(
    steps <= plan.totalSteps && (steps == plan.totalSteps || diverged),
    "diagnoseBatchSize: the telemetry has \(steps) steps but the plan \(plan.totalSteps) "
      + "(\(plan.stepsPerEpoch) per epoch for \(plan.epochs) epochs)")
  guard !diverged, plan.epochs >= 2 else { return [] }
  let perEpoch = plan.stepsPerEpoch
  let epochLosses = (0..<plan.epochs).map {
    telemetry.meanLoss($0 * perEpoch..<($0 + 1) * perEpoch)
  }
  let firstDrop = epochLosses[0] - epochLosses[1]
  let lastDrop = epochLosses[plan.epochs - 2] - epochLosses[plan.epochs - 1]
  guard firstDrop > 0 else { return [] }
  let ratio = lastDrop / firstDrop
  let thresholds = BatchSizeThresholds.self
  guard plan.totalSteps < thresholds.minimumUpdates,
    perEpoch < thresholds.minimumStepsPerEpoch,
    ratio > thresholds.stillFallingRatio
  else { return [] }
  return [
    Finding(
      .tooFewUpdates,
      evidence: [
        Evidence(
          "updates", at: .run, measured: Double(plan.totalSteps),
          threshold: Double(thresholds.minimumUpdates), .below),
        Evidence(
          "steps per epoch", at: .run, measured: Double(perEpoch),
          threshold: Double(thresholds.minimumStepsPerEpoch), .below),
        Evidence(
          "last epoch's loss drop / first epoch's", at: .run, measured: ratio,
          threshold: thresholds.stillFallingRatio, .above),
      ],
      likelyCause:
        "a batch of \(plan.batchSize) of \(plan.exampleCount) examples leaves only "
        + "\(plan.totalSteps) updates in \(plan.epochs) epochs, and the loss was still "
        + "falling when they ran out",
      fix:
        "use a smaller batch (16, 8 or even 1) for the same epochs, or keep the batch and "
        + "train for more steps with a learning rate tuned for it")
  ]
  // END EXERCISE 15.2
}
