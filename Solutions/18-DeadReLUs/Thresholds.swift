import Training

extension Symptom {
  /// Training has stalled and most units of a ReLU layer are dead: zero on every example of
  /// the probe batch, so they pass no gradient back.
  public static let deadReLUs = Symptom("dead ReLUs")
  /// An operation between the parameters and the loss (a clip, a clamp, a rounding) gives
  /// examples that are not at their best a gradient of exactly 0.
  public static let zeroGradientInLossPath = Symptom("zero gradient in the loss path")
}

/// The thresholds of this chapter's checks, each with where it comes from. Provided.
public enum DeadReLUThresholds {
  /// The loss has stalled when the mean of its last 10 steps is above this fraction of the
  /// mean of the 10 steps `stallWindow` steps earlier: it fell by less than 1% in 100 steps.
  /// The two dead runs measure 1 exactly (their loss does not move at all); the lesson's
  /// table has the ranges of every run over 50 seeds.
  public static let stalledFraction = 0.99

  /// How far back the stall rule looks, in steps.
  public static let stallWindow = 100

  /// The losses are averaged over this many steps on each side of the comparison.
  public static let averagedSteps = 10

  /// A layer is reported dead when more than this fraction of its units is dead: most of
  /// its capacity is gone. The healthy runs measured at most 0.19 at the end, the many-dead
  /// decoy up to 0.53 (it is not stalled), the broken runs 1.0 in their last hidden layer.
  public static let deadFraction = 0.5

  /// A layer's gradient norm below this is zero for every practical purpose: a dead layer's
  /// is exactly 0, the hidden layers of every other run here
  /// measured 9.6e-4 or more.
  public static let vanishedGradientNorm = 1e-8

  /// An example's gradient (with respect to its prediction) whose norm is below this is zero:
  /// the ops of `ZeroGradientOps.swift` give exactly 0.
  public static let zeroGradient = 1e-12

  /// An example has room to improve when predicting it ideally lowers the loss by more than
  /// this.
  public static let minimumImprovement = 1e-9

  /// The largest rate the fix trains at. On these spirals SGD at 3 or more killed most units
  /// of a layer on every seed measured and 2 on some; 1 trained on every seed. Chapter 16's
  /// search is how to find such a rate for another problem.
  public static let maximumRate = 1.0
}
