import Autodiff
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The sizes every run of this chapter shares. Provided.
public enum ArrowSetup {
  /// Training examples per run: 10 of each class (a small data set, where a nuisance costs the
  /// most).
  public static let trainingCount = 40
  /// Validation examples per run.
  public static let validationCount = 200
  /// The training offsets: each coordinate uniform in this range (the arrows are about 2
  /// across).
  public static let offsets: ClosedRange<Double> = -3...3
  /// How far the translated validation set is moved, in x and in y: the same arrows, seen by a
  /// camera that moved, or in another part of the field.
  public static let translation = (x: 12.0, y: 12.0)
  /// Full-batch Adam steps of the position runs.
  public static let positionSteps = 200
  /// Full-batch Adam steps of the flip runs.
  public static let flipSteps = 300
  /// Adam's learning rate.
  public static let learningRate = 0.01
  /// Hidden units of the classifier.
  public static let hiddenUnits = 32
  /// Validation accuracy is recorded every this many steps.
  public static let curveInterval = 10
}

/// The classifier of every run: `Linear(10, 32) -> ReLU -> Linear(32, classes)`, He-normal
/// hidden layer, LeCun-normal output layer, zero biases. Provided.
public func makeArrowClassifier(classes: Int, seed: UInt64) -> Sequential {
  var generator = SeededGenerator(seed: seed)
  return Sequential(
    makeLinear(
      inputs: 10, outputs: ArrowSetup.hiddenUnits, initializer: .heNormal(), using: &generator),
    ReLU(),
    makeLinear(
      inputs: ArrowSetup.hiddenUnits, outputs: classes, initializer: .lecunNormal,
      using: &generator))
}

/// The accuracy of `model` on `set`. Provided.
public func arrowAccuracy(_ model: Module, on set: PointSet) -> Double {
  accuracy(logits: model(Variable(set.inputs)).value, labels: set.labels)
}

/// The first mistake's runs: arrows at random places. Provided.
public enum PositionRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// The raw coordinates go into the model: every arrow at its own random offset.
  case broken
  /// The same data, each example centred in its own frame (`centred(_:)`) first.
  case healthy
  /// Arrows labelled by the quadrant they sit in: the position IS the label, raw coordinates
  /// are right, and centring would destroy the signal.
  case decoy

  public var description: String {
    switch self {
    case .broken: "broken: raw positions"
    case .healthy: "healthy: each example centred"
    case .decoy: "decoy: position is the label"
    }
  }
}

/// What a position run produced. Provided.
public struct PositionRunResult {
  public let kind: PositionRun
  /// Whether each example was centred before training and before every prediction.
  public let centring: Bool
  /// The training set as generated.
  public let rawTraining: PointSet
  /// The training set as the model saw it (centred when `centring`).
  public let training: PointSet
  /// The validation set as generated: the same distribution as training.
  public let rawValidation: PointSet
  /// The validation set moved by `ArrowSetup.translation`, as generated; nil for the decoy
  /// (whose labels are positions: moving it changes them).
  public let rawTranslated: PointSet?
  public let model: Sequential
  public let telemetry: Telemetry
  /// The accuracy on the validation set, after training.
  public let validationAccuracy: Double
  /// The accuracy on the translated validation set, after training; nil for the decoy.
  public let translatedAccuracy: Double?
  /// The validation accuracy every `ArrowSetup.curveInterval` steps, and after the last.
  public let validationCurve: [Double]
  /// The same on the translated validation set (empty for the decoy).
  public let translatedCurve: [Double]
}

/// The data of a position run, as generated (before any preprocessing): 40 training arrows
/// at random offsets (`ArrowSetup.offsets`), 200 validation arrows from the same
/// distribution, and 200 more moved by `ArrowSetup.translation` (nil for the decoy, whose
/// labels are positions). Broken and healthy share the same data. Provided.
public func positionRunData(_ kind: PositionRun, seed: UInt64) -> (
  training: PointSet, validation: PointSet, translated: PointSet?
) {
  let base = seed &* 7919 &+ (kind == .decoy ? 13_500 : 13_000)
  let labelling: ArrowLabelling = kind == .decoy ? .quadrant : .direction
  let training = arrows(
    count: ArrowSetup.trainingCount, labelling: labelling, offsets: ArrowSetup.offsets,
    seed: base)
  let validation = arrows(
    count: ArrowSetup.validationCount, labelling: labelling, offsets: ArrowSetup.offsets,
    seed: base &+ 1)
  let translated =
    kind == .decoy
    ? nil
    : arrows(
      count: ArrowSetup.validationCount, offsets: ArrowSetup.offsets,
      shift: ArrowSetup.translation, seed: base &+ 2)
  return (training, validation, translated)
}

