import Tensors
import Training

/// The fix: measure the rate instead of guessing it. Runs a range test on a fresh network of
/// `problem`, takes its suggestion, and checks it with the divide-by-3 search, clipping off:
/// the suggestion if a 100-step run at it does not explode, otherwise the first rate below it
/// (divided by 3 each time) that does not.
///
/// ```
/// telemetry  ← problem.rangeTest()                  nil while 16.3 is a stub: return NaN
/// suggestion ← analyseRangeTest(telemetry).suggestedRate
/// search     ← searchStableRate(startingAt: suggestion) { rate in
///                  problem.train(learningRate: rate, steps: 100) }
/// return search.stableRate                          NaN when there is none
/// ```
///
/// It ignores the rate of the broken run on purpose: the same code fixes a rate too high, a
/// rate too low, and a rate too high hidden by clipping. Train with the result, clipping off:
///
/// ```swift
/// let problem = makeRateProblem(seed: 1)
/// let rate = retunedLearningRate(for: problem)                // 0.0509
/// problem.train(learningRate: rate, steps: 300).losses.last   // 0.0187
/// ```
///
/// Returns NaN (and trains nothing more) when the range test cannot run or suggests no
/// positive finite rate, or when no rate tried was stable.
///
/// Exercise 16.5.
public func retunedLearningRate(for problem: RateProblem) -> Double {
  // BEGIN EXERCISE 16.5
  // STUB: return .nan
  guard let telemetry = problem.rangeTest() else { return .nan }
  let suggestion = analyseRangeTest(telemetry).suggestedRate
  guard suggestion.isFinite, suggestion > 0 else { return .nan }
  let search = searchStableRate(startingAt: suggestion) { rate in
    problem.train(learningRate: rate, steps: 100, probeEvery: 0)
  }
  return search.stableRate ?? .nan
  // END EXERCISE 16.5
}
