import Autodiff
import DataPipeline
import Foundation
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// A classifier trained on a training split, watched on a validation split. Provided.
public struct ClassifierRun {
  /// The trained model: `Linear(features, hidden) → ReLU → Linear(hidden, classes)`.
  public let model: Sequential
  /// The training run's record (loss of every step, gradient norms every 50 steps).
  public let telemetry: Telemetry
  /// The steps at which the two accuracies were measured: 0, every, 2 every, ..., and the end.
  public let checkpoints: [Int]
  /// The training accuracy at each checkpoint.
  public let trainingAccuracies: [Double]
  /// The validation accuracy at each checkpoint.
  public let validationAccuracies: [Double]
  /// The final model measured on the training split.
  public let training: Evaluation
  /// The final model measured on the validation split.
  public let validation: Evaluation
}

/// Trains `Linear(features, hidden) → ReLU → Linear(hidden, classes)` (He-initialised, zero
/// biases) with Adam on the whole training split at every step, measuring the training and
/// validation accuracy every `every` steps. Provided: the training loop of every run of this
/// chapter.
///
/// ```swift
/// let run = trainClassifier(training: train, validation: validation, seed: 3)
/// run.telemetry.losses.last, run.validation.accuracy   // 0.0002 and 1.0 on clean digits
/// ```
///
/// Nothing here looks at the validation split to decide anything: it is watched, not used.
///
/// Stops with a message when a split is empty, when their feature counts differ, or when a
/// label is outside `0 ..< classes`.
public func trainClassifier(
  training: Dataset, validation: Dataset, classes: Int = 10, hidden: Int = 32, steps: Int = 150,
  learningRate: Double = 0.02, every: Int = 10, seed: UInt64
) -> ClassifierRun {
  check(
    training.count > 0 && validation.count > 0,
    "trainClassifier: need training and validation examples, got \(training.count) and "
      + "\(validation.count)")
  check(
    training.featureCount == validation.featureCount,
    "trainClassifier: \(training.featureCount) training features but "
      + "\(validation.featureCount) validation features")
  check(
    (training.labels + validation.labels).allSatisfy { (0..<classes).contains($0) },
    "trainClassifier: every label must be in 0..<\(classes)")
  var generator = SeededGenerator(seed: seed)
  let model = Sequential(
    makeLinear(
      inputs: training.featureCount, outputs: hidden, initializer: .heNormal(),
      using: &generator),
    ReLU(),
    makeLinear(
      inputs: hidden, outputs: classes, initializer: .heNormal(.linear), using: &generator))
  let optimizer = Adam(parameters: model.parameters, learningRate: learningRate)
  var checkpoints: [Int] = []
  var trainingAccuracies: [Double] = []
  var validationAccuracies: [Double] = []
  func measure(_ step: Int, trainingAccuracy: Double) {
    checkpoints.append(step)
    trainingAccuracies.append(trainingAccuracy)
    validationAccuracies.append(evaluate(model, on: validation).accuracy)
  }
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: steps, telemetry: TelemetryOptions(every: 50)
  ) { step in
    let outputs = model(Variable(training.inputs))
    if step % every == 0 {
      measure(step, trainingAccuracy: accuracy(logits: outputs.value, labels: training.labels))
    }
    return crossEntropy(logits: outputs, labels: training.labels)
  }
  let trainingResult = evaluate(model, on: training)
  measure(steps, trainingAccuracy: trainingResult.accuracy)
  return ClassifierRun(
    model: model, telemetry: telemetry, checkpoints: checkpoints,
    trainingAccuracies: trainingAccuracies, validationAccuracies: validationAccuracies,
    training: trainingResult, validation: evaluate(model, on: validation))
}

/// The runs of this chapter. Provided.
public enum ResultsRun: String, CaseIterable, Sendable {
  /// Clean digits whose label file is one row off (`ExportFault.labelsShiftedByOne`), paired
  /// by position: the loss falls, the training accuracy reaches 100%, validation is at chance.
  case broken
  /// The same export without the fault, paired by position: right, because both files agree.
  case healthy
  /// Decoy, honest but hard: very noisy digits (noise 0.8) and the same training: validation
  /// well above chance, yet far below the training accuracy of 100%.
  case hard
  /// Decoy, a different mistake: 88% of the images are 1s and the rest very noisy (noise 0.8).
  /// The accuracy looks high, about 0.9, and is no better than always answering "1".
  case imbalanced

