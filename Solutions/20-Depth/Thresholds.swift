import Training

extension Symptom {
  /// The gradient fades on its way back: the first layer gets a tiny fraction of the last
  /// layer's gradient, and training has stalled.
  public static let vanishingGradients = Symptom("vanishing gradients")
  /// The gradient grows on its way back: the first layer gets many times the last layer's
  /// gradient, and training has stalled.
  public static let explodingGradients = Symptom("exploding gradients")
}

/// The thresholds of this chapter's diagnostic, each with where it comes from. Provided.
///
/// The three gradient thresholds are AUTOTRAINER's (Zhang et al., ICSE 2021), which checks
/// them only when training is not making progress; the stall rule is this chapter's, on the
/// loss the telemetry records at every step.
public enum DepthThresholds {
  /// Vanishing when `||∇ first|| / ||∇ last||` is below this: the first layer gets less than
  /// a thousandth of the last layer's gradient.
  public static let vanishingRatio = 1e-3
  /// ... and the first layer's gradient norm is below this in absolute terms (a small ratio
  /// next to a large last-layer gradient can still move the first layer).
  public static let vanishingFirstNorm = 1e-4
  /// Exploding when `||∇ first|| / ||∇ last||` is above this.
  public static let explodingRatio = 70.0
  /// Training counts as stalled when the mean loss of the last `window` steps is above this
  /// fraction of the mean loss of the `window` steps just before the half-way step: the loss
  /// fell by less than 10% over the second half of the run.
  public static let stalledFraction = 0.9
  /// The number of steps averaged at the half-way point and at the end.
  public static let window = 10
  /// A run shorter than this is not judged: its halves are too short to compare.
  public static let minimumSteps = 4 * window
}
