import Tensors
import WorkbookSupport

/// A rule for the starting values of a weight tensor.
///
/// The fixed rules (`zeros`, `constant`, `uniform`, `normal`) ignore the shape. The scaled
/// rules pick their spread from the shape's fans (`fans(of:)`), so that a layer neither grows
/// nor shrinks the signal that passes through it:
///
/// ```
///                     standard deviation                 uniform bound b = sqrt(3) * std
/// LeCun               sqrt(1 / fanIn)                    sqrt(3 / fanIn)
/// Xavier (Glorot)     gain * sqrt(2 / (fanIn + fanOut))  gain * sqrt(6 / (fanIn + fanOut))
/// He (Kaiming)        gain / sqrt(fan)                   gain * sqrt(3 / fan)
///                     fan = fanIn or fanOut (mode); the gain comes from the nonlinearity:
///                     He for ReLU (gain sqrt(2)) has std sqrt(2 / fanIn)
/// ```
///
/// Each comes as a normal N(0, std^2) and a uniform U(-b, b) variant with the **same** variance:
/// U(-b, b) has variance b^2 / 3, so its bound is sqrt(3) times the standard deviation.
///
/// Which one? He with the ReLU gain for ReLU networks; LeCun, or Xavier with the tanh gain, for
/// tanh networks. Biases start at zero (`makeLinear` does that). Plain `normal(mean: 0,
/// standardDeviation: 0.01)` ("small random numbers") makes the signal vanish in a deep network,
/// and `normal(mean: 0, standardDeviation: 1)` makes it explode: see `activationStatistics`.
///
/// References: Y. LeCun et al., "Efficient BackProp" (1998); X. Glorot, Y. Bengio,
/// "Understanding the difficulty of training deep feedforward neural networks" (2010); K. He et
/// al., "Delving Deep into Rectifiers" (2015); PyTorch's `torch.nn.init`.
public enum Initializer: Sendable, Equatable {
  /// Every value 0. Right for biases; for weights it makes every unit of a layer compute the
  /// same thing and receive the same gradient forever (nothing breaks the symmetry).
  case zeros
  /// Every value equal to the given number.
  case constant(Double)
  /// Uniform in the given range, whatever the shape.
  case uniform(ClosedRange<Double>)
  /// Normal with the given mean and standard deviation, whatever the shape.
  case normal(mean: Double, standardDeviation: Double)
  /// N(0, 1 / fanIn): LeCun's rule, for tanh-like or SELU networks.
  case lecunNormal
  /// U(-sqrt(3 / fanIn), sqrt(3 / fanIn)): LeCun's rule, uniform.
  case lecunUniform
  /// N(0, gain^2 * 2 / (fanIn + fanOut)): Glorot and Bengio's compromise between a steady
  /// signal forward (fanIn) and a steady gradient backward (fanOut).
  case xavierNormal(gain: Double = 1)
  /// U(-b, b) with b = gain * sqrt(6 / (fanIn + fanOut)).
  case xavierUniform(gain: Double = 1)
  /// N(0, gain^2 / fan): He's rule; with the ReLU gain, N(0, 2 / fanIn).
  case heNormal(Nonlinearity = .relu, mode: FanMode = .fanIn)
  /// U(-b, b) with b = gain * sqrt(3 / fan).
  case heUniform(Nonlinearity = .relu, mode: FanMode = .fanIn)

  /// The standard deviation of the values this initializer draws for a tensor of `shape`: the
  /// theoretical one, not measured on a sample.
  ///
  /// ```
  /// zeros, constant(c)           0
  /// uniform(a...b)               (b - a) / sqrt(12)
  /// normal(mean: m, std: s)      s
  /// lecunNormal, lecunUniform    sqrt(1 / fanIn)
  /// xavier...(gain: g)           g * sqrt(2 / (fanIn + fanOut))
  /// he...(nonlinearity, mode)    nonlinearity.gain / sqrt(fanIn or fanOut)
  /// ```
  ///
  /// The uniform variants have the same standard deviation as the normal ones: that is how
  /// their bound is chosen. A uniform on [-b, b] has variance b^2 / 3, so std = b / sqrt(3).
  ///
  /// ```swift
  /// Initializer.heNormal().standardDeviation(for: [256, 512])               // sqrt(2/512) = 0.0625
  /// Initializer.heNormal(mode: .fanOut).standardDeviation(for: [256, 512])  // sqrt(2/256) = 0.0884
  /// Initializer.xavierUniform().standardDeviation(for: [256, 512])          // sqrt(2/768) = 0.0510
  /// Initializer.uniform(-1...1).standardDeviation(for: [3])                 // 2/sqrt(12) = 0.5774
  /// ```
  ///
  /// Stops with a message when a parameter is not finite (or a standard deviation or gain is
  /// negative), when a scaled rule is asked for a rank-0 shape (no fans), or when the fan it
  /// divides by is 0 (a layer with no inputs or no outputs).
  ///
  /// Exercise 6.2.
  public func standardDeviation(for shape: [Int]) -> Double {
    // TODO(6.2): your code here (README.md, exercise 6.2).
    return .nan
  }
}
