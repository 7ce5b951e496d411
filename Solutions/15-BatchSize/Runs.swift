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

/// How a mini-batch run spends its budget: the data, the batch size, the number of passes over
/// the data (epochs) and the SGD learning rate. Provided.
///
/// ```swift
/// let plan = BatchPlan(exampleCount: 150, batchSize: 150, epochs: 5, learningRate: 0.1)
/// plan.stepsPerEpoch   // 1: the whole data set is one batch
/// plan.totalSteps      // 5 updates in all
/// ```
///
/// Every epoch visits every example once in a new order, in batches of `batchSize`; the last
/// batch of an epoch holds what is left (PyTorch's `DataLoader` with `drop_last=False`). So an
/// epoch has `ceil(exampleCount / batchSize)` steps, and a bigger batch means fewer updates for
/// the same number of epochs.
public struct BatchPlan: Equatable, Sendable, CustomStringConvertible {
  /// The number of training examples.
  public let exampleCount: Int
  /// The number of examples per mini-batch (the last batch of an epoch may have fewer).
  public let batchSize: Int
  /// The number of passes over the data.
  public let epochs: Int
  /// The SGD learning rate.
  public let learningRate: Double

  /// Creates a plan. Stops with a message unless every count is at least 1, the batch is no
  /// larger than the data, and the rate is finite and positive.
  public init(exampleCount: Int, batchSize: Int, epochs: Int, learningRate: Double) {
    check(
      exampleCount >= 1 && batchSize >= 1 && batchSize <= exampleCount && epochs >= 1,
      "BatchPlan: need exampleCount >= 1, 1 <= batchSize <= exampleCount and epochs >= 1, got "
        + "exampleCount \(exampleCount), batchSize \(batchSize), epochs \(epochs)")
    check(
      learningRate > 0 && learningRate.isFinite,
      "BatchPlan: learningRate must be finite and > 0, got \(learningRate)")
    self.exampleCount = exampleCount
    self.batchSize = batchSize
    self.epochs = epochs
    self.learningRate = learningRate
  }

  /// The updates in one epoch: `ceil(exampleCount / batchSize)`.
  public var stepsPerEpoch: Int { (exampleCount + batchSize - 1) / batchSize }
  /// The updates of the whole run: `stepsPerEpoch * epochs`.
  public var totalSteps: Int { stepsPerEpoch * epochs }

  /// The same plan with another batch size, learning rate or number of epochs.
  public func with(batchSize: Int? = nil, epochs: Int? = nil, learningRate: Double? = nil)
    -> BatchPlan
  {
    BatchPlan(
      exampleCount: exampleCount, batchSize: batchSize ?? self.batchSize,
      epochs: epochs ?? self.epochs, learningRate: learningRate ?? self.learningRate)
  }

  public var description: String {
    "batch \(batchSize), \(epochs) epoch\(epochs == 1 ? "" : "s"), rate \(learningRate): "
      + "\(stepsPerEpoch) step\(stepsPerEpoch == 1 ? "" : "s") per epoch, "
      + "\(totalSteps) update\(totalSteps == 1 ? "" : "s")"
  }
}

/// The data of every run of this chapter: three Gaussian blobs of 50 points in 5 dimensions
/// (`Datasets.blobs`, spread 1), standardised, 150 examples in all. Provided.
///
/// Why 5 dimensions: in the plane, two of the three random centres land close together on
/// 5 of the first 12 seeds, and no batch size then gets below the overlap. In 5 dimensions
/// the classes are separable on nearly every seed, so what differs between runs is how far
/// each budget got, not the data.
public func makeBlobData(seed: UInt64) -> Dataset {
  let raw = Dataset(
    Datasets.blobs(pointsPerClass: 50, classes: 3, dimensions: 5, spread: 1, seed: seed))
  return Dataset(inputs: Standardizer.fit(raw.inputs).apply(raw.inputs), labels: raw.labels)
}

/// The model of every run: `Linear(5 → 16) → ReLU → Linear(16 → 3)`, He-initialised with zero
/// biases, drawn from `seed` (the same seed gives the same initial weights whatever the plan).
/// Provided.
public func makeBlobModel(seed: UInt64) -> Sequential {
  var generator = SeededGenerator(seed: seed ^ 0x5EED_B10B)
  return Sequential(
    makeLinear(inputs: 5, outputs: 16, initializer: .heNormal(), using: &generator), ReLU(),
    makeLinear(inputs: 16, outputs: 3, initializer: .heNormal(), using: &generator))
}

