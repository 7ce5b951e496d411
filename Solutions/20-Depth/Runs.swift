import Autodiff
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The hidden activation of a plain MLP in this chapter. Provided.
public enum HiddenActivation: String, Sendable, CaseIterable {
  case sigmoid, tanh, relu

  /// A fresh activation module.
  public func makeModule() -> Module {
    switch self {
    case .sigmoid: Sigmoid()
    case .tanh: Tanh()
    case .relu: ReLU()
    }
  }
}

/// The optimizer of a run. Provided.
public enum DepthOptimizer: Sendable, Equatable {
  /// Plain SGD at this rate.
  case sgd(Double)
  /// Adam (PyTorch's defaults besides the rate) at this rate.
  case adam(Double)
}

/// How one network of this chapter is built and trained. Provided.
///
/// The network is a plain MLP of `depth` `Linear` layers: `Linear(2, width)`, then
/// `depth - 2` times `Linear(width, width)`, each followed by the activation, then
/// `Linear(width, 2)` for the two logits. Weights from `initializer`, biases zero. The depth
/// counts the `Linear` layers, so a "3-layer net" has two hidden layers.
public struct DepthNetwork: Sendable, Equatable {
  /// The number of `Linear` layers, at least 1.
  public var depth: Int
  /// The width of every hidden layer.
  public var width: Int
  /// The activation after every hidden layer.
  public var activation: HiddenActivation
  /// The initializer of every weight.
  public var initializer: Initializer
  /// The optimizer.
  public var optimizer: DepthOptimizer
  /// Full-batch training steps.
  public var steps: Int

  public init(
    depth: Int, width: Int = 16, activation: HiddenActivation = .sigmoid,
    initializer: Initializer = .xavierNormal(), optimizer: DepthOptimizer = .sgd(3.0),
    steps: Int = depthRunSteps
  ) {
    self.depth = depth
    self.width = width
    self.activation = activation
    self.initializer = initializer
    self.optimizer = optimizer
    self.steps = steps
  }

  /// The network with the initial weights of `seed`: the same numbers on every call. Stops
  /// with a message when the depth or the width is below 1.
  public func makeModel(seed: UInt64) -> Sequential {
    check(
      depth >= 1 && width >= 1,
      "DepthNetwork.makeModel: depth and width must be at least 1, got depth \(depth), width "
        + "\(width)")
    var generator = SeededGenerator(seed: seed &+ 1)
    var layers: [Module] = []
    for index in 0..<depth {
      let inputs = index == 0 ? 2 : width
      let outputs = index == depth - 1 ? 2 : width
      layers.append(
        makeLinear(
          inputs: inputs, outputs: outputs, initializer: initializer, using: &generator))
      if index < depth - 1 { layers.append(activation.makeModule()) }
    }
    return Sequential(layers)
  }
}

/// The number of full-batch steps of every run. Provided.
public let depthRunSteps = 300

/// Training accuracy at or above this means XOR is solved: every point on its side. Provided.
public let solvedAccuracy = 1.0

/// The XOR data of `seed`: 10 points around each corner of the square `(±1, ±1)` (noise
/// 0.2, so 40 in all), label 1 where the two coordinates have different signs. Provided.
public func makeXORData(seed: UInt64) -> ClassificationSet {
  Datasets.xor(pointsPerQuadrant: 10, noise: 0.2, seed: seed)
}

/// What a run produced. Provided.
public struct DepthRunResult: Sendable {
  /// The network that was trained.
  public let network: DepthNetwork
  /// The seed of the data and of the initial weights.
  public let seed: UInt64
  /// Every loss; every 10 steps (and the last) the per-layer gradient norms, update ratios
  /// and activation statistics on the whole data set.
  public let telemetry: Telemetry
  /// The training accuracy after the last step.
  public let accuracy: Double

  /// Creates a result (the runs make them; tests and examples may too).
  public init(network: DepthNetwork, seed: UInt64, telemetry: Telemetry, accuracy: Double) {
    self.network = network
    self.seed = seed
    self.telemetry = telemetry
    self.accuracy = accuracy
  }

  /// The last loss of the run.
  public var finalLoss: Double { telemetry.losses.last ?? .nan }
  /// True when every training point is classified right.
  public var solved: Bool { accuracy >= solvedAccuracy }
}

