import Tensors

/// Chooses the batch size for an epoch budget: the largest batch that still gives enough
/// updates. The fix for `tooFewUpdates`.
///
/// The candidates are the whole data set (`exampleCount`, one batch per epoch) and every power
/// of two below it, tried from the largest down:
///
/// ```
/// exampleCount, 2^k, 2^(k-1), ..., 4, 2, 1        (2^k the largest power of two below N)
/// ```
///
/// The first candidate whose plan has at least `minimumUpdates` updates in all and at least
/// `minimumStepsPerEpoch` steps per epoch is chosen (`ceil(N / B)` steps per epoch, an
/// incomplete last batch counted). Why the largest: a larger batch gives a less noisy
/// gradient (variance `~ 1/B`, exercise 15.1) and uses the hardware better; the only thing
/// wrong with it is that it leaves fewer updates. When even batches of 1 do not reach the
/// minimums, batch 1 is the best the budget allows and is chosen.
///
/// ```swift
/// planForBudget(exampleCount: 150, epochs: 5, learningRate: 0.1).batchSize   // 16
/// // 16: 10 steps per epoch, 50 updates; 32 would give 5 and 25
/// planForBudget(exampleCount: 150, epochs: 5, learningRate: 0.1,
///               minimumUpdates: 5, minimumStepsPerEpoch: 1).batchSize        // 150
/// ```
///
/// The learning rate is kept; a new batch size may well want its own (the lesson shows how
/// much), so tune it for the plan chosen.
///
/// Stops with a message naming `planForBudget` unless `exampleCount`, `epochs`,
/// `minimumUpdates` and `minimumStepsPerEpoch` are all at least 1.
///
/// Exercise 15.3.
public func planForBudget(
  exampleCount: Int, epochs: Int, learningRate: Double,
  minimumUpdates: Int = BatchSizeThresholds.minimumUpdates,
  minimumStepsPerEpoch: Int = BatchSizeThresholds.minimumStepsPerEpoch
) -> BatchPlan {
  // BEGIN EXERCISE 15.3
  // STUB: let count = Swift.max(exampleCount, 1)
  // STUB: return BatchPlan(
  // STUB:   exampleCount: count, batchSize: count, epochs: Swift.max(epochs, 1),
  // STUB:   learningRate: learningRate)
  check(
    exampleCount >= 1 && epochs >= 1 && minimumUpdates >= 1 && minimumStepsPerEpoch >= 1,
    "planForBudget: exampleCount, epochs, minimumUpdates and minimumStepsPerEpoch must be at "
      + "least 1, got exampleCount \(exampleCount), epochs \(epochs), minimumUpdates "
      + "\(minimumUpdates), minimumStepsPerEpoch \(minimumStepsPerEpoch)")
  var candidates = [exampleCount]
  var power = 1
  while power * 2 < exampleCount { power *= 2 }
  while power >= 1 && power < exampleCount {
    candidates.append(power)
    power /= 2
  }
  for batchSize in candidates {
    let plan = BatchPlan(
      exampleCount: exampleCount, batchSize: batchSize, epochs: epochs,
      learningRate: learningRate)
    if plan.totalSteps >= minimumUpdates && plan.stepsPerEpoch >= minimumStepsPerEpoch {
      return plan
    }
  }
  return BatchPlan(
    exampleCount: exampleCount, batchSize: 1, epochs: epochs, learningRate: learningRate)
  // END EXERCISE 15.3
}
