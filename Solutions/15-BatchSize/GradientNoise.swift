import Autodiff
import DataPipeline
import Foundation
import Layers
import Losses
import Tensors
import WorkbookSupport

/// The gradient of the mean cross-entropy of `model` on the examples of `data` at `indices`,
/// every parameter's gradient flattened into one vector, in the order of `model.parameters`.
/// Provided.
///
/// ```swift
/// let g = flatGradient(of: model, on: data, indices: Array(0..<data.count))   // full batch
/// let gB = flatGradient(of: model, on: data, indices: [3, 17, 42, 99])        // B = 4
/// ```
///
/// The parameters' gradients are zeroed first and left holding this gradient; the weights are
/// not changed. Stops with a message (from `Dataset.subset`) when an index is out of range.
public func flatGradient(of model: Module, on data: Dataset, indices: [Int]) -> [Double] {
  check(!indices.isEmpty, "flatGradient: needs at least one example, got no indices")
  let batch = data.subset(indices)
  let parameters = model.parameters
  for parameter in parameters { parameter.zeroGrad() }
  crossEntropy(logits: model(Variable(batch.inputs)), labels: batch.labels).backward()
  return parameters.flatMap(\.grad.scalars)
}

/// `||a - b||^2`, the squared Euclidean distance between two vectors of the same length.
/// Provided.
public func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
  check(
    a.count == b.count,
    "squaredDistance: the vectors have \(a.count) and \(b.count) elements")
  var sum = 0.0
  for (x, y) in zip(a, b) { sum += (x - y) * (x - y) }
  return sum
}

/// The spread of the per-example gradients around the full-batch gradient, the `σ²` of the
/// 1/B law: `σ² = (1/N) Σ_i ||g_i - g||²`, with `g_i` the gradient of example i alone and `g`
/// their mean (the full-batch gradient). Provided: N backward passes, one per example.
public func perExampleGradientSpread(of model: Module, on data: Dataset) -> Double {
  check(data.count >= 1, "perExampleGradientSpread: the data set is empty")
  let full = flatGradient(of: model, on: data, indices: Array(0..<data.count))
  let total = (0..<data.count).reduce(0.0) {
    $0 + squaredDistance(flatGradient(of: model, on: data, indices: [$1]), full)
  }
  return total / Double(data.count)
}

/// The expected squared distance between the gradient of a random mini-batch of `batchSize`
/// distinct examples (drawn without replacement, like one batch of a shuffled epoch) and the
/// full-batch gradient. Provided.
///
/// ```
/// E ||g_B - g||² = σ²/B · (N - B)/(N - 1)
/// ```
///
/// The `1/B` is the law of averages: a mean of B independent draws has 1/B of the variance of
/// one draw. The second factor, the finite-population correction, is there because a batch
/// cannot hold an example twice: it is nearly 1 for B much smaller than N and 0 at B = N,
/// where the mini-batch *is* the full batch. (With replacement the variance is σ²/B exactly.)
public func predictedGradientVariance(spread: Double, batchSize: Int, exampleCount: Int)
  -> Double
{
  check(
    exampleCount >= 2 && batchSize >= 1 && batchSize <= exampleCount,
    "predictedGradientVariance: need 1 <= batchSize <= exampleCount and exampleCount >= 2, "
      + "got batchSize \(batchSize), exampleCount \(exampleCount)")
  let (b, n) = (Double(batchSize), Double(exampleCount))
  return spread / b * (n - b) / (n - 1)
}

/// How far the gradients of random mini-batches of one size fall from the full-batch
/// gradient, measured by sampling. Provided (`measureGradientNoise` fills it).
public struct GradientNoise: Equatable, Sendable {
  /// The number of examples in each sampled mini-batch.
  public let batchSize: Int
  /// `||g_B - g||²` for each sampled mini-batch, in the order they were drawn.
  public let squaredDeviations: [Double]

  public init(batchSize: Int, squaredDeviations: [Double]) {
    self.batchSize = batchSize
    self.squaredDeviations = squaredDeviations
  }

  /// The number of mini-batches sampled.
  public var samples: Int { squaredDeviations.count }
  /// The measured variance of the mini-batch gradient: the mean of `squaredDeviations`, an
  /// estimate of `E ||g_B - g||²` (the trace of the covariance of `g_B`). NaN when empty.
  public var variance: Double {
    squaredDeviations.isEmpty ? .nan : squaredDeviations.reduce(0, +) / Double(samples)
  }
  /// The standard deviation of the mini-batch gradient around the full one,
  /// `sqrt(variance)`: it shrinks as 1/sqrt(B).
  public var standardDeviation: Double { variance.squareRoot() }
  /// The standard error of `variance` as an estimate: the standard deviation of the squared
  /// deviations divided by sqrt(samples). A measured variance within a few standard errors of
  /// the prediction agrees with it; more samples shrink it as 1/sqrt(samples).
  public var standardError: Double {
    guard samples >= 2 else { return .nan }
    let mean = variance
    let spread = squaredDeviations.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (spread / Double(samples - 1) / Double(samples)).squareRoot()
  }
}

/// Measures the noise of the mini-batch gradient at the model's current weights: samples
/// `samples` random mini-batches of `batchSize` distinct examples and records, for each, how
/// far its gradient is from the full-batch gradient.
///
/// ```
/// g   = flatGradient(all N examples)                  once
/// for each sample:
///   B distinct indices: the first batchSize entries of generator.permutation(N)
///   g_B = flatGradient(those indices)
///   record ||g_B - g||²                               squaredDistance(g_B, g)
/// ```
///
/// The generator is one `SeededGenerator(seed: seed)`, created once: each sample draws a new
/// batch from it. The weights do not change (nothing is trained); only the gradients are
/// overwritten.
///
/// ```swift
/// let noise = measureGradientNoise(of: model, on: data, batchSize: 4, samples: 400, seed: 1)
/// noise.variance        // close to predictedGradientVariance(spread: σ², batchSize: 4, ...)
/// noise.standardError   // how close: the tolerance of that comparison
/// ```
///
/// Stops with a message naming `measureGradientNoise` unless `1 <= batchSize <= data.count`
/// and `samples >= 2`.
///
/// Exercise 15.1.
public func measureGradientNoise(
  of model: Module, on data: Dataset, batchSize: Int, samples: Int, seed: UInt64
) -> GradientNoise {
  // BEGIN EXERCISE 15.1
  // STUB: return GradientNoise(batchSize: batchSize, squaredDeviations: [.nan])
  check(
    batchSize >= 1 && batchSize <= data.count,
    "measureGradientNoise: batchSize must be in 1...\(data.count) (the examples), got "
      + "\(batchSize)")
  check(samples >= 2, "measureGradientNoise: samples must be at least 2, got \(samples)")
  let full = flatGradient(of: model, on: data, indices: Array(0..<data.count))
  var generator = SeededGenerator(seed: seed)
  var deviations: [Double] = []
  for _ in 0..<samples {
    let indices = Array(generator.permutation(data.count).prefix(batchSize))
    deviations.append(squaredDistance(flatGradient(of: model, on: data, indices: indices), full))
  }
  return GradientNoise(batchSize: batchSize, squaredDeviations: deviations)
  // END EXERCISE 15.1
}
