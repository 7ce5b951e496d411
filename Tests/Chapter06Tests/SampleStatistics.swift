import Foundation
import Initializers
import Tensors
import Testing
import WorkbookSupport

// Helpers shared by the chapter's suites: the statistics of a sample, and how far they may
// stray from theory.
//
// Every statistical test draws from a fixed seed, so it gives the same result on every run. The
// tolerances are still derived from the sample size, so that any correct implementation passes
// whatever order it draws its numbers in: a correct initializer fails one of them with a
// probability below one in a million, while each bug the chapter names moves the statistic by
// dozens of tolerances.

/// The mean and the (unbiased) variance of a sample.
struct SampleStatistics {
  let count: Int
  let mean: Double
  let variance: Double

  init(_ values: [Double]) {
    let mean = values.reduce(0, +) / Double(values.count)
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    self.count = values.count
    self.mean = mean
    self.variance = squares / Double(values.count - 1)
  }

  init(_ tensor: Tensor) { self.init(tensor.scalars) }

  /// How far the sample variance may be from the true one, relative to it: 5 standard errors.
  ///
  /// For n independent draws from N(0, s^2), (n - 1) * variance / s^2 is chi-square with n - 1
  /// degrees of freedom, so the sample variance has a relative standard error of
  /// sqrt(2 / (n - 1)). A uniform sample's is smaller (sqrt(0.8 / n): its kurtosis is 1.8
  /// instead of 3), so the normal value is a safe bound for both. With n = 131,072 the
  /// tolerance is 5 * 0.0039 = 2% of the expected variance. A standard deviation too small by
  /// sqrt(3) (a uniform bound without the sqrt(3)) leaves a variance of 1/3 of the expected
  /// one, 67% below it; one too small by 5/3 (a missing tanh gain) leaves 9/25 of it, 64%
  /// below: 34 and 33 tolerances, measured as `varianceMatches` does, against the expected
  /// variance. (Measured against the buggy variance instead, the expected one is 200% and 178%
  /// above it.)
  var varianceTolerance: Double { 5 * (2 / Double(count - 1)).squareRoot() }

  /// How far the sample mean may be from the true mean, for values of standard deviation
  /// `standardDeviation`: 5 standard errors of the mean, 5 * std / sqrt(n).
  func meanTolerance(standardDeviation: Double) -> Double {
    5 * standardDeviation / Double(count).squareRoot()
  }

  /// True when the sample variance is within `varianceTolerance` of `expected` (relative).
  func varianceMatches(_ expected: Double) -> Bool {
    abs(variance - expected) <= varianceTolerance * expected
  }
}

/// The tensor `initializer` draws for `shape` from `SeededGenerator(seed: seed)`.
func draw(_ initializer: Initializer, _ shape: [Int], seed: UInt64) -> Tensor {
  var generator = SeededGenerator(seed: seed)
  return initializer.makeTensor(shape, using: &generator)
}

/// A scaled initializer, a weight shape and the standard deviation its formula gives, computed
/// here by hand from the shape (not by `standardDeviation(for:)`).
struct InitializerCase: Sendable, CustomTestStringConvertible {
  /// Distinguishes the cases' random streams.
  let seed: UInt64
  let name: String
  let initializer: Initializer
  let shape: [Int]
  let standardDeviation: Double
  let isUniform: Bool

  var testDescription: String { name }
}

/// A non-square weight, [outputs, inputs] = [128, 1024]: fan_in = 1024, fan_out = 128, so
/// every fan mix-up changes the variance by a factor of 8 or more. 131,072 values.
let weightShape = [128, 1024]

/// One case per scaled initializer (and a few gains and modes) on `weightShape`.
let scaledCases: [InitializerCase] = [
  InitializerCase(
    seed: 0, name: "He normal (ReLU): sqrt(2 / fan_in)", initializer: .heNormal(),
    shape: weightShape,
    standardDeviation: (2.0 / 1024).squareRoot(), isUniform: false),
  InitializerCase(
    seed: 1, name: "He uniform (ReLU): bound sqrt(6 / fan_in)", initializer: .heUniform(),
    shape: weightShape, standardDeviation: (2.0 / 1024).squareRoot(), isUniform: true),
  InitializerCase(
    seed: 2, name: "He normal (tanh): (5/3) / sqrt(fan_in)", initializer: .heNormal(.tanh),
    shape: weightShape, standardDeviation: 5.0 / 3 / 1024.0.squareRoot(), isUniform: false),
  InitializerCase(
    seed: 3, name: "He uniform (leaky ReLU 0.2, fan_out)",
    initializer: .heUniform(.leakyReLU(slope: 0.2), mode: .fanOut), shape: weightShape,
    standardDeviation: (2 / 1.04 / 128).squareRoot(), isUniform: true),
  InitializerCase(
    seed: 4, name: "LeCun normal: sqrt(1 / fan_in)", initializer: .lecunNormal, shape: weightShape,
    standardDeviation: (1.0 / 1024).squareRoot(), isUniform: false),
  InitializerCase(
    seed: 5, name: "LeCun uniform: bound sqrt(3 / fan_in)", initializer: .lecunUniform,
    shape: weightShape, standardDeviation: (1.0 / 1024).squareRoot(), isUniform: true),
  InitializerCase(
    seed: 6, name: "Xavier normal: sqrt(2 / (fan_in + fan_out))", initializer: .xavierNormal(),
    shape: weightShape, standardDeviation: (2.0 / 1152).squareRoot(), isUniform: false),
  InitializerCase(
    seed: 7, name: "Xavier uniform, gain 5/3", initializer: .xavierUniform(gain: 5.0 / 3),
    shape: weightShape, standardDeviation: 5.0 / 3 * (2.0 / 1152).squareRoot(), isUniform: true),
]
