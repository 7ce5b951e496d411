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
  // TODO(5.4): your code here (README.md, exercise 5.4).
  return Variable(Tensor(Double.nan))
}
