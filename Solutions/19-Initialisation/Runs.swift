import Autodiff
import DataPipeline
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The data of every run of this chapter: three interleaved spirals (`Datasets.spirals`, 100
/// points per class, noise 0.2), standardised per feature with chapter 9's `Standardizer`, so
/// that the inputs have mean 0 and standard deviation 1 and the first layer sees a healthy
/// signal. Provided.
public struct InitialisationData: Sendable {
  /// The inputs, `[300, 2]`.
  public let inputs: Tensor
  /// The class of each row, 0, 1 or 2 (100 of each: ln 3 = 1.0986 is the loss of a network
  /// that has learned nothing but the class frequencies).
  public let labels: [Int]
}

/// The spirals of seed `seed`, standardised. Provided.
public func makeInitialisationData(seed: UInt64) -> InitialisationData {
  let set = Dataset(Datasets.spirals(pointsPerClass: 50, classes: 3, noise: 0.2, seed: seed))
  return InitialisationData(
    inputs: Standardizer.fit(set.inputs).apply(set.inputs), labels: set.labels)
}

/// The widths of the chapter's network: 2 inputs, five hidden layers of 32 units, 3 outputs.
public let initialisationWidths = [2, 32, 32, 32, 32, 32, 3]

/// The runs of this chapter: one network, one data set, five ways to start. Provided.
///
/// Every run is `Linear(2, 32) → f → (Linear(32, 32) → f) x 4 → Linear(32, 3)`, trained for
/// `initialisationRunSteps` full-batch SGD steps (rate 0.1, momentum 0.9) on the cross-entropy
/// of the spirals. The broken and healthy runs use ReLU for f; only the initial weights differ.
public enum InitialisationRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Every weight and bias 0 (`nn.init.zeros_` on every parameter). Every unit of a layer
  /// computes the same thing; here every hidden activation is 0, no gradient reaches any
  /// weight, and the loss stays at ln 3 for ever.
  case zeros
  /// "Small random numbers", N(0, 0.01²) for every weight (CS231n's `0.01 * randn`): each
  /// ReLU layer divides the signal's power by about 625, it is gone after five layers, and so
  /// is the gradient.
  case tooSmall
  /// Unit variance, N(0, 1) for every weight: each 32-wide ReLU layer multiplies the signal's
  /// power by about 16; the logits are in the thousands and the first step throws the weights
  /// away.
  case tooLarge
  /// He normal (chapter 6) for every layer, zero biases: the textbook start for ReLU.
  case healthy
  /// The decoy, healthy but unusual: tanh for f, Xavier uniform weights (gain 1), and the last
  /// layer's weights scaled down by 100 (Karpathy's makemore advice, so that the initial logits
  /// are near 0 and the first loss is ln 3). A detector that expects He's 2 / fan_in
  /// everywhere, or reads "0.5 to 2" as a hard rule for the activations' spread, flags it.
  case decoy

  /// The hidden activation of the run.
  public var nonlinearity: Nonlinearity { self == .decoy ? .tanh : .relu }

  /// True for the runs that start badly.
  public var isBroken: Bool { self == .zeros || self == .tooSmall || self == .tooLarge }

  public var description: String {
    switch self {
    case .zeros: "broken: all zeros"
    case .tooSmall: "broken: N(0, 0.01^2)"
    case .tooLarge: "broken: N(0, 1)"
    case .healthy: "healthy: He normal, ReLU"
    case .decoy: "decoy: tanh, Xavier uniform, last layer / 100"
    }
  }
}

/// The number of training steps of every run. Provided.
public let initialisationRunSteps = 200

/// The network of run `kind`, initialised from `SeededGenerator(seed: seed + 1)`: the same
/// numbers on every call. Provided.
///
/// ```swift
/// let model = makeInitialisationModel(.healthy, seed: 1)
/// model.layers.count   // 11: six Linear layers and five ReLUs
/// ```
public func makeInitialisationModel(_ kind: InitialisationRun, seed: UInt64) -> Sequential {
  var generator = SeededGenerator(seed: seed &+ 1)
  let initializer: Initializer =
    switch kind {
    case .zeros: .zeros
    case .tooSmall: .normal(mean: 0, standardDeviation: 0.01)
    case .tooLarge: .normal(mean: 0, standardDeviation: 1)
    case .healthy: .heNormal()
    case .decoy: .xavierUniform()
    }
  var layers: [Module] = []
  let widths = initialisationWidths
  for index in 0..<widths.count - 1 {
    let linear = makeLinear(
      inputs: widths[index], outputs: widths[index + 1], initializer: initializer,
      using: &generator)
    if index < widths.count - 2 {
      layers += [linear, kind.nonlinearity.makeModule()]
    } else {
      if kind == .decoy { linear.weight.value = linear.weight.value * 0.01 }
      layers.append(linear)
    }
  }
  return Sequential(layers)
}

/// Trains `model` on `data` for `steps` full-batch SGD steps (rate 0.1, momentum 0.9) on the
/// cross-entropy, probing the telemetry every 10 steps on the whole data set. Provided: the
/// training of every run, and of the fix.
///
/// A run whose loss stops being finite ends there (`trainSteps` stops it).
public func trainInitialisationModel(
  _ model: Sequential, on data: InitialisationData, steps: Int = initialisationRunSteps
) -> Telemetry {
  let optimizer = SGD(parameters: model.parameters, learningRate: 0.1, momentum: 0.9)
  let inputs = Variable(data.inputs)
  return trainSteps(
    model, optimizer: optimizer, steps: steps,
    telemetry: TelemetryOptions(every: 10, probe: data.inputs)
  ) { _ in crossEntropy(logits: model(inputs), labels: data.labels) }
}

/// The accuracy of `model` on `data`; 0 when its outputs are not finite. Provided.
public func initialisationAccuracy(_ model: Sequential, on data: InitialisationData) -> Double {
  let logits = model.evaluating { model(Variable(data.inputs)).value }
  guard logits.isFinite else { return 0 }
  return accuracy(logits: logits, labels: data.labels)
}

/// What a run produced. Provided.
public struct InitialisationRunResult {
  public let kind: InitialisationRun
  public let seed: UInt64
  /// The data it trained on (its inputs are also the probe batch).
  public let data: InitialisationData
  /// The network as it was before training: the one a diagnostic of the initialisation
  /// reads. A fresh copy, never trained.
  public let initialModel: Sequential
  /// The same network after training.
  public let model: Sequential
  /// The run's telemetry: every loss, per-layer statistics every 10 steps.
  public let telemetry: Telemetry
  /// The training accuracy after the run.
  public let accuracy: Double

  /// The last loss of the run; not finite when it diverged.
  public var finalLoss: Double { telemetry.losses.last ?? .nan }
}

/// Runs `kind` on the spirals of `seed`. Provided.
///
/// ```swift
/// let broken = makeInitialisationRun(.tooSmall, seed: 1)
/// broken.finalLoss      // 1.0986: ln 3, nothing learned
/// makeInitialisationRun(.healthy, seed: 1).accuracy   // 0.987
/// ```
public func makeInitialisationRun(_ kind: InitialisationRun, seed: UInt64)
  -> InitialisationRunResult
{
  let data = makeInitialisationData(seed: seed)
  let model = makeInitialisationModel(kind, seed: seed)
  let telemetry = trainInitialisationModel(model, on: data)
  return InitialisationRunResult(
    kind: kind, seed: seed, data: data, initialModel: makeInitialisationModel(kind, seed: seed),
    model: model, telemetry: telemetry, accuracy: initialisationAccuracy(model, on: data))
}
