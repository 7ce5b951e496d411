import Tensors

// Shape operations move elements around without changing them, so their backward rules move
// the gradient back the same way: each element's gradient returns to where the element came
// from.

extension Variable {
  /// The same elements in the same order, seen with another shape (one dimension may be -1).
  ///
  /// ```
  /// backward:  dL/dx = g.reshaped(x.shape)
  /// ```
  ///
  /// Exercise 3.6.
  public func reshaped(_ newShape: [Int]) -> Variable {
    let inputShape = shape
    return Variable(value: value.reshaped(newShape), parents: [self], operation: "reshape") { g in
      // TODO(3.6): your code here (README.md, exercise 3.6).
      return placeholderGradients(inputShape)
    }
  }

  /// The matrix with rows and columns exchanged.
  ///
  /// ```
  /// backward:  dL/dx = gᵀ
  /// ```
  ///
  /// The gradient must be transposed back, not reshaped back: a reshape to `x.shape` has the
  /// right shape but puts every element's gradient in another element's place (chapter 1's
  /// "view is not permute" bug, now in the backward pass).
  ///
  /// Exercise 3.6.
  public func transposed() -> Variable {
    Variable(value: value.transposed(), parents: [self], operation: "transpose") { g in
      // TODO(3.6): your code here (README.md, exercise 3.6).
      return placeholderGradients(g.shape.reversed())
    }
  }
}
