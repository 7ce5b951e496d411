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
    // BEGIN EXERCISE 1.2
    // STUB: return Tensor(shape: newShape.map { Swift.max($0, 1) }, repeating: .nan)
    let inferred = newShape.indices.filter { newShape[$0] == -1 }
    check(
      inferred.count <= 1 && newShape.allSatisfy { $0 >= -1 },
      "reshape: \(newShape) is not a shape (only one dimension may be -1, none below it)")
    var resolved = newShape
    if let unknown = inferred.first {
      let known = newShape.filter { $0 != -1 }.reduce(1, *)
      check(
        known > 0 && count % known == 0,
        "reshape: cannot infer the -1 in \(newShape) for \(count) elements of shape \(shape)")
      resolved[unknown] = count / known
    }
    let newCount = resolved.reduce(1, *)
    check(
      newCount == count,
      "reshape: cannot reshape \(shape) (\(count) elements) to \(newShape) (\(newCount) elements)"
    )
    return Tensor(shape: resolved, scalars: scalars)
    // END EXERCISE 1.2
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
    // BEGIN EXERCISE 1.2
    // STUB: return Tensor(shape: shape.reversed(), repeating: .nan)
    check(rank == 2, "transpose: needs a matrix (rank 2), got shape \(shape)")
    let rows = shape[0]
    let columns = shape[1]
    var result = [Double](repeating: 0, count: count)
    for i in 0..<rows {
      for j in 0..<columns {
        result[j * rows + i] = scalars[i * columns + j]
      }
    }
    return Tensor(shape: [columns, rows], scalars: result)
    // END EXERCISE 1.2
  }
}