  /// A short description for tables and plots.
  public var title: String {
    switch self {
    case .broken: "broken: labels shifted by one"
    case .healthy: "healthy"
    case .hard: "decoy: noisy digits, honest labels"
    case .imbalanced: "decoy: 88% ones"
    }
  }
}

/// One run: its data, the training, and the numbers a results check reads. Provided.
public struct ResultsRunResult {
  public let kind: ResultsRun
  public let seed: UInt64
  /// The export the data came from.
  public let raw: RawImages
  /// The first 200 examples of the pipeline's data set.
  public let training: Dataset
  /// The other 100.
  public let validation: Dataset
  /// The classifier trained on `training`.
  public let run: ClassifierRun
  /// The same classifier trained and evaluated on zeroed inputs: the input-independent
  /// baseline.
  public let zeroedInputs: ClassifierRun
  /// What `checkResults` reads.
  public let summary: ResultsSummary
}

/// The number of images of every run, of which the first `resultsTrainingCount` train the model.
public let resultsRunCount = 300
/// The training examples of every run; the other 100 are the validation split.
public let resultsTrainingCount = 200

/// The export of a run: 300 digits (5 x 7 pixels), shuffled and written as two files. Provided.
public func makeResultsExport(_ kind: ResultsRun, seed: UInt64) -> RawImages {
  let set: ClassificationSet
  switch kind {
  case .broken, .healthy:
    set = Datasets.digits(count: resultsRunCount, noise: 0.2, seed: seed)
  case .hard:
    set = Datasets.digits(count: resultsRunCount, noise: 0.8, seed: seed)
  case .imbalanced:
    // 264 ones (88%) and 4 of every other digit.
    let pool = Datasets.digits(count: 2640, noise: 0.8, seed: seed)
    var taken = [Int](repeating: 0, count: 10)
    var inputs: [[Double]] = []
    var labels: [Int] = []
    for (pixels, label) in zip(pool.inputs, pool.labels) where taken[label] < (label == 1 ? 264 : 4)
    {
      taken[label] += 1
      inputs.append(pixels)
      labels.append(label)
    }
    set = ClassificationSet(inputs: inputs, labels: labels, classCount: 10)
  }
  return exportImages(
    set, width: Datasets.digitWidth, height: Datasets.digitHeight,
    fault: kind == .broken ? .labelsShiftedByOne : .none, seed: seed &+ 1)
}

/// The first `resultsTrainingCount` examples for training, the rest for validation (the export is
/// already shuffled). Provided.
public func trainingAndValidation(_ dataset: Dataset) -> (training: Dataset, validation: Dataset) {
  check(
    dataset.count > resultsTrainingCount,
    "trainingAndValidation: need more than \(resultsTrainingCount) examples, got \(dataset.count)")
  return (
    dataset.subset(Array(0..<resultsTrainingCount)),
    dataset.subset(Array(resultsTrainingCount..<dataset.count))
  )
}

/// Runs one of the chapter's runs: export, pair by position, split, train, measure the
/// baselines. Provided. Takes about a tenth of a second on the reference.
///
/// ```swift
/// let broken = makeResultsRun(.broken, seed: 1)
/// broken.run.telemetry.losses.first, broken.run.telemetry.losses.last   // 2.45 → 0.115
/// broken.summary.trainingAccuracy, broken.summary.validationAccuracy     // 1.0, 0.13
/// ```
///
/// Uses your 12.1 (`majorityClassAccuracy`) for the majority-class baseline.
public func makeResultsRun(_ kind: ResultsRun, seed: UInt64) -> ResultsRunResult {
  let raw = makeResultsExport(kind, seed: seed)
  let (training, validation) = trainingAndValidation(pairByPosition(raw))
  let run = trainClassifier(training: training, validation: validation, seed: seed &+ 2)
  let zeroed = trainClassifier(
    training: Dataset(inputs: Tensor.zeros(training.inputs.shape), labels: training.labels),
    validation: Dataset(inputs: Tensor.zeros(validation.inputs.shape), labels: validation.labels),
    every: 1000, seed: seed &+ 2)
  let summary = ResultsSummary(
    classes: 10, trainingAccuracy: run.training.accuracy, trainingCount: training.count,
    validationAccuracy: run.validation.accuracy, validationCount: validation.count,
    majorityAccuracy: majorityClassAccuracy(
      training: training.labels, validation: validation.labels, classes: 10),
    zeroedInputAccuracy: zeroed.validation.accuracy)
  return ResultsRunResult(
    kind: kind, seed: seed, raw: raw, training: training, validation: validation, run: run,
    zeroedInputs: zeroed, summary: summary)
}
