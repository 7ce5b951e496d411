import DataPipeline
import Tensors
import Training

extension Symptom {
  /// Regression targets far from the scale of an untrained network's outputs, in either
  /// direction.
  public static let unscaledTargets = Symptom("unscaled targets")
}

/// Judges each column of regression targets (`[examples, outputs]`) against the scale of an
/// untrained network's outputs, which a He- or Glorot-initialised network with an identity
/// output layer puts near 0 with a spread of order 1:
///
/// ```
/// mean_j, std_j over the examples (population std)
/// |mean_j| > ScaleThresholds.maximumAbsoluteMean       -> evidence "|mean|", above
/// std_j    > ScaleThresholds.maximumStandardDeviation  -> evidence "standard deviation", above
/// std_j    < ScaleThresholds.minimumStandardDeviation  -> evidence "standard deviation", below
/// ```
///
/// Returns one `unscaledTargets` finding holding every piece of evidence, in column order
/// (for one column: `"|mean|"`, then `"standard deviation"`), each at `.target(j)` with the
/// measured value and its threshold; or an empty array when every column is within the limits.
///
/// Both directions are mistakes for a target, unlike for an input. Targets of 0-255 against
/// outputs near 0 give errors near 128, a mean squared error in the tens of thousands, and
/// gradients a hundred times the usual size: a learning rate that suits scaled targets blows
/// up (Daniel Holden's example: predicting RGB colours as 0-255). Targets of 0-0.001 make the
/// loss tiny whatever the predictions: the untrained network's own outputs are a thousand
/// times the signal, and a loss of 1e-6 looks solved while every prediction is wrong. A
/// constant target column (spread 0) is reported the same way: there is nothing to learn.
///
/// Why the mean counts too: a target of 290 ± 5 (a temperature in kelvin) has a fine spread,
/// but the output bias must travel to 290, with gradients of hundreds on the way.
///
/// ```swift
/// targetScaleFindings(makeColourData(.broken, seed: 0).trainingTargets)
///     .first?.evidence.map(\.location)
/// // [target 0, target 0, target 1, target 1, target 2, target 2]: every mean and every spread
/// targetScaleFindings(makeColourData(.healthy, seed: 0).trainingTargets)   // []
/// ```
///
/// Stops with a message naming `targetScaleFindings` when `targets` is not a matrix with at
/// least 2 examples and 1 column, and when a value is not finite (naming its column and
/// example).
///
/// Exercise 11.2.
public func targetScaleFindings(_ targets: Tensor) -> [Finding] {
  // BEGIN EXERCISE 11.2
  // STUB: return [.notWritten("11.2")]
  check(
    targets.rank == 2 && targets.shape[0] >= 2 && targets.shape[1] >= 1,
    "targetScaleFindings: targets must be an [examples, outputs] matrix with at least 2 "
      + "examples and 1 column, got shape \(targets.shape)")
  let columns = targets.shape[1]
  if let index = targets.scalars.firstIndex(where: { !$0.isFinite }) {
    check(
      false,
      "targetScaleFindings: target \(index % columns) of example \(index / columns) is "
        + "\(targets.scalars[index]); repair non-finite targets first")
  }
  let statistics = Standardizer.fit(targets)
  var evidence: [Evidence] = []
  for column in 0..<columns {
    let mean = statistics.mean.scalars[column]
    let spread = statistics.standardDeviation.scalars[column]
    if Swift.abs(mean) > ScaleThresholds.maximumAbsoluteMean {
      evidence.append(
        Evidence(
          "|mean|", at: .target(column), measured: Swift.abs(mean),
          threshold: ScaleThresholds.maximumAbsoluteMean, .above))
    }
    if spread > ScaleThresholds.maximumStandardDeviation {
      evidence.append(
        Evidence(
          "standard deviation", at: .target(column), measured: spread,
          threshold: ScaleThresholds.maximumStandardDeviation, .above))
    }
    if spread < ScaleThresholds.minimumStandardDeviation {
      evidence.append(
        Evidence(
          "standard deviation", at: .target(column), measured: spread,
          threshold: ScaleThresholds.minimumStandardDeviation, .below))
    }
  }
  guard !evidence.isEmpty else { return [] }
  return [
    Finding(
      .unscaledTargets, evidence: evidence,
      likelyCause:
        "the targets are in their raw unit (0-255 colours, prices, kelvin): far from the "
        + "outputs of an untrained network, so the early errors and gradients are huge (or, "
        + "for tiny targets, the loss is tiny whatever the predictions)",
      fix:
        "fit a TargetScaler on the training targets, train against scaled targets and "
        + "un-scale the predictions before using or measuring them")
  ]
  // END EXERCISE 11.2
}
