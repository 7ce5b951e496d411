extension Tensor {
  /// The same scalars, in the same order, seen with another shape.
  ///
  /// Reshaping never moves an element: `scalars` is unchanged, only the way it is cut into
  /// rows changes. One dimension may be `-1`; it is inferred from the element count.
  ///
  /// ```
  /// Tensor([[1, 2, 3], [4, 5, 6]]).reshaped([3, 2])   // [[1, 2], [3, 4], [5, 6]]
  /// Tensor([[1, 2, 3], [4, 5, 6]]).reshaped([-1])     // [1, 2, 3, 4, 5, 6]
  /// ```
  ///
  /// A reshape is not a transpose: `[[1, 2, 3], [4, 5, 6]]` transposed is
  /// `[[1, 4], [2, 5], [3, 6]]`. Using one where the other was meant mixes examples together
  /// without any error (chapter 10's batch-independence check catches it).
  ///
  /// Exercise 1.2.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    // TODO(1.2): your code here (README.md, exercise 1.2).
    return Tensor(shape: newShape.map { Swift.max($0, 1) }, repeating: .nan)
  }

  /// The matrix with rows and columns exchanged: `result[j, i] == self[i, j]`.
  ///
  /// Unlike `reshaped`, this moves elements: the scalars come out in a different order.
  ///
  /// ```
  /// Tensor([[1, 2, 3], [4, 5, 6]]).transposed()   // [[1, 4], [2, 5], [3, 6]]
  /// ```
  ///
  /// Stops with a message for a tensor whose rank is not 2.
  ///
  /// Exercise 1.2.
  public func transposed() -> Tensor {
    // TODO(1.2): your code here (README.md, exercise 1.2).
    return Tensor(shape: shape.reversed(), repeating: .nan)
  }
}