/// Trains `network` on the XOR data of `seed` (full batch, cross-entropy on two logits) and
/// returns its telemetry and training accuracy. Provided.
///
/// ```swift
/// let run = trainOnXOR(DepthNetwork(depth: 3), seed: 1)
/// run.solved   // true
/// ```
public func trainOnXOR(_ network: DepthNetwork, seed: UInt64) -> DepthRunResult {
  let data = makeXORData(seed: seed)
  let inputs = Tensor(data.inputs)
  let model = network.makeModel(seed: seed)
  let optimizer: any Optimizer =
    switch network.optimizer {
    case .sgd(let rate): SGD(parameters: model.parameters, learningRate: rate)
    case .adam(let rate): Adam(parameters: model.parameters, learningRate: rate)
    }
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: network.steps,
    telemetry: TelemetryOptions(every: 10, probe: inputs)
  ) { _ in crossEntropy(logits: model(Variable(inputs)), labels: data.labels) }
  let logits = model.evaluating { model(Variable(inputs)).value }
  return DepthRunResult(
    network: network, seed: seed, telemetry: telemetry,
    accuracy: accuracy(logits: logits, labels: data.labels))
}

/// The runs of this chapter: XOR with plain MLPs of different depths. Provided.
public enum DepthRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// 20 sigmoid layers of width 16, Xavier weights, SGD at 3.0 for 300 steps: in the first
  /// backward pass the first layer's gradient is about 1e-12 of the last layer's, and the
  /// loss settles at ln 2 (a coin flip) and stays there.
  case tooDeep
  /// 20 tanh layers whose weights are N(0, 1.5²) (six times LeCun's spread for width 16), SGD
  /// at 0.1 for 100 steps: the gradient grows on its way back, the first layer's is 80 to a
  /// million times the last layer's, and on most seeds the loss stops falling.
  case exploding
  /// 3 sigmoid layers, everything else as `tooDeep`: solves XOR.
  case healthy
  /// Decoy: 8 ReLU layers with He weights, SGD at 0.1 for 200 steps: deep for XOR, and
  /// healthy (its ratio is 0.1 to 2).
  case deepReLU
  /// Decoy: 8 sigmoid layers trained with Adam at 0.03 for 300 steps. The first layer's
  /// gradient is 1e-5 of the last layer's, as vanishing as a diagnostic could ask, but Adam
  /// divides each step by the gradient's own running size, so the first layers move anyway
  /// and on most seeds the loss falls: not stalled, not reported.
  case deepAdam

  /// The network and optimizer of the run.
  public var network: DepthNetwork {
    switch self {
    case .tooDeep: DepthNetwork(depth: 20)
    case .exploding:
      DepthNetwork(
        depth: 20, activation: .tanh, initializer: .normal(mean: 0, standardDeviation: 1.5),
        optimizer: .sgd(0.1), steps: 100)
    case .healthy: DepthNetwork(depth: 3)
    case .deepReLU:
      DepthNetwork(
        depth: 8, activation: .relu, initializer: .heNormal(), optimizer: .sgd(0.1), steps: 200)
    case .deepAdam: DepthNetwork(depth: 8, optimizer: .adam(0.03))
    }
  }

  /// True for the runs whose gradients do not flow.
  public var isBroken: Bool { self == .tooDeep || self == .exploding }

  public var description: String {
    switch self {
    case .tooDeep: "broken: 20 sigmoid layers"
    case .exploding: "broken: 20 tanh layers, N(0, 1.5^2)"
    case .healthy: "healthy: 3 sigmoid layers"
    case .deepReLU: "decoy: 8 ReLU layers, He"
    case .deepAdam: "decoy: 8 sigmoid layers, Adam"
    }
  }
}

/// Runs `kind` on the XOR data of `seed`. Provided.
///
/// ```swift
/// let broken = makeDepthRun(.tooDeep, seed: 1)
/// broken.telemetry.losses.last   // 0.693: ln 2, a coin flip
/// makeDepthRun(.healthy, seed: 1).solved   // true
/// ```
public func makeDepthRun(_ kind: DepthRun, seed: UInt64) -> DepthRunResult {
  trainOnXOR(kind.network, seed: seed)
}
