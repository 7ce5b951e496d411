import Autodiff
import Foundation
import Gradients
import Tensors

/// The binary cross-entropy of raw logits `z` against targets `y` in [0, 1], averaged over
/// every element: a new graph node, forward and backward side by side.
///
/// With `p = sigmoid(z)`, the textbook formula is `-(y log p + (1 - y) log(1 - p))`. Written
/// that way it breaks for confident logits: `sigmoid(-1000)` is exactly 0 in `Double`, and
/// `log(0)` is `-inf`; the other route, `log(1 + exp(-z))`, overflows for `z = -1000`. The
/// same function, rewritten so that `exp` only ever sees a number <= 0, is finite everywhere
/// (PyTorch's `BCEWithLogitsLoss`):
///
/// ```
/// forward:   L = (1/N) * sum over i of  max(z_i, 0) - z_i y_i + log(1 + exp(-|z_i|))
/// backward:  dL/dz_i = g * (sigmoid(z_i) - y_i) / N                N = number of elements
/// ```
///
/// The gradient is the prediction minus the truth, like softmax cross-entropy's. Write it
/// directly rather than composing chapter 3's operations: the composed `max` and `|z|` have
/// kinks at `z = 0`, where their rules would give `-y` instead of `0.5 - y`. (Use
/// `Foundation.log1p(x)`, an accurate `log(1 + x)` for small `x`, and chapter 2's stable
/// `Gradients.sigmoid`.)
///
/// ```
/// let z = Variable(Tensor([0, 1000, -1000]))
/// binaryCrossEntropyWithLogits(z, Tensor([1, 1, 1])).value   // (ln 2 + 0 + 1000) / 3
/// ```
///
/// - Parameters:
///   - logits: Raw scores of any shape (one per binary decision).
///   - targets: The same shape, each in [0, 1] (usually 0 or 1; soft labels are allowed).
///
/// Stops with a message naming both shapes when they differ (an `[N, 1]` output against `[N]`
/// targets), when they are empty, and when a target is outside [0, 1] (the -1/+1 labels of an
/// SVM are not probabilities).
///
/// Exercise 5.4.
public func binaryCrossEntropyWithLogits(_ logits: Variable, _ targets: Tensor) -> Variable {
  // BEGIN EXERCISE 5.4
  // STUB: return Variable(Tensor(Double.nan))
  let z = logits.value
  check(
    z.shape == targets.shape,
    "binaryCrossEntropyWithLogits: logits have shape \(z.shape) but targets have shape "
      + "\(targets.shape)")
  check(z.count > 0, "binaryCrossEntropyWithLogits: the logits are empty (shape \(z.shape))")
  if let index = targets.scalars.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
    check(
      false,
      "binaryCrossEntropyWithLogits: target \(targets.scalars[index]) at element \(index) is "
        + "outside [0, 1]; targets are probabilities (0 or 1 for hard labels, not -1 and +1)")
  }
  var total = 0.0
  for (zi, yi) in zip(z.scalars, targets.scalars) {
    total += Swift.max(zi, 0) - zi * yi + Foundation.log1p(Foundation.exp(-Swift.abs(zi)))
  }
  let count = Double(z.count)
  return Variable(
    value: Tensor(total / count), parents: [logits], operation: "binaryCrossEntropyWithLogits"
  ) { g in
    [(Gradients.sigmoid(z) - targets) * (g.scalar / count)]
  }
  // END EXERCISE 5.4
}
