import Autodiff
import DataPipeline
import Foundation
import Layers
import Tensors
import Training

/// One layer of a saved network: its kind and, for a linear layer, its numbers. Provided.
public struct CheckpointLayer: Codable, Equatable, Sendable {
  /// "linear", "tanh", "relu" or "identity".
  public let kind: String
  /// A linear layer's shape and numbers (row-major weight `[outputs, inputs]`, bias
  /// `[outputs]`); empty for an activation.
  public let inputs: Int
  public let outputs: Int
  public let weight: [Double]
  public let bias: [Double]

  /// The layer of `module`; stops with a message naming the type for a module it cannot save.
  public init(_ module: Module) {
    switch module {
    case let linear as Linear:
      kind = "linear"
      inputs = linear.inputs
      outputs = linear.outputs
      weight = linear.weight.value.scalars
      bias = linear.bias?.value.scalars ?? [Double](repeating: 0, count: linear.outputs)
    default:
      let names: [(Module.Type, String)] = [
        (Tanh.self, "tanh"), (ReLU.self, "relu"), (Identity.self, "identity"),
      ]
      let name = names.first { type(of: module) == $0.0 }?.1
      check(name != nil, "CheckpointLayer: cannot save a layer of type \(type(of: module))")
      kind = name!
      inputs = 0
      outputs = 0
      weight = []
      bias = []
    }
  }

  /// A fresh module with these numbers.
  public func makeModule() -> Module {
    switch kind {
    case "linear":
      Linear(
        weight: Tensor(shape: [outputs, inputs], scalars: weight), bias: Tensor(bias))
    case "tanh": Tanh()
    case "relu": ReLU()
    case "identity": Identity()
    default: fatalError("CheckpointLayer: unknown layer kind \"\(kind)\"")
    }
  }
}

/// Everything inference needs, in one file: the network's weights AND the preprocessing it
/// was trained with (the standardiser's statistics, fitted on the training split), with the
/// configuration that produced them. Provided (the type); 24.5 fills and uses it.
///
/// Saving the weights alone is the classic deployment bug: the serving code gets a model
/// that expects standardised inputs, feeds it raw ones, and nothing fails. The model answers
/// every request, with numbers that are wrong.
public struct Checkpoint: Codable, Equatable, Sendable {
  /// The layers of the network, in order.
  public var layers: [CheckpointLayer]
  /// The standardiser's mean and standard deviation per feature, and its constant features.
  public var featureMeans: [Double]
  public var featureStandardDeviations: [Double]
  public var constantFeatures: [Int]
  /// The configuration of the run.
  public var config: TuningConfig

  public init(
    layers: [CheckpointLayer], featureMeans: [Double], featureStandardDeviations: [Double],
    constantFeatures: [Int], config: TuningConfig
  ) {
    self.layers = layers
    self.featureMeans = featureMeans
    self.featureStandardDeviations = featureStandardDeviations
    self.constantFeatures = constantFeatures
    self.config = config
  }

  /// A fresh network with the saved weights. Provided.
  public func restoredModel() -> Sequential { Sequential(layers.map { $0.makeModule() }) }

  /// The JSON of the checkpoint. Provided.
  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(self)) ?? Data()
  }

  /// A checkpoint from its JSON; stops with a message naming `file` when it cannot be read.
  /// Provided.
  public static func decoded(_ data: Data, file: String = "checkpoint") -> Checkpoint {
    do {
      return try JSONDecoder().decode(Checkpoint.self, from: data)
    } catch {
      check(false, "Checkpoint.decoded: \(file) is not a checkpoint: \(error)")
      fatalError()
    }
  }
}

/// Saves a trained run: the network's layers (`CheckpointLayer` of each layer of `model`),
/// the standardiser's statistics as plain arrays, its constant features, and the
/// configuration.
///
/// ```swift
/// let run = trainTuningRun(.baseline)
/// let checkpoint = makeCheckpoint(
///   model: run.model, standardizer: run.standardizer, config: run.config)
/// checkpoint.featureMeans   // ≈ [500, 0.02, -3]: the raw training split's means
/// ```
///
/// Exercise 24.5.
public func makeCheckpoint(model: Sequential, standardizer: Standardizer, config: TuningConfig)
  -> Checkpoint
{
  // BEGIN EXERCISE 24.5
  // STUB: return Checkpoint(
  // STUB:   layers: [], featureMeans: [], featureStandardDeviations: [], constantFeatures: [],
  // STUB:   config: config)
  Checkpoint(
    layers: model.layers.map { CheckpointLayer($0) }, featureMeans: standardizer.mean.scalars,
    featureStandardDeviations: standardizer.standardDeviation.scalars,
    constantFeatures: standardizer.constantFeatures, config: config)
  // END EXERCISE 24.5
}

extension Checkpoint {
  /// The standardiser the model was trained with, rebuilt from the saved statistics
  /// (`Standardizer(mean:standardDeviation:constantFeatures:)` of chapter 9), never refitted.
  ///
  /// Exercise 24.5.
  public func restoredStandardizer() -> Standardizer {
    // BEGIN EXERCISE 24.5
    // STUB: let nan = Tensor(shape: [featureMeans.count], repeating: .nan)
    // STUB: return Standardizer(mean: nan, standardDeviation: nan, constantFeatures: [])
    Standardizer(
      mean: Tensor(featureMeans), standardDeviation: Tensor(featureStandardDeviations),
      constantFeatures: constantFeatures)
    // END EXERCISE 24.5
  }

  /// Predictions for raw inputs `[rows, features]`, exactly as in training: the saved
  /// standardiser first, then the saved network.
  ///
  /// ```
  /// predict(x) = model(restoredStandardizer().apply(x))
  /// ```
  ///
  /// Each row gets the same prediction alone as inside a batch (the statistics are the saved
  /// ones, not measured on what is passed in). Stops with the standardiser's message when the
  /// inputs do not have its number of features.
  ///
  /// Exercise 24.5.
  public func predict(_ rawInputs: Tensor) -> Tensor {
    // BEGIN EXERCISE 24.5
    // STUB: return Tensor(shape: [rawInputs.shape.first ?? 0, 1], repeating: .nan)
    let inputs = restoredStandardizer().apply(rawInputs)
    return restoredModel()(Variable(inputs)).value
    // END EXERCISE 24.5
  }
}

/// The broken deployment: the saved network applied to raw inputs, the preprocessing left
/// behind. Provided, to be measured, never used.
public func predictWithoutPreprocessing(_ checkpoint: Checkpoint, _ rawInputs: Tensor) -> Tensor {
  checkpoint.restoredModel()(Variable(rawInputs)).value
}

/// The mean squared error between predictions and targets; NaN when their shapes differ (a
/// checkpoint still empty, 24.5's stub, predicts nothing of the right shape). Provided.
public func meanSquaredErrorValue(_ predictions: Tensor, _ targets: Tensor) -> Double {
  guard predictions.shape == targets.shape else { return .nan }
  let errors = zip(predictions.scalars, targets.scalars).map { ($0 - $1) * ($0 - $1) }
  return errors.reduce(0, +) / Double(Swift.max(errors.count, 1))
}
