import Foundation
import Training
import TrainingDoctor

// Helpers shared by the chapter's suites: hand-made records for the rules of each stage,
// and the graded benchmark's cases, run once (each static is computed on first use).

/// A classification wiring that is right: Linear, ReLU, Linear, nothing after the logits.
let healthyWiring = Wiring(
  layers: ["Linear", "ReLU", "Linear"], task: .classification(classes: 3))

/// Telemetry with these losses and, every 10 steps, a probe with this global gradient norm
/// (one layer, no activation statistics).
func telemetry(losses: [Double], probeNorm: (Int) -> Double = { _ in 1 }) -> Telemetry {
  var record = Telemetry()
  record.losses = losses
  record.learningRates = losses.map { _ in 0.01 }
  record.probes = stride(from: 0, to: losses.count, by: 10).map { step in
    ProbeRecord(
      step: step, gradientNorm: probeNorm(step),
      layers: [
        LayerTelemetry(
          index: 0, name: "Linear", gradientNorm: probeNorm(step), parameterNorm: 1,
          updateRatio: 1e-3, activation: nil)
      ], nonFinite: [])
  }
  return record
}

/// A loss curve that falls from 1 like 0.98^k: healthy.
func fallingLosses(_ count: Int) -> [Double] { (0..<count).map { pow(0.98, Double($0)) } }

/// An outcome of a 3-class run that beats its baselines by far.
func goodOutcome() -> Outcome {
  Outcome(
    task: .classification(classes: 3), training: 0.97, validation: 0.95, trainingCount: 180,
    validationCount: 60, majorityBaseline: 0.33, zeroedInputBaseline: 0.33,
    seedScores: [0.95, 0.93, 0.96], trainingLogits: nil, trainingLabels: [])
}

/// The scenarios of `gradedBenchmark`, in its order.
let gradedScenarios = gradedBenchmark.map { name in doctorBenchmark.first { $0.name == name }! }

/// The graded benchmark's cases with seed 1, each run once (on every core: a case is a few
/// small training runs, and nothing is shared between two cases).
enum GradedCases {
  static let all: [(scenario: Scenario, patient: Case)] = {
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var cases = [Case?](repeating: nil, count: gradedScenarios.count)
    }
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: gradedScenarios.count) { index in
      let patient = runScenario(gradedScenarios[index], seed: 1)
      results.lock.withLock { results.cases[index] = patient }
    }
    return zip(gradedScenarios, results.cases).map { ($0, $1!) }
  }()
  static func named(_ name: String) -> Case { all.first { $0.scenario.name == name }!.patient }
}
