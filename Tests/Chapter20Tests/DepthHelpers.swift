import Depth
import Foundation
import Training

// Helpers shared by the chapter's suites: the runs, computed once per kind (each static is
// initialised on first use, so suites running in parallel compute different kinds at once),
// and hand-made telemetry for the edge cases.

/// The seeds of the diagnostic's tests.
let diagnosticSeeds: [UInt64] = [1, 2]

/// The runs of this chapter on `diagnosticSeeds`, one static per kind.
enum Runs {
  static let tooDeep = diagnosticSeeds.map { makeDepthRun(.tooDeep, seed: $0) }
  static let exploding = diagnosticSeeds.map { makeDepthRun(.exploding, seed: $0) }
  static let healthy = diagnosticSeeds.map { makeDepthRun(.healthy, seed: $0) }
  static let deepReLU = diagnosticSeeds.map { makeDepthRun(.deepReLU, seed: $0) }
  static let deepAdam = diagnosticSeeds.map { makeDepthRun(.deepAdam, seed: $0) }
}

/// The loss of the last 10 steps over the loss of the 10 steps before the half-way step,
/// computed here so that the tests do not depend on the learner's version.
func secondHalfProgress(_ telemetry: Telemetry) -> Double {
  let count = telemetry.losses.count
  return telemetry.meanLoss(count - 10..<count) / telemetry.meanLoss(count / 2 - 10..<count / 2)
}

/// A probe whose layers (at indices 0, 2, 4, ...) have these gradient norms.
func probe(step: Int = 0, norms: [Double]) -> ProbeRecord {
  let layers = norms.enumerated().map { position, norm in
    LayerTelemetry(
      index: 2 * position, name: "Linear", gradientNorm: norm, parameterNorm: 1,
      updateRatio: 1e-3, activation: nil)
  }
  return ProbeRecord(
    step: step, gradientNorm: norms.map { $0 * $0 }.reduce(0, +).squareRoot(), layers: layers,
    nonFinite: [])
}

/// A telemetry with these losses and one probe every 10 steps, the first with `first`'s
/// norms and the others with `later`'s.
func telemetry(losses: [Double], first: [Double], later: [Double]? = nil) -> Telemetry {
  var telemetry = Telemetry()
  telemetry.losses = losses
  telemetry.learningRates = losses.map { _ in 0.1 }
  telemetry.probes = stride(from: 0, to: losses.count, by: 10).map { step in
    probe(step: step, norms: step == 0 ? first : (later ?? first))
  }
  return telemetry
}

/// `count` losses that fall from 2 to 0.7 over the first 20 steps, then stay flat: a run
/// that stalled after a good start.
func stalledLosses(_ count: Int = 100) -> [Double] {
  (0..<count).map { $0 < 20 ? 2 - 1.3 * Double($0) / 20 : 0.7 }
}

/// `count` losses that keep falling, by 2% per step.
func fallingLosses(_ count: Int = 100) -> [Double] {
  (0..<count).map { 0.7 * pow(0.98, Double($0)) }
}

/// A fake run for the depth search, solved or not.
func fakeRun(depth: Int, solved: Bool) -> DepthRunResult {
  DepthRunResult(
    network: DepthNetwork(depth: depth), seed: 0,
    telemetry: telemetry(losses: solved ? [0.7, 0.01] : [0.7, 0.69], first: [1, 1]),
    accuracy: solved ? 1 : 0.5)
}
