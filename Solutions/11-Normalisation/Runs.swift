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

// MARK: - The pixel runs: classification of 0-255 images

/// The three classification runs of this chapter. Provided.
///
/// Every run trains the same `features → 32 → 10` ReLU network (He-initialised, zero biases,
/// the same weights for a given seed) on 200 images of 8 x 8 "pixels" from
/// `Datasets.pixelImages` (10 classes, values 0-255) with full-batch SGD at learning rate 0.1,
/// and is validated on 200 other images of the same classes. Only what the network is fed
/// differs:
///
/// - `broken`: the raw pixels, 0-255 (per pixel, a mean of 30 to 200 and a spread of 30 to 95).
///   The untrained network's logits are in the hundreds, the loss at step 0 is in the hundreds
///   instead of ln 10 = 2.3, and the first step's gradient is hundreds of times the healthy
///   one. That first step kills every hidden ReLU unit: the network is left predicting the
///   class frequencies, stuck at ln 10, at chance.
/// - `healthy`: the pixels standardised per feature with a `Standardizer` fitted on the
///   training split (chapter 9) and applied to both splits.
/// - `decoy`: healthy but unusual. The same standardised pixels, plus two columns a real data
///   set might carry, each left as it arrived: feature 64, the id of the camera that took the
///   picture (the same camera every time: the constant 1), and feature 65, a sensor's drift
///   reading, noise between 0 and 0.001 that says nothing about the class. Standardising them
///   would be wrong: the first has no spread to divide by, the second would be blown up from
///   noise the network can ignore to noise as loud as the pixels. It also has the values a
///   range rule mistakes for a problem: more than a third of the standardised pixels lie
///   outside [-1, 1], as they do in the healthy run.
public enum PixelRun: String, CaseIterable, Sendable {
  case broken
  case healthy
  case decoy
}

/// How a pixel run is set up. Provided.
public struct PixelSetup: Sendable, Equatable {
  /// Images in all, split in half: training and validation.
  public var images = 400
  /// The width of the hidden layer.
  public var hidden = 32
  /// The learning rate of plain, full-batch SGD.
  public var learningRate = 0.1
  /// Training steps.
  public var steps = 30
  /// Probe the telemetry every this many steps (and at the last).
  public var probeEvery = 5

  public init() {}
}

/// The feature index of the decoy's constant camera-id column.
public let decoyConstantFeature = 64
/// The feature index of the decoy's tiny, uninformative drift column.
public let decoyTinyFeature = 65

/// The training and validation splits of a pixel run, as the network is fed them. Provided.
///
/// The images come from `Datasets.pixelImages(count: setup.images, seed: seed)` (8 x 8, 10
/// classes, 0-255), split in half with chapter 9's `split` (seed `seed + 1`). The healthy and
/// decoy runs standardise the pixels with chapter 9's `standardized` (fitted on the training
/// half); the decoy then appends its two extra columns (drawn with seed `seed + 3`).
///
/// ```swift
/// let data = makePixelData(.broken, seed: 0)
/// data.training.inputs.shape   // [200, 64]: raw pixels, 0-255
/// makePixelData(.decoy, seed: 0).training.featureCount   // 66
/// ```
public func makePixelData(_ kind: PixelRun, seed: UInt64, setup: PixelSetup = PixelSetup())
  -> (training: Dataset, validation: Dataset)
{
  let images = Dataset(Datasets.pixelImages(count: setup.images, seed: seed))
  let halves = split(images, fractions: [0.5, 0.5], seed: seed &+ 1)
  switch kind {
  case .broken:
    return (halves[0], halves[1])
  case .healthy:
    let scaled = standardized(halves).splits
    return (scaled[0], scaled[1])
  case .decoy:
    let scaled = standardized(halves).splits
    var generator = SeededGenerator(seed: seed &+ 3)
    let extended = scaled.map { part in
      let rows = (0..<part.count).map { row in
        let pixels = (0..<part.featureCount).map { part.inputs[row, $0] }
        return pixels + [1, generator.uniform(in: 0...0.001)]
      }
      return Dataset(inputs: Tensor(rows), labels: part.labels)
    }
    return (extended[0], extended[1])
  }
}

/// What a classification run leaves behind. Provided.
public struct PixelRunResult {
  /// The training split, as the network was fed it.
  public let training: Dataset
  /// The validation split, as the network was fed it.
  public let validation: Dataset
  /// The trained model.
  public let model: Sequential
  /// The loss and rate of every step; every `probeEvery` steps the per-layer gradient norms,
  /// update ratios and activations on the first 64 training images.
  public let telemetry: Telemetry
  /// The cross-entropy on the validation split after training.
  public let validationLoss: Double
  /// The accuracy on the validation split after training.
  public let validationAccuracy: Double

