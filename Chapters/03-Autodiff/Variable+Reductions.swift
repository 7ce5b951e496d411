import Gradients
import Tensors

// Reductions. A reduction's backward rule goes the other way: every element that was summed
// into an output receives that output's gradient, so the upstream gradient is broadcast back
// over the reduced axis (the mirror image of `unbroadcast`, where a broadcast's rule sums).

extension Variable {
  /// The sum of every element, as a rank-0 variable (shape `[]`).
  ///
  /// ```
  /// forward:   s = sum over i of x_i
  /// backward:  dL/dx_i = g               (g is a single number)
  /// ```
  ///
  /// Exercise 3.6.
  public func sum() -> Variable {
    let inputShape = shape
    return Variable(value: Tensor(value.sum()), parents: [self], operation: "sum") { g in
      // TODO(3.6): your code here (README.md, exercise 3.6).
      return placeholderGradients(inputShape)
    }
  }

  /// The mean of every element, as a rank-0 variable (shape `[]`).
  ///
  /// ```
  /// forward:   m = (sum over i of x_i) / N
  /// backward:  dL/dx_i = g / N
  /// ```
  ///
  /// Forgetting the 1/N makes the gradient N times too large: with a batch of 64 that is a
  /// learning rate 64 times too high.
  ///
  /// Exercise 3.6.
  public func mean() -> Variable {
    let inputShape = shape
    return Variable(value: Tensor(value.mean()), parents: [self], operation: "mean") { g in
      // TODO(3.6): your code here (README.md, exercise 3.6).
      return placeholderGradients(inputShape)
    }
  }

  /// The sum along one axis (`-1` is the last).
  ///
  /// ```
  /// forward:   s[..., ...] = sum over k of x[..., k, ...]
  /// backward:  dL/dx[..., k, ...] = g[..., ...]      for every k
  /// ```
  ///
  /// The upstream gradient has the reduced shape; reshape it to the shape with the axis kept
  /// (size 1) and broadcast it back along the axis.
  ///
  /// Exercise 3.6.
  public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
    let axis = value.normalizedAxis(axis, for: "sum")
    let inputShape = shape
    return Variable(
      value: value.sum(alongAxis: axis, keepingDimension: keepingDimension), parents: [self],
      operation: "sum"
    ) { g in
      // TODO(3.6): your code here (README.md, exercise 3.6).
      return placeholderGradients(inputShape)
    }
  }

  /// The mean along one axis (`-1` is the last).
  ///
  /// ```
  /// backward:  dL/dx[..., k, ...] = g[..., ...] / n      n = the length of the axis
  /// ```
  ///
  /// Exercise 3.6.
  public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
    let axis = value.normalizedAxis(axis, for: "mean")
    let inputShape = shape
    return Variable(
      value: value.mean(alongAxis: axis, keepingDimension: keepingDimension), parents: [self],
      operation: "mean"
    ) { g in
      // TODO(3.6): your code here (README.md, exercise 3.6).
      return placeholderGradients(inputShape)
    }
  }

  /// `log(sum(exp(x)))` along one axis, computed stably (chapter 1).
  ///
  /// ```
  /// forward:   s = log(sum over k of exp(x_k))
  /// backward:  dL/dx_k = g * exp(x_k) / sum over j of exp(x_j) = g * softmax(x)_k
  /// ```
  ///
  /// The softmax comes out of the derivative for free; compute it with chapter 1's stable
  /// `softmax(alongAxis:)`, not as `exp(x) / sum(exp(x))`, which overflows for logits like
  /// 1000. This is the backward pass of every cross-entropy loss.
  ///
  /// Exercise 3.6.
  public func logSumExp(alongAxis axis: Int = -1, keepingDimension: Bool = false) -> Variable {
    let axis = value.normalizedAxis(axis, for: "logSumExp")
    let x = value
    return Variable(
      value: value.logSumExp(alongAxis: axis, keepingDimension: keepingDimension),
      parents: [self], operation: "logSumExp"
    ) { g in
      // TODO(3.6): your code here (README.md, exercise 3.6).
      return placeholderGradients(x.shape)
    }
  }
}