/// Trains one position run: 40 arrows at random places (`arrows(count:seed:)`), the classifier
/// of `makeArrowClassifier`, full-batch Adam for `ArrowSetup.positionSteps` steps. Broken and
/// healthy use the same data and the same initial weights; only the preprocessing differs.
/// Provided.
///
/// ```swift
/// let broken = makePositionRun(.broken, seed: 1)
/// let healthy = makePositionRun(.healthy, seed: 1)
/// (broken.translatedAccuracy, healthy.translatedAccuracy)   // chance-like vs near 1
/// let destroyed = makePositionRun(.decoy, seed: 1, centring: true)   // centring the decoy
/// ```
///
/// - Parameter centring: overrides the kind's own choice (broken and decoy: raw; healthy:
///   centred).
public func makePositionRun(_ kind: PositionRun, seed: UInt64, centring: Bool? = nil)
  -> PositionRunResult
{
  let centre = centring ?? (kind == .healthy)
  let (rawTraining, rawValidation, rawTranslated) = positionRunData(kind, seed: seed)
  let prepare = { (set: PointSet) in centre ? set.mapInputs { centred($0) } : set }
  let training = prepare(rawTraining)
  let validation = prepare(rawValidation)
  let translated = rawTranslated.map(prepare)
  let model = makeArrowClassifier(
    classes: training.classCount, seed: seed &* 7919 &+ (kind == .decoy ? 13_503 : 13_003))
  let optimizer = Adam(parameters: model.parameters, learningRate: ArrowSetup.learningRate)
  var validationCurve: [Double] = []
  var translatedCurve: [Double] = []
  func record() {
    validationCurve.append(arrowAccuracy(model, on: validation))
    if let translated { translatedCurve.append(arrowAccuracy(model, on: translated)) }
  }
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: ArrowSetup.positionSteps,
    telemetry: TelemetryOptions(every: 20, probe: training.inputs)
  ) { step in
    if step % ArrowSetup.curveInterval == 0 { record() }
    return crossEntropy(logits: model(Variable(training.inputs)), labels: training.labels)
  }
  record()
  return PositionRunResult(
    kind: kind, centring: centre, rawTraining: rawTraining, training: training,
    rawValidation: rawValidation, rawTranslated: rawTranslated, model: model,
    telemetry: telemetry, validationAccuracy: validationCurve.last ?? .nan,
    translatedAccuracy: translatedCurve.last, validationCurve: validationCurve,
    translatedCurve: translatedCurve)
}

/// The second mistake's runs: a left-right flip as data augmentation, on arrows in their own
/// frame. Provided.
public enum FlipRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Four directions; half of each step's examples are flipped and keep their label.
  case broken
  /// Four directions; the flip also mirrors the label (`labelAwareFlip`, right <-> left).
  case healthy
  /// Only up and down arrows, flipped without touching the labels: harmless, because an up
  /// arrow's mirror image still points up.
  case decoy

  public var description: String {
    switch self {
    case .broken: "broken: flip, labels kept"
    case .healthy: "healthy: flip, labels mirrored"
    case .decoy: "decoy: flip on up/down only"
    }
  }
}

/// What a flip run produced. Provided.
public struct FlipRunResult {
  public let kind: FlipRun
  /// The training set, un-augmented.
  public let training: PointSet
  /// The validation set, never augmented.
  public let validation: PointSet
  /// The augmentation applied to a random half of each step's batch.
  public let augmentation: Augmentation
  /// The class of each class's mirror image.
  public let mirror: [Int]
  /// The model trained with the augmentation.
  public let model: Sequential
  /// A model trained on the same data with the same initial weights and no augmentation: a
  /// labeller for `checkLabelPreservation`.
  public let reference: Sequential
  public let telemetry: Telemetry
  /// The accuracy of `model` on the validation set.
  public let validationAccuracy: Double
  /// Per class: the fraction of its validation examples `model` gets right (its recall).
  public let classAccuracies: [Double]
  /// The validation accuracy every `ArrowSetup.curveInterval` steps, and after the last.
  public let validationCurve: [Double]
}

