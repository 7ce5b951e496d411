import Training

extension Symptom {
  /// A backward rule wrote the first non-finite number: the forward pass was finite.
  public static let nonFiniteGradient = Symptom("non-finite gradient")
  /// A logarithm of zero (or of a negative number) wrote the first non-finite number.
  public static let logOfZero = Symptom("log of zero")
  /// An exponential overflowed first: an unstable softmax, exp(z) / Σ exp(z) on large logits.
  public static let softmaxOverflow = Symptom("softmax overflow")
  /// A division wrote the first non-finite number: a denominator of zero.
  public static let divisionByZero = Symptom("division by zero")
  /// The first non-finite number came after huge gradients (a repeated multiplication).
  public static let gradientExplodedToNaN = Symptom("gradient exploded to NaN")
  /// The first non-finite number came after the loss had grown: a learning rate too high.
  public static let rateDivergedToNaN = Symptom("rate diverged to NaN")
  /// A non-finite number with none of the causes above (a non-finite input, for instance).
  public static let nonFiniteValue = Symptom("non-finite value")
  /// Gradient clipping shortened more than half the steps: it is doing the rate's job.
  public static let clippingMostSteps = Symptom("clipping most steps")
}

/// The thresholds of this chapter, in one place.
public enum NaNThresholds {
  /// A gradient norm above this at the first step is "exploding": a healthy network on
  /// standardised data starts with norms of order 1 (the runs here: 0.1 to 10), while the
  /// scalar recurrence h₅₀ = w⁵⁰ h₀ at w = 1.5 has dL/dw of order 50 · 1.5⁴⁹ · h₅₀ ≈ 1e10
  /// and more. Six orders of magnitude from each side.
  public static let explodingGradientNorm = 1e6
  /// The loss must have grown by more than this factor (largest finite loss over the first)
  /// for a late non-finite value to count as divergence.
  public static let lossGrowth = 10.0
  /// The clipping threshold is this percentile of the logged gradient norms (the tuning
  /// playbook's advice: clip the largest 10% of the steps).
  public static let clippingPercentile = 0.9
  /// More than this fraction of clipped steps means the rate is too high (the playbook:
  /// when more than half the steps are clipped, lower the rate instead).
  public static let clippedFraction = 0.5
}
