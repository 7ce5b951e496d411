import Autodiff
import Foundation
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// Clips its input to `[lower, upper]`, element by element: what `torch.clamp` does to the
/// outputs of a model "to keep the predictions in range". Provided.
///
/// ```
/// forward:   y = min(max(x, lower), upper)
/// backward:  dL/dx = g   where lower <= x <= upper
///            dL/dx = 0   elsewhere: an output pushed past a bound receives no gradient
/// ```
///
/// The zero is the mistake this chapter is about: an example whose output is clipped tells
/// the network nothing, however wrong the clipped value is.
public final class Clip: Module {
  /// The smallest output.
  public let lower: Double
  /// The largest output.
  public let upper: Double

  /// Creates the layer. Stops with a message unless both bounds are finite and
  /// `lower < upper`.
  public init(lower: Double = -1, upper: Double = 1) {
    check(
      lower.isFinite && upper.isFinite && lower < upper,
      "Clip: the bounds must be finite with lower < upper, got [\(lower), \(upper)]")
    self.lower = lower
    self.upper = upper
  }

  override public func callAsFunction(_ input: Variable) -> Variable {
    let x = input.value
    let (lower, upper) = (self.lower, self.upper)
    let y = x.map { Swift.min(Swift.max($0, lower), upper) }
    return Variable(value: y, parents: [input], operation: "clip") { g in
      [g * x.map { $0 >= lower && $0 <= upper ? 1 : 0 }]
    }
  }

  /// `Clip(-1.0, 1.0)`.
  override public var description: String { "Clip(\(lower), \(upper))" }
}

/// The final activations of this chapter's runs. Provided.
public enum FinalActivation: String, CaseIterable, Sendable, CustomStringConvertible {
  case identity, relu, sigmoid, tanh, clip

  /// A fresh module of this kind (`Clip()` clips to [-1, 1]).
  public func makeModule() -> Module {
    switch self {
    case .identity: Identity()
    case .relu: ReLU()
    case .sigmoid: Sigmoid()
    case .tanh: Tanh()
    case .clip: Clip()
    }
  }

  public var description: String {
    switch self {
    case .identity: "identity"
    case .relu: "ReLU"
    case .sigmoid: "sigmoid"
    case .tanh: "tanh"
    case .clip: "clip to [-1, 1]"
    }
  }
}

/// The runs of this chapter: one network, one kind of data, a different final activation or
/// a different target. Provided.
public enum OutputRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// ReLU output, targets sin(x): the negative half is out of reach.
  case reluOutput
  /// Sigmoid output, targets sin(x): only (0, 1) is reachable.
  case sigmoidOutput
  /// Tanh output, targets 2 sin(x): only (-1, 1) is reachable, and tanh saturates on the way.
  case tanhOutput
  /// Outputs clipped to [-1, 1], targets 2 sin(x): every clipped output has a zero gradient.
  case clippedOutput
  /// ReLU applied inside the model's forward pass, targets sin(x): the same mistake as
  /// `reluOutput`, but no layer of the model says so (PyTorch's `return F.relu(self.fc3(x))`).
  case reluInForward
  /// The healthy run: identity output, targets sin(x).
  case healthy
  /// Decoy: sigmoid output, targets 0.5 + 0.4 sin(x), all inside (0, 1).
  case sigmoidInsideRange
  /// Decoy: ReLU output, targets |sin(x)|, all non-negative.
  case reluNonNegative
  /// Decoy: identity output, targets 3 + 2 sin(x): far from the untrained outputs, not from
  /// the trained ones.
  case farAtInitialisation

  /// The final activation of the run's network.
  public var activation: FinalActivation {
    switch self {
    case .reluOutput, .reluNonNegative, .reluInForward: .relu
    case .sigmoidOutput, .sigmoidInsideRange: .sigmoid
    case .tanhOutput: .tanh
    case .clippedOutput: .clip
    case .healthy, .farAtInitialisation: .identity
    }
  }

  /// The target of input x.
  public func target(_ x: Double) -> Double {
    switch self {
    case .reluOutput, .sigmoidOutput, .healthy, .reluInForward: Foundation.sin(x)
    case .tanhOutput, .clippedOutput: 2 * Foundation.sin(x)
    case .sigmoidInsideRange: 0.5 + 0.4 * Foundation.sin(x)
    case .reluNonNegative: Swift.abs(Foundation.sin(x))
    case .farAtInitialisation: 3 + 2 * Foundation.sin(x)
    }
  }

  /// True for the runs whose final activation cannot reach their targets.
  public var isBroken: Bool {
    switch self {
    case .reluOutput, .sigmoidOutput, .tanhOutput, .clippedOutput, .reluInForward: true
    default: false
    }
  }

  public var description: String {
    switch self {
    case .reluOutput: "broken: ReLU output, sin(x)"
    case .sigmoidOutput: "broken: sigmoid output, sin(x)"
    case .tanhOutput: "broken: tanh output, 2 sin(x)"
    case .clippedOutput: "broken: clipped to [-1, 1], 2 sin(x)"
    case .healthy: "healthy: identity output, sin(x)"
    case .sigmoidInsideRange: "decoy: sigmoid output, 0.5 + 0.4 sin(x)"
    case .reluNonNegative: "decoy: ReLU output, abs(sin(x))"
    case .farAtInitialisation: "decoy: identity output, 3 + 2 sin(x)"
    case .reluInForward: "broken: ReLU in forward(), sin(x)"
    }
  }
}

/// How every run is trained. Provided.
public enum OutputRunSetup {
  /// Points of x on [-π, π], evenly spaced, both ends included.
  public static let points = 64
  /// The width of both hidden layers.
  public static let hidden = 16
  /// Adam's learning rate.
  public static let learningRate = 0.02
  /// Full-batch steps.
  public static let steps = 400
  /// The step from which the rate is a tenth of `learningRate`, to settle into the minimum.
  public static let decayStep = 300

