import Training

extension Symptom {
  /// The learning rate is too high: the loss went non-finite early, rose by orders of
  /// magnitude, or the updates are a large fraction of the weights.
  public static let learningRateTooHigh = Symptom("learning rate too high")
  /// The learning rate is too low: after many steps the loss has barely moved and every
  /// layer's updates are a tiny fraction of its weights.
  public static let learningRateTooLow = Symptom("learning rate too low")
}

/// The thresholds of this chapter's diagnostic and search, each with where it comes from.
/// Provided.
///
/// The healthy size of an update, `||Δθ|| / ||θ||` per layer, is about 1e-3 (CS231n's
/// "babysitting the learning process"; Karpathy's makemore part 3 plots log10 of it against
/// -3). The thresholds below sit two orders of magnitude above it and one below it, wide
/// margins around what the runs of this chapter measured over 50 seeds (see the lesson).
public enum RateThresholds {
  /// A loss that is not finite within this many steps means the rate is too high (Russell
  /// Stewart's rule: NaNs in the first 100 iterations).
  public static let nonFiniteWithin = 100

  /// A loss that rises above this many times its first value has exploded: two orders of
  /// magnitude. The decoy's large but healthy rate (0.1) rose at most about 32x over 50 seeds;
  /// the too-high rate (1.0) passes 100x within 5 steps.
  public static let explosionFactor = 100.0

  /// A layer whose median update ratio is above this moves by more than a tenth of its own
  /// size per step: 100x the healthy 1e-3. Healthy runs measured at most about 2e-3, the decoy
  /// 6e-3, the clipped too-high run about 1.
  public static let highUpdateRatio = 1e-1

  /// A run whose every layer has a median update ratio below this barely moves: a tenth of
  /// the healthy 1e-3. Healthy runs measured at least about 3.5e-4, the too-low run (1e-6) at
  /// most about 5e-6.
  public static let lowUpdateRatio = 1e-4

  /// The loss counts as stalled when it is still above this fraction of its start (Stewart;
  /// the curriculum's "above 0.9x its start after 300 steps").
  public static let stalledFraction = 0.9

  /// The too-low rule judges a run only after this many steps: a short run has not had the
  /// time to fall.
  public static let stallSteps = 300

  /// The losses are averaged over this many steps at the start and at the end of a run before
  /// they are compared, so that the noise of mini-batches does not decide.
  public static let averagedSteps = 10
}

/// True when a run exploded: its loss stopped being finite, or rose above
/// `RateThresholds.explosionFactor` times its first value. Provided: the test that the
/// divide-by-3 search (16.2) applies to each rate it tries.
///
/// ```swift
/// var telemetry = Telemetry()
/// telemetry.losses = [0.5, 2, 40]
/// hasExploded(telemetry)   // false: 40 is 80x the first loss, below 100x
/// telemetry.losses.append(60)
/// hasExploded(telemetry)   // true: 60 > 100 * 0.5
/// ```
///
/// An empty telemetry (a run that did not happen) has not exploded.
public func hasExploded(_ telemetry: Telemetry) -> Bool {
  guard let first = telemetry.losses.first else { return false }
  return telemetry.losses.contains { !$0.isFinite || $0 > RateThresholds.explosionFactor * first }
}
