import Foundation
import Initializers
import TestSupport
import Testing

@Suite("6.2 The standard deviation of each initializer")
struct StandardDeviationTests {
  /// `initializer.standardDeviation(for: shape)` equals `expected` up to rounding.
  static func expectStandardDeviation(
    _ initializer: Initializer, _ shape: [Int], _ expected: Double, _ comment: Comment,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let actual = initializer.standardDeviation(for: shape)
    let variance =
      expected != 1 && isClose(actual, expected * expected, tolerance: 1e-12)
      ? " You returned the variance, std^2: the standard deviation is its square root." : ""
    #expect(
      isClose(actual, expected, tolerance: 1e-12),
      "\(initializer) on \(shape): std \(actual), expected \(expected).\(variance) \(comment)",
      sourceLocation: sourceLocation)
  }

  @Test("zeros and constant have std 0, normal its parameter, U(a, b) has (b - a) / sqrt(12)")
  func fixedRules() {
    Self.expectStandardDeviation(.zeros, [3, 4], 0, "every value is the same")
    Self.expectStandardDeviation(.constant(0.5), [3], 0, "every value is the same")
    Self.expectStandardDeviation(
      .normal(mean: 3, standardDeviation: 0.25), [2, 2], 0.25, "the mean does not matter")
    Self.expectStandardDeviation(
      .uniform(-1...1), [5], 2 / 12.0.squareRoot(),
      "U(a, b) has variance (b - a)^2 / 12: for U(-b, b) that is b^2 / 3")
    Self.expectStandardDeviation(.uniform(2...5), [5], 3 / 12.0.squareRoot(), "(5 - 2) / sqrt(12)")
  }

  @Test("He normal for ReLU on a [128, 1024] weight: sqrt(2 / fan_in) = sqrt(2 / 1024)")
  func heUsesFanIn() {
    Self.expectStandardDeviation(
      .heNormal(), [128, 1024], (2.0 / 1024).squareRoot(),
      """
      He's default mode is fan_in, the inputs: the SECOND dimension of [outputs, inputs]. \
      sqrt(2 / 128) = 0.125 means fan_out was used (or the fans were swapped)
      """)
  }

  @Test("He with mode .fanOut divides by the outputs instead")
  func heFanOut() {
    Self.expectStandardDeviation(
      .heNormal(mode: .fanOut), [128, 1024], (2.0 / 128).squareRoot(),
      "mode .fanOut keeps the gradients steady: divide by fan_out = 128")
    Self.expectStandardDeviation(
      .heUniform(.relu, mode: .fanOut), [128, 1024], (2.0 / 128).squareRoot(),
      "the uniform variant takes the mode too")
  }

  @Test("He's gain follows the nonlinearity: tanh 5/3, linear 1, leaky ReLU sqrt(2 / (1 + a^2))")
  func heGains() {
    Self.expectStandardDeviation(
      .heNormal(.tanh), [64, 100], 5.0 / 3 / 10,
      "gain / sqrt(fan_in) = (5/3) / 10: did you leave out tanh's gain of 5/3?")
    Self.expectStandardDeviation(
      .heNormal(.linear), [64, 100], 0.1, "with gain 1, He is LeCun: 1 / sqrt(fan_in)")
    Self.expectStandardDeviation(
      .heUniform(.leakyReLU(slope: 0.2)), [64, 100], (2 / 1.04).squareRoot() / 10,
      "use the nonlinearity's gain, not a hard-coded sqrt(2)")
  }

  @Test("LeCun: sqrt(1 / fan_in) whatever the number of outputs")
  func lecun() {
    for outputs in [10, 500] {
      Self.expectStandardDeviation(
        .lecunNormal, [outputs, 784], 1 / 28, "LeCun looks at the inputs only: 1 / sqrt(784)")
      Self.expectStandardDeviation(
        .lecunUniform, [outputs, 784], 1 / 28,
        "the uniform variant has the same std (its bound is sqrt(3) times larger)")
    }
  }

  @Test("Xavier: gain * sqrt(2 / (fan_in + fan_out)), the same for both variants")
  func xavier() {
    Self.expectStandardDeviation(
      .xavierNormal(), [128, 1024], (2.0 / 1152).squareRoot(),
      "Glorot's compromise averages the two fans: 2 / (fan_in + fan_out)")
    Self.expectStandardDeviation(
      .xavierUniform(gain: 5.0 / 3), [1024, 128], 5.0 / 3 * (2.0 / 1152).squareRoot(),
      "the gain multiplies the std; the uniform bound is chosen to give the same std")
  }

  @Test("the uniform variants have the normal variants' std; fans of a convolution are used")
  func uniformMatchesNormal() {
    let shapes = [[128, 1024], [16, 8, 3, 3], [7, 3]]
    let pairs: [(Initializer, Initializer)] = [
      (.heNormal(), .heUniform()), (.lecunNormal, .lecunUniform),
      (.xavierNormal(gain: 2), .xavierUniform(gain: 2)),
    ]
    for shape in shapes {
      for (normal, uniform) in pairs {
        let expected = normal.standardDeviation(for: shape)
        #expect(
          expected > 0 && isClose(uniform.standardDeviation(for: shape), expected),
          "\(uniform) on \(shape): U(-b, b) with b = sqrt(3) * std has exactly that std")
      }
    }
    Self.expectStandardDeviation(
      .heNormal(), [16, 8, 3, 3], (2.0 / 72).squareRoot(),
      "a [16, 8, 3, 3] convolution has fan_in 8 * 3 * 3 = 72: take the fans from fans(of:)")
  }

  @Test("a scaled initializer on a shape with no inputs stops with a message naming the shape")
  func zeroFanStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Initializer.heNormal().standardDeviation(for: [4, 0])
    }
    expectMessage(result, contains: ["[4, 0]", "fan_in"])
  }

  @Test("a negative standard deviation stops with a message")
  func negativeStandardDeviationStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Initializer.normal(mean: 0, standardDeviation: -1).standardDeviation(for: [3])
    }
    expectMessage(result, contains: ["normal", "-1.0"])
  }
}
