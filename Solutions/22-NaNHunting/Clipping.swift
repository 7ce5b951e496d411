import Tensors
import Training

/// The gradient-clipping threshold from the logged gradient norms of a run: their p-th
/// percentile, with linear interpolation between the sorted norms (NumPy's default).
///
/// ```
/// s = the norms sorted ascending, n of them
/// r = p (n - 1)                          the rank, between 0 and n - 1
/// threshold = s[⌊r⌋] + (r - ⌊r⌋) (s[⌊r⌋ + 1] - s[⌊r⌋])      (s[n - 1] when ⌊r⌋ = n - 1)
/// ```
///
/// At p = 0.9 (the default, `NaNThresholds.clippingPercentile`), about one step in ten of a
/// run like the logged one is clipped: the outliers, and only them.
///
/// Stops with a message unless there is at least one norm, every norm is finite and >= 0,
/// and 0 <= p <= 1. (Log the norms of a run that stayed finite: a NaN norm has no rank.)
///
/// Exercise 22.3.
public func clippingThreshold(
  loggedNorms norms: [Double], percentile p: Double = NaNThresholds.clippingPercentile
) -> Double {
  // BEGIN EXERCISE 22.3
  // STUB: return .nan
  check(!norms.isEmpty, "clippingThreshold: no gradient norms were logged")
  check(
    norms.allSatisfy { $0.isFinite && $0 >= 0 },
    "clippingThreshold: every norm must be finite and >= 0, got "
      + "\(norms.filter { !($0 >= 0 && $0.isFinite) }.prefix(3))")
  check(p >= 0 && p <= 1, "clippingThreshold: the percentile must be in [0, 1], got \(p)")
  let sorted = norms.sorted()
  let rank = p * Double(sorted.count - 1)
  let low = Int(rank.rounded(.down))
  guard low + 1 < sorted.count else { return sorted[low] }
  return sorted[low] + (rank - Double(low)) * (sorted[low + 1] - sorted[low])
  // END EXERCISE 22.3
}

/// Checks how often clipping at `threshold` fires on a run's gradient norms (the norms before
/// clipping): `[.clippingMostSteps]` when more than half the steps are clipped.
///
/// ```
/// clipped = the number of norms strictly above threshold
/// fraction = clipped / the number of norms
/// fraction > NaNThresholds.clippedFraction (0.5)  ->  the finding
/// ```
///
/// The evidence is `"fraction of steps clipped"` at `.run`, measured the fraction, threshold
/// 0.5, above. Clipping that fires on most steps no longer removes outliers: it sets the
/// length of almost every step, which is the learning rate's job, done blindly. The fix is
/// a lower rate (divide it by 3), and clipping kept for the rare spike.
///
/// Stops with a message unless there is at least one norm and `threshold` is finite and > 0.
///
/// Exercise 22.3.
public func diagnoseClipping(gradientNorms: [Double], threshold: Double) -> [Finding] {
  // BEGIN EXERCISE 22.3
  // STUB: return [.notWritten("22.3")]
  check(!gradientNorms.isEmpty, "diagnoseClipping: no gradient norms were logged")
  check(
    threshold > 0 && threshold.isFinite,
    "diagnoseClipping: threshold must be finite and > 0, got \(threshold)")
  let clipped = gradientNorms.filter { $0 > threshold }.count
  let fraction = Double(clipped) / Double(gradientNorms.count)
  guard fraction > NaNThresholds.clippedFraction else { return [] }
  return [
    Finding(
      .clippingMostSteps,
      evidence: [
        Evidence(
          "fraction of steps clipped", at: .run, measured: fraction,
          threshold: NaNThresholds.clippedFraction, .above)
      ],
      likelyCause: "\(clipped) of \(gradientNorms.count) steps clipped: the learning rate is "
        + "too high and clipping is doing its job",
      fix: "lower the learning rate (divide it by 3) instead of clipping harder")
  ]
  // END EXERCISE 22.3
}