  /// The loss at step 0, before any update: about ln 10 = 2.3 for a healthy start.
  public var initialLoss: Double { telemetry.losses.first ?? .nan }
  /// The loss of the last step.
  public var finalLoss: Double { telemetry.losses.last ?? .nan }
}

/// Trains the chapter's classifier on `training` and measures it on `validation`. Provided.
///
/// The model is `[front] → Linear(features, hidden) → ReLU → Linear(hidden, 10)`, the linear
/// layers He-initialised with zero biases from `SeededGenerator(seed: seed + 2)` (so the same
/// seed gives the same weights whatever the data), trained with full-batch SGD on the
/// cross-entropy. `front`, when given, is the model's first layer: a module without
/// parameters that sees the inputs as they are passed in, such as an `InputStandardization`.
public func trainPixelClassifier(
  training: Dataset, validation: Dataset, front: Module? = nil,
  setup: PixelSetup = PixelSetup(), seed: UInt64
) -> PixelRunResult {
  var generator = SeededGenerator(seed: seed &+ 2)
  var layers: [Module] = front.map { [$0] } ?? []
  layers += [
    makeLinear(
      inputs: training.featureCount, outputs: setup.hidden, initializer: .heNormal(),
      using: &generator),
    ReLU(),
    makeLinear(inputs: setup.hidden, outputs: 10, initializer: .heNormal(), using: &generator),
  ]
  let model = Sequential(layers)
  let optimizer = SGD(parameters: model.parameters, learningRate: setup.learningRate)
  let inputs = Variable(training.inputs)
  let probeRows = Swift.min(64, training.count)
  let probe = training.subset(Array(0..<probeRows)).inputs
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: setup.steps,
    telemetry: TelemetryOptions(every: setup.probeEvery, probe: probe)
  ) { _ in
    crossEntropy(logits: model(inputs), labels: training.labels)
  }
  let logits = model(Variable(validation.inputs))
  return PixelRunResult(
    training: training, validation: validation, model: model, telemetry: telemetry,
    validationLoss: crossEntropy(logits: logits, labels: validation.labels).value.scalar,
    validationAccuracy: accuracy(logits: logits.value, labels: validation.labels))
}

/// Makes and trains one pixel run. Provided.
///
/// ```swift
/// let broken = makePixelRun(.broken, seed: 0)
/// broken.initialLoss          // 341: raw pixels, logits in the hundreds
/// broken.finalLoss            // 2.03: stuck near ln 10 = 2.30
/// broken.validationAccuracy   // 0.2: near chance (0.1)
/// makePixelRun(.healthy, seed: 0).validationAccuracy   // 1.0
/// ```
public func makePixelRun(_ kind: PixelRun, seed: UInt64, setup: PixelSetup = PixelSetup())
  -> PixelRunResult
{
  let data = makePixelData(kind, seed: seed, setup: setup)
  return trainPixelClassifier(
    training: data.training, validation: data.validation, setup: setup, seed: seed)
}

// MARK: - The colour runs: regression onto 0-255 targets

/// The three regression runs of this chapter: the colour of a picture at a pixel. Provided.
///
/// The picture is 256 x 256; an example is a pixel's position `(x, y)`, both 0-255, and its
/// colour `(red, green, blue)`, each 0-255:
///
/// ```
/// u = x / 255,  v = y / 255
/// red   = 127.5 (1 + sin(2 pi u))
/// green = 127.5 (1 + cos(2 pi v))
/// blue  = 255 u v
/// each  + 4 normal(), clipped to 0...255 and rounded: a whole grey level
/// ```
///
/// Every run trains the same `2 → 32 → 32 → 3` ReLU network with an identity output
/// (He-initialised, zero biases) with full-batch SGD at learning rate 0.1 on the mean squared
/// error, on 200 training pixels; it is measured on 200 other pixels, always in grey levels
/// (predictions are un-scaled first).
///
/// - `broken`: standardised positions, raw 0-255 colours as targets. The untrained network
///   outputs numbers near 0 against targets averaging 60 to 140: the loss at step 0 is about
///   19,000, the first gradient about 100 times the healthy one, and SGD at a rate that suits
///   scaled targets blows up.
/// - `healthy`: standardised positions, colours divided by 255 (targets in 0...1, predictions
///   multiplied by 255 to be measured).
/// - `decoy`: a different problem. The colours are divided by 255, as in the healthy run, but
///   the positions are fed raw, 0-255. Its loss at step 0 is just as huge as the broken run's
///   and it blows up the same way: a check that judges the targets by the size of the loss
///   blames them wrongly. The targets are fine; the inputs are not.
public enum ColourRun: String, CaseIterable, Sendable {
  case broken
  case healthy
  case decoy
}

