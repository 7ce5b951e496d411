extension Tensor {
  /// Turns a possibly negative axis (`-1` is the last) into a dimension number, or stops with a
  /// message naming the operation, the axis and the rank.
  public func normalizedAxis(_ axis: Int, for operation: String) -> Int {
    let resolved = axis < 0 ? axis + rank : axis
    check(
      resolved >= 0 && resolved < rank,
      "\(operation): axis \(axis) is out of range for a tensor of shape \(shape)")
    return resolved
  }

  /// The shape left after reducing `axis`: the axis is removed, or kept with size 1.
  public func reducedShape(alongAxis axis: Int, keepingDimension: Bool) -> [Int] {
    var result = shape
    if keepingDimension { result[axis] = 1 } else { result.remove(at: axis) }
    return result
  }

  /// Folds the elements along one axis with `combine`, starting from `initial`.
  ///
  /// Seen from one axis, a row-major tensor is `outer x length x inner`: `outer` is the product
  /// of the dimensions before the axis, `inner` of those after it. The element at
  /// `(o, k, i)` sits at `o * length * inner + k * inner + i`, and the result at `(o, i)`
  /// folds over `k`.
  ///
  /// ```
  /// let x = Tensor([[1, 2, 3], [4, 5, 6]])
  /// x.reduced(alongAxis: 0, initial: 0, +)   // [5, 7, 9]
  /// x.reduced(alongAxis: 1, initial: 0, +)   // [6, 15]
  /// ```
  ///
  /// Exercise 1.5.
  public func reduced(
    alongAxis axis: Int, keepingDimension: Bool = false, initial: Double,
    _ combine: (Double, Double) -> Double
  ) -> Tensor {
    // TODO(1.5): your code here (README.md, exercise 1.5).
    return Tensor(shape: [], repeating: .nan)
  }

  /// The position of the largest element along `axis`, for every other position, in row-major
  /// order of the remaining dimensions. Ties go to the first (smallest) index, as in NumPy.
  ///
  /// ```
  /// Tensor([[1, 9, 3], [7, 5, 7]]).argmax(alongAxis: 1)   // [1, 0]
  /// ```
  ///
  /// Exercise 1.5.
  public func argmax(alongAxis axis: Int = -1) -> [Int] {
    // TODO(1.5): your code here (README.md, exercise 1.5).
    return []
  }

  /// The sum along `axis`.
  public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    reduced(alongAxis: axis, keepingDimension: keepingDimension, initial: 0, +)
  }

  /// The mean along `axis`.
  public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    let length = shape[normalizedAxis(axis, for: "mean")]
    return sum(alongAxis: axis, keepingDimension: keepingDimension) / Double(length)
  }

  /// The largest element along `axis`. Starts from minus infinity, so rows of negative numbers
  /// work (starting from 0 would return 0 for them).
  public func max(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    reduced(alongAxis: axis, keepingDimension: keepingDimension, initial: -.infinity) {
      Swift.max($0, $1)
    }
  }
}
