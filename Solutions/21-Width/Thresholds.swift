import Training

extension Symptom {
  /// The network has too few hidden units for the task: it cannot fit even its training data
  /// (the accuracy stopped far below what the task allows) while the optimisation itself is
  /// healthy (every layer moves, no layer is dead). Chapter 14's `.underfitting` is the
  /// broader sign (the training loss near that of a constant guess); this is one of its
  /// causes, told apart from the others.
  public static let tooFewUnits = Symptom("too few units")
}

/// The thresholds of this chapter's diagnostic, each with where it comes from. Provided.
public enum WidthThresholds {
  /// The loss is compared over two windows of this many steps at the end of a run: the last
  /// one and the one before it. A sixth of the chapter's 300-step runs: long enough that the
  /// noise of a probe does not decide, short enough that the windows sit on the plateau.
  public static let plateauWindow = 50

  /// The loss has stopped falling when the mean of the last window is less than this fraction
  /// below the mean of the window before. Over 50 seeds the one-unit runs that reached 75%
  /// fell by at most 2.5% between the two windows (2x below the line); the healthy runs by at
  /// least 22% (a separable problem's cross-entropy goes on falling towards 0).
  public static let plateauDrop = 0.05

  /// Every layer's median update ratio `||Δθ|| / ||θ||` must be above this for the
  /// optimisation to count as healthy: a tenth of the healthy 1e-3 (CS231n, Karpathy),
  /// chapter 16's line for a rate too low. Over 50 seeds the one-unit runs at 75% measured
  /// 1.5e-3 to 3.4e-3 (their smallest layer), the too-low decoy (rate 1e-4) at most 2.3e-5.
  public static let lowUpdateRatio = 1e-4

  /// No layer may have this fraction of its units dead (zero on every probe example, chapter
  /// 18) or more: half a layer dead is a layer that lost its units to the optimiser, not a
  /// layer that was too small to begin with.
  public static let deadFraction = 0.5
}