/// How a colour run is set up. Provided.
public struct ColourSetup: Sendable, Equatable {
  /// Training pixels; the validation set has as many.
  public var pixels = 200
  /// The width of both hidden layers.
  public var hidden = 32
  /// The learning rate of plain, full-batch SGD.
  public var learningRate = 0.1
  /// Training steps.
  public var steps = 200
  /// Probe the telemetry every this many steps (and at the last).
  public var probeEvery = 10

  public init() {}
}

/// `count` pixels of the chapter's picture: positions `[count, 2]` and colours `[count, 3]`,
/// all in 0-255 (see `ColourRun`). Provided.
public func colourPixels(count: Int, seed: UInt64) -> (positions: Tensor, colours: Tensor) {
  check(count >= 1, "colourPixels: count must be at least 1, got \(count)")
  var generator = SeededGenerator(seed: seed)
  var positions: [Double] = []
  var colours: [Double] = []
  for _ in 0..<count {
    let x = Double(generator.integer(below: 256))
    let y = Double(generator.integer(below: 256))
    let (u, v) = (x / 255, y / 255)
    let colour = [
      127.5 * (1 + Foundation.sin(2 * Double.pi * u)),
      127.5 * (1 + Foundation.cos(2 * Double.pi * v)),
      255 * u * v,
    ]
    positions += [x, y]
    colours += colour.map { Swift.min(Swift.max($0 + 4 * generator.normal(), 0), 255).rounded() }
  }
  return (
    Tensor(shape: [count, 2], scalars: positions), Tensor(shape: [count, 3], scalars: colours)
  )
}

/// The data of a colour run, as the network is fed it. Provided.
public struct ColourData: Sendable {
  /// The training positions, as fed (standardised, or raw for the decoy).
  public let trainingInputs: Tensor
  /// The training targets, as trained against (raw, or divided by 255).
  public let trainingTargets: Tensor
  /// The validation positions, as fed.
  public let validationInputs: Tensor
  /// The validation colours in grey levels, 0-255: what the predictions are measured against.
  public let validationColours: Tensor
  /// What a prediction is multiplied by to be in grey levels: 1 for the broken run, 255 for
  /// the others.
  public let targetUnit: Double
}

/// The data of one colour run. Provided.
///
/// Training pixels come from `colourPixels(count: setup.pixels, seed: seed)`, validation pixels
/// from seed `seed + 1`. Positions are standardised with a `Standardizer` fitted on the
/// training positions (except in the decoy).
///
/// ```swift
/// makeColourData(.broken, seed: 0).trainingTargets.mean()   // 106.7: grey levels
/// makeColourData(.healthy, seed: 0).trainingTargets.mean()  // 0.418
/// ```
public func makeColourData(_ kind: ColourRun, seed: UInt64, setup: ColourSetup = ColourSetup())
  -> ColourData
{
  let training = colourPixels(count: setup.pixels, seed: seed)
  let validation = colourPixels(count: setup.pixels, seed: seed &+ 1)
  let positions = Standardizer.fit(training.positions)
  let unit = kind == .broken ? 1.0 : 255.0
  let scaleInputs = kind != .decoy
  return ColourData(
    trainingInputs: scaleInputs ? positions.apply(training.positions) : training.positions,
    trainingTargets: training.colours / unit,
    validationInputs: scaleInputs ? positions.apply(validation.positions) : validation.positions,
    validationColours: validation.colours, targetUnit: unit)
}

/// What a regression run leaves behind. Provided.
public struct ColourRunResult {
  /// The trained model.
  public let model: Sequential
  /// The loss (in the units of the targets trained against) of every step, and every
  /// `probeEvery` steps the per-layer gradient norms and update ratios.
  public let telemetry: Telemetry
  /// The validation predictions, un-scaled to grey levels.
  public let validationPredictions: Tensor
  /// The root-mean-square error of the validation predictions, in grey levels (0-255);
  /// infinity when a prediction is not finite.
  public let validationError: Double

  /// The loss at step 0, before any update.
  public var initialLoss: Double { telemetry.losses.first ?? .nan }
}

