import Foundation
import Initializers
import Layers
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("6.3 Drawing the weights")
struct SamplingTests {
  @Test(
    "each scaled initializer's sample has mean 0 and its formula's variance (5 standard errors)",
    arguments: scaledCases)
  func sampleVariance(testCase: InitializerCase) {
    let sample = draw(testCase.initializer, testCase.shape, seed: 100 + testCase.seed)
    #expect(sample.shape == testCase.shape, "makeTensor must return the requested shape")
    let statistics = SampleStatistics(sample)
    let expected = testCase.standardDeviation * testCase.standardDeviation
    #expect(
      statistics.varianceMatches(expected),
      """
      \(testCase.name): sample variance \(statistics.variance), expected \(expected) within \
      \(Int((statistics.varianceTolerance * 100).rounded()))% (ratio \(statistics.variance / expected)). \
      A ratio of 1/3 is a uniform bound without sqrt(3); 8 or 1/8 a fan_in/fan_out mix-up; \
      0.36 a missing tanh gain
      """)
    #expect(
      abs(statistics.mean)
        <= statistics.meanTolerance(standardDeviation: testCase.standardDeviation),
      "\(testCase.name): sample mean \(statistics.mean), expected 0: weights are centred")
  }

  @Test("uniform initializers reach their bound sqrt(3) * std and never pass it")
  func uniformBound() {
    for testCase in scaledCases where testCase.isUniform {
      let sample = draw(testCase.initializer, testCase.shape, seed: 200 + testCase.seed)
      let bound = 3.0.squareRoot() * testCase.standardDeviation
      let largest = sample.scalars.map(abs).max() ?? .nan
      // The largest of n draws from U(-b, b) is below b (1 - e) with probability (1 - e)^n:
      // for n = 131,072 and e = 1e-4 that is exp(-13.1) = 2e-6.
      #expect(
        largest <= bound && largest >= bound * (1 - 1e-4),
        """
        \(testCase.name): largest |w| is \(largest), expected just under the bound \(bound). \
        U(-b, b) has std b / sqrt(3), so b = sqrt(3) * std; using b = std gives \
        \(bound / 3.0.squareRoot())
        """)
    }
  }

  @Test("normal initializers have normal tails: 4.55% of values beyond 2 std, uniform ones none")
  func normalOrUniform() {
    for testCase in scaledCases {
      let sample = draw(testCase.initializer, testCase.shape, seed: 300 + testCase.seed)
      let beyond = sample.scalars.count { abs($0) > 2 * testCase.standardDeviation }
      let fraction = Double(beyond) / Double(sample.count)
      if testCase.isUniform {
        #expect(
          beyond == 0 && sample.isFinite,
          "\(testCase.name): U(-b, b) with b = sqrt(3) std < 2 std has nothing beyond 2 std")
      } else {
        // P(|z| > 2) = 0.0455 for a normal; a count of n draws has standard error
        // sqrt(p (1 - p) / n) = 0.00058 for n = 131,072, and we allow 5 of them.
        #expect(
          abs(fraction - 0.0455) < 0.003,
          "\(testCase.name): \(fraction * 100)% beyond 2 std; a normal has 4.55%: draw N(0, std^2)")
      }
    }
  }

  @Test("zeros, constant, uniform(range) and normal(mean:standardDeviation:) ignore the fans")
  func fixedRules() {
    #expect(draw(.zeros, [2, 3], seed: 1) == Tensor.zeros([2, 3]))
    #expect(draw(.constant(0.5), [4], seed: 1) == Tensor([0.5, 0.5, 0.5, 0.5]))

    let uniform = draw(.uniform(2...5), [100, 100], seed: 2)
    let uniformStatistics = SampleStatistics(uniform)
    let uniformStandardDeviation = 3 / 12.0.squareRoot()
    #expect(
      uniform.scalars.allSatisfy { (2...5).contains($0) }
        && abs(uniformStatistics.mean - 3.5)
          <= uniformStatistics.meanTolerance(standardDeviation: uniformStandardDeviation)
        && uniformStatistics.varianceMatches(0.75),
      "U(2, 5): values in [2, 5], mean 3.5, variance 9 / 12 = 0.75")

    let normal = draw(.normal(mean: 3, standardDeviation: 2), [100, 100], seed: 3)
    let normalStatistics = SampleStatistics(normal)
    #expect(
      abs(normalStatistics.mean - 3) <= normalStatistics.meanTolerance(standardDeviation: 2)
        && normalStatistics.varianceMatches(4),
      "N(3, 2^2): mean \(normalStatistics.mean), variance \(normalStatistics.variance)")
  }

  @Test("a seed gives the same tensor every time, another seed another tensor")
  func reproducible() {
    for initializer in [Initializer.heNormal(), .xavierUniform(), .uniform(-1...1)] {
      let first = draw(initializer, [3, 4, 5], seed: 7)
      #expect(
        first.shape == [3, 4, 5] && first.isFinite
          && first == draw(initializer, [3, 4, 5], seed: 7),
        "\(initializer): draw every value from the generator you are given, nothing else")
      #expect(first != draw(initializer, [3, 4, 5], seed: 8))
    }
  }

  @Test("makeLinear: weight [outputs, inputs] with the variance of fan_in = inputs")
  func makeLinearWeight() {
    var generator = SeededGenerator(seed: 400)
    let layer = makeLinear(inputs: 1024, outputs: 128, initializer: .heNormal(), using: &generator)
    #expect(layer.weight.shape == [128, 1024], "a Linear weight is [outputs, inputs]")
    let statistics = SampleStatistics(layer.weight.value)
    #expect(
      statistics.varianceMatches(2.0 / 1024),
      """
      weight variance \(statistics.variance), expected 2 / 1024 = \(2.0 / 1024) (He, fan_in = \
      inputs). 2 / 128 means the tensor was drawn as [inputs, outputs] or with fan_out
      """)
  }

  @Test("makeLinear: the bias starts at exactly zero")
  func makeLinearBias() {
    var generator = SeededGenerator(seed: 401)
    let layer = makeLinear(inputs: 20, outputs: 30, initializer: .lecunUniform, using: &generator)
    #expect(
      layer.bias?.value == Tensor.zeros([30]),
      "biases start at zero: the variance argument assumes it, and the weights break symmetry")
    #expect(layer.weight.value.isFinite && layer.weight.value.scalars.contains { $0 != 0 })
  }

  @Test("makeLinear draws its weight exactly as makeTensor([outputs, inputs]) from the same seed")
  func makeLinearSameStream() {
    var generator = SeededGenerator(seed: 402)
    let layer = makeLinear(inputs: 5, outputs: 3, initializer: .heUniform(), using: &generator)
    let expected = draw(.heUniform(), [3, 5], seed: 402)
    #expect(expected.isFinite)
    expectClose(
      layer.weight.value, expected, tolerance: 0,
      "draw the [outputs, inputs] weight first, with initializer.makeTensor")
  }
}
