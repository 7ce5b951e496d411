import DataPipeline
import Tensors
import Training

extension Symptom {
  /// Input features far from the unit scale a freshly initialised network is built for: an
  /// offset or a spread of more than `ScaleThresholds.maximumAbsoluteMean` or
  /// `ScaleThresholds.maximumStandardDeviation`.
  public static let unscaledInputs = Symptom("unscaled inputs")
  /// A feature with no spread at all: it carries no information, and dividing it by its
  /// standard deviation would divide by zero.
  public static let constantFeature = Symptom("constant feature")
  /// A feature whose spread is below `ScaleThresholds.minimumStandardDeviation`: either noise
  /// that does not matter or a signal in a unit far too large. The statistics cannot say which.
  public static let tinyFeature = Symptom("tiny feature")
}

/// The limits of "unit scale" that this chapter's checks judge features and targets by.
/// Provided.
///
/// Where they come from: He and Glorot initialisation choose the weights so that a layer's
/// outputs have about the spread of its inputs *when the inputs have mean 0 and variance 1*
/// (chapter 6). A feature of root-mean-square size r multiplies its share of every first-layer
/// pre-activation by r, and a ReLU network passes that factor on to the logits. The limits
/// allow an order of magnitude either way before calling a feature badly scaled: data in 0...1
/// (spread about 0.3), counts of a few units, or a standardised feature measured on another
/// split (mean within a few 1/sqrt(n) of 0) all pass. On this chapter's runs the broken
/// features sit near mean 100 and spread 90, the healthy ones at 0 and 1: the calibration
/// block of the lesson gives the measured rates.
public enum ScaleThresholds {
  /// A feature (or target) whose mean is further than this from 0 is offset: the network must
  /// first learn to subtract it, through weights sized for unit inputs.
  public static let maximumAbsoluteMean = 10.0
  /// A feature (or target) whose standard deviation is above this is an order of magnitude
  /// louder than the unit scale the initialisation assumes.
  public static let maximumStandardDeviation = 10.0
  /// A feature (or target) whose standard deviation is below this (but is not constant) is two
  /// orders of magnitude quieter than the unit scale: the network barely sees it.
  public static let minimumStandardDeviation = 0.01
}

/// Judges each input feature (each column of `inputs`, `[examples, features]`) against the unit
/// scale, by its statistics, never by its range:
///
/// ```
/// mean_j, std_j over the examples (population std, as Standardizer.fit measures them)
/// constant   std_j <= Standardizer.constantTolerance * max(1, |mean_j|)
///                 -> constantFeature (and nothing else about feature j)
/// otherwise  |mean_j| > ScaleThresholds.maximumAbsoluteMean        -> unscaledInputs
///            std_j    > ScaleThresholds.maximumStandardDeviation   -> unscaledInputs
///            std_j    < ScaleThresholds.minimumStandardDeviation   -> tinyFeature
/// ```
///
/// Returns at most one finding per symptom, in the order `unscaledInputs`, `tinyFeature`,
/// `constantFeature`, each holding one piece of evidence per measurement that crossed its
/// threshold, in feature order (for an unscaled feature: `"|mean|"` first, then
/// `"standard deviation"`), at `.feature(j)`, with the measured value and the threshold. No
/// finding: an empty array.
///
/// Why not the range: a standardised feature has mean 0 and standard deviation 1, not values
/// in [-1, 1]. A third of the values of a normal feature lie outside it, and UMLAUT's "values
/// outside [-1, 1]" rule flagged all 49 properly standardised CIFAR-10 models it was tried on.
///
/// Why three symptoms: only the loud features break an untrained network (huge outputs, huge
/// gradients). A constant feature is useless but harmless, as long as nobody divides by its
/// spread of 0. A tiny feature is either noise (leave it alone or drop it; standardising it
/// would make the noise as loud as the signal) or a real signal in a unit far too large
/// (rescale it): the statistics cannot tell which, so the finding asks.
///
/// ```swift
/// let broken = makePixelData(.broken, seed: 0).training.inputs
/// inputScaleFindings(broken).first?.evidence.first?.description
/// // "feature 0: |mean| 102.7, above the threshold 10"
/// inputScaleFindings(makePixelData(.healthy, seed: 0).training.inputs)   // []
/// inputScaleFindings(makePixelData(.decoy, seed: 0).training.inputs).symptoms
/// // [tiny feature, constant feature]: features 65 and 64, nothing unscaled
/// ```
///
/// Stops with a message naming `inputScaleFindings` when `inputs` is not a matrix with at least
/// 2 examples and 1 feature (one example has no spread to measure), and when a value is not
/// finite (naming its feature and example).
///
/// Exercise 11.1.
public func inputScaleFindings(_ inputs: Tensor) -> [Finding] {
  // TODO(11.1): your code here (README.md, exercise 11.1).
  return [.notWritten("11.1")]
}
