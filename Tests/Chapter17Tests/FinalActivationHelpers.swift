import FinalActivation
import Foundation
import Layers
import Tensors
import Training

// Helpers shared by the chapter's suites: the runs, computed once per kind (each static is
// initialised on first use, so suites running in parallel compute different kinds at once),
// and oracles for the floor that use nothing the learner writes.

/// The seeds of the chapter's tests.
let testSeeds: [UInt64] = [1, 2]

/// A trained run, kept as values (models are classes, and suites run in parallel): the
/// trained weights, from which `model` rebuilds a private copy for each use.
struct TrainedRun: Sendable {
  let kind: OutputRun
  let seed: UInt64
  let inputs: Tensor
  let targets: Tensor
  let telemetry: Telemetry
  let predictions: Tensor
  let weights: [Tensor]

  init(_ kind: OutputRun, seed: UInt64) {
    let run = makeOutputRun(kind, seed: seed)
    self.kind = kind
    self.seed = seed
    inputs = run.inputs
    targets = run.targets
    telemetry = run.telemetry
    predictions = run.predictions
    weights = run.model.parameters.map(\.value)
  }

  /// A fresh copy of the trained model.
  var model: Module {
    let model = makeOutputModel(kind, seed: seed)
    for (parameter, value) in zip(model.parameters, weights) { parameter.value = value }
    return model
  }

  var finalLoss: Double { telemetry.losses.last ?? .nan }
}

/// The runs of this chapter on `testSeeds`, one static per kind.
enum Runs {
  static let reluOutput = testSeeds.map { TrainedRun(.reluOutput, seed: $0) }
  static let sigmoidOutput = testSeeds.map { TrainedRun(.sigmoidOutput, seed: $0) }
  static let tanhOutput = testSeeds.map { TrainedRun(.tanhOutput, seed: $0) }
  static let clippedOutput = testSeeds.map { TrainedRun(.clippedOutput, seed: $0) }
  static let reluInForward = testSeeds.map { TrainedRun(.reluInForward, seed: $0) }
  static let healthy = testSeeds.map { TrainedRun(.healthy, seed: $0) }
  static let sigmoidInsideRange = testSeeds.map { TrainedRun(.sigmoidInsideRange, seed: $0) }
  static let reluNonNegative = testSeeds.map { TrainedRun(.reluNonNegative, seed: $0) }
  static let farAtInitialisation = testSeeds.map { TrainedRun(.farAtInitialisation, seed: $0) }

  static func of(_ kind: OutputRun) -> [TrainedRun] {
    switch kind {
    case .reluOutput: reluOutput
    case .sigmoidOutput: sigmoidOutput
    case .tanhOutput: tanhOutput
    case .clippedOutput: clippedOutput
    case .reluInForward: reluInForward
    case .healthy: healthy
    case .sigmoidInsideRange: sigmoidInsideRange
    case .reluNonNegative: reluNonNegative
    case .farAtInitialisation: farAtInitialisation
    }
  }
}

/// The floor computed the long way: the mean squared error of the best prediction in
/// `[lower, upper]`, the target clamped into it.
func oracleFloor(_ targets: [Double], lower: Double, upper: Double) -> Double {
  targets.map { y in
    let best = Swift.min(Swift.max(y, lower), upper)
    return (best - y) * (best - y)
  }.reduce(0, +) / Double(targets.count)
}

/// The population variance.
func variance(_ values: [Double]) -> Double {
  let mean = values.reduce(0, +) / Double(values.count)
  return values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
}

/// The reachable range of each visible final activation, written out independently.
func oracleRange(_ activation: FinalActivation) -> (lower: Double, upper: Double) {
  switch activation {
  case .identity: (-.infinity, .infinity)
  case .relu: (0, .infinity)
  case .sigmoid: (0, 1)
  case .tanh, .clip: (-1, 1)
  }
}

/// `Linear(1, 1)` with weight 1 and bias 0: passes its input through, so that the outputs of
/// a model built on it are chosen by the test.
func passThrough() -> Linear {
  Linear(weight: Tensor([[1]]), bias: Tensor([0]))
}

/// A `[n, 1]` matrix of `values`.
func columnTensor(_ values: [Double]) -> Tensor {
  Tensor(shape: [values.count, 1], scalars: values)
}

/// The runs whose final activation, visible as a layer, cannot reach their targets.
let visiblyBroken: [OutputRun] = [.reluOutput, .sigmoidOutput, .tanhOutput, .clippedOutput]
