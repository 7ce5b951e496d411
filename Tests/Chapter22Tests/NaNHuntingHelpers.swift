import Autodiff
import NaNHunting
import Tensors

// Helpers shared by the chapter's suites: the runs, computed once per kind (each static is
// initialised on first use, so suites running in parallel compute different kinds at once).

/// The seeds of the tests (the thresholds were calibrated on seeds 0-49).
let testSeeds: [UInt64] = [100, 101, 102]

/// The runs of this chapter on `testSeeds`, one static per kind.
enum Runs {
  static let rateTooHigh = testSeeds.map { makeNaNRun(.rateTooHigh, seed: $0) }
  static let logOfZero = testSeeds.map { makeNaNRun(.logOfZero, seed: $0) }
  static let unstableSoftmax = testSeeds.map { makeNaNRun(.unstableSoftmax, seed: $0) }
  static let divisionByZero = testSeeds.map { makeNaNRun(.divisionByZero, seed: $0) }
  static let explodingRecurrence = testSeeds.map { makeNaNRun(.explodingRecurrence, seed: $0) }
  static let healthy = testSeeds.map { makeNaNRun(.healthy, seed: $0) }
  static let stableSoftmax = testSeeds.map { makeNaNRun(.stableSoftmax, seed: $0) }
  static let clippedTooHigh = testSeeds.map { makeNaNRun(.clippedTooHigh, seed: $0) }
  static let clippedRecurrence = testSeeds.map { makeNaNRun(.clippedRecurrence, seed: $0) }
  static let epsilonDivision = testSeeds.map { makeNaNRun(.epsilonDivision, seed: $0) }

  static func of(_ kind: NaNRun) -> [WatchedRun] {
    switch kind {
    case .rateTooHigh: rateTooHigh
    case .logOfZero: logOfZero
    case .unstableSoftmax: unstableSoftmax
    case .divisionByZero: divisionByZero
    case .explodingRecurrence: explodingRecurrence
    case .healthy: healthy
    case .stableSoftmax: stableSoftmax
    case .clippedTooHigh: clippedTooHigh
    case .clippedRecurrence: clippedRecurrence
    case .epsilonDivision: epsilonDivision
    }
  }
}

/// A run that holds only `anomaly` and the given history, for the rules of 22.2.
func syntheticRun(
  _ operation: String, _ phase: EnginePhase, step: Int, count: Int = 3,
  losses: [Double] = [1], norms: [Double] = [1]
) -> WatchedRun {
  let anomaly = Anomaly(
    operation: operation, name: nil, shape: [4], phase: phase, step: step,
    kind: .positiveInfinity, index: 0, count: count, inputs: [])
  return WatchedRun(anomaly: anomaly, losses: losses, gradientNorms: norms, clipNorm: nil)
}
