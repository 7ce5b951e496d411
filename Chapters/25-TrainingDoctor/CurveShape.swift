import Foundation
import Tensors

/// Classifies the shape of a loss curve, the first clue to why a run fails. The rules, in
/// this order (`first` = losses[0]; the thresholds are `DoctorThresholds`):
///
/// ```
/// a loss is not finite, or above explosionFactor (10) · first        .exploding
/// turns = the fraction of the points 1 ..< n - 1 where the curve changes direction
///         ((losses[i] - losses[i - 1]) · (losses[i + 1] - losses[i]) < 0); 0 when n = 2
/// end = the mean of the last max(1, n / 10) losses
/// end >= first                                  turns > oscillationFraction (0.4)
///                                                   ? .oscillating : .rising
/// end > plateauFraction (0.8) · first           turns > 0.4 ? .oscillating : .plateau
/// otherwise                                                                        .falling
/// ```
///
/// The shapes and what they usually mean (Karpathy's recipe; Tobin's troubleshooting guide):
/// rising, a sign flipped or a rate far too high; exploding, numerics or the rate; oscillating,
/// the rate or labels that contradict each other; plateau, the rate too low, no gradient flow
/// or too much regularisation.
///
/// What it cannot tell: a curve that falls and then explodes late reads as exploding (the
/// rule looks at every step); mini-batch noise turns a curve that still falls up and down at
/// half its points, which is why "turns" decides only between curves that did not come down.
///
/// ```swift
/// curveShape([1, 0.5, 0.2, 0.1])          // .falling
/// curveShape([1, 0.99, 0.98, 0.98])       // .plateau
/// curveShape([1, 3, 40, .nan])            // .exploding
/// ```
///
/// Stops with a message naming `curveShape` when there are fewer than 2 losses, or when the
/// first is not finite and > 0.
///
/// Exercise 25.2.
public func curveShape(_ losses: [Double]) -> CurveShape {
  // TODO(25.2): your code here (README.md, exercise 25.2).
  return .notWritten
}
