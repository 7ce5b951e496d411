import Autodiff
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The activation between the hidden layers of this chapter's networks. Provided.
public enum HiddenActivation: Sendable, Equatable, CustomStringConvertible {
  /// `max(x, 0)`: a unit negative on every input passes no gradient at all.
  case relu
  /// `x` for `x > 0`, `slope * x` otherwise (chapter 4): a small gradient everywhere.
  case leakyReLU(slope: Double)
  /// `x` for `x > 0`, `alpha (exp(x) - 1)` otherwise (chapter 4).
  case elu(alpha: Double)

  /// A fresh module of this activation.
  public func makeModule() -> Module {
    switch self {
    case .relu: ReLU()
    case .leakyReLU(let slope): LeakyReLU(slope: slope)
    case .elu(let alpha): ELU(alpha: alpha)
    }
  }

  /// The nonlinearity whose gain He initialisation uses for it (chapter 6). ELU has no entry
  /// in PyTorch's table; its positive side is the identity, and the ReLU gain is the usual
  /// choice.
  public var nonlinearity: Nonlinearity {
    switch self {
    case .relu, .elu: .relu
    case .leakyReLU(let slope): .leakyReLU(slope: slope)
    }
  }

  public var description: String {
    switch self {
    case .relu: "ReLU"
    case .leakyReLU(let slope): "LeakyReLU(\(slope))"
    case .elu(let alpha): "ELU(\(alpha))"
    }
  }
}

/// Everything that can differ between two runs of this chapter. Provided.
///
/// The data are always 150 spiral points (`Datasets.spirals`, 3 balanced classes, 50 each),
/// the model always `Linear(2, width) → act → Linear(width, width) → act → Linear(width, 3)`,
/// trained with full-batch plain SGD on the cross-entropy and probed every 10 steps on the
/// whole training set (the probe batch: a unit is dead when it is 0 on all 150 points).
public struct DeadReLUSetup: Sendable, Equatable {
  /// The activation after each hidden layer.
  public var activation: HiddenActivation = .relu
  /// The rule that draws the weights of every layer.
  public var initializer: Initializer = .heNormal()
  /// The starting value of every bias of the two hidden layers (the output bias starts at 0).
  public var hiddenBias = 0.0
  /// SGD's learning rate.
  public var learningRate = 0.5
  /// Clip each example's cross-entropy to at most this value, nil for none. The bug of the
  /// loss path: `min(loss_i, c)` has gradient 0 for every example whose loss is above `c`.
  public var lossClip: Double? = nil
  /// Clip the global gradient norm to this value before each update, nil for none (chapter 7:
  /// what clipping the loss was meant to do).
  public var clipNorm: Double? = nil
  /// The width of both hidden layers.
  public var width = 32
  /// The number of training steps.
  public var steps = 200

  public init() {}
}

/// The runs of this chapter, each a `DeadReLUSetup` on the same spirals. Provided.
public enum DeadReLURun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Every hidden bias starts at -5: every hidden unit is negative on every point, so every
  /// ReLU outputs 0, the gradient of both hidden layers is exactly 0 (and the output layer's,
  /// with balanced classes, 0 up to rounding), and the loss never leaves ln 3.
  case deadAtInit
  /// A healthy start at a learning rate far too high: the first steps throw most hidden
  /// units below zero for good, and the loss stalls near ln 3.
  case killedByRate
  /// Each example's loss clipped at 1 ("so that outliers cannot dominate"): every example
  /// whose loss is above 1, a misclassified one, gets exactly 0 gradient. The easy examples
  /// are learned, the hard ones never: the run ends far below the healthy accuracy with
  /// hardly a unit dead.
  case clippedLoss
  /// He initialisation, zero biases, SGD at 0.5: the loss falls, a few units die on the way
  /// (up to about a sixth of a layer).
  case healthy
  /// The decoy, healthy but unusual: hidden biases at -0.5. A quarter to a half of the units
  /// of a layer are dead (far more than in the healthy run), yet the others learn and the
  /// loss keeps falling. A detector that looks at the dead fraction alone fires on it.
  case manyDeadButLearning
  /// The decoy with another problem: a learning rate too low (1e-4). The loss stalls, but
  /// nothing is dead and the gradients are the healthy run's: chapter 16's mistake.
  case rateTooLow

  /// The setup of the run.
  public var setup: DeadReLUSetup {
    var setup = DeadReLUSetup()
    switch self {
    case .deadAtInit: setup.hiddenBias = -5
    case .killedByRate: setup.learningRate = 5
    case .clippedLoss: setup.lossClip = 1
    case .healthy: break
    case .manyDeadButLearning: setup.hiddenBias = -0.5
    case .rateTooLow: setup.learningRate = 1e-4
    }
    return setup
  }

  /// True for the runs that have this chapter's mistakes.
  public var isBroken: Bool { self == .deadAtInit || self == .killedByRate || self == .clippedLoss }

  public var description: String {
    switch self {
    case .deadAtInit: "broken: biases at -5"
    case .killedByRate: "broken: rate 5 kills units"
    case .clippedLoss: "broken: loss clipped at 1"
    case .healthy: "healthy"
    case .manyDeadButLearning: "decoy: biases at -0.5, many dead, learning"
    case .rateTooLow: "decoy: rate too low (1e-4)"
    }
  }
}

/// The training data of seed `seed`: 150 spiral points, 3 balanced classes. Provided.
public func makeSpiralData(seed: UInt64) -> (inputs: Tensor, labels: [Int]) {
  let set = Datasets.spirals(pointsPerClass: 50, classes: 3, noise: 0.2, seed: seed)
  return (Tensor(set.inputs), set.labels)
}

