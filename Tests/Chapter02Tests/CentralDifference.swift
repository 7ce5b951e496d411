import Tensors

// The tests' own oracle for derivatives: central differences written here, independently of
// exercise 2.4, so that the tests of 2.1-2.3 and 2.5 grade those exercises even before the
// learner's gradient checker exists (and cannot inherit a bug from it).

/// `(f(x + h e_i) - f(x - h e_i)) / 2h` for every element i of `x`.
func centralDifference(_ f: (Tensor) -> Double, at x: Tensor, step h: Double = 1e-5) -> Tensor {
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
func largestRelativeError(_ analytic: Tensor, _ numeric: Tensor) -> Double {
  guard analytic.shape == numeric.shape else { return .infinity }
  var largest = 0.0
  for (a, n) in zip(analytic.scalars, numeric.scalars) where a != 0 || n != 0 {
    let error = abs(a - n) / max(abs(a), abs(n))
    if error.isNaN { return .nan }
    largest = max(largest, error)
  }
  return largest
}