  /// The rate of `step`: `learningRate` before `decayStep`, a tenth of it from there.
  public static func learningRate(step: Int) -> Double {
    step < decayStep ? learningRate : learningRate / 10
  }
  /// Probe the telemetry every this many steps (and at the last).
  public static let probeEvery = 50
}

/// The inputs of every run: `OutputRunSetup.points` values of x evenly spaced on [-π, π],
/// `[64, 1]`. Provided.
public let outputRunInputs: Tensor = {
  let set = Datasets.sine(count: OutputRunSetup.points, seed: 0)
  return Tensor(set.inputs)
}()

/// The targets of `kind`, `[64, 1]`: `kind.target(x)` at every input. Provided.
public func outputRunTargets(_ kind: OutputRun) -> Tensor {
  outputRunInputs.map { kind.target($0) }
}

/// The network of every run: `Linear(1, 16) → Tanh → Linear(16, 16) → Tanh → Linear(16, 1) →
/// final`, Xavier-normal weights and zero biases from `SeededGenerator(seed: seed)`: the same
/// linear layers, with the same initial weights, for every final activation of a seed.
/// Provided.
///
/// ```swift
/// makeOutputModel(final: .relu, seed: 1).layers.last   // ReLU
/// ```
public func makeOutputModel(final: FinalActivation, seed: UInt64) -> Sequential {
  var generator = SeededGenerator(seed: seed)
  let hidden = OutputRunSetup.hidden
  let layer = { (inputs: Int, outputs: Int) in
    makeLinear(inputs: inputs, outputs: outputs, initializer: .xavierNormal(), using: &generator)
  }
  return Sequential(
    layer(1, hidden), Tanh(), layer(hidden, hidden), Tanh(), layer(hidden, 1),
    final.makeModule())
}

/// A model that applies ReLU to its body's output inside its forward pass, with no layer for
/// it: what `return F.relu(self.fc3(x))` does in PyTorch. Provided.
///
/// Nothing in its list of layers says that its outputs are never negative; only its outputs
/// do.
public final class ReLUInForward: Module {
  /// The layers before the hidden ReLU.
  public let body: Sequential

  /// Wraps `body`.
  public init(_ body: Sequential) { self.body = body }

  override public var children: [Module] { [body] }

  /// `body(input).relu()`.
  override public func callAsFunction(_ input: Variable) -> Variable { body(input).relu() }

  override public var description: String { "ReLUInForward(\(body))" }
}

/// The model of `kind` for `seed`, untrained. Provided.
///
/// `makeOutputModel(final: kind.activation, seed: seed)`, except for `.reluInForward`: the
/// identity-output network of the seed wrapped in a `ReLUInForward`.
public func makeOutputModel(_ kind: OutputRun, seed: UInt64) -> Module {
  guard kind == .reluInForward else { return makeOutputModel(final: kind.activation, seed: seed) }
  return ReLUInForward(makeOutputModel(final: .identity, seed: seed))
}

/// Trains `model` on `targets` (at `outputRunInputs`) with full-batch Adam (rate 0.02) on the
/// mean squared error for 400 steps, probed every 50 steps on the inputs, and returns the
/// telemetry. Provided.
///
/// Stops with a message unless `targets` has the shape of the inputs, `[64, 1]`.
public func trainOutputModel(_ model: Module, targets: Tensor) -> Telemetry {
  check(
    targets.shape == outputRunInputs.shape,
    "trainOutputModel: targets must be \(outputRunInputs.shape), got \(targets.shape)")
  let optimizer = Adam(parameters: model.parameters, learningRate: OutputRunSetup.learningRate)
  let x = Variable(outputRunInputs)
  return trainSteps(
    model, optimizer: optimizer, steps: OutputRunSetup.steps,
    telemetry: TelemetryOptions(every: OutputRunSetup.probeEvery, probe: outputRunInputs),
    schedule: OutputRunSetup.learningRate(step:)
  ) { _ in meanSquaredError(model(x), targets) }
}

/// The outputs of `model` at `inputs`, in evaluation mode. Provided.
public func outputs(of model: Module, at inputs: Tensor) -> Tensor {
  model.evaluating { model(Variable(inputs)).value }
}

/// What a run leaves behind. Provided.
public struct OutputRunResult {
  public let kind: OutputRun
  public let seed: UInt64
  /// The trained model.
  public let model: Module
  /// The inputs, `[64, 1]`.
  public let inputs: Tensor
  /// The targets, `[64, 1]`.
  public let targets: Tensor
  /// Every loss; every 50 steps the per-layer statistics on the inputs.
  public let telemetry: Telemetry

  /// The trained model's outputs at the inputs.
  public var predictions: Tensor { outputs(of: model, at: inputs) }
  /// The loss before the first update.
  public var initialLoss: Double { telemetry.losses.first ?? .nan }
  /// The last step's loss.
  public var finalLoss: Double { telemetry.losses.last ?? .nan }
}

/// Makes and trains one run. Provided.
///
/// ```swift
/// makeOutputRun(.reluOutput, seed: 1).finalLoss   // 0.2461: the floor is 0.2461
/// makeOutputRun(.healthy, seed: 1).finalLoss      // 3.15e-05
/// ```
public func makeOutputRun(_ kind: OutputRun, seed: UInt64) -> OutputRunResult {
  let model = makeOutputModel(kind, seed: seed)
  let targets = outputRunTargets(kind)
  let telemetry = trainOutputModel(model, targets: targets)
  return OutputRunResult(
    kind: kind, seed: seed, model: model, inputs: outputRunInputs, targets: targets,
    telemetry: telemetry)
}
