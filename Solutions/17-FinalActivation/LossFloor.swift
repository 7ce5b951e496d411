import Tensors
import Training
import WorkbookSupport

/// The lowest mean squared error any output confined to `range` can reach on `targets`:
///
/// ```
/// dist(y, [lo, hi]) = lo - y   if y < lo
///                     y - hi   if y > hi
///                     0        otherwise
/// floor = mean over every element of dist(y, [lo, hi])²
/// ```
///
/// Why it is a floor: for any prediction p inside the range, `|p - y| >= dist(y, range)`, so
/// each squared error is at least `dist²`, and so is their mean, whatever the network, the
/// optimizer or the number of steps. It is also reached: predicting `y` clamped to the range
/// scores exactly the floor. For a ReLU output (`[0, inf)`) it is `mean(min(y, 0)²)`: on
/// sin(x) at 64 points of [-π, π], 0.2461.
///
/// ```swift
/// lossFloor(Tensor([[-2], [-1], [0], [3]]), range: OutputRange(lower: 0, upper: .infinity))
/// // (4 + 1 + 0 + 0) / 4 = 1.25
/// lossFloor(Tensor([[-3], [0], [2]]), range: OutputRange(lower: -1, upper: 1))
/// // (4 + 0 + 1) / 3 = 1.6667
/// ```
///
/// Returns NaN for the stub's range (`OutputRange.notWritten`, NaN ends). Stops with a message
/// naming `lossFloor` when `targets` is empty or a target is not finite.
///
/// Exercise 17.2.
public func lossFloor(_ targets: Tensor, range: OutputRange) -> Double {
  // BEGIN EXERCISE 17.2
  // STUB: return .nan
  check(targets.count >= 1, "lossFloor: targets must not be empty, got shape \(targets.shape)")
  check(
    targets.isFinite, "lossFloor: every target must be finite, got \(targets.scalars.prefix(8))")
  guard range.isValid else { return .nan }
  var total = 0.0
  for y in targets.scalars {
    let distance = y < range.lower ? range.lower - y : (y > range.upper ? y - range.upper : 0)
    total += distance * distance
  }
  return total / Double(targets.count)
  // END EXERCISE 17.2
}
