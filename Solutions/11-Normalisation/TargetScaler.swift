import Autodiff
import DataPipeline
import Tensors

/// Standardisation of regression targets, column by column, with the way back: train the
/// network against scaled targets, and un-scale its predictions before using or measuring them.
///
/// ```
/// scale:    z_ij = (y_ij - mean_j) / std_j      the targets the network is trained against
/// unscale:  y_ij = z_ij * std_j + mean_j        its predictions, back in the targets' unit
/// ```
///
/// with `mean_j` and `std_j` fitted once, on the training targets. A constant column gets
/// `std_j = 1` (centred, never divided by 0), exactly as `Standardizer` treats a constant
/// feature.
///
/// Forgetting to un-scale is the mirror image of forgetting to scale: the errors come out in
/// standard units (a root-mean-square error of 0.3 looks excellent) while the colours they
/// describe are off by 0.3 * 90 = 27 grey levels. scikit-learn's `TransformedTargetRegressor`
/// does this pairing for any regressor.
///
/// ```swift
/// let scaler = TargetScaler.fit(Tensor([[0, 10], [255, 30]]))
/// scaler.mean                                   // [127.5, 20.0]
/// scaler.standardDeviation                      // [127.5, 10.0]
/// scaler.scale(Tensor([[255, 10]]))             // [[1.0, -1.0]]
/// scaler.unscale(Tensor([[0, 0.5]]))            // [[127.5, 25.0]]
/// ```
public struct TargetScaler: Sendable {
  /// The mean of each target column over the fitted rows, shape `[outputs]`.
  public let mean: Tensor
  /// What each column is divided by: its population standard deviation over the fitted rows,
  /// or 1 for a constant column (see `Standardizer.constantTolerance`). Shape `[outputs]`,
  /// never 0.
  public let standardDeviation: Tensor

  /// Creates a scaler from known statistics. Stops with a message when they are not two
  /// vectors of the same length, or when a standard deviation is not positive and finite.
  public init(mean: Tensor, standardDeviation: Tensor) {
    check(
      mean.rank == 1 && standardDeviation.shape == mean.shape,
      "TargetScaler: mean (shape \(mean.shape)) and standardDeviation (shape "
        + "\(standardDeviation.shape)) must be vectors of the same length")
    check(
      standardDeviation.scalars.allSatisfy { $0 > 0 && $0.isFinite },
      "TargetScaler: every standard deviation must be positive and finite, got "
        + "\(standardDeviation.scalars)")
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  /// The number of target columns.
  public var columnCount: Int { mean.count }

  /// Measures each column of `targets`, `[examples, outputs]` (the training targets only): the
  /// mean, and the population standard deviation, or 1 for a constant column.
  ///
  /// Stops with a message naming `TargetScaler.fit` when `targets` is not a matrix with at
  /// least one row.
  ///
  /// Exercise 11.4.
  public static func fit(_ targets: Tensor) -> TargetScaler {
    // BEGIN EXERCISE 11.4
    // STUB: let width = Swift.max(targets.shape.last ?? 1, 1)
    // STUB: let nan = Tensor(shape: [width], repeating: .nan)
    // STUB: return TargetScaler(mean: nan, standardDeviation: Tensor(shape: [width], repeating: 1))
    check(
      targets.rank == 2 && targets.shape[0] >= 1,
      "TargetScaler.fit: targets must be an [examples, outputs] matrix with at least one row, "
        + "got shape \(targets.shape)")
    let statistics = Standardizer.fit(targets)
    var spread = statistics.standardDeviation
    for column in statistics.constantFeatures { spread.scalars[column] = 1 }
    return TargetScaler(mean: statistics.mean, standardDeviation: spread)
    // END EXERCISE 11.4
  }

  /// The targets in standard units, `(y - mean) / standardDeviation` per column: what the
  /// network is trained against.
  ///
  /// Stops with a message naming `TargetScaler.scale` and both column counts when `targets` is
  /// not a matrix of `columnCount` columns.
  ///
  /// Exercise 11.4.
  public func scale(_ targets: Tensor) -> Tensor {
    // BEGIN EXERCISE 11.4
    // STUB: return Tensor(shape: targets.shape, repeating: .nan)
    check(
      targets.rank == 2 && targets.shape[1] == columnCount,
      "TargetScaler.scale: targets of shape \(targets.shape) do not have the \(columnCount) "
        + "columns the scaler was fitted on")
    return (targets - mean) / standardDeviation
    // END EXERCISE 11.4
  }

  /// Predictions made in standard units, back in the targets' own unit:
  /// `z * standardDeviation + mean` per column.
  ///
  /// Stops with a message naming `TargetScaler.unscale` and both column counts when
  /// `predictions` is not a matrix of `columnCount` columns.
  ///
  /// Exercise 11.4.
  public func unscale(_ predictions: Tensor) -> Tensor {
    // BEGIN EXERCISE 11.4
    // STUB: return Tensor(shape: predictions.shape, repeating: .nan)
    check(
      predictions.rank == 2 && predictions.shape[1] == columnCount,
      "TargetScaler.unscale: predictions of shape \(predictions.shape) do not have the "
        + "\(columnCount) columns the scaler was fitted on")
    return predictions * standardDeviation + mean
    // END EXERCISE 11.4
  }
}

/// The broken colour run, fixed: the same standardised positions and raw 0-255 colours, but
/// the network is trained against the colours scaled by a `TargetScaler` fitted on the
/// training colours, and its validation predictions are un-scaled before they are measured
/// in grey levels. Provided.
///
/// ```swift
/// makeScaledColourRun(seed: 0).validationError   // 20.7 grey levels; the broken run
///                                                // diverges at the same learning rate
/// ```
public func makeScaledColourRun(seed: UInt64, setup: ColourSetup = ColourSetup())
  -> ColourRunResult
{
  let data = makeColourData(.broken, seed: seed, setup: setup)
  let scaler = TargetScaler.fit(data.trainingTargets)
  let (model, telemetry) = trainColourRegression(
    inputs: data.trainingInputs, targets: scaler.scale(data.trainingTargets), setup: setup,
    seed: seed)
  let predictions = scaler.unscale(model(Variable(data.validationInputs)).value)
  return ColourRunResult(
    model: model, telemetry: telemetry, validationPredictions: predictions,
    validationError: rootMeanSquaredError(predictions, data.validationColours))
}
