import Autodiff
import Layers
import LearningRate
import Losses
import Tensors
import Training

// Helpers shared by the chapter's suites: the runs, computed once per kind (each static is
// initialised on first use, so suites running in parallel compute different kinds at once),
// and an oracle for the sharpness of linear regression built from the engine's own gradients.

/// The seeds of the diagnostic's tests.
let diagnosticSeeds: [UInt64] = [1, 2, 3]

/// The runs of this chapter on `diagnosticSeeds`, one static per kind.
enum Runs {
  static let tooHigh = diagnosticSeeds.map { makeRateRun(.tooHigh, seed: $0) }
  static let clippedTooHigh = diagnosticSeeds.map { makeRateRun(.clippedTooHigh, seed: $0) }
  static let tooLow = diagnosticSeeds.map { makeRateRun(.tooLow, seed: $0) }
  static let healthy = diagnosticSeeds.map { makeRateRun(.healthy, seed: $0) }
  static let largeButFine = diagnosticSeeds.map { makeRateRun(.largeButFine, seed: $0) }

  static func of(_ kind: RateRun) -> [RateRunResult] {
    switch kind {
    case .tooHigh: tooHigh
    case .clippedTooHigh: clippedTooHigh
    case .tooLow: tooLow
    case .healthy: healthy
    case .largeButFine: largeButFine
    }
  }
}

/// The Hessian of the engine's `meanSquaredError` for `Linear(d, 1)` with a bias on `data`,
/// column by column from the engine's gradients: the loss is quadratic in θ = (w, b), so
/// `H e_j = ∇L(e_j) - ∇L(0)` exactly. Independent of the learner's formula for H.
func engineHessian(_ data: LinearRegressionData) -> [[Double]] {
  let features = data.inputs.shape[1]
  func gradient(_ theta: [Double]) -> [Double] {
    let model = Linear(
      weight: Tensor(shape: [1, features], scalars: Array(theta.prefix(features))),
      bias: Tensor([theta[features]]))
    meanSquaredError(model(Variable(data.inputs)), data.targets).backward()
    return model.weight.grad.scalars + model.bias!.grad.scalars
  }
  let size = features + 1
  let origin = gradient([Double](repeating: 0, count: size))
  var columns: [[Double]] = []
  for j in 0..<size {
    var unit = [Double](repeating: 0, count: size)
    unit[j] = 1
    columns.append(zip(gradient(unit), origin).map { $0 - $1 })
  }
  return (0..<size).map { i in columns.map { $0[i] } }
}

/// The largest eigenvalue of a small symmetric positive semi-definite matrix, by power
/// iteration from a fixed vector that no eigenvector of these test matrices is orthogonal to,
/// until the estimate stops changing in the last digits.
func oracleLargestEigenvalue(_ matrix: [[Double]]) -> Double {
  let size = matrix.count
  var vector = (0..<size).map { 1 + 0.1 * Double($0) }
  var value = 0.0
  for _ in 0..<20_000 {
    let product = matrix.map { row in zip(row, vector).map { $0 * $1 }.reduce(0, +) }
    let length = product.map { $0 * $0 }.reduce(0, +).squareRoot()
    guard length > 0 else { return 0 }
    vector = product.map { $0 / length }
    let next = matrix.map { row in zip(row, vector).map { $0 * $1 }.reduce(0, +) }
    let estimate = zip(next, vector).map { $0 * $1 }.reduce(0, +)
    if abs(estimate - value) <= 1e-15 * abs(estimate) { return estimate }
    value = estimate
  }
  return value
}

/// The edge of stability `2 / λ_max` of linear regression on `data`, from the oracle.
func oracleEdge(_ data: LinearRegressionData) -> Double {
  2 / oracleLargestEigenvalue(engineHessian(data))
}

/// A telemetry with these losses (and a rate of 0.1 for each), no probes.
func telemetry(losses: [Double]) -> Telemetry {
  var telemetry = Telemetry()
  telemetry.losses = losses
  telemetry.learningRates = losses.map { _ in 0.1 }
  return telemetry
}

/// A fake training run for the search: explodes (a loss 1000x its start) above `edge`.
func fakeRun(edge: Double) -> (Double) -> Telemetry {
  { rate in telemetry(losses: rate > edge ? [1, 10, 1000] : [1, 0.5, 0.25]) }
}
