import Autodiff
import Foundation
import Tensors

// The two activations chapter 3 does not have, each with its forward computation and its
// backward rule side by side, and a module for every activation so that a model can list them
// as layers.

extension Variable {
  /// The leaky rectified linear unit: the identity for positive inputs, a small slope for the
  /// others, so that a unit pushed below zero still receives a gradient (a plain ReLU unit that
  /// is negative for every input never learns again: a "dead" unit).
  ///
  /// ```
  /// forward:   y = x          if x > 0
  ///            y = slope * x  otherwise
  /// backward:  dL/dx = g          where x > 0
  ///            dL/dx = g * slope  elsewhere   (slope at x = 0 too, as in PyTorch)
  /// ```
  ///
  /// The slope multiplies the *negative* side only; the positive side is left alone.
  /// Maas, Hannun and Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models"
  /// (2013); PyTorch's `nn.LeakyReLU` (default slope 0.01).
  ///
  /// ```swift
  /// Variable(Tensor([-2, 3])).leakyReLU(slope: 0.1).value   // [-0.2, 3.0]
  /// ```
  ///
  /// Exercise 4.2.
  public func leakyReLU(slope: Double = 0.01) -> Variable {
    // BEGIN EXERCISE 4.2
    // STUB: let nan = Tensor(shape: shape, repeating: .nan)
    // STUB: return Variable(value: nan, parents: [self], operation: "leakyReLU") { _ in [nan] }
    let x = value
    let y = x.map { $0 > 0 ? $0 : slope * $0 }
    return Variable(value: y, parents: [self], operation: "leakyReLU") { g in
      [g * x.map { $0 > 0 ? 1 : slope }]
    }
    // END EXERCISE 4.2
  }

  /// The exponential linear unit: the identity for positive inputs, a smooth curve that
  /// flattens out at `-alpha` for negative ones.
  ///
  /// ```
  /// forward:   y = x                      if x > 0
  ///            y = alpha * (exp(x) - 1)   otherwise
  /// backward:  dL/dx = g                  where x > 0
  ///            dL/dx = g * alpha * exp(x) elsewhere   (= g * (y + alpha))
  /// ```
  ///
  /// The negative side's derivative is `alpha * exp(x)`, not `alpha`: it is `alpha` only at
  /// x = 0 and fades to 0 far below. With `alpha = 1` the function and its slope are both
  /// continuous at 0. Clevert, Unterthiner and Hochreiter, "Fast and Accurate Deep Network
  /// Learning by Exponential Linear Units (ELUs)" (2015); PyTorch's `nn.ELU`.
  ///
  /// ```swift
  /// Variable(Tensor([-1, 2])).elu().value   // [-0.632..., 2.0]   (exp(-1) - 1 = -0.632)
  /// ```
  ///
  /// Exercise 4.2.
  public func elu(alpha: Double = 1) -> Variable {
    // BEGIN EXERCISE 4.2
    // STUB: let nan = Tensor(shape: shape, repeating: .nan)
    // STUB: return Variable(value: nan, parents: [self], operation: "elu") { _ in [nan] }
    let x = value
    let y = x.map { $0 > 0 ? $0 : alpha * (Foundation.exp($0) - 1) }
    return Variable(value: y, parents: [self], operation: "elu") { g in
      [g * x.map { $0 > 0 ? 1 : alpha * Foundation.exp($0) }]
    }
    // END EXERCISE 4.2
  }
}

/// The rectified linear unit as a layer: `y = max(x, 0)`, element by element (chapter 3's
/// `relu()`). No parameters.
public final class ReLU: Module {
  /// Creates the layer.
  override public init() {}

  /// `input.relu()`.
  override public func callAsFunction(_ input: Variable) -> Variable { input.relu() }
}

/// The leaky ReLU as a layer: `y = x` for `x > 0`, `slope * x` otherwise. No parameters.
public final class LeakyReLU: Module {
  /// The slope of the negative side, 0.01 by default (PyTorch's default).
  public let slope: Double

  /// Creates the layer. Stops with a message unless `slope` is finite and not negative.
  public init(slope: Double = 0.01) {
    check(
      slope.isFinite && slope >= 0,
      "LeakyReLU: slope must be finite and >= 0, got \(slope)")
    self.slope = slope
  }

  /// `input.leakyReLU(slope: slope)`.
  override public func callAsFunction(_ input: Variable) -> Variable {
    input.leakyReLU(slope: slope)
  }

  /// `LeakyReLU(slope: 0.01)`.
  override public var description: String { "LeakyReLU(slope: \(slope))" }
}

/// The exponential linear unit as a layer: `y = x` for `x > 0`, `alpha * (exp(x) - 1)`
/// otherwise. No parameters.
public final class ELU: Module {
  /// The value the negative side tends to, as `-alpha`; 1 by default.
  public let alpha: Double

  /// Creates the layer. Stops with a message unless `alpha` is finite and not negative.
  public init(alpha: Double = 1) {
    check(alpha.isFinite && alpha >= 0, "ELU: alpha must be finite and >= 0, got \(alpha)")
    self.alpha = alpha
  }

  /// `input.elu(alpha: alpha)`.
  override public func callAsFunction(_ input: Variable) -> Variable { input.elu(alpha: alpha) }

  /// `ELU(alpha: 1.0)`.
  override public var description: String { "ELU(alpha: \(alpha))" }
}

/// The logistic sigmoid as a layer: `y = 1 / (1 + exp(-x))` (chapter 3's `sigmoid()`). No
/// parameters.
public final class Sigmoid: Module {
  /// Creates the layer.
  override public init() {}

  /// `input.sigmoid()`.
  override public func callAsFunction(_ input: Variable) -> Variable { input.sigmoid() }
}

/// The hyperbolic tangent as a layer (chapter 3's `tanh()`). No parameters.
public final class Tanh: Module {
  /// Creates the layer.
  override public init() {}

  /// `input.tanh()`.
  override public func callAsFunction(_ input: Variable) -> Variable { input.tanh() }
}

/// The identity as a layer: returns its input itself, unchanged. A placeholder where a model
/// expects a layer (a "no activation" option, a skipped block). No parameters.
public final class Identity: Module {
  /// Creates the layer.
  override public init() {}

  /// `input`.
  override public func callAsFunction(_ input: Variable) -> Variable { input }
}
