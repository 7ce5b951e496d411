import Tensors

/// Per-feature standardisation, z = (x - mean) / standardDeviation, with statistics fitted once
/// (on the training split) and then applied unchanged to every split.
///
/// ```swift
/// let scaler = Standardizer.fit(train.inputs)       // the training split only
/// let x = scaler.apply(validation.inputs)           // the training mean and spread
/// ```
///
/// Fitting on anything but the training split leaks: statistics taken from the validation or
/// test examples carry information about them into training, and the validation score comes out
/// better than the model will do on data it has never seen. scikit-learn's `StandardScaler` and
/// its `fit` / `transform` split are the model.
///
/// A feature with no spread (every training value the same, like a pixel that is black in
/// every image) cannot be divided by its standard deviation of 0: that gives NaN (0/0) for the
/// training values and infinities for anything else. Such a feature is centred, not divided, and
/// listed in `constantFeatures`.
public struct Standardizer: Sendable {
  /// The mean of each feature over the fitted rows, shape `[features]`.
  public let mean: Tensor
  /// The population standard deviation of each feature over the fitted rows (divided by N, not
  /// N - 1), shape `[features]`. Constant features keep their measured spread (0 or a rounding
  /// error); `apply` does not divide by it.
  public let standardDeviation: Tensor
  /// The features whose spread is at most `constantTolerance * max(1, |mean|)`, in increasing
  /// order: centred by `apply`, never divided.
  public let constantFeatures: [Int]

  /// The relative spread below which a feature counts as constant. The mean of n copies of 0.1
  /// is not exactly 0.1 in floating point, so a constant feature measures a spread of about
  /// 1e-17, not 0; a real feature, even one living in 0...0.001, has a spread far above
  /// 1e-10 * max(1, |mean|).
  public static let constantTolerance = 1e-10

  /// Creates a standardizer from known statistics (for example ones saved with a model).
  ///
  /// Stops with a message when `mean` and `standardDeviation` are not vectors of the same
  /// length, or when a constant feature is out of range.
  public init(mean: Tensor, standardDeviation: Tensor, constantFeatures: [Int]) {
    check(
      mean.rank == 1 && standardDeviation.shape == mean.shape,
      "Standardizer: mean (shape \(mean.shape)) and standardDeviation (shape "
        + "\(standardDeviation.shape)) must be vectors of the same length")
    check(
      constantFeatures.allSatisfy { $0 >= 0 && $0 < mean.count },
      "Standardizer: constantFeatures \(constantFeatures) out of range for \(mean.count) "
        + "features")
    self.mean = mean
    self.standardDeviation = standardDeviation
    self.constantFeatures = constantFeatures
  }

  /// The number of features the standardizer was fitted on.
  public var featureCount: Int { mean.count }

  /// Measures the mean and spread of each feature (column) of `inputs`, `[rows, features]`:
  ///
  /// ```
  /// mean_j = (1/N) sum_i x_ij
  /// std_j  = sqrt((1/N) sum_i (x_ij - mean_j)^2)          (two passes: mean first)
  /// feature j is constant when std_j <= constantTolerance * max(1, |mean_j|)
  /// ```
  ///
  /// ```swift
  /// let s = Standardizer.fit(Tensor([[1, 5], [3, 5]]))
  /// s.mean                // [2.0, 5.0]
  /// s.standardDeviation   // [1.0, 0.0]
  /// s.constantFeatures    // [1]
  /// ```
  ///
  /// Stops with a message naming `Standardizer.fit` when `inputs` is not a matrix with at least
  /// one row.
  ///
  /// Exercise 9.3.
  public static func fit(_ inputs: Tensor) -> Standardizer {
    // BEGIN EXERCISE 9.3
    // STUB: let width = Tensor(shape: [inputs.shape.last ?? 0], repeating: .nan)
    // STUB: return Standardizer(mean: width, standardDeviation: width, constantFeatures: [])
    check(
      inputs.rank == 2 && inputs.shape[0] >= 1,
      "Standardizer.fit: inputs must be a [rows, features] matrix with at least one row, got "
        + "shape \(inputs.shape)")
    let rows = Double(inputs.shape[0])
    let mean = inputs.mean(alongAxis: 0)
    let centred = inputs - mean
    let spread = ((centred * centred).sum(alongAxis: 0) / rows).map { $0.squareRoot() }
    let constant = (0..<mean.count).filter {
      spread.scalars[$0] <= constantTolerance * Swift.max(1, abs(mean.scalars[$0]))
    }
    return Standardizer(mean: mean, standardDeviation: spread, constantFeatures: constant)
    // END EXERCISE 9.3
  }

  /// Standardises `inputs`, `[rows, features]`, with the fitted statistics:
  ///
  /// ```
  /// z_ij = (x_ij - mean_j) / std_j       for an ordinary feature j
  /// z_ij =  x_ij - mean_j                for a constant feature j (no division)
  /// ```
  ///
  /// Each row is transformed on its own with the stored numbers: standardising one row gives the
  /// same result as standardising it inside a large batch. (Re-measuring the statistics of
  /// whatever is passed in would make a model's output depend on the rest of the batch.)
  ///
  /// Stops with a message naming `Standardizer.apply` and both feature counts when `inputs` is
  /// not a matrix of `featureCount` columns.
  ///
  /// Exercise 9.3.
  public func apply(_ inputs: Tensor) -> Tensor {
    // BEGIN EXERCISE 9.3
    // STUB: return Tensor(shape: inputs.shape, repeating: .nan)
    check(
      inputs.rank == 2 && inputs.shape[1] == featureCount,
      "Standardizer.apply: inputs of shape \(inputs.shape) do not have the \(featureCount) "
        + "features the standardizer was fitted on")
    var divisor = standardDeviation
    for feature in constantFeatures { divisor.scalars[feature] = 1 }
    return (inputs - mean) / divisor
    // END EXERCISE 9.3
  }
}

/// Standardises every split with statistics fitted on the first one, the training split:
///
/// ```swift
/// let parts = split(data, fractions: [0.8, 0.2], seed: 1)
/// let (scaled, scaler) = standardized(parts)   // scaled[0]: training, scaled[1]: validation
/// ```
///
/// The standardizer is fitted on `splits[0].inputs` only and applied unchanged to every split
/// (the training split included); labels are kept. Afterwards every ordinary feature of the
/// training split has mean 0 and standard deviation 1, and the other splits are close to that
/// without being exactly there: that small difference is honest. Keep the returned standardizer
/// with the model, to apply it to new data the same way.
///
/// Stops with a message naming `standardized` when `splits` is empty.
///
/// Exercise 9.3.
public func standardized(_ splits: [Dataset]) -> (splits: [Dataset], standardizer: Standardizer) {
  // BEGIN EXERCISE 9.3
  // STUB: let empty = Tensor(shape: [0], scalars: [])
  // STUB: let nothing = Standardizer(mean: empty, standardDeviation: empty, constantFeatures: [])
  // STUB: return (splits, nothing)
  check(!splits.isEmpty, "standardized: needs at least one split (the training split first)")
  let standardizer = Standardizer.fit(splits[0].inputs)
  let scaled = splits.map { Dataset(inputs: standardizer.apply($0.inputs), labels: $0.labels) }
  return (scaled, standardizer)
  // END EXERCISE 9.3
}