/// The mean cross-entropy of `model` on the whole of `data`: the number the runs compare.
/// Provided.
public func fullDataLoss(_ model: Module, on data: Dataset) -> Double {
  crossEntropy(logits: model(Variable(data.inputs)), labels: data.labels).value.scalar
}

/// What one run leaves behind. Provided.
public struct BatchRunResult {
  /// The budget the run spent.
  public let plan: BatchPlan
  /// The 150 standardised training examples (`makeBlobData`).
  public let data: Dataset
  /// The trained model.
  public let model: Sequential
  /// The telemetry of the run: the mini-batch loss and the rate of every step, probes once
  /// per epoch.
  public let telemetry: Telemetry
  /// The loss on the whole data set after k updates, k = 0 ... totalSteps (one more entry
  /// than steps): what the model knows at each point, free of mini-batch noise.
  public let fullLosses: [Double]

  /// The loss on the whole data set at the end.
  public var finalLoss: Double { fullLosses.last ?? .nan }
  /// The accuracy on the whole data set at the end.
  public var finalAccuracy: Double {
    accuracy(logits: model(Variable(data.inputs)).value, labels: data.labels)
  }
}

/// Trains the chapter's model on the chapter's data with plain SGD as `plan` says, through
/// `trainSteps`. Provided.
///
/// The data, the initial weights and the order of the examples all come from `seed`, so two
/// plans with the same seed differ only in their budget. Each epoch shuffles the data anew
/// (`DataLoader` with `shuffle: true`), and step k trains on batch k of the whole sequence of
/// epochs.
public func runPlan(_ plan: BatchPlan, seed: UInt64) -> BatchRunResult {
  let data = makeBlobData(seed: seed)
  check(
    plan.exampleCount == data.count,
    "runPlan: the plan is for \(plan.exampleCount) examples, the data has \(data.count)")
  let model = makeBlobModel(seed: seed)
  let loader = DataLoader(data, batchSize: plan.batchSize, shuffle: true, seed: seed &+ 15)
  var batches: [Batch] = []
  for epoch in 0..<plan.epochs {
    var iterator = loader.batches(epoch: epoch)
    while let batch = iterator.next() { batches.append(batch) }
  }
  let optimizer = SGD(parameters: model.parameters, learningRate: plan.learningRate)
  var fullLosses: [Double] = []
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: batches.count,
    telemetry: TelemetryOptions(every: plan.stepsPerEpoch, probe: data.inputs)
  ) { step in
    fullLosses.append(fullDataLoss(model, on: data))
    let batch = batches[step]
    return crossEntropy(logits: model(Variable(batch.inputs)), labels: batch.labels)
  }
  fullLosses.append(fullDataLoss(model, on: data))
  return BatchRunResult(
    plan: plan, data: data, model: model, telemetry: telemetry, fullLosses: fullLosses)
}

/// The runs of this chapter. Provided.
///
/// Every run trains the same model from the same initial weights on the same 150 examples;
/// only the budget differs.
///
/// - `broken`: the whole data set as one batch, 5 epochs at rate 0.1. Five epochs are five
///   updates: the loss is still falling steeply when they run out.
/// - `healthy`: batches of 8, the same 5 epochs and rate: 19 updates per epoch, 95 in all.
/// - `tunedLargeBatch` (a decoy, healthy but unusual): the whole data set as one batch again,
///   but with a rate tuned for it (1.0) and 100 epochs, so 100 updates. One update per epoch
///   is not a problem when there are enough of them: a check that only looks at the batch size
///   flags it.
/// - `lowRate` (a decoy with another problem): batches of 8 for 5 epochs, like `healthy`, but
///   at rate 0.001. It stalls, and its loss is still falling at the end, but not for lack of
///   updates: a check that only looks at the loss curve blames the batch size.
public enum BatchRun: String, CaseIterable, Sendable {
  case broken
  case healthy
  case tunedLargeBatch = "tuned large batch"
  case lowRate = "rate too low"

  /// The budget of this run.
  public var plan: BatchPlan {
    let base = BatchPlan(exampleCount: 150, batchSize: 150, epochs: 5, learningRate: 0.1)
    switch self {
    case .broken: return base
    case .healthy: return base.with(batchSize: 8)
    case .tunedLargeBatch: return base.with(epochs: 100, learningRate: 1)
    case .lowRate: return base.with(batchSize: 8, learningRate: 0.001)
    }
  }
}

/// Trains the run of kind `kind` on the data and weights of `seed`. Provided.
public func makeBatchRun(_ kind: BatchRun, seed: UInt64) -> BatchRunResult {
  runPlan(kind.plan, seed: seed)
}
