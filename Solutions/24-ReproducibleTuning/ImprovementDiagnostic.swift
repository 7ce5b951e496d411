import Foundation
import Tensors
import Training

/// The sample standard deviation of the values (divided by n - 1); 0 for fewer than two.
/// Provided.
public func sampleStandardDeviation(_ values: [Double]) -> Double {
  guard values.count >= 2 else { return 0 }
  let mean = values.reduce(0, +) / Double(values.count)
  let squares = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
  return (squares / Double(values.count - 1)).squareRoot()
}

/// Judges a claimed improvement: the validation losses of a baseline and of a candidate
/// configuration, one per seed (the same seeds, in the same order; lower is better). Believe
/// the candidate only when its mean gain beats the seed spread.
///
/// ```
/// n < 5 seeds                     → [.tooFewSeeds]
///     Evidence("seeds", at: .run, measured: n, threshold: 5, .below)
/// gain   = mean(baseline) - mean(candidate)
/// spread = max(sampleStandardDeviation(baseline), sampleStandardDeviation(candidate))
/// gain <= spread                  → [.improvementWithinSeedSpread]
///     Evidence("mean gain", at: .run, measured: gain, threshold: spread, .below)
///     (on an exact tie the threshold is spread.nextUp: Evidence needs a strict side)
/// gain > spread                   → []   the improvement is believed
/// ```
///
/// The spread is the standard deviation of ONE configuration's results over seeds (the
/// larger of the two): how far a single run can land from the mean by luck. A gain smaller
/// than that is what one unlucky baseline run or one lucky candidate run would show. It is a
/// rule of thumb, stricter than a t-test on 5 seeds for a gain that is the same on every seed,
/// and blind to the pairing: what it can say is "not believed yet", never "no effect".
///
/// ```swift
/// judgeImprovement(baseline: [0.040, 0.050, 0.045, 0.052, 0.041],
///                  candidate: [0.039, 0.051, 0.044, 0.050, 0.042]).report
/// // improvement within the seed spread: the run: mean gain 0.0004, below the threshold 0.00532
/// ```
///
/// Stops with a message naming `judgeImprovement` when the two lists have different lengths,
/// are empty, or contain a value that is not finite (a diverged run is a result to look at,
/// not a number to average).
///
/// Exercise 24.6.
public func judgeImprovement(baseline: [Double], candidate: [Double]) -> [Finding] {
  // BEGIN EXERCISE 24.6
  // STUB: return [.notWritten("24.6")]
  check(
    !baseline.isEmpty && baseline.count == candidate.count,
    "judgeImprovement: needs one result per seed for both configurations, got "
      + "\(baseline.count) baseline and \(candidate.count) candidate results")
  check(
    (baseline + candidate).allSatisfy(\.isFinite),
    "judgeImprovement: every result must be finite, got baseline \(baseline), candidate "
      + "\(candidate)")
  let count = baseline.count
  if count < ImprovementThresholds.minimumSeeds {
    return [
      Finding(
        .tooFewSeeds,
        evidence: [
          Evidence(
            "seeds", at: .run, measured: Double(count),
            threshold: Double(ImprovementThresholds.minimumSeeds), .below)
        ],
        likelyCause: "with fewer than 5 seeds the spread of the results is not measured",
        fix: "rerun both configurations on at least 5 seeds, the same seeds for both")
    ]
  }
  let gain = baseline.reduce(0, +) / Double(count) - candidate.reduce(0, +) / Double(count)
  let spread = Swift.max(
    sampleStandardDeviation(baseline), sampleStandardDeviation(candidate))
  guard gain <= spread else { return [] }
  return [
    Finding(
      .improvementWithinSeedSpread,
      evidence: [
        Evidence(
          "mean gain", at: .run, measured: gain, threshold: gain == spread ? spread.nextUp : spread,
          .below)
      ],
      likelyCause: "the gain is smaller than the spread over seeds: it may be luck",
      fix: "keep the baseline, or measure on more seeds until the gain beats the spread")
  ]
  // END EXERCISE 24.6
}
