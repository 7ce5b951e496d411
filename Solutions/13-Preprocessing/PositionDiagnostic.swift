import Tensors
import Training

extension Symptom {
  /// The examples sit at places that vary far more than their shapes, and the place says
  /// nothing about the class: the model has to learn every shape at every position.
  public static let positionNuisance = Symptom("position is a nuisance")
}

/// The thresholds of `diagnosePosition`. Provided.
public enum PositionThresholds {
  /// `centroidSpread / shapeSize` above which the position is a nuisance worth removing: the
  /// examples wander by more than half their own size, which is already more than the noise on
  /// their points. From the geometry, with a wide margin on both sides (calibrated on the
  /// reference): the broken runs' arrows wander by 2.8-3.6 times their size (offsets in -3...3
  /// for shapes of RMS radius about 0.75), centred data by 0 (up to rounding).
  public static let spreadRatio = 0.5

  /// The share of the centroids' variance explained by the class (eta^2) below which the
  /// position is taken to carry no information about the label. From theory, with a wide
  /// margin on both sides: when the position and the class are independent, eta^2 of
  /// d-dimensional centroids of N examples in C classes is distributed about like
  /// Beta(d (C - 1) / 2, d (N - C) / 2), with mean (C - 1) / (N - 1) (0.077 for 4 classes and
  /// 40 examples; the broken runs measure 0.02-0.23), while a position that *is* the label
  /// (the decoy) gives 0.82-0.90. Between the two, a position that explains part of the class
  /// is best kept as features of its own next to the centred shape (see the lesson). With
  /// fewer than about 5 C examples, chance alone gives large shares.
  public static let positionLabelShare = 0.5
}

/// Says whether the examples' positions are a nuisance that each example should be centred
/// for: they vary by more than `PositionThresholds.spreadRatio` times the shapes' size AND
/// the class explains less than `PositionThresholds.positionLabelShare` of that variation.
///
/// Both conditions matter. Large offsets alone are no reason to centre: when the position is
/// the label (an arrow in the upper-left corner means "upper left"), centring throws the
/// signal away. A small spread alone is no reason either: the data are already centred.
///
/// ```swift
/// let statistics = FrameStatistics(centroids: [], centroidSpread: 2.4, shapeSize: 0.75,
///                                  positionLabelShare: 0.03)
/// diagnosePosition(statistics).report
/// // position is a nuisance: the run: centroid spread / shape size 3.2, above the threshold
/// // 0.5; the run: share of the centroid variance explained by the class 0.03, below the
/// // threshold 0.5
/// //   likely cause: ...
/// //   fix: centre each example in its own frame ...
/// ```
///
/// Returns one finding with symptom `.positionNuisance` and two pieces of evidence, both at
/// `.run`, in this order: `"centroid spread / shape size"` (`statistics.spreadRatio`, above)
/// and `"share of the centroid variance explained by the class"` (below); or no finding.
///
/// Exercise 13.2.
public func diagnosePosition(_ statistics: FrameStatistics) -> [Finding] {
  // BEGIN EXERCISE 13.2
  // STUB: return [.notWritten("13.2")]
  let ratio = statistics.spreadRatio
  let share = statistics.positionLabelShare
  guard ratio > PositionThresholds.spreadRatio, share < PositionThresholds.positionLabelShare
  else { return [] }
  return [
    Finding(
      .positionNuisance,
      evidence: [
        Evidence(
          "centroid spread / shape size", at: .run, measured: ratio,
          threshold: PositionThresholds.spreadRatio, .above),
        Evidence(
          "share of the centroid variance explained by the class", at: .run, measured: share,
          threshold: PositionThresholds.positionLabelShare, .below),
      ],
      likelyCause:
        "each example sits at its own random place, farther than its own size, and the place "
        + "says nothing about the class: the model must learn every shape at every position",
      fix:
        "centre each example in its own frame (subtract its centroid: centred(_:)) before "
        + "training and before every prediction")
  ]
  // END EXERCISE 13.2
}

/// `diagnosePosition` on a data set: measures it with `frameStatistics` and diagnoses the
/// result. Provided.
///
/// ```swift
/// let run = makePositionRun(.broken, seed: 1)
/// diagnosePosition(run.training.inputs, labels: run.training.labels, classes: 4)
/// ```
public func diagnosePosition(
  _ inputs: Tensor, labels: [Int], classes: Int, dimensions: Int = 2
) -> [Finding] {
  diagnosePosition(
    frameStatistics(inputs, labels: labels, classes: classes, dimensions: dimensions))
}
