import Tensors

/// The activation that follows a layer, as far as initialisation cares: only its **gain**.
///
/// An initializer chooses the spread of a layer's weights so that the signal keeps its size
/// from one layer to the next. What the activation does to that size is summed up by one
/// number, the gain: the factor by which the weights' standard deviation must grow to make up
/// for what the activation takes away.
///
/// ```
/// linear, sigmoid   1
/// tanh              5/3
/// ReLU              sqrt(2)
/// leaky ReLU        sqrt(2 / (1 + a^2))      a = the negative slope
/// ```
///
/// Why sqrt(2) for ReLU: a ReLU keeps the positive half of a symmetric input and zeroes the
/// rest, so it halves the mean square, `E[relu(z)^2] = Var(z) / 2`. Doubling the weights'
/// variance (multiplying their standard deviation by sqrt(2)) gives the half back. A leaky ReLU
/// keeps `a^2` of the negative half too, so it loses less: `E[f(z)^2] = (1 + a^2) Var(z) / 2`.
/// Tanh squashes large values; 5/3 is the value PyTorch chose to keep the spread of a deep tanh
/// network roughly steady. Sigmoid's gain is 1 in PyTorch's table, like a linear layer.
///
/// These are the values of PyTorch's `torch.nn.init.calculate_gain`.
public enum Nonlinearity: Sendable, Equatable {
  /// No activation (the identity), as after a network's last layer.
  case linear
  /// The logistic sigmoid, `1 / (1 + exp(-x))`.
  case sigmoid
  /// The hyperbolic tangent.
  case tanh
  /// The rectified linear unit, `max(x, 0)`.
  case relu
  /// `x` for `x > 0`, `slope * x` otherwise (the default slope is PyTorch's, 0.01).
  case leakyReLU(slope: Double = 0.01)

  /// The factor that scales the standard deviation of an initializer (see the table above).
  ///
  /// ```swift
  /// Nonlinearity.relu.gain                     // 1.4142135623730951 = sqrt(2)
  /// Nonlinearity.tanh.gain                     // 1.6666666666666667 = 5/3
  /// Nonlinearity.leakyReLU(slope: 0.2).gain    // 1.3867504905630728 = sqrt(2 / 1.04)
  /// ```
  ///
  /// A leaky ReLU of slope 0 is a ReLU (gain sqrt(2)); of slope 1 it is the identity (gain 1).
  ///
  /// Exercise 6.1.
  public var gain: Double {
    // TODO(6.1): your code here (README.md, exercise 6.1).
    return .nan
  }
}
