import DataPipeline
import Layers
import NaNHunting
import Tensors
import Training

/// What the model is asked to do. Provided.
public enum TaskKind: Sendable, Equatable {
  case classification(classes: Int)
  case regression
}

/// How the model, its loss and its optimizer are put together: what the static stage reads
/// without running anything. Provided.
public struct Wiring: Sendable, Equatable {
  /// The type of each layer of the top-level `Sequential`, in order: "Linear", "ReLU",
  /// "Dropout", "Softmax", ...
  public var layers: [String]
  /// The task; a classification is trained with `crossEntropy(logits:labels:)`, a regression
  /// with `meanSquaredError`.
  public var task: TaskKind
  /// The positions of the layers with a parameter the optimizer was not given.
  public var notOptimised: [Int]
  /// True when the model was still in training mode when it was evaluated.
  public var evaluatedInTrainingMode: Bool
  /// The probability of each "Dropout" layer, in order.
  public var dropout: [Double]
  /// The optimizer's weight decay (0 for none).
  public var weightDecay: Double

  public init(
    layers: [String], task: TaskKind, notOptimised: [Int] = [],
    evaluatedInTrainingMode: Bool = false, dropout: [Double] = [], weightDecay: Double = 0
  ) {
    self.layers = layers
    self.task = task
    self.notOptimised = notOptimised
    self.evaluatedInTrainingMode = evaluatedInTrainingMode
    self.dropout = dropout
    self.weightDecay = weightDecay
  }
}

/// The data as the model was fed it (after the pipeline's preprocessing), the training split
/// in the order of the first epoch. Provided.
public struct CaseData: Sendable {
  public var trainingInputs: Tensor
  public var validationInputs: Tensor
  /// Empty for a regression.
  public var trainingLabels: [Int]
  public var validationLabels: [Int]
  /// nil for a classification.
  public var trainingTargets: Tensor?
  public var validationTargets: Tensor?
  /// The mini-batch size of the run (the training count for full batch).
  public var batchSize: Int

  public init(
    trainingInputs: Tensor, validationInputs: Tensor, trainingLabels: [Int],
    validationLabels: [Int], trainingTargets: Tensor?, validationTargets: Tensor?, batchSize: Int
  ) {
    self.trainingInputs = trainingInputs
    self.validationInputs = validationInputs
    self.trainingLabels = trainingLabels
    self.validationLabels = validationLabels
    self.trainingTargets = trainingTargets
    self.validationTargets = validationTargets
    self.batchSize = batchSize
  }

  /// The training split as a `Dataset` (nil for a regression).
  public var training: Dataset? {
    trainingTargets == nil ? Dataset(inputs: trainingInputs, labels: trainingLabels) : nil
  }
  /// The validation split as a `Dataset` (nil for a regression).
  public var validation: Dataset? {
    validationTargets == nil ? Dataset(inputs: validationInputs, labels: validationLabels) : nil
  }
}

/// The sanity runs of chapter 10, done before the real run. Provided.
public struct SanityRecord: Sendable, Equatable {
  /// The loss of the freshly initialised model on the training split.
  public var initialLoss: Double
  /// What an untrained model should give: ln C for C classes. nil for a regression, whose
  /// starting loss depends on the output layer's scale as much as on the targets.
  public var expectedInitialLoss: Double?
  /// The loss at each step of a fresh model trained on one batch of 16 training examples.
  public var overfitLosses: [Double]

  public init(initialLoss: Double, expectedInitialLoss: Double?, overfitLosses: [Double]) {
    self.initialLoss = initialLoss
    self.expectedInitialLoss = expectedInitialLoss
    self.overfitLosses = overfitLosses
  }
}

/// What the run achieved, measured after training, and what it is compared with. Provided.
///
/// Every score is on one scale where higher is better: accuracy for a classification, R² for a
/// regression (1 - SSE / SST: 1 is perfect, 0 is predicting the mean, clamped at -1).
public struct Outcome: Sendable {
  public var task: TaskKind
  /// The score on the training split.
  public var training: Double
  /// The score on the validation split.
  public var validation: Double
  public var trainingCount: Int
  public var validationCount: Int
  /// Always answering the training split's majority class (predicting its mean target).
  public var majorityBaseline: Double
  /// The same model trained the same way on zeroed inputs, scored on zeroed validation inputs.
  public var zeroedInputBaseline: Double
  /// The validation score of the same run with other seeds, this run's first.
  public var seedScores: [Double]
  /// The trained model's logits on the training split (nil for a regression).
  public var trainingLogits: Tensor?
  public var trainingLabels: [Int]

  public init(
    task: TaskKind, training: Double, validation: Double, trainingCount: Int,
    validationCount: Int, majorityBaseline: Double, zeroedInputBaseline: Double,
    seedScores: [Double], trainingLogits: Tensor?, trainingLabels: [Int]
  ) {
    self.task = task
    self.training = training
    self.validation = validation
    self.trainingCount = trainingCount
    self.validationCount = validationCount
    self.majorityBaseline = majorityBaseline
    self.zeroedInputBaseline = zeroedInputBaseline
    self.seedScores = seedScores
    self.trainingLogits = trainingLogits
    self.trainingLabels = trainingLabels
  }
}

/// Everything the doctor examines about one training job. Provided: `runScenario` makes one.
public struct Case: @unchecked Sendable {
  public var name: String
  public var wiring: Wiring
  /// The trained model.
  public var model: Sequential
  /// The same model as it was initialised, before any step.
  public var initialModel: Sequential
  public var data: CaseData
  public var sanity: SanityRecord
  /// The run's telemetry: the loss of every step, probes every 10 steps.
  public var telemetry: Telemetry
  /// The clipping threshold of the run, nil without clipping.
  public var clipNorm: Double?
  /// When the loss or a probed gradient stopped being finite: the run replayed under
  /// chapter 22's anomaly mode.
  public var replay: WatchedRun?
  public var outcome: Outcome

  public init(
    name: String, wiring: Wiring, model: Sequential, initialModel: Sequential, data: CaseData,
    sanity: SanityRecord, telemetry: Telemetry, clipNorm: Double?, replay: WatchedRun?,
    outcome: Outcome
  ) {
    self.name = name
    self.wiring = wiring
    self.model = model
    self.initialModel = initialModel
    self.data = data
    self.sanity = sanity
    self.telemetry = telemetry
    self.clipNorm = clipNorm
    self.replay = replay
    self.outcome = outcome
  }
}
