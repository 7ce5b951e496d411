import Tensors
import Training

/// How much the loss fell at the end of a run: the relative drop of its mean over the last
/// `window` steps against the mean over the `window` steps before them.
///
/// ```
/// n        = telemetry.stepCount
/// before   = mean of losses[n - 2·window ..< n - window]
/// last     = mean of losses[n - window ..< n]
/// drop     = (before - last) / before
/// ```
///
/// About 0 on a plateau, 0.2 when the loss lost a fifth between the two windows, negative when
/// it rose. A loss that stopped falling is the first half of "cannot fit": a run whose loss
/// still falls fast may only need more steps.
///
/// ```swift
/// var telemetry = Telemetry()
/// telemetry.losses = [1, 1, 0.8, 0.6]
/// relativeLossDrop(telemetry, window: 2)   // (1 - 0.7) / 1 = 0.3
/// ```
///
/// Returns NaN when a window holds a loss that is not finite or `before` is not > 0 (a drop
/// relative to nothing means nothing).
///
/// Stops with a message when `window` is below 1 or the run has fewer than `2 · window`
/// steps.
///
/// Exercise 21.1.
public func relativeLossDrop(
  _ telemetry: Telemetry, window: Int = WidthThresholds.plateauWindow
) -> Double {
  // TODO(21.1): your code here (README.md, exercise 21.1).
  return .nan
}
