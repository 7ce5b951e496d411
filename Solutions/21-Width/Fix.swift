/// The widths the fix sweeps, narrowest first: powers of 2 from 1 to 64. Provided.
public let sweepWidths = [1, 2, 4, 8, 16, 32, 64]

/// The fix: choose the width from a capacity sweep instead of guessing it. Sweeps
/// `sweepWidths` on the chapter's problem of each seed in `seeds` (300 steps of SGD at 0.5,
/// the runs' recipe) and returns the smallest width whose training accuracy is 100% on every
/// seed.
///
/// ```
/// sweep ← capacitySweep(widths: sweepWidths, seeds: seeds, target: 1,
///                       requiredFraction: 1) { width, seed in
///             makeWidthProblem(seed: seed).train(width: width, probeEvery: 0)
///                 .trainingAccuracy }
/// return sweep.smallestWidth                    nil when no width up to 64 fits
/// ```
///
/// The target is the whole training set (what clean XOR allows), and every seed must reach
/// it: a width that fits only most seeds (2 units for XOR) is at the edge of the task's
/// capacity and will fail on the next one.
///
/// ```swift
/// widthFromSweep(seeds: Array(0..<10))   // Optional(4): 2 units miss seeds 5 and 8
/// ```
///
/// Exercise 21.4.
public func widthFromSweep(seeds: [UInt64]) -> Int? {
  // BEGIN EXERCISE 21.4
  // STUB: return nil
  let sweep = capacitySweep(widths: sweepWidths, seeds: seeds, target: 1, requiredFraction: 1) {
    width, seed in
    makeWidthProblem(seed: seed).train(width: width, probeEvery: 0).trainingAccuracy
  }
  return sweep.smallestWidth
  // END EXERCISE 21.4
}
