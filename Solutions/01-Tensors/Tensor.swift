import WorkbookSupport

/// An n-dimensional array of `Double`, stored in row-major order.
///
/// A tensor is a value: copying one is cheap (the scalars are shared until one copy is written
/// to, the standard library's copy-on-write), and changing a copy never changes the original.
///
/// ```swift
/// let x = Tensor([[1, 2, 3], [4, 5, 6]])
/// x.shape     // [2, 3]
/// x[1, 2]     // 6.0
/// x.scalars   // [1, 2, 3, 4, 5, 6]: row after row
/// ```
///
/// The shape is a list of dimensions; its length is the rank. A rank-0 tensor holds one scalar
/// and has shape `[]`.
public struct Tensor: Equatable, Sendable {
  /// The size of each dimension, outermost first.
  public let shape: [Int]
  /// The elements in row-major order: the last index changes fastest.
  public var scalars: [Double]

  /// Creates a tensor from its shape and its scalars in row-major order.
  ///
  /// Stops with a message when a dimension is negative or the number of scalars is not the
  /// product of the dimensions.
  public init(shape: [Int], scalars: [Double]) {
    check(
      shape.allSatisfy { $0 >= 0 },
      "Tensor(shape:scalars:): dimensions must not be negative, got shape \(shape)")
    let expected = shape.reduce(1, *)
    check(
      scalars.count == expected,
      "Tensor(shape:scalars:): shape \(shape) needs \(expected) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// Creates a tensor of the given shape with every element equal to `value`.
  public init(shape: [Int], repeating value: Double) {
    check(
      shape.allSatisfy { $0 >= 0 },
      "Tensor(shape:repeating:): dimensions must not be negative, got shape \(shape)")
    self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
  }

  /// Creates a rank-0 tensor (shape `[]`) holding one scalar.
  public init(_ scalar: Double) {
    self.init(shape: [], scalars: [scalar])
  }

  /// Creates a rank-1 tensor (a vector).
  public init(_ vector: [Double]) {
    self.init(shape: [vector.count], scalars: vector)
  }

  /// Creates a rank-2 tensor (a matrix) from its rows. Every row must have the same length.
  public init(_ rows: [[Double]]) {
    let width = rows.first?.count ?? 0
    for (index, row) in rows.enumerated() {
      check(
        row.count == width,
        "Tensor(rows): row \(index) has \(row.count) elements but row 0 has \(width)")
    }
    self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

  /// A tensor of ones.
  public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

  /// A tensor whose elements are drawn from N(mean, standardDeviation^2).
  public static func randomNormal(
    _ shape: [Int], mean: Double = 0, standardDeviation: Double = 1,
    using generator: inout SeededGenerator
  ) -> Tensor {
    let count = shape.reduce(1, *)
    var scalars = [Double]()
    scalars.reserveCapacity(count)
    for _ in 0..<count {
      scalars.append(generator.normal(mean: mean, standardDeviation: standardDeviation))
    }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// A tensor whose elements are drawn uniformly from `range`.
  public static func randomUniform(
    _ shape: [Int], in range: ClosedRange<Double> = 0...1, using generator: inout SeededGenerator
  ) -> Tensor {
    let count = shape.reduce(1, *)
    var scalars = [Double]()
    scalars.reserveCapacity(count)
    for _ in 0..<count { scalars.append(generator.uniform(in: range)) }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The number of elements: the product of the dimensions.
  public var count: Int { scalars.count }

  /// The only element of a one-element tensor (any rank).
  public var scalar: Double {
    check(count == 1, "Tensor.scalar: the tensor has shape \(shape), not exactly one element")
    return scalars[0]
  }

  /// True when no element is NaN or infinite.
  public var isFinite: Bool { scalars.allSatisfy(\.isFinite) }

  /// Applies `transform` to every element.
  public func map(_ transform: (Double) -> Double) -> Tensor {
    Tensor(shape: shape, scalars: scalars.map(transform))
  }

  /// The sum of every element.
  public func sum() -> Double { scalars.reduce(0, +) }

  /// The mean of every element.
  public func mean() -> Double { sum() / Double(count) }
}

extension Tensor: CustomStringConvertible {
  /// Nested brackets, one level per dimension: `[[1.0, 2.0], [3.0, 4.0]]`.
  public var description: String {
    func render(_ dimension: Int, _ start: Int) -> String {
      if dimension == shape.count { return "\(scalars[start])" }
      let step = shape[(dimension + 1)...].reduce(1, *)
      let parts = (0..<shape[dimension]).map { render(dimension + 1, start + $0 * step) }
      return "[" + parts.joined(separator: ", ") + "]"
    }
    return render(0, 0)
  }
}

/// Stops the program with `message` when `condition` is false.
///
/// The engine validates shapes and arguments with this instead of `precondition`: in optimised
/// builds (the chapters are compiled with -O) a failed `precondition` stops without printing its
/// message, while `fatalError` always prints it. A learner must see which operation failed and
/// with which values, never an anonymous crash.
@inline(__always)
public func check(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #fileID, line: UInt = #line
) {
  if !condition() { fatalError(message(), file: file, line: line) }
}
