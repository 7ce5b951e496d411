import Tensors

/// Decides when to stop training: when the validation loss has not improved for `patience`
/// epochs in a row. Keeps the best loss and the epoch it was reached at.
///
/// ```
/// improved = loss < bestLoss - minDelta
/// if improved:  bestLoss = loss, bestEpoch = this epoch, epochsWithoutImprovement = 0
/// else:         epochsWithoutImprovement += 1
/// stop when epochsWithoutImprovement >= patience        (or at once for a non-finite loss)
/// ```
///
/// With patience 2 and validation losses `1.0, 0.8, 0.85, 0.82, ...`: epoch 1 is the best
/// (0.8), epochs 2 and 3 do not beat it, so `update` returns true after epoch 3, and training
/// stops having run 4 epochs. The weights worth keeping are those of `bestEpoch`, not the last
/// ones: `train` copies the weights after every improvement and, with `restoreBestWeights` (on
/// by default), puts the best ones back when the run ends (Keras's `restore_best_weights`).
///
/// ```swift
/// var stopper = EarlyStopping(patience: 2)
/// for loss in [1.0, 0.8, 0.85, 0.82] { print(stopper.update(validationLoss: loss)) }
/// // false, false, false, true
/// stopper.bestEpoch   // 1
/// ```
///
/// - `minDelta` ignores improvements too small to mean anything: with `minDelta = 0.01`, 0.995
///   after 1.0 is not an improvement, and the best loss stays 1.0 (as in Keras and PyTorch
///   Lightning). Equal losses never count as an improvement.
/// - A NaN or infinite loss stops at once: training has diverged, and waiting `patience`
///   epochs only wastes them. PyTorch Lightning's `EarlyStopping` does the same (its
///   `check_finite`, on by default); Keras's `EarlyStopping` does not (a NaN is simply never an
///   improvement, so it waits out the patience), and Keras stops on a NaN loss only with the
///   separate `TerminateOnNaN` callback.
///
/// Epochs are counted from 0 by the calls to `update`, one call per epoch.
public struct EarlyStopping: Equatable, Sendable {
  /// How many epochs in a row without improvement end training, at least 1.
  public let patience: Int
  /// The smallest decrease of the loss that counts as an improvement, >= 0.
  public let minDelta: Double
  /// The best validation loss so far (infinity before the first update).
  public private(set) var bestLoss = Double.infinity
  /// The epoch of `bestLoss`, nil before the first improvement.
  public private(set) var bestEpoch: Int?
  /// Consecutive epochs since the last improvement.
  public private(set) var epochsWithoutImprovement = 0
  /// The number of epochs seen, that is of calls to `update`.
  public private(set) var epochsSeen = 0
  /// Whether the last update asked to stop.
  public private(set) var shouldStop = false
  /// Whether `train` puts the weights of `bestEpoch` back at the end of the run (true by
  /// default; Keras's `restore_best_weights`, which defaults to false there).
  public let restoreBestWeights: Bool

  /// Creates a stopper; stops with a message unless `patience >= 1` and `minDelta` is finite
  /// and >= 0.
  ///
  /// Exercise 10.4 (the checks).
  public init(patience: Int, minDelta: Double = 0, restoreBestWeights: Bool = true) {
    // BEGIN EXERCISE 10.4
    check(patience >= 1, "EarlyStopping: patience must be at least 1, got \(patience)")
    check(
      minDelta >= 0 && minDelta.isFinite,
      "EarlyStopping: minDelta must be finite and >= 0, got \(minDelta)")
    // END EXERCISE 10.4
    self.patience = patience
    self.minDelta = minDelta
    self.restoreBestWeights = restoreBestWeights
  }

  /// Records the validation loss of the next epoch and returns whether to stop training now.
  ///
  /// Exercise 10.4.
  @discardableResult
  public mutating func update(validationLoss loss: Double) -> Bool {
    // BEGIN EXERCISE 10.4
    // STUB: return false
    let epoch = epochsSeen
    epochsSeen += 1
    guard loss.isFinite else {
      shouldStop = true
      return true
    }
    if loss < bestLoss - minDelta {
      bestLoss = loss
      bestEpoch = epoch
      epochsWithoutImprovement = 0
    } else {
      epochsWithoutImprovement += 1
    }
    shouldStop = epochsWithoutImprovement >= patience
    return shouldStop
    // END EXERCISE 10.4
  }
}
