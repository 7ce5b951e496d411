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
  // TODO(22.3): your code here (README.md, exercise 22.3).
  return .nan
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
  // TODO(22.3): your code here (README.md, exercise 22.3).
  return [.notWritten("22.3")]
}
