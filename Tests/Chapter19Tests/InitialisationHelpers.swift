import Autodiff
import Initialisation
import Initializers
import Layers
import Tensors
import Training
import WorkbookSupport

// Helpers shared by the chapter's suites. The diagnostic reads each run's initial network, so
// most tests need no training; the runs that are trained (for the symmetry after training and
// for the fix) are computed once, in statics initialised on first use.

/// The seeds of the diagnostic's tests.
let diagnosticSeeds: [UInt64] = [1, 2, 3]

/// One run's initial network and its probe batch, without training.
struct Start {
  let seed: UInt64
  let model: Sequential
  let probe: Tensor
}

/// The initial networks of every kind on `diagnosticSeeds`.
func starts(_ kind: InitialisationRun) -> [Start] {
  diagnosticSeeds.map { seed in
    Start(
      seed: seed, model: makeInitialisationModel(kind, seed: seed),
      probe: makeInitialisationData(seed: seed).inputs)
  }
}

/// The indices of the chapter's network's `Linear` layers in its `Sequential`.
let linearIndices = [0, 2, 4, 6, 8, 10]

/// A network of the chapter's shape with the given activation and initializer for every
/// layer, zero biases, drawn from `seed`.
func network(
  _ activation: Nonlinearity, _ initializer: Initializer, seed: UInt64,
  widths: [Int] = initialisationWidths
) -> Sequential {
  var generator = SeededGenerator(seed: seed)
  var layers: [Module] = []
  for index in 0..<widths.count - 1 {
    layers.append(
      makeLinear(
        inputs: widths[index], outputs: widths[index + 1], initializer: initializer,
        using: &generator))
    if index < widths.count - 2 { layers.append(activation.makeModule()) }
  }
  return Sequential(layers)
}

/// The `Linear` layers of a model, in order.
func linears(_ model: Sequential) -> [Linear] { model.layers.compactMap { $0 as? Linear } }

/// The population variance of a tensor's entries, computed here.
func variance(_ tensor: Tensor) -> Double {
  let mean = tensor.scalars.reduce(0, +) / Double(tensor.count)
  return tensor.scalars.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(tensor.count)
}

/// What a trained run leaves that the tests read: its telemetry and its layers' weights.
struct TrainedRun: Sendable {
  let telemetry: Telemetry
  let weights: [Tensor]

  init(_ run: InitialisationRunResult) {
    telemetry = run.telemetry
    weights = linears(run.model).map(\.weight.value)
  }

  var finalLoss: Double { telemetry.losses.last ?? .nan }
}

/// The broken runs trained once (seed 1), for the symmetry after training and the fix.
enum Trained {
  static let seed: UInt64 = 1
  static let zeros = TrainedRun(makeInitialisationRun(.zeros, seed: seed))
  static let tooSmall = TrainedRun(makeInitialisationRun(.tooSmall, seed: seed))
  static let tooLarge = TrainedRun(makeInitialisationRun(.tooLarge, seed: seed))

  static func of(_ kind: InitialisationRun) -> TrainedRun {
    switch kind {
    case .zeros: zeros
    case .tooSmall: tooSmall
    default: tooLarge
    }
  }
}
