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
    // TODO(1.3): your code here (README.md, exercise 1.3).
    return []
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
    // TODO(1.3): your code here (README.md, exercise 1.3).
    return Tensor(shape: shape, repeating: .nan)
  }

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
