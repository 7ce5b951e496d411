import Training

extension Symptom {
  /// Some layer's units all start identical (every row of its weight bit-identical, as with
  /// all-zero or constant weights): they compute the same thing, receive the same gradient
  /// and stay identical for ever.
  public static let symmetricInitialisation = Symptom("symmetric initialisation")
  /// The signal vanishes on its way through the network at initialisation, and the weights of
  /// some layer are far below what the standard rules prescribe for it.
  public static let initialisationTooSmall = Symptom("initialisation too small")
  /// The signal explodes (or saturates every squashing unit) at initialisation, and the weights
  /// of some layer are far above what the standard rules prescribe for it.
  public static let initialisationTooLarge = Symptom("initialisation too large")
}

/// The thresholds of this chapter's diagnostic, each with where it comes from. Provided.
///
/// The healthy band of a hidden layer's activation standard deviation is about 0.5 to 2 (a
/// signal that keeps its size; chapter 6's variance argument and Karpathy's makemore part 3).
/// The activation thresholds sit a factor of 10 outside that band, so a network that is merely
/// unusual (tanh with Xavier, whose activations sit near 0.3) is not called broken. The weight
/// thresholds sit a factor of 2 outside the band spanned by the standard rules (LeCun, Xavier,
/// He): a factor that compounds to 2^L in the mean square after L layers.
public enum InitialisationThresholds {
  /// A hidden layer whose activations have a standard deviation below this carries no signal:
  /// a tenth of the healthy band's lower end, 0.5.
  public static let minimumActivationStandardDeviation = 0.05

  /// A hidden layer of unbounded units (ReLU, leaky ReLU, ELU) whose activations have a
  /// standard deviation above this has exploded: ten times the healthy band's upper end, 2.
  public static let maximumActivationStandardDeviation = 20.0

  /// A hidden layer of squashing units (tanh, sigmoid) with more than this fraction of its
  /// activations in the flat part (tanh |a| > 0.97, sigmoid |z| >= 5: the telemetry's
  /// definition) has exploded too: its output cannot grow, so it saturates instead.
  public static let maximumSaturatedFraction = 0.5

  /// A weight whose variance is below this fraction of the lowest standard prediction for its
  /// layer is too small.
  public static let lowVarianceFactor = 0.5

  /// A weight whose variance is above this many times the highest standard prediction for its
  /// layer is too large.
  public static let highVarianceFactor = 2.0
}
