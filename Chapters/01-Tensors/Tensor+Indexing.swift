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
    // TODO(1.1): your code here (README.md, exercise 1.1).
    return Array(repeating: 0, count: shape.count)
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
    // TODO(1.1): your code here (README.md, exercise 1.1).
    return 0
  }

  /// The element at `index`, one integer per dimension: `x[1, 2]`.
  public subscript(index: Int...) -> Double {
    get { scalars[offset(of: index)] }
    set { scalars[offset(of: index)] = newValue }
  }
}
