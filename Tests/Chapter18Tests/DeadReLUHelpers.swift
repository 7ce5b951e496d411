import DeadReLUs
import Tensors
import Training

// The runs of this chapter on the test seeds, computed once per kind (each static is
// initialised on first use, so suites running in parallel compute different kinds at once).

/// The seeds of the chapter's tests (the calibration uses 0-49; these are a fixed few).
let testSeeds: [UInt64] = [1, 2]

enum Runs {
  nonisolated(unsafe) static let deadAtInit = testSeeds.map {
    makeDeadReLURun(.deadAtInit, seed: $0)
  }
  nonisolated(unsafe) static let killedByRate = testSeeds.map {
    makeDeadReLURun(.killedByRate, seed: $0)
  }
  nonisolated(unsafe) static let clippedLoss = testSeeds.map {
    makeDeadReLURun(.clippedLoss, seed: $0)
  }
  nonisolated(unsafe) static let healthy = testSeeds.map { makeDeadReLURun(.healthy, seed: $0) }
  nonisolated(unsafe) static let manyDeadButLearning = testSeeds.map {
    makeDeadReLURun(.manyDeadButLearning, seed: $0)
  }
  nonisolated(unsafe) static let rateTooLow = testSeeds.map {
    makeDeadReLURun(.rateTooLow, seed: $0)
  }

  static func of(_ kind: DeadReLURun) -> [DeadReLURunResult] {
    switch kind {
    case .deadAtInit: deadAtInit
    case .killedByRate: killedByRate
    case .clippedLoss: clippedLoss
    case .healthy: healthy
    case .manyDeadButLearning: manyDeadButLearning
    case .rateTooLow: rateTooLow
    }
  }
}

/// A telemetry of `losses` (rate 0.1) with one probe at the last step whose layers have these
/// dead fractions and gradient norms (ReLU activations).
func telemetry(losses: [Double], dead: [Double], gradientNorms: [Double]) -> Telemetry {
  var telemetry = Telemetry()
  telemetry.losses = losses
  telemetry.learningRates = losses.map { _ in 0.1 }
  let layers = zip(dead, gradientNorms).enumerated().map { position, pair in
    LayerTelemetry(
      index: 2 * position, name: "Linear", gradientNorm: pair.1, parameterNorm: 1,
      updateRatio: 1e-3,
      activation: ActivationSummary(kind: "ReLU", of: deadColumns(fraction: pair.0)))
  }
  telemetry.probes = [
    ProbeRecord(step: losses.count - 1, gradientNorm: 1, layers: layers, nonFinite: [])
  ]
  return telemetry
}

/// Activations of 20 units on 4 examples, `fraction` of the units zero on every example, the
/// others zero on all examples but one (alive: a unit that fires once is working).
func deadColumns(fraction: Double) -> Tensor {
  let units = 20
  let deadUnits = Int((fraction * Double(units)).rounded())
  var rows = [[Double]](repeating: [Double](repeating: 0, count: units), count: 4)
  for unit in deadUnits..<units { rows[unit % 4][unit] = 1 }
  return Tensor(rows)
}

/// `count` losses that fall from 1 to 0.5 and then stay at `plateau` for the last 110 steps.
func losses(count: Int = 200, plateau: Double) -> [Double] {
  (0..<count).map { step in step < count - 110 ? 1 - 0.5 * Double(step) / Double(count) : plateau }
}
