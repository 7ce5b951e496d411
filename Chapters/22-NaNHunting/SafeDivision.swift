import Autodiff
import Tensors

/// Divides each row of `x` by its sum plus `epsilon`: counts become frequencies.
///
/// ```
/// y[i, j] = x[i, j] / (Σ_k x[i, k] + ε)
/// ```
///
/// The custom layer of this chapter's division-by-zero run, mended. A row of zeros (an empty
/// document: no word at all) has sum 0, and without ε its output is 0 / 0 = NaN, at the very
/// first step. With a small ε > 0 the empty row gives 0 / ε = 0, and its gradient
/// (-x / (s + ε)² for the sum, 1 / (s + ε) for x) stays finite; for a row whose sum is 1 or
/// more, ε = 1e-8 changes the result by at most one part in 10⁸. The ε goes into the
/// *denominator*, where the zero is, and is added (never multiplied: 0 · (1 + ε) is still 0).
///
/// Build it from chapter 3's operations (`sum(alongAxis:keepingDimension:)`, `+`, `/`), so that
/// the gradient comes for free and the anomaly mode sees each step.
///
/// Stops with a message unless `x` is a matrix and `epsilon` is finite and >= 0.
///
/// Exercise 22.4.
public func normaliseRows(_ x: Variable, epsilon: Double) -> Variable {
  // TODO(22.4): your code here (README.md, exercise 22.4).
  return Variable(Tensor(shape: x.shape, repeating: .nan))
}
