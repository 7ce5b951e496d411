import Tensors

// The tests' own gradient checker: central differences written here, independently of the
// learner's exercise 2.4, so that chapter 2's tests grade 2.1-2.3 and 2.5 before the learner's
// checker exists, and chapters 3-5 grade every backward rule with a checker that cannot
// inherit a bug from it. (Chapter 3 keeps one test that the learner's checker agrees.)

/// `(f(x + h e_i) - f(x - h e_i)) / 2h` for every element i of `x`.
public func centralDifference(
  _ f: (Tensor) -> Double, at x: Tensor, step h: Double = 1e-5
) -> Tensor {
  var point = x
  var gradient = [Double](repeating: 0, count: x.count)
  for i in 0..<x.count {
    let original = point.scalars[i]
    point.scalars[i] = original + h
    let plus = f(point)
    point.scalars[i] = original - h
    let minus = f(point)
    point.scalars[i] = original
    gradient[i] = (plus - minus) / (2 * h)
  }
  return Tensor(shape: x.shape, scalars: gradient)
}

/// The largest element-wise `|a - n| / max(|a|, |n|)` (0 where both are 0); infinity when the
/// shapes differ and NaN when an element is NaN, so that a comparison `< tolerance` fails.
public func largestRelativeError(_ analytic: Tensor, _ numeric: Tensor) -> Double {
  worstRelativeError(analytic, numeric).error
}

/// The largest element-wise relative error of `analytic` against `numeric` and the multi-index
/// where it happens (the first NaN, if any; infinity and `[]` when the shapes differ).
public func worstRelativeError(
  _ analytic: Tensor, _ numeric: Tensor
) -> (error: Double, index: [Int]) {
  guard analytic.shape == numeric.shape else { return (.infinity, []) }
  var largest = 0.0
  var worst = 0
  for (i, (a, n)) in zip(analytic.scalars, numeric.scalars).enumerated() where a != 0 || n != 0 {
    let error = abs(a - n) / max(abs(a), abs(n))
    if error.isNaN { return (.nan, multiIndex(i, shape: analytic.shape)) }
    if error > largest {
      largest = error
      worst = i
    }
  }
  return (largest, analytic.count == 0 ? [] : multiIndex(worst, shape: analytic.shape))
}

/// The relative error below which an analytic gradient is right (the "good" threshold of the
/// CS231n notes on gradient checking, for `Double` and h = 1e-5).
public let rightGradientThreshold = 1e-7
