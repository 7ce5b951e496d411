import Autodiff
import DataPipeline
import Layers
import Tensors
import WorkbookSupport

/// The input scaling as the model's first layer: standardisation with statistics fitted once,
/// on the training split, and stored in the layer, so that whoever calls the model (a
/// validation loop, a deployed service next year) feeds raw inputs and gets them scaled exactly
/// as in training.
///
/// ```
/// y_ij = (x_ij - shift_j) / scale_j
///
///               shift_j          scale_j
/// ordinary      training mean    training standard deviation
/// constant      training mean    1       (centred, never divided by its spread of 0)
/// passed        0                1       (left exactly as it is)
/// ```
///
/// "Passed through" is the opposite caution of this chapter, made explicit: a feature whose
/// small range means it is unimportant (the decoy's drift noise), or whose absolute size
/// carries meaning, can be left alone rather than blown up to unit scale.
///
/// The layer has no parameters: its statistics are measured, not learned, so an optimizer
/// never sees them and training cannot move them. Its backward rule is `dL/dx = g / scale`
/// (the shift is a constant).
///
/// ```swift
/// let raw = makePixelData(.broken, seed: 0)
/// let layer = InputStandardization(fittedOn: raw.training.inputs)
/// let run = trainPixelClassifier(training: raw.training, validation: raw.validation,
///                                front: layer, seed: 0)
/// run.validationAccuracy   // 1.0, from raw pixels in and out
/// ```
///
/// Keras's `Normalization` layer (`adapt()` on the training data) is the same idea;
/// scikit-learn's `Pipeline(StandardScaler(), model)` keeps scaler and model together the
/// same way.
public final class InputStandardization: Module {
  /// What is subtracted from each feature, shape `[features]`.
  public let shift: Tensor
  /// What each feature is divided by after the shift, shape `[features]`: never 0.
  public let scale: Tensor
  /// The features passed through unchanged, in increasing order.
  public let passedThrough: [Int]

  /// The number of features the layer was fitted on.
  public var featureCount: Int { shift.count }

  /// Fits the layer on `inputs`, `[examples, features]`: the training split only, never the
  /// validation or test examples (that would leak their statistics into training, chapter 9).
  ///
  /// Measure the statistics with chapter 9's `Standardizer.fit`; a feature it lists in
  /// `constantFeatures` gets scale 1; a feature in `passingThrough` gets shift 0 and scale 1,
  /// whatever its statistics.
  ///
  /// Stops with a message naming `InputStandardization` when `inputs` is not a matrix with at
  /// least one example, and when a feature to pass through is out of range (naming it and the
  /// number of features).
  ///
  /// Exercise 11.3.
  public init(fittedOn inputs: Tensor, passingThrough: Set<Int> = []) {
    // TODO(11.3): your code here (README.md, exercise 11.3).
    shift = Tensor(shape: [inputs.shape.last ?? 0], repeating: .nan)
    scale = Tensor(shape: [inputs.shape.last ?? 0], repeating: .nan)
    passedThrough = passingThrough.sorted()
  }

  /// `InputStandardization(64 features)`.
  override public var description: String { "InputStandardization(\(featureCount) features)" }

  /// The forward pass: `(x - shift) / scale`, each row on its own with the stored statistics
  /// (never the statistics of the batch passed in: one example alone must come out as it does
  /// inside a batch), and a backward rule that sends `g / scale` to the input.
  ///
  /// Stops with a message naming `InputStandardization` and both feature counts when the input
  /// is not a matrix of `featureCount` columns.
  ///
  /// Exercise 11.3.
  override public func callAsFunction(_ input: Variable) -> Variable {
    // TODO(11.3): your code here (README.md, exercise 11.3).
    return Variable(Tensor(shape: input.shape, repeating: .nan))
  }
}

/// The broken pixel run, fixed: the same raw 0-255 pixels, with an `InputStandardization`
/// fitted on the training split as the model's first layer. Provided.
///
/// ```swift
/// makeFixedPixelRun(seed: 0).validationAccuracy   // 1.0, where makePixelRun(.broken, seed: 0)
///                                                 // stays at chance
/// ```
public func makeFixedPixelRun(seed: UInt64, setup: PixelSetup = PixelSetup()) -> PixelRunResult {
  let raw = makePixelData(.broken, seed: seed, setup: setup)
  return trainPixelClassifier(
    training: raw.training, validation: raw.validation,
    front: InputStandardization(fittedOn: raw.training.inputs), setup: setup, seed: seed)
}

/// The caution experiment: the drift data of `makeDriftData` (raw pixels and 50 columns of
/// tiny, meaningless drift), with an `InputStandardization` fitted on the training split in
/// front of the network. With `passingDriftThrough`, the drift columns are passed through as
/// they are; without, every column is standardised, the drift blown up to the pixels'
/// loudness. Provided.
///
/// ```swift
/// makeDriftRun(seed: 0, passingDriftThrough: true).validationAccuracy    // 1.0
/// makeDriftRun(seed: 0, passingDriftThrough: false).validationAccuracy   // 0.96
/// ```
public func makeDriftRun(seed: UInt64, passingDriftThrough: Bool, driftFeatures: Int = 50)
  -> PixelRunResult
{
  let data = makeDriftData(seed: seed, driftFeatures: driftFeatures)
  let pixels = data.training.featureCount - driftFeatures
  let layer = InputStandardization(
    fittedOn: data.training.inputs,
    passingThrough: passingDriftThrough ? Set(pixels..<data.training.featureCount) : [])
  return trainPixelClassifier(
    training: data.training, validation: data.validation, front: layer, setup: driftSetup,
    seed: seed)
}
