import Layers
import Tensors
import Training

/// The values a model's output can take: the closed interval `[lower, upper]`, where either
/// end may be infinite. Provided.
///
/// ```swift
/// OutputRange(lower: 0, upper: .infinity)   // [0, inf): ReLU
/// OutputRange.unbounded                      // (-inf, inf): a linear output
/// ```
///
/// The ends count as reachable, although a sigmoid only tends to 0 and 1: the floor of 17.2
/// is then a bound that can be approached, not one that can be beaten, which is what a lower
/// bound needs.
public struct OutputRange: Hashable, Sendable, CustomStringConvertible {
  /// The smallest output, `-infinity` when there is none.
  public let lower: Double
  /// The largest output, `infinity` when there is none.
  public let upper: Double

  /// Creates a range. Stops with a message when an end is NaN or `lower > upper`.
  public init(lower: Double, upper: Double) {
    check(
      !lower.isNaN && !upper.isNaN && lower <= upper,
      "OutputRange: need lower <= upper, neither NaN, got [\(lower), \(upper)]")
    self.lower = lower
    self.upper = upper
  }

  init(unchecked lower: Double, _ upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  /// Every real number: the range of a linear output.
  public static let unbounded = OutputRange(lower: -.infinity, upper: .infinity)

  /// What the stub of 17.1 returns: NaN at both ends, a range that is never right.
  public static let notWritten = OutputRange(unchecked: .nan, .nan)

  /// True when at least one end is finite.
  public var isBounded: Bool { lower.isFinite || upper.isFinite }

  /// True when both ends are numbers (not the stub's NaN).
  public var isValid: Bool { !lower.isNaN && !upper.isNaN && lower <= upper }

  /// `[0, inf)`, `[-1, 1]`, `(-inf, inf)`.
  public var description: String {
    let left = lower == -.infinity ? "(-inf" : "[\(rangeEnd(lower))"
    let right = upper == .infinity ? "inf)" : "\(rangeEnd(upper))]"
    return "\(left), \(right)"
  }
}

/// An end of a range as the lesson prints it: `0`, `-1`, `0.25`.
private func rangeEnd(_ value: Double) -> String {
  value == value.rounded() && Swift.abs(value) < 1e6 ? "\(Int(value))" : "\(value)"
}

/// The range of the outputs of `model`: what its final activation lets through.
///
/// ```
/// ReLU                       [0, inf)
/// LeakyReLU(slope: 0)        [0, inf)      (with slope 0 it is a ReLU)
/// LeakyReLU(slope: s > 0)    (-inf, inf)
/// ELU(alpha: a)              [-a, inf)
/// Sigmoid                    [0, 1]
/// Tanh                       [-1, 1]
/// Clip(lower: l, upper: u)   [l, u]
/// Sequential                 the range of its last layer, skipping trailing Identity
///                            layers; (-inf, inf) when nothing is left
/// anything else              (-inf, inf): Linear, Identity, any module it does not know
/// ```
///
/// A `Sequential` nested in a `Sequential` is looked into the same way. What it cannot see: an
/// activation applied inside a module's own forward pass (`ReLUInForward`, PyTorch's
/// `return F.relu(self.fc3(x))`) is not a layer, so the range is reported as unbounded; the
/// outputs themselves tell (17.3).
///
/// ```swift
/// outputRange(of: makeOutputModel(final: .relu, seed: 1))        // [0, inf)
/// outputRange(of: Sequential(Linear(...), Tanh(), Identity()))   // [-1, 1]
/// outputRange(of: makeOutputModel(final: .identity, seed: 1))    // (-inf, inf)
/// ```
///
/// Exercise 17.1.
public func outputRange(of model: Module) -> OutputRange {
  // TODO(17.1): your code here (README.md, exercise 17.1).
  return .notWritten
}
