import Tensors

// The gradient checker (exercise 2.4): the test every backward rule of this workbook must pass.
// It compares an analytic gradient (the formula you derived and coded) with a numerical one
// (measured by nudging each input a little), which needs no derivation and so cannot share
// your mistake.

/// The gradient of `f` at `x`, measured by central differences, one element at a time:
///
/// ```
/// df/dx_i ≈ (f(x + h e_i) - f(x - h e_i)) / 2h      e_i = 1 at element i, 0 elsewhere
/// ```
///
/// The error of the central difference shrinks like h^2 (the one-sided
/// `(f(x + h) - f(x)) / h` only like h), but h cannot be made arbitrarily small: `f(x + h)` and
/// `f(x - h)` are rounded to about 16 significant digits, and their difference is divided by
/// 2h, so the rounding error grows like 1/h. In `Double`, h around 1e-5 balances the two.
///
/// Costs two evaluations of `f` per element: fine for checking, far too slow for training.
///
/// ```
/// numericalGradient(of: { ($0 * $0).sum() }, at: Tensor([1, -2]))   // ≈ [2.0, -4.0]
/// ```
///
/// - Parameters:
///   - f: A scalar function of a tensor (typically: the loss, as a function of one parameter).
///   - x: Where to measure the gradient. Not modified.
///   - h: The step; must be positive.
/// - Returns: A tensor of `x`'s shape.
///
/// Exercise 2.4.
public func numericalGradient(
  of f: (Tensor) -> Double, at x: Tensor, step h: Double = 1e-5
) -> Tensor {
  // TODO(2.4): your code here (README.md, exercise 2.4).
  return Tensor(shape: x.shape, repeating: .nan)
}

/// How far apart two numbers are, relative to the larger of the two:
///
/// ```
/// relativeError(a, n) = |a - n| / max(|a|, |n|),   and 0 when a = n = 0
/// ```
///
/// A relative error means the same for a gradient of 1e-6 and one of 1e6, which an absolute
/// difference does not. Dividing by the larger magnitude keeps it symmetric and at most 2 (1
/// when one of them is 0, 2 when they have opposite signs and equal sizes). Both zero is a
/// perfect match, not 0/0.
///
/// ```
/// relativeError(1.0, 1.5)   // 0.5 / 1.5 = 0.333...
/// relativeError(0, 0)       // 0.0
/// ```
///
/// Exercise 2.4.
public func relativeError(_ analytic: Double, _ numeric: Double) -> Double {
  // TODO(2.4): your code here (README.md, exercise 2.4).
  return .nan
}

/// What a relative error between an analytic and a numerical gradient means, with the
/// thresholds of the CS231n notes on gradient checking (for `Double` and h around 1e-5):
///
/// ```
/// error <  1e-7          good: the gradient is right
/// 1e-7 <= error < 1e-4   acceptable only at kinks (ReLU at 0, max): suspicious elsewhere
/// 1e-4 <= error < 1e-2   suspicious: usually a bug, unless the function has kinks
/// error >= 1e-2          wrong: almost certainly a bug
/// ```
///
/// The deeper the network, the larger the error a correct gradient accumulates, so 1e-5 can be
/// fine for a deep net while it would be a bad sign for a single layer. A NaN error is `wrong`.
public enum GradientVerdict: String, Sendable {
  /// Below 1e-7: the analytic gradient is right.
  case good
  /// From 1e-7 to 1e-4: acceptable for functions with kinks (ReLU, max), not otherwise.
  case acceptableOnlyAtKinks
  /// From 1e-4 to 1e-2: usually a bug.
  case suspicious
  /// 1e-2 and above, or NaN: the gradient is wrong.
  case wrong

  /// The verdict for a relative error (see the thresholds above).
  ///
  /// Exercise 2.4.
  public init(relativeError: Double) {
    // TODO(2.4): your code here (README.md, exercise 2.4).
    self = .wrong
  }
}

/// The result of `checkGradient`: the largest relative error over all elements, where it
/// happened, and what it means.
public struct GradientCheck: Sendable {
  /// The largest element-wise relative error between the analytic and the numerical gradient
  /// (NaN when an element of either is NaN).
  public let maxRelativeError: Double
  /// The multi-index of the element with that error, e.g. `[1, 2]` (empty for an empty tensor).
  public let worstIndex: [Int]
  /// `GradientVerdict(relativeError: maxRelativeError)`.
  public let verdict: GradientVerdict
}

/// Compares an analytic gradient of `f` at `x` with `numericalGradient(of:at:step:)`, element
/// by element, and reports the worst element.
///
/// ```
/// let x = Tensor([1, 2, 3])
/// let check = checkGradient(of: { ($0 * $0 * $0).sum() }, analytic: 3 * x * x, at: x)
/// check.verdict            // .good
/// check.maxRelativeError   // about 1e-10
/// ```
///
/// Stops with a message when `analytic` and `x` have different shapes (a gradient always has
/// the shape of what it differentiates).
///
/// Exercise 2.4.
public func checkGradient(
  of f: (Tensor) -> Double, analytic: Tensor, at x: Tensor, step h: Double = 1e-5
) -> GradientCheck {
  // TODO(2.4): your code here (README.md, exercise 2.4).
  return GradientCheck(maxRelativeError: .nan, worstIndex: [], verdict: .wrong)
}