/// The network of `setup` with the initial weights of `seed`. Provided.
///
/// Every weight is drawn by `setup.initializer` from `SeededGenerator(seed: seed + 1)`, layer
/// after layer; the hidden biases are set to `setup.hiddenBias`, the output bias to 0.
public func makeDeadReLUModel(_ setup: DeadReLUSetup, seed: UInt64) -> Sequential {
  check(setup.width >= 1, "makeDeadReLUModel: the width must be at least 1, got \(setup.width)")
  var generator = SeededGenerator(seed: seed &+ 1)
  func layer(_ inputs: Int, _ outputs: Int, bias: Double) -> Linear {
    let weight = setup.initializer.makeTensor([outputs, inputs], using: &generator)
    return Linear(weight: weight, bias: Tensor(shape: [outputs], repeating: bias))
  }
  return Sequential(
    layer(2, setup.width, bias: setup.hiddenBias), setup.activation.makeModule(),
    layer(setup.width, setup.width, bias: setup.hiddenBias), setup.activation.makeModule(),
    layer(setup.width, 3, bias: 0))
}

/// The loss of every run: the mean cross-entropy, each example's term clipped at
/// `lossClip` first when it is given. Provided.
///
/// ```
/// loss = (1/N) Σ_i min(ℓ_i, c)        ℓ_i = -log softmax(z_i)[y_i]
/// ```
///
/// The clip is `clampedAbove(_:)`, whose gradient is 0 wherever it clips: an example whose
/// loss is above `c` sends nothing back.
public func spiralLoss(logits: Variable, labels: [Int], lossClip: Double?) -> Variable {
  let logProbabilities = logSoftmax(logits, alongAxis: 1)
  let picked = Variable(
    Tensor(
      shape: logits.shape,
      scalars: labels.enumerated().flatMap { row, label in
        (0..<logits.shape[1]).map { $0 == label ? 1.0 : 0.0 }
      }))
  let perExample = -(logProbabilities * picked).sum(alongAxis: 1)
  guard let lossClip else { return perExample.mean() }
  return perExample.clampedAbove(lossClip).mean()
}

/// What a run produced. Provided.
public struct DeadReLURunResult {
  /// The setup it ran.
  public let setup: DeadReLUSetup
  /// The seed of its data and initial weights.
  public let seed: UInt64
  /// The trained model.
  public let model: Sequential
  /// The training inputs (also the probe batch) and labels.
  public let inputs: Tensor
  public let labels: [Int]
  /// The loss of every step; every 10 steps, each layer's gradient norm, update ratio and
  /// dead fraction on the probe batch.
  public let telemetry: Telemetry

  /// The last loss (unclipped or clipped: the loss that was trained).
  public var finalLoss: Double { telemetry.losses.last ?? .nan }

  /// The training accuracy of the trained model.
  public var accuracy: Double {
    Training.accuracy(logits: model(Variable(inputs)).value, labels: labels)
  }

  /// The plain (unclipped) cross-entropy of the trained model on the training set.
  public var crossEntropyLoss: Double {
    crossEntropy(logits: model(Variable(inputs)), labels: labels).value.scalar
  }
}

/// Trains `setup` on the spirals of `seed`. Provided.
public func trainDeadReLUSetup(_ setup: DeadReLUSetup, seed: UInt64) -> DeadReLURunResult {
  check(
    setup.learningRate.isFinite && setup.learningRate > 0,
    "trainDeadReLUSetup: the learning rate must be finite and > 0, got \(setup.learningRate)")
  let data = makeSpiralData(seed: seed)
  let model = makeDeadReLUModel(setup, seed: seed)
  let optimizer = SGD(parameters: model.parameters, learningRate: setup.learningRate)
  let inputs = Variable(data.inputs)
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: setup.steps,
    telemetry: TelemetryOptions(every: deadReLUProbeEvery, probe: data.inputs),
    clipNorm: setup.clipNorm
  ) { _ in
    spiralLoss(logits: model(inputs), labels: data.labels, lossClip: setup.lossClip)
  }
  return DeadReLURunResult(
    setup: setup, seed: seed, model: model, inputs: data.inputs, labels: data.labels,
    telemetry: telemetry)
}

/// The probe interval of every run. Provided.
public let deadReLUProbeEvery = 10

/// Runs `kind` on the spirals of `seed`. Provided.
public func makeDeadReLURun(_ kind: DeadReLURun, seed: UInt64) -> DeadReLURunResult {
  trainDeadReLUSetup(kind.setup, seed: seed)
}

extension DeadReLURunResult {
  /// For each ReLU of the trained model, the fraction of its *outputs* (every example, every
  /// unit) that are 0 on the training set. Provided, for comparison only: it is the
  /// per-activation count of DeepDiagnosis, which a healthy ReLU layer passes half the time.
  public var zeroOutputFractions: [Double] {
    var current = Variable(inputs)
    var fractions: [Double] = []
    for layer in model.layers {
      current = layer(current)
      if layer is ReLU {
        let values = current.value.scalars
        fractions.append(Double(values.filter { $0 == 0 }.count) / Double(values.count))
      }
    }
    return fractions
  }

  /// The zero-gradient probe's view of the run: the trained model's logits on the training
  /// set, the confident logits as the ideal, and the loss the run trained on.
  public var lossPathFindings: [Finding] {
    let logits = model(Variable(inputs)).value
    return zeroGradientFindings(
      predictions: logits, ideal: confidentLogits(labels: labels, classes: 3)
    ) { spiralLoss(logits: $0, labels: labels, lossClip: setup.lossClip) }
  }
}