/// The data of a flip run: 40 training and 200 validation arrows already in their own frame
/// (no offsets: the first mistake is not repeated here), four directions, or only up and down
/// for the decoy. Broken and healthy share the same data. Provided.
public func flipRunData(_ kind: FlipRun, seed: UInt64) -> (training: PointSet, validation: PointSet)
{
  let base = seed &* 7919 &+ (kind == .decoy ? 14_500 : 14_000)
  let directions: [ArrowDirection] = kind == .decoy ? [.up, .down] : ArrowDirection.allCases
  let training = arrows(
    count: ArrowSetup.trainingCount, directions: directions, offsets: 0...0, seed: base)
  let validation = arrows(
    count: ArrowSetup.validationCount, directions: directions, offsets: 0...0, seed: base &+ 1)
  return (training, validation)
}

/// Trains one flip run: the 40 arrows of `flipRunData`, full-batch Adam for
/// `ArrowSetup.flipSteps` steps, each step on the batch with a fresh random half of the rows
/// augmented (`augmentingRandomHalf`), plus the un-augmented `reference` model. Broken and
/// healthy use the same data, initial weights and coin flips. Provided.
///
/// ```swift
/// let broken = makeFlipRun(.broken, seed: 1)
/// broken.classAccuracies   // right and left near 0.5, up and down near 1
/// ```
public func makeFlipRun(_ kind: FlipRun, seed: UInt64) -> FlipRunResult {
  let base = seed &* 7919 &+ (kind == .decoy ? 14_500 : 14_000)
  let (training, validation) = flipRunData(kind, seed: seed)
  let directions: [ArrowDirection] = kind == .decoy ? [.up, .down] : ArrowDirection.allCases
  let mirror = directions.map { directions.firstIndex(of: $0.mirrored) ?? 0 }
  let augmentation: Augmentation =
    kind == .healthy ? .labelAwareFlip(mirror: mirror) : .naiveFlip
  func fit(_ augmentation: Augmentation?) -> (Sequential, Telemetry, [Double]) {
    let model = makeArrowClassifier(classes: directions.count, seed: base &+ 3)
    let optimizer = Adam(parameters: model.parameters, learningRate: ArrowSetup.learningRate)
    var generator = SeededGenerator(seed: base &+ 4)
    var curve: [Double] = []
    let telemetry = trainSteps(
      model, optimizer: optimizer, steps: ArrowSetup.flipSteps,
      telemetry: TelemetryOptions(every: 20, probe: training.inputs)
    ) { step in
      if step % ArrowSetup.curveInterval == 0 { curve.append(arrowAccuracy(model, on: validation)) }
      var batch = (inputs: training.inputs, labels: training.labels)
      if let augmentation {
        batch = augmentingRandomHalf(
          training.inputs, training.labels, with: augmentation, using: &generator)
      }
      return crossEntropy(logits: model(Variable(batch.inputs)), labels: batch.labels)
    }
    curve.append(arrowAccuracy(model, on: validation))
    return (model, telemetry, curve)
  }
  let (model, telemetry, curve) = fit(augmentation)
  let (reference, _, _) = fit(nil)
  let predictions = model(Variable(validation.inputs)).value.argmax(alongAxis: 1)
  let classAccuracies = directions.indices.map { label -> Double in
    let rows = validation.labels.indices.filter { validation.labels[$0] == label }
    return Double(rows.count { predictions[$0] == label }) / Double(Swift.max(rows.count, 1))
  }
  return FlipRunResult(
    kind: kind, training: training, validation: validation, augmentation: augmentation,
    mirror: mirror, model: model, reference: reference, telemetry: telemetry,
    validationAccuracy: curve.last ?? .nan, classAccuracies: classAccuracies,
    validationCurve: curve)
}

/// A labeller made of a trained model: the class it scores highest for each row. Provided.
public func modelLabeller(_ model: Module) -> (Tensor) -> [Int] {
  { inputs in model(Variable(inputs)).value.argmax(alongAxis: 1) }
}
