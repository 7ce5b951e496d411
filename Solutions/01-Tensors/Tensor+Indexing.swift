extension Tensor {
  /// The strides of a row-major tensor: how far apart, in `scalars`, two elements are whose
  /// index differs by one in that dimension.
  ///
  /// The last dimension has stride 1, and each earlier stride is the next stride times the next
  /// dimension:
  ///
  /// ```
  /// strides(for: [2, 3, 4]) == [12, 4, 1]
  /// ```
  ///
  /// Exercise 1.1.
  public static func strides(for shape: [Int]) -> [Int] {
    // BEGIN EXERCISE 1.1
    // STUB: return Array(repeating: 0, count: shape.count)
    var strides = Array(repeating: 1, count: shape.count)
    var stride = 1
    for dimension in shape.indices.reversed() {
      strides[dimension] = stride
      stride *= shape[dimension]
    }
    return strides
    // END EXERCISE 1.1
  }

  /// The position in `scalars` of the element at `index`: the sum of index times stride.
  ///
  /// ```
  /// // shape [2, 3], strides [3, 1]
  /// offset(of: [1, 2]) == 1 * 3 + 2 * 1 == 5
  /// ```
  ///
  /// Stops with a message naming the index and the shape when the index has the wrong number
  /// of components or one of them is out of bounds.
  ///
  /// Exercise 1.1.
  public func offset(of index: [Int]) -> Int {
    // BEGIN EXERCISE 1.1
    // STUB: return 0
    check(
      index.count == shape.count,
      "Tensor index \(index) has \(index.count) components but the shape \(shape) has rank \(rank)"
    )
    let strides = Tensor.strides(for: shape)
    var offset = 0
    for (dimension, position) in index.enumerated() {
      check(
        position >= 0 && position < shape[dimension],
        "Tensor index \(index) is out of bounds for shape \(shape)")
      offset += position * strides[dimension]
    }
    return offset
    // END EXERCISE 1.1
  }

  /// The element at `index`, one integer per dimension: `x[1, 2]`.
  public subscript(index: Int...) -> Double {
    get { scalars[offset(of: index)] }
    set { scalars[offset(of: index)] = newValue }
  }
}
