import Tensors

// Backward rules of the elementwise functions (exercise 2.1).
//
// Every rule has the same form. The forward pass computed y = f(x) element by element, and the
// rest of the network, all the way to the scalar loss L, is summed up in the upstream gradient
// g = dL/dy (same shape as y). The chain rule gives, element by element,
//
//     dL/dx = dL/dy * dy/dx = g * f'(x)
//
// So each function below multiplies the upstream gradient by the local derivative. Where f'(x)
// is easiest to write with the output y (tanh, sigmoid, exp), the rule takes y, which the
// forward pass has already computed, instead of x: read the argument label carefully.

/// The gradient through `relu`: the upstream gradient where `x > 0`, and 0 elsewhere.
///
/// ```
/// dL/dx = g * (x > 0 ? 1 : 0)
/// ```
///
/// ReLU has a kink at 0, where it has no derivative. This rule takes the derivative at exactly
/// 0 to be 0, as PyTorch does (any value in [0, 1] would be a valid subgradient). A gradient
/// checker disagrees near a kink, because `x - h` and `x + h` fall on different sides of it.
///
/// ```
/// reluBackward(Tensor([5, 5, 5]), input: Tensor([-1, 0, 2]))   // [0.0, 0.0, 5.0]
/// ```
///
/// - Parameters:
///   - upstream: `g = dL/dy`, with the shape of `x`.
///   - x: The input of `relu` in the forward pass.
///
/// Exercise 2.1.
public func reluBackward(_ upstream: Tensor, input x: Tensor) -> Tensor {
  // TODO(2.1): your code here (README.md, exercise 2.1).
  return Tensor(shape: x.shape, repeating: .nan)
}

/// The gradient through `tanh`, written with its output `y = tanh(x)`:
///
/// ```
/// d tanh(x)/dx = 1 - tanh(x)^2 = 1 - y^2,   so   dL/dx = g * (1 - y^2)
/// ```
///
/// The argument is the output y, not the input x: `1 - x^2` or `1 - tanh(y)^2` are the bugs.
///
/// ```
/// tanhBackward(Tensor([1, 1]), output: Tensor([0, 0.5]))   // [1.0, 0.75]
/// ```
///
/// Exercise 2.1.
public func tanhBackward(_ upstream: Tensor, output y: Tensor) -> Tensor {
  // TODO(2.1): your code here (README.md, exercise 2.1).
  return Tensor(shape: y.shape, repeating: .nan)
}

/// The gradient through `sigmoid`, written with its output `y = sigmoid(x)`:
///
/// ```
/// d sigmoid(x)/dx = sigmoid(x) * (1 - sigmoid(x)) = y * (1 - y)
/// dL/dx = g * y * (1 - y)
/// ```
///
/// The largest local derivative is 1/4, at x = 0 (y = 1/2): a sigmoid always shrinks the
/// gradient by at least a factor of 4, one reason deep sigmoid networks learn slowly.
///
/// ```
/// sigmoidBackward(Tensor([1, 1]), output: Tensor([0.5, 0.9]))   // ≈ [0.25, 0.09]
/// ```
///
/// Exercise 2.1.
public func sigmoidBackward(_ upstream: Tensor, output y: Tensor) -> Tensor {
  // TODO(2.1): your code here (README.md, exercise 2.1).
  return Tensor(shape: y.shape, repeating: .nan)
}

/// The gradient through `exp`, written with its output `y = exp(x)`: exp is its own derivative.
///
/// ```
/// dL/dx = g * exp(x) = g * y
/// ```
///
/// Exercise 2.1.
public func expBackward(_ upstream: Tensor, output y: Tensor) -> Tensor {
  // TODO(2.1): your code here (README.md, exercise 2.1).
  return Tensor(shape: y.shape, repeating: .nan)
}

/// The gradient through `log`, written with its input `x`:
///
/// ```
/// d log(x)/dx = 1/x,   so   dL/dx = g / x
/// ```
///
/// It grows without bound as x approaches 0, which is why a loss that takes the log of a
/// probability that can reach 0 produces infinite gradients (chapter 5 avoids it).
///
/// ```
/// logBackward(Tensor([1, 1]), input: Tensor([2, 0.5]))   // [0.5, 2.0]
/// ```
///
/// Exercise 2.1.
public func logBackward(_ upstream: Tensor, input x: Tensor) -> Tensor {
  // TODO(2.1): your code here (README.md, exercise 2.1).
  return Tensor(shape: x.shape, repeating: .nan)
}
