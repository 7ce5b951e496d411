import Foundation
import Tensors
import WorkbookSupport

/// The polynomial features of a column of numbers: `1, x, x², ..., x^degree` in each row.
///
/// ```
/// x = [[2], [-1]],  degree 3   ->   [[1, 2, 4, 8], [1, -1, 1, -1]]
/// ```
///
/// A linear model on these features is a polynomial of degree `degree` in x. With as many
/// coefficients as points (degree 9 on 10 points), it can pass through every training point,
/// noise included: the textbook picture of overfitting (Bishop, "Pattern Recognition and
/// Machine Learning", section 1.1).
///
/// Scale x to about [-1, 1] first: the columns of powers of a number near 3 span many orders of
/// magnitude (3^9 is about 20 000), which makes the least-squares system badly conditioned.
///
/// - Parameters:
///   - x: The inputs, a `[n, 1]` column, n >= 1.
///   - degree: The highest power, >= 0.
/// - Returns: A `[n, degree + 1]` matrix; column k holds x^k (column 0 is all ones).
///
/// Exercise 14.1.
public func polynomialFeatures(_ x: Tensor, degree: Int) -> Tensor {
  // TODO(14.1): your code here (README.md, exercise 14.1).
  return Tensor(shape: [x.shape.first ?? 1, Swift.max(degree, 0) + 1], repeating: .nan)
}

/// Ridge regression in closed form: the weights that minimise the mean squared error plus
/// λ times the squared L2 norm of the weights.
///
/// ```
/// loss(w)  = (1/n) ||X w - y||²  +  λ ||w||²
/// gradient = (2/n) Xᵀ (X w - y)  +  2 λ w  = 0
///        =>  (Xᵀ X + n λ I) w = Xᵀ y
/// ```
///
/// With λ = 0 this is ordinary least squares; with as many features as points it interpolates
/// the training points, whatever noise they carry, usually with enormous coefficients that
/// cancel each other between the points. Any λ > 0 makes `Xᵀ X + n λ I` positive definite (so
/// the system always has one solution) and pulls the weights towards 0: the same penalty that
/// weight decay puts on a network (chapter 7; exercise 14.3).
///
/// Every weight is penalised, the constant column's too, to keep the formula plain; the data
/// of this chapter have a mean near 0, where that makes no difference worth a line of code.
///
/// ```swift
/// let features = polynomialFeatures(x, degree: 9)
/// let w0 = ridgeRegression(features: features, targets: y, lambda: 0)      // interpolates
/// let w3 = ridgeRegression(features: features, targets: y, lambda: 1e-3)   // smooth
/// ```
///
/// - Parameters:
///   - features: X, `[n, d]`, n >= 1.
///   - targets: y, `[n, 1]`.
///   - lambda: λ, finite and >= 0.
/// - Returns: w, `[d, 1]`.
///
/// Stops with a message naming both shapes when they do not fit, or the value of λ. Solve the
/// `d x d` system with the provided `solveLinearSystem(_:_:)`.
///
/// Exercise 14.1.
public func ridgeRegression(features: Tensor, targets: Tensor, lambda: Double) -> Tensor {
  // TODO(14.1): your code here (README.md, exercise 14.1).
  return Tensor(shape: [features.shape.last ?? 1, 1], repeating: .nan)
}

/// Solves `A x = b` for a square, invertible `A` (`[d, d]`) and `b` (`[d, k]`), by Gaussian
/// elimination with partial pivoting. Provided.
///
/// Each column, the row with the largest entry is swapped to the diagonal before it is used to
/// eliminate the column below: dividing by a tiny pivot would magnify rounding errors. Stops
/// with a message when the shapes do not fit or when `A` is singular (a zero pivot).
public func solveLinearSystem(_ a: Tensor, _ b: Tensor) -> Tensor {
  check(
    a.rank == 2 && a.shape[0] == a.shape[1] && a.shape[0] >= 1 && b.rank == 2
      && b.shape[0] == a.shape[0],
    "solveLinearSystem: A must be [d, d] and b [d, k], got A \(a.shape) and b \(b.shape)")
  let (d, k) = (a.shape[0], b.shape[1])
  var m = a.scalars
  var r = b.scalars
  for column in 0..<d {
    let pivot = (column..<d).max { Swift.abs(m[$0 * d + column]) < Swift.abs(m[$1 * d + column]) }!
    check(
      m[pivot * d + column] != 0, "solveLinearSystem: A is singular (column \(column) has no pivot)"
    )
    if pivot != column {
      for j in 0..<d { m.swapAt(pivot * d + j, column * d + j) }
      for j in 0..<k { r.swapAt(pivot * k + j, column * k + j) }
    }
    for row in (column + 1)..<d {
      let factor = m[row * d + column] / m[column * d + column]
      guard factor != 0 else { continue }
      for j in column..<d { m[row * d + j] -= factor * m[column * d + j] }
      for j in 0..<k { r[row * k + j] -= factor * r[column * k + j] }
    }
  }
  var x = [Double](repeating: 0, count: d * k)
  for row in stride(from: d - 1, through: 0, by: -1) {
    for j in 0..<k {
      var sum = r[row * k + j]
      for i in (row + 1)..<d { sum -= m[row * d + i] * x[i * k + j] }
      x[row * k + j] = sum / m[row * d + row]
    }
  }
  return Tensor(shape: [d, k], scalars: x)
}

/// One polynomial fit of the chapter's deterministic case: what it predicts and how well.
public struct PolynomialFit: Sendable {
  /// λ.
  public let lambda: Double
  /// The coefficients, `[degree + 1, 1]`, for powers of the scaled input x / π.
  public let weights: Tensor
  /// The mean squared error on the 10 training points.
  public let trainingError: Double
  /// The mean squared error on the 50 validation points.
  public let validationError: Double
  /// The L2 norm of the coefficients.
  public var weightNorm: Double { weights.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}

/// The deterministic case of this chapter: a degree-9 polynomial fitted by ridge regression to
/// 10 noisy points of sin(x) on [-π, π], measured on 50 fresh noisy points. Provided.
///
/// ```
/// training:    Datasets.sine(count: 10, noise: 0.2, seed: seed)
/// validation:  Datasets.sine(count: 50, noise: 0.2, seed: seed + 1)
/// features:    polynomialFeatures(x / π, degree: 9)      x scaled to [-1, 1]
/// weights:     ridgeRegression(features, y, lambda)
/// ```
///
/// With λ = 0 the 10 coefficients pass through the 10 training points (training error about
/// 1e-20) with a weight norm in the hundreds; λ = 1e-3 misses the training points a little and
/// lands closer to the sine between them.
public func polynomialFit(lambda: Double, degree: Int = 9, seed: UInt64) -> PolynomialFit {
  let training = Datasets.sine(count: 10, noise: 0.2, seed: seed)
  let validation = Datasets.sine(count: 50, noise: 0.2, seed: seed &+ 1)
  func features(_ set: RegressionSet) -> Tensor {
    polynomialFeatures(Tensor(set.inputs) / Double.pi, degree: degree)
  }
  let weights = ridgeRegression(
    features: features(training), targets: Tensor(training.targets), lambda: lambda)
  func error(_ set: RegressionSet) -> Double {
    let difference = matmul(features(set), weights) - Tensor(set.targets)
    return (difference * difference).mean()
  }
  return PolynomialFit(
    lambda: lambda, weights: weights, trainingError: error(training),
    validationError: error(validation))
}