/// Trains the chapter's regression network on `inputs` and `targets`. Provided.
///
/// `2 → hidden → hidden → 3`, ReLU, identity output, He-initialised with zero biases from
/// `SeededGenerator(seed: seed + 2)`, full-batch SGD on `meanSquaredError`.
public func trainColourRegression(
  inputs: Tensor, targets: Tensor, setup: ColourSetup = ColourSetup(), seed: UInt64
) -> (model: Sequential, telemetry: Telemetry) {
  var generator = SeededGenerator(seed: seed &+ 2)
  let hidden = setup.hidden
  let model = Sequential(
    makeLinear(
      inputs: inputs.shape[1], outputs: hidden, initializer: .heNormal(), using: &generator),
    ReLU(),
    makeLinear(inputs: hidden, outputs: hidden, initializer: .heNormal(), using: &generator),
    ReLU(),
    makeLinear(
      inputs: hidden, outputs: targets.shape[1], initializer: .heNormal(), using: &generator))
  let optimizer = SGD(parameters: model.parameters, learningRate: setup.learningRate)
  let x = Variable(inputs)
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: setup.steps,
    telemetry: TelemetryOptions(every: setup.probeEvery)
  ) { _ in meanSquaredError(model(x), targets) }
  return (model, telemetry)
}

/// The root-mean-square difference of two tensors of the same shape; infinity when either is
/// not finite (a diverged run has no error worth quoting). Provided.
public func rootMeanSquaredError(_ predictions: Tensor, _ targets: Tensor) -> Double {
  check(
    predictions.shape == targets.shape && predictions.count > 0,
    "rootMeanSquaredError: predictions of shape \(predictions.shape) against targets of shape "
      + "\(targets.shape)")
  guard predictions.isFinite else { return .infinity }
  let difference = predictions - targets
  let value = (difference * difference).mean().squareRoot()
  return value.isFinite ? value : .infinity
}

/// Makes and trains one colour run, and measures it in grey levels. Provided.
///
/// ```swift
/// makeColourRun(.broken, seed: 0).validationError    // inf: diverged
/// makeColourRun(.healthy, seed: 0).validationError   // 26.7 grey levels
/// ```
public func makeColourRun(_ kind: ColourRun, seed: UInt64, setup: ColourSetup = ColourSetup())
  -> ColourRunResult
{
  let data = makeColourData(kind, seed: seed, setup: setup)
  let (model, telemetry) = trainColourRegression(
    inputs: data.trainingInputs, targets: data.trainingTargets, setup: setup, seed: seed)
  let predictions = model(Variable(data.validationInputs)).value * data.targetUnit
  return ColourRunResult(
    model: model, telemetry: telemetry, validationPredictions: predictions,
    validationError: rootMeanSquaredError(predictions, data.validationColours))
}

// MARK: - The caution: noise that should stay quiet

/// The opposite mistake's data: few raw pixel images, each with `driftFeatures` extra columns
/// of sensor drift, noise between 0 and 0.001 that says nothing about the class (features
/// 64 ..< 64 + driftFeatures). Provided.
///
/// `setup.images` images (100 by default here: 50 to train on, 50 to validate) from
/// `Datasets.pixelImages`, split as in `makePixelData`, the drift drawn with seed `seed + 4`.
/// Left as they are, the drift columns are a thousandth of the pixels' unit scale and the
/// network ignores them. Standardised with everything else, each becomes noise exactly as
/// loud as a pixel, and with only 50 examples to learn from the network fits some of it.
public func makeDriftData(
  seed: UInt64, driftFeatures: Int = 50, setup: PixelSetup = driftSetup
) -> (training: Dataset, validation: Dataset) {
  check(driftFeatures >= 0, "makeDriftData: driftFeatures must be >= 0, got \(driftFeatures)")
  let raw = makePixelData(.broken, seed: seed, setup: setup)
  var generator = SeededGenerator(seed: seed &+ 4)
  let parts = [raw.training, raw.validation].map { part in
    let rows = (0..<part.count).map { row in
      (0..<part.featureCount).map { part.inputs[row, $0] }
        + (0..<driftFeatures).map { _ in generator.uniform(in: 0...0.001) }
    }
    return Dataset(inputs: Tensor(rows), labels: part.labels)
  }
  return (parts[0], parts[1])
}

/// The setup of the caution experiment: the pixel runs' network and optimizer, 100 images.
public let driftSetup: PixelSetup = {
  var setup = PixelSetup()
  setup.images = 100
  return setup
}()
