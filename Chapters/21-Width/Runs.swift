import Autodiff
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The classification problem of every run in this chapter, and a way to train a network of
/// any hidden width on it. Provided.
///
/// The data: XOR, `Datasets.xor(pointsPerQuadrant: 10, noise: 0.1, seed:)`, 40 points in
/// four clusters at the corners (±1, ±1), labels 0, 1, 1, 0. The clusters are far apart, so
/// the task allows 100% training accuracy. The network: `Linear(2, width) → Tanh →
/// Linear(width, 2)`, Xavier-normal weights, zero biases, the same numbers for a given seed
/// and width. Every run is full-batch plain SGD on the cross-entropy.
///
/// ```swift
/// let problem = makeWidthProblem(seed: 1)
/// problem.train(width: 1).trainingAccuracy   // 0.75: one unit cannot draw XOR
/// problem.train(width: 4).trainingAccuracy   // 1.0
/// ```
public struct WidthProblem: Sendable {
  /// The inputs, `[40, 2]`.
  public let inputs: Tensor
  /// The class of each row, 0 or 1.
  public let labels: [Int]
  /// The seed of the data and of the initial weights.
  public let seed: UInt64

  /// A network of `width` hidden tanh units with the initial weights of this seed: the same
  /// numbers on every call. Stops with a message when `width` is below 1.
  public func makeModel(width: Int) -> Sequential {
    check(width >= 1, "WidthProblem.makeModel: the width must be at least 1, got \(width)")
    var generator = SeededGenerator(seed: seed &+ 1)
    let layer = { (inputs: Int, outputs: Int) in
      makeLinear(
        inputs: inputs, outputs: outputs, initializer: .xavierNormal(), using: &generator)
    }
    return Sequential(layer(2, width), Tanh(), layer(width, 2))
  }

  /// The cross-entropy of `model` on the whole data set.
  public func loss(_ model: Module) -> Variable {
    crossEntropy(logits: model(Variable(inputs)), labels: labels)
  }

  /// The fraction of the training points `model` classifies right.
  public func trainingAccuracy(_ model: Module) -> Double {
    accuracy(logits: model(Variable(inputs)).value, labels: labels)
  }

  /// Trains a fresh network of `width` hidden units (`makeModel(width:)`) with plain SGD on
  /// the full batch, and returns the telemetry (probed every `probeEvery` steps on the whole
  /// data set) and the training accuracy at the end.
  ///
  /// Stops with a message when `width` is below 1 or `learningRate` is not finite and > 0.
  public func train(
    width: Int, learningRate: Double = widthRunLearningRate, steps: Int = widthRunSteps,
    probeEvery: Int = 10
  ) -> WidthTraining {
    check(
      learningRate.isFinite && learningRate > 0,
      "WidthProblem.train: the learning rate must be finite and > 0, got \(learningRate)")
    let model = makeModel(width: width)
    let optimizer = SGD(parameters: model.parameters, learningRate: learningRate)
    let telemetry = trainSteps(
      model, optimizer: optimizer, steps: steps,
      telemetry: TelemetryOptions(every: probeEvery, probe: probeEvery > 0 ? inputs : nil)
    ) { _ in loss(model) }
    return WidthTraining(
      width: width, telemetry: telemetry, trainingAccuracy: trainingAccuracy(model),
      parameterCount: model.parameters.map(\.value.count).reduce(0, +))
  }
}

/// What one training run of a width produced. Provided.
public struct WidthTraining: Sendable {
  /// The hidden width trained.
  public let width: Int
  /// The run's telemetry: every loss, and per-layer statistics every 10 steps.
  public let telemetry: Telemetry
  /// The fraction of the training points classified right after the last step.
  public let trainingAccuracy: Double
  /// The number of weights and biases: `5 · width + 2` for `2 → width → 2`.
  public let parameterCount: Int

  /// The last loss of the run.
  public var finalLoss: Double { telemetry.losses.last ?? .nan }
}

/// The problem of seed `seed`: its data and its initial weights. Provided.
public func makeWidthProblem(seed: UInt64) -> WidthProblem {
  let set = Datasets.xor(pointsPerQuadrant: 10, noise: 0.1, seed: seed)
  return WidthProblem(
    inputs: Tensor(shape: [set.count, 2], scalars: set.inputs.flatMap { $0 }),
    labels: set.labels, seed: seed)
}

/// The number of steps of every run. Provided.
public let widthRunSteps = 300

/// The learning rate of every run but the too-low decoy. Provided.
public let widthRunLearningRate = 0.5

/// The runs of this chapter: one problem, four networks. Provided.
public enum WidthRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// One hidden tanh unit: the network's output is a monotone function of one projection
  /// `w · x + b`, so its decision boundary is a straight line, and a line gets at most three
  /// of XOR's four clusters right. Training accuracy stops at 75% (or lower), the loss stops
  /// near 0.48, and the updates are a healthy size all along.
  case tooFewUnits
  /// Sixteen hidden units (5-10x the number of classes, rounded to a power of 2): 100%
  /// training accuracy, the loss still falling at the end.
  case healthy
  /// The decoy, healthy but unusual: 256 hidden units (the low end of the usual 256-1024
  /// starting point). It fits as well as the healthy run; each step costs about 16 times as
  /// much. Too many units are slow, rarely harmful.
  case veryWide
  /// The decoy with another problem: sixteen units (enough) at a learning rate of 1e-4, 5000
  /// times too low. Its accuracy also stays low and its loss barely moves, but because the
  /// updates are tiny, not because the network is too small. Chapter 16's diagnostic names it.
  case rateTooLow

  /// The hidden width of the run.
  public var width: Int {
    switch self {
    case .tooFewUnits: 1
    case .healthy, .rateTooLow: 16
    case .veryWide: 256
    }
  }

  /// The learning rate of the run.
  public var learningRate: Double { self == .rateTooLow ? 1e-4 : widthRunLearningRate }

  /// True for the run that is too narrow.
  public var isBroken: Bool { self == .tooFewUnits }

  public var description: String {
    switch self {
    case .tooFewUnits: "broken: too few units (1)"
    case .healthy: "healthy (16 units)"
    case .veryWide: "decoy: very wide (256 units)"
    case .rateTooLow: "decoy: rate too low (16 units, 1e-4)"
    }
  }
}

/// What a run produced. Provided.
public struct WidthRunResult: Sendable {
  public let kind: WidthRun
  /// The problem it ran on (train another width with `problem.train(width:)`).
  public let problem: WidthProblem
  /// The training run: telemetry, training accuracy, parameter count.
  public let training: WidthTraining

  /// The run's telemetry.
  public var telemetry: Telemetry { training.telemetry }
  /// The training accuracy after the last step.
  public var trainingAccuracy: Double { training.trainingAccuracy }
}

/// Runs `kind` on the problem of `seed`: 300 full-batch SGD steps, probed every 10. Provided.
public func makeWidthRun(_ kind: WidthRun, seed: UInt64) -> WidthRunResult {
  let problem = makeWidthProblem(seed: seed)
  let training = problem.train(width: kind.width, learningRate: kind.learningRate)
  return WidthRunResult(kind: kind, problem: problem, training: training)
}
