import Gradients
import Tensors

// The matrix product and the elementwise functions. Chapter 2 derived and coded each of these
// derivatives for plain tensors; here each one becomes the backward rule of a graph node.
// Inside `Variable`, a bare `relu(...)` would mean the method being defined, so the tensor
// functions are called by their module's name: `Gradients.relu(x)`, `Tensors.matmul(a, b)`.

/// The matrix product of an `[m, n]` and an `[n, p]` variable.
///
/// ```
/// forward:   C = A B                     [m, n] x [n, p] -> [m, p]
/// backward:  dL/dA = G Bᵀ                [m, p] x [p, n] -> [m, n], A's shape
///            dL/dB = Aᵀ G                [n, m] x [m, p] -> [n, p], B's shape
/// ```
///
/// A transpose in the wrong place often still type-checks and, for square matrices, even has
/// the right shape; the gradient is then silently wrong. Test with non-square shapes.
///
/// Exercise 3.5.
public func matmul(_ a: Variable, _ b: Variable) -> Variable {
  let (x, y) = (a.value, b.value)
  return Variable(value: Tensors.matmul(x, y), parents: [a, b], operation: "matmul") { g in
    // BEGIN EXERCISE 3.5
    // STUB: return placeholderGradients(x.shape, y.shape)
    let gradients = matmulBackward(g, x, y)
    return [gradients.a, gradients.b]
    // END EXERCISE 3.5
  }
}

extension Variable {
  /// The rectified linear unit, `max(x, 0)`, element by element.
  ///
  /// ```
  /// backward:  dL/dx = g where x > 0, 0 elsewhere
  /// ```
  ///
  /// At exactly 0 the derivative does not exist; like PyTorch, the rule uses 0 there.
  ///
  /// Exercise 3.5.
  public func relu() -> Variable {
    let x = value
    return Variable(value: Gradients.relu(x), parents: [self], operation: "relu") { g in
      // BEGIN EXERCISE 3.5
      // STUB: return placeholderGradients(x.shape)
      return [reluBackward(g, input: x)]
      // END EXERCISE 3.5
    }
  }

  /// The hyperbolic tangent, element by element.
  ///
  /// ```
  /// backward:  dL/dx = g * (1 - y^2)     with y = tanh(x), the output
  /// ```
  ///
  /// Exercise 3.5.
  public func tanh() -> Variable {
    let y = Gradients.tanh(value)
    return Variable(value: y, parents: [self], operation: "tanh") { g in
      // BEGIN EXERCISE 3.5
      // STUB: return placeholderGradients(y.shape)
      return [tanhBackward(g, output: y)]
      // END EXERCISE 3.5
    }
  }

  /// The logistic sigmoid, `1 / (1 + exp(-x))`, element by element.
  ///
  /// ```
  /// backward:  dL/dx = g * y * (1 - y)   with y = sigmoid(x), the output
  /// ```
  ///
  /// Exercise 3.5.
  public func sigmoid() -> Variable {
    let y = Gradients.sigmoid(value)
    return Variable(value: y, parents: [self], operation: "sigmoid") { g in
      // BEGIN EXERCISE 3.5
      // STUB: return placeholderGradients(y.shape)
      return [sigmoidBackward(g, output: y)]
      // END EXERCISE 3.5
    }
  }

  /// The exponential, element by element.
  ///
  /// ```
  /// backward:  dL/dx = g * y             with y = exp(x), the output
  /// ```
  ///
  /// Exercise 3.5.
  public func exp() -> Variable {
    let y = Gradients.exp(value)
    return Variable(value: y, parents: [self], operation: "exp") { g in
      // BEGIN EXERCISE 3.5
      // STUB: return placeholderGradients(y.shape)
      return [expBackward(g, output: y)]
      // END EXERCISE 3.5
    }
  }

  /// The natural logarithm, element by element.
  ///
  /// ```
  /// backward:  dL/dx = g / x
  /// ```
  ///
  /// `log(0)` is `-inf` and its gradient infinite: that is why losses are computed from
  /// log-softmax (chapter 5) rather than from the log of a softmax.
  ///
  /// Exercise 3.5.
  public func log() -> Variable {
    let x = value
    return Variable(value: Gradients.log(x), parents: [self], operation: "log") { g in
      // BEGIN EXERCISE 3.5
      // STUB: return placeholderGradients(x.shape)
      return [logBackward(g, input: x)]
      // END EXERCISE 3.5
    }
  }
}
