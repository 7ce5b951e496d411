import Foundation
import Initializers
import Layers
import Tensors
import WorkbookSupport

/// The statistics of one layer's weight next to what the standard rules prescribe for it.
///
/// The rules of chapter 6 do not agree on one number. For a weight of shape `[fanOut, fanIn]`
/// followed by an activation of gain `g`, the variances they prescribe span a band:
///
/// ```
/// LeCun                1 / fanIn
/// Xavier (gain 1)      2 / (fanIn + fanOut)
/// He (gain g)          g² / fanIn                 ReLU: 2 / fanIn
/// Xavier (gain g)      g² · 2 / (fanIn + fanOut)
///
/// lowestPrediction  = min(LeCun, Xavier gain 1)
/// highestPrediction = max(He gain g, Xavier gain g)
/// ```
///
/// A weight inside the band (or near it) was started by a sensible rule, whichever one; far
/// below it the layer shrinks the signal, far above it the layer blows it up.
public struct WeightStatistics: Sendable, Equatable {
  /// The layer's position in the model's top-level `Sequential`, from 0.
  public let layer: Int
  /// The number of inputs of each unit: the weight's second dimension.
  public let fanIn: Int
  /// The number of units: the weight's first dimension.
  public let fanOut: Int
  /// The activation after the layer (`.linear` for the output layer).
  public let nonlinearity: Nonlinearity
  /// The mean of the weight's entries.
  public let mean: Double
  /// The variance of the weight's entries (population: divided by their number).
  public let variance: Double
  /// The smallest variance a standard rule prescribes for this layer (see above).
  public let lowestPrediction: Double
  /// The largest variance a standard rule prescribes for this layer (see above).
  public let highestPrediction: Double

  /// Statistics with the given values.
  public init(
    layer: Int, fanIn: Int, fanOut: Int, nonlinearity: Nonlinearity, mean: Double,
    variance: Double, lowestPrediction: Double, highestPrediction: Double
  ) {
    self.layer = layer
    self.fanIn = fanIn
    self.fanOut = fanOut
    self.nonlinearity = nonlinearity
    self.mean = mean
    self.variance = variance
    self.lowestPrediction = lowestPrediction
    self.highestPrediction = highestPrediction
  }
}

/// The weight statistics of every `Linear` layer among `model`'s top-level layers, in order:
/// the fans of its weight (chapter 6's `fans(of:)`), the nonlinearity after it (the provided
/// `nonlinearity(after:in:)`), the mean and population variance of its entries, and the band
/// of variances the standard rules prescribe (see `WeightStatistics`), computed from chapter
/// 6's `Initializer.standardDeviation(for:)` squared:
///
/// ```
/// lowest  = min(lecunNormal, xavierNormal())                          variances for the shape
/// highest = max(heNormal(nonlinearity), xavierNormal(gain: nonlinearity.gain))
/// ```
///
/// ```swift
/// let model = makeInitialisationModel(.healthy, seed: 1)
/// let first = weightStatistics(of: model)[0]
/// (first.layer, first.fanIn, first.fanOut)   // (0, 2, 32)
/// first.nonlinearity                         // .relu
/// first.lowestPrediction                     // 0.0588 = 2 / 34 (Xavier)
/// first.highestPrediction                    // 1.0 = 2 / 2 (He)
/// ```
///
/// Layers other than `Linear` (activations, dropout) are skipped; the biases are not
/// measured. Stops with a message when the model has no `Linear` layer.
///
/// Exercise 19.1.
public func weightStatistics(of model: Sequential) -> [WeightStatistics] {
  // TODO(19.1): your code here (README.md, exercise 19.1).
  return []
}
