import Foundation
import Tensors

// The elementwise functions a network is built from, applied to every element of a tensor.
// They are provided: this chapter is about their derivatives (exercise 2.1), not about them.
// Each calls the scalar function from Foundation by its full name (`Foundation.tanh`), because
// inside this module a bare `tanh` would also match the tensor version below.

/// The rectified linear unit, `max(x, 0)`, element by element.
///
/// ```
/// relu(Tensor([-2, 0, 3]))   // [0.0, 0.0, 3.0]
/// ```
public func relu(_ x: Tensor) -> Tensor {
  x.map { $0 > 0 ? $0 : 0 }
}

/// The logistic sigmoid, `1 / (1 + exp(-x))`, element by element, computed without overflow.
///
/// For a large negative `x`, `exp(-x)` overflows to infinity. The result is still right (1/inf
/// is 0), but the same formula written the other way round, `exp(x) / (1 + exp(x))`, gives
/// inf/inf = NaN for a large positive `x`. Using each form only on the side where its `exp`
/// cannot overflow is safe everywhere:
///
/// ```
/// x >= 0:  1 / (1 + exp(-x))
/// x <  0:  exp(x) / (1 + exp(x))
/// ```
///
/// ```
/// sigmoid(Tensor([0, 1000, -1000]))   // [0.5, 1.0, 0.0]
/// ```
public func sigmoid(_ x: Tensor) -> Tensor {
  x.map { value in
    if value >= 0 { return 1 / (1 + Foundation.exp(-value)) }
    let e = Foundation.exp(value)
    return e / (1 + e)
  }
}

/// The hyperbolic tangent, element by element. Its values lie in (-1, 1).
public func tanh(_ x: Tensor) -> Tensor {
  x.map { Foundation.tanh($0) }
}

/// The exponential, element by element.
public func exp(_ x: Tensor) -> Tensor {
  x.map { Foundation.exp($0) }
}

/// The natural logarithm, element by element. `log(0)` is `-inf` and a negative element gives
/// NaN, as for the scalar function.
public func log(_ x: Tensor) -> Tensor {
  x.map { Foundation.log($0) }
}
