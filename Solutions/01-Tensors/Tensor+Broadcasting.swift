extension Tensor {
  /// The shape two tensors broadcast to, following NumPy's rules.
  ///
  /// Line the shapes up from the right. Two dimensions are compatible when they are equal or
  /// one of them is 1; the result takes the larger. A missing dimension counts as 1.
  ///
  /// ```
  /// broadcastShape([2, 3], [3])       == [2, 3]
  /// broadcastShape([4, 1, 3], [2, 1]) == [4, 2, 3]
  /// broadcastShape([2, 3], [2])       // stops: 3 and 2 are not compatible
  /// ```
  ///
  /// Stops with a message that names the operation (`broadcast`) and both shapes when two
  /// dimensions are neither equal nor 1.
  ///
  /// Exercise 1.3.
  public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    // BEGIN EXERCISE 1.3
    // STUB: return []
    let rank = Swift.max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for position in 0..<rank {
      let x = position < rank - a.count ? 1 : a[position - (rank - a.count)]
      let y = position < rank - b.count ? 1 : b[position - (rank - b.count)]
      check(
        x == y || x == 1 || y == 1,
        "broadcast: shapes \(a) and \(b) are not compatible (dimension \(x) vs \(y))")
      result[position] = x == 1 ? y : x
    }
    return result
    // END EXERCISE 1.3
  }

  /// Combines two tensors element by element after broadcasting them to a common shape.
  ///
  /// Element `i` of the result (a multi-index in the broadcast shape) combines the element of
  /// `self` and of `other` at `i`, where a dimension of size 1 always reads index 0.
  ///
  /// ```
  /// Tensor([[1], [2]]).combined(with: Tensor([10, 20, 30]), +)
  /// // [[11, 21, 31], [12, 22, 32]]
  /// ```
  ///
  /// Exercise 1.3.
  public func combined(
    with other: Tensor, _ operation: (Double, Double) -> Double
  ) -> Tensor {
    // BEGIN EXERCISE 1.3
    // STUB: return Tensor(shape: shape, repeating: .nan)
    if shape == other.shape {
      return Tensor(shape: shape, scalars: zip(scalars, other.scalars).map(operation))
    }
    let resultShape = Tensor.broadcastShape(shape, other.shape)
    // The two broadcasts a network does at every step, done without index arithmetic: a bias
    // row added to every row ([m, n] with [n]), and one value per row ([m, n] with [m, 1]).
    if resultShape == shape, rank == 2, other.shape == [shape[1]] || other.shape == [1, shape[1]] {
      let n = shape[1]
      return Tensor(
        shape: shape, scalars: scalars.indices.map { operation(scalars[$0], other.scalars[$0 % n]) }
      )
    }
    if resultShape == shape, rank == 2, other.shape == [shape[0], 1] {
      let n = shape[1]
      return Tensor(
        shape: shape, scalars: scalars.indices.map { operation(scalars[$0], other.scalars[$0 / n]) }
      )
    }
    let resultStrides = Tensor.strides(for: resultShape)
    let left = broadcastStrides(to: resultShape)
    let right = other.broadcastStrides(to: resultShape)
    let total = resultShape.reduce(1, *)
    var result = [Double]()
    result.reserveCapacity(total)
    for flat in 0..<total {
      var remainder = flat
      var leftOffset = 0
      var rightOffset = 0
      for dimension in resultShape.indices {
        let position = remainder / resultStrides[dimension]
        remainder %= resultStrides[dimension]
        leftOffset += position * left[dimension]
        rightOffset += position * right[dimension]
      }
      result.append(operation(scalars[leftOffset], other.scalars[rightOffset]))
    }
    return Tensor(shape: resultShape, scalars: result)
    // END EXERCISE 1.3
  }

  // BEGIN REFERENCE ONLY
  /// This tensor's strides seen from a larger broadcast shape: 0 for every dimension that is
  /// missing or of size 1, so that moving along it keeps reading the same element.
  private func broadcastStrides(to target: [Int]) -> [Int] {
    let own = Tensor.strides(for: shape)
    let missing = target.count - rank
    return target.indices.map { dimension in
      dimension < missing || shape[dimension - missing] == 1 ? 0 : own[dimension - missing]
    }
  }
  // END REFERENCE ONLY

  /// Elementwise sum with broadcasting.
  public static func + (a: Tensor, b: Tensor) -> Tensor { a.combined(with: b, +) }
  /// Elementwise difference with broadcasting.
  public static func - (a: Tensor, b: Tensor) -> Tensor { a.combined(with: b, -) }
  /// Elementwise product with broadcasting (not the matrix product: see `matmul`).
  public static func * (a: Tensor, b: Tensor) -> Tensor { a.combined(with: b, *) }
  /// Elementwise quotient with broadcasting.
  public static func / (a: Tensor, b: Tensor) -> Tensor { a.combined(with: b, /) }

  /// Adds a scalar to every element.
  public static func + (a: Tensor, b: Double) -> Tensor { a.map { $0 + b } }
  /// Subtracts a scalar from every element.
  public static func - (a: Tensor, b: Double) -> Tensor { a.map { $0 - b } }
  /// Multiplies every element by a scalar.
  public static func * (a: Tensor, b: Double) -> Tensor { a.map { $0 * b } }
  /// Divides every element by a scalar.
  public static func / (a: Tensor, b: Double) -> Tensor { a.map { $0 / b } }
  /// Adds every element to a scalar.
  public static func + (a: Double, b: Tensor) -> Tensor { b.map { a + $0 } }
  /// Subtracts every element from a scalar.
  public static func - (a: Double, b: Tensor) -> Tensor { b.map { a - $0 } }
  /// Multiplies a scalar by every element.
  public static func * (a: Double, b: Tensor) -> Tensor { b.map { a * $0 } }
  /// Divides a scalar by every element.
  public static func / (a: Double, b: Tensor) -> Tensor { b.map { a / $0 } }
  /// Negates every element.
  public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }
}
