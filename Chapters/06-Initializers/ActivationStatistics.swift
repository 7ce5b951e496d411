import Autodiff
import Foundation
import Layers
import Tensors
import WorkbookSupport

/// The spread of one layer's activations over a whole batch: every element of the layer's
/// output, pooled.
///
/// ```
/// mean               m = sum(x) / n
/// standardDeviation  sqrt(sum((x - m)^2) / n)     (the population formula: divide by n)
/// meanSquare         sum(x^2) / n                 = std^2 + m^2, the signal's "power"
/// ```
///
/// The mean square is what the variance argument tracks from layer to layer
/// (`Var(y) = fanIn * Var(w) * E[x^2]`), so it is the number to watch: a healthy deep network
/// keeps it within a factor of 10 or so of 1 in every layer.
public struct LayerStatistics: Sendable {
  /// The layer's position, counting from 1 (the first layer's output).
  public let layer: Int
  /// The mean of the layer's activations.
  public let mean: Double
  /// The standard deviation of the layer's activations (divided by n).
  public let standardDeviation: Double
  /// The mean of the squared activations.
  public let meanSquare: Double

  /// Statistics with the given values.
  public init(layer: Int, mean: Double, standardDeviation: Double, meanSquare: Double) {
    self.layer = layer
    self.mean = mean
    self.standardDeviation = standardDeviation
    self.meanSquare = meanSquare
  }

  /// The statistics of every element of `activations` (any shape, at least one element).
  ///
  /// ```swift
  /// LayerStatistics(layer: 1, of: Tensor([[1, -1], [3, 1]]))
  /// // mean 1.0, standardDeviation sqrt(2) = 1.414..., meanSquare 3.0
  /// ```
  ///
  /// Exercise 6.4.
  public init(layer: Int, of activations: Tensor) {
    // TODO(6.4): your code here (README.md, exercise 6.4).
    self.init(layer: layer, mean: .nan, standardDeviation: .nan, meanSquare: .nan)
  }
}

extension Nonlinearity {
  /// A chapter 4 module that applies this nonlinearity: `ReLU()`, `Tanh()`, `Sigmoid()`,
  /// `LeakyReLU(slope:)`, or `Identity()` for `.linear`.
  public func makeModule() -> Module {
    switch self {
    case .linear: return Identity()
    case .sigmoid: return Sigmoid()
    case .tanh: return Tanh()
    case .relu: return ReLU()
    case .leakyReLU(let slope): return LeakyReLU(slope: slope)
    }
  }
}

/// The experiment that shows why initialisation matters: pushes a batch of N(0, 1) inputs
/// through `depth` layers of `Linear(width -> width)` (weights from `initializer`, zero biases,
/// from `makeLinear`) each followed by `nonlinearity`, and records the statistics of every
/// layer's output.
///
/// ```
/// x_0 ~ N(0, 1)   [batch, width]
/// x_l = f(x_(l-1) Wᵀ_l + b_l)         W_l from initializer, b_l = 0,  l = 1 ... depth
/// ```
///
/// The variance argument predicts each layer's mean square from the one before. With
/// `z = x Wᵀ` (fanIn = width terms, weights independent of the inputs, mean 0):
///
/// ```
/// Var(z) = fanIn * Var(w) * E[x^2]
/// E[relu(z)^2] = Var(z) / 2            a ReLU keeps half of a symmetric z
/// ```
///
/// so through ReLU layers the mean square is multiplied by `fanIn * Var(w) / 2` at every layer:
/// exactly 1 for He (Var(w) = 2 / fanIn), 1/2 for Xavier and LeCun when fanIn = fanOut
/// (Var(w) = 1 / fanIn), 64 * 1e-4 / 2 = 0.0032 for N(0, 0.01^2) and 64 / 2 = 32 for N(0, 1)
/// with width 64. Twenty layers raise that factor to the 20th power.
///
/// Randomness: one `SeededGenerator(seed: seed)` draws the inputs first, then the weights of
/// layer 1, 2, ... in order (each layer its own, fresh weights), so a seed gives the same
/// numbers on every run.
///
/// ```swift
/// let he = activationStatistics(initializer: .heNormal(), seed: 0)
/// he.count                 // 20, for layers 1 ... 20
/// he.last!.meanSquare      // 0.586: still alive after 20 layers
/// print(activationPlot(he))
/// ```
///
/// - Parameters:
///   - depth: The number of layers, at least 1.
///   - width: The inputs and outputs of every layer, at least 1.
///   - batch: The number of input rows, at least 1.
///   - initializer: How each layer's weight is drawn.
///   - nonlinearity: The activation after every layer (`nonlinearity.makeModule()`).
///   - seed: The seed of the inputs and of every weight.
/// - Returns: One `LayerStatistics` per layer, `layer` 1 ... `depth`, each of the layer's
///   output **after** the activation.
///
/// Exercise 6.4.
public func activationStatistics(
  depth: Int = 20, width: Int = 64, batch: Int = 256, initializer: Initializer,
  nonlinearity: Nonlinearity = .relu, seed: UInt64
) -> [LayerStatistics] {
  // TODO(6.4): your code here (README.md, exercise 6.4).
  return []
}
