import Autodiff
import Tensors

/// The logarithm of the softmax along `axis` (`-1` is the last), computed stably:
///
/// ```
/// logSoftmax(x)_k = log(exp(x_k) / sum over j of exp(x_j)) = x_k - logSumExp(x)
/// ```
///
/// Computing `softmax` first and then its `log` loses everything a `Double` cannot hold: for
/// logits `[1000, 0]` the softmax is exactly `[1, 0]` and the log of that 0 is `-inf`, where
/// the true value is `-1000`; and an unshifted `exp(1000)` is already infinite (NaN after the
/// division). `x - logSumExp(x)` never forms a probability. Chapter 1's `logSumExp` subtracts
/// the row's maximum before `exp`, so the result is finite for any finite logits, and chapter
/// 3's `logSumExp` node knows its own gradient (the softmax). Keep the reduced axis
/// (`keepingDimension: true`) so that it broadcasts back against `x`:
///
/// ```
/// backward:  dL/dx_k = g_k - softmax(x)_k * (sum over j of g_j)
/// ```
///
/// (which chapter 3's rules for `-` and `logSumExp` produce together, with `unbroadcast`).
///
/// ```
/// logSoftmax(Variable(Tensor([[1000, 0]]))).value   // [[0.0, -1000.0]]
/// logSoftmax(Variable(Tensor([[0, 0, 0]]))).value   // [[-1.0986..., -1.0986..., -1.0986...]]
/// ```
///
/// Exercise 5.2.
public func logSoftmax(_ logits: Variable, alongAxis axis: Int = -1) -> Variable {
  // TODO(5.2): your code here (README.md, exercise 5.2).
  return Variable(Tensor(shape: logits.shape, repeating: .nan))
}
