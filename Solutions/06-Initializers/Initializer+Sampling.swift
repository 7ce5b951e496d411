import Tensors
import WorkbookSupport

extension Initializer {
  /// A tensor of `shape` filled with values drawn by this rule from `generator`.
  ///
  /// ```
  /// zeros, constant(c)                    every value 0, or c
  /// uniform(a...b)                        U(a, b)
  /// normal(mean: m, std: s)               N(m, s^2)
  /// lecunNormal, xavierNormal, heNormal   N(0, std^2)       std = standardDeviation(for: shape)
  /// lecunUniform, xavierUniform,          U(-b, b)          b = sqrt(3) * std
  /// heUniform
  /// ```
  ///
  /// The uniform bound is **sqrt(3)** times the standard deviation, because U(-b, b) has
  /// variance b^2 / 3. Using the standard deviation itself as the bound gives weights whose
  /// variance is 3 times too small, and a deep network shrinks the signal by 3 at every layer.
  ///
  /// ```swift
  /// var generator = SeededGenerator(seed: 0)
  /// let w = Initializer.heUniform().makeTensor([64, 512], using: &generator)
  /// w.scalars.map(abs).max()!   // just under sqrt(2) * sqrt(3 / 512) = 0.1083
  /// ```
  ///
  /// The normal variants draw from the full normal distribution, as PyTorch's `normal_`,
  /// `xavier_normal_` and `kaiming_normal_` do (Keras' `he_normal` truncates at 2 standard
  /// deviations and rescales instead).
  ///
  /// Values come from `Tensor.randomNormal` and `Tensor.randomUniform`, in row-major order, so a
  /// seed gives the same tensor on every run.
  ///
  /// Exercise 6.3.
  public func makeTensor(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
    // BEGIN EXERCISE 6.3
    // STUB: return Tensor(shape: shape.map { Swift.max($0, 0) }, repeating: .nan)
    switch self {
    case .zeros:
      return Tensor.zeros(shape)
    case .constant(let value):
      _ = standardDeviation(for: shape)  // validates the value
      return Tensor(shape: shape, repeating: value)
    case .uniform(let range):
      _ = standardDeviation(for: shape)  // validates the bounds
      return Tensor.randomUniform(shape, in: range, using: &generator)
    case .normal(let mean, let standardDeviation):
      _ = self.standardDeviation(for: shape)  // validates the parameters
      return Tensor.randomNormal(
        shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
    case .lecunNormal, .xavierNormal, .heNormal:
      return Tensor.randomNormal(
        shape, standardDeviation: standardDeviation(for: shape), using: &generator)
    case .lecunUniform, .xavierUniform, .heUniform:
      let bound = 3.0.squareRoot() * standardDeviation(for: shape)
      return Tensor.randomUniform(shape, in: -bound...bound, using: &generator)
    }
    // END EXERCISE 6.3
  }
}
