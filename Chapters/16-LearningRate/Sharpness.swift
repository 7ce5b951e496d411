import Autodiff
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// A linear regression data set: the case where the largest stable learning rate is known
/// exactly. Provided.
public struct LinearRegressionData: Sendable {
  /// The inputs, `[n, d]`.
  public let inputs: Tensor
  /// The targets, `[n, 1]`.
  public let targets: Tensor
}

/// 64 points with three features of different scales and a linear target. Provided.
///
/// ```
/// x1 ~ N(1, 1),  x2 ~ N(0, 2²),  x3 ~ N(0, 0.5²)
/// y  = 0.5 x1 - x2 + 2 x3 + 0.3 + 0.1 noise
/// ```
///
/// The feature with the largest spread (x2) sets the largest curvature, the small one (x3)
/// and the bias the smallest: a condition number of about 30, like real unscaled data.
public func makeLinearRegressionData(count: Int = 64, seed: UInt64) -> LinearRegressionData {
  check(count >= 2, "makeLinearRegressionData: count must be at least 2, got \(count)")
  var generator = SeededGenerator(seed: seed)
  var inputs: [Double] = []
  var targets: [Double] = []
  for _ in 0..<count {
    let x1 = generator.normal(mean: 1, standardDeviation: 1)
    let x2 = generator.normal(mean: 0, standardDeviation: 2)
    let x3 = generator.normal(mean: 0, standardDeviation: 0.5)
    inputs += [x1, x2, x3]
    targets.append(0.5 * x1 - x2 + 2 * x3 + 0.3 + 0.1 * generator.normal())
  }
  return LinearRegressionData(
    inputs: Tensor(shape: [count, 3], scalars: inputs),
    targets: Tensor(shape: [count, 1], scalars: targets))
}

/// Fits `Linear(d, 1)` (with a bias, starting from all zeros) to `data` with full-batch plain
/// SGD on the engine's `meanSquaredError`, and returns the telemetry. Provided.
///
/// Stops with a message when `learningRate` is not finite and > 0.
///
/// - Parameters:
///   - learningRate: SGD's step size (the first rate, when `schedule` is given).
///   - steps: The number of steps; the run ends early when the loss stops being finite.
///   - schedule: The learning rate of each step, if given (the range test's).
public func trainLinearRegression(
  _ data: LinearRegressionData, learningRate: Double, steps: Int,
  schedule: ((_ step: Int) -> Double)? = nil
) -> Telemetry {
  check(
    learningRate.isFinite && learningRate > 0,
    "trainLinearRegression: the learning rate must be finite and > 0, got \(learningRate)")
  let features = data.inputs.shape[1]
  let model = Linear(weight: Tensor.zeros([1, features]), bias: Tensor.zeros([1]))
  let optimizer = SGD(parameters: model.parameters, learningRate: learningRate)
  return trainSteps(model, optimizer: optimizer, steps: steps, schedule: schedule) { _ in
    meanSquaredError(model(Variable(data.inputs)), data.targets)
  }
}

/// The largest eigenvalue `λ_max` of the Hessian of the mean squared error of a linear model
/// with a bias, `prediction = X w + b`, on `inputs` X (`[n, d]`), by power iteration.
///
/// The loss is `(1/n) ||A θ - y||²` with `A = [X | 1]` (a column of ones for the bias) and
/// `θ = (w, b)`, the engine's `meanSquaredError` (the mean over the n elements). Its Hessian
/// does not depend on θ or y:
///
/// ```
/// H = (2/n) Aᵀ A                         (d + 1) x (d + 1), symmetric, eigenvalues >= 0
/// power iteration:  v ← H v / ||H v||     from a start vector with a component along the
///                   λ ← vᵀ H v            top eigenvector (a random one has, almost surely)
/// stop when λ changes by less than 1e-12 λ, or after 10,000 iterations
/// ```
///
/// Why it matters: gradient descent on this loss multiplies the error along each eigenvector
/// `u_i` by `1 - η λ_i` at every step. It converges when every `|1 - η λ_i| < 1`, that is for
/// `η < 2 / λ_max`, and diverges, geometrically, above it.
///
/// ```swift
/// let x = Tensor([[1, 0], [-1, 0], [0, 2], [0, -2]])   // zero-mean, orthogonal columns
/// largestHessianEigenvalue(ofLinearRegressionOn: x)    // 4.0: H = diag(1, 4, 2)
/// ```
///
/// Stops with a message naming the shape unless `inputs` is a matrix with at least one row
/// and one column, and with a message when an input is not finite.
///
/// Exercise 16.1.
public func largestHessianEigenvalue(ofLinearRegressionOn inputs: Tensor) -> Double {
  // TODO(16.1): your code here (README.md, exercise 16.1).
  return .nan
}
