import Foundation
import Initializers
import TestSupport
import Testing

@Suite("6.1 Gains and fans")
struct GainsAndFansTests {
  @Test("linear and sigmoid have gain 1, ReLU has gain sqrt(2)")
  func basicGains() {
    #expect(Nonlinearity.linear.gain == 1, "a linear layer changes nothing: gain 1")
    #expect(Nonlinearity.sigmoid.gain == 1, "PyTorch's table gives sigmoid a gain of 1")
    #expect(
      isClose(Nonlinearity.relu.gain, 2.0.squareRoot(), tolerance: 1e-15),
      "a ReLU halves the mean square, so the weights' variance doubles: gain sqrt(2), not 2")
  }

  @Test("tanh has gain 5/3")
  func tanhGain() {
    #expect(
      isClose(Nonlinearity.tanh.gain, 5.0 / 3, tolerance: 1e-15),
      "tanh's gain is 5/3 (PyTorch's calculate_gain); a gain of 1 lets a deep tanh net fade")
  }

  @Test("leaky ReLU has gain sqrt(2 / (1 + a^2)): slope 0 is a ReLU, slope 1 the identity")
  func leakyGain() {
    for slope in [0.01, 0.2, 0.5] {
      #expect(
        isClose(
          Nonlinearity.leakyReLU(slope: slope).gain, (2 / (1 + slope * slope)).squareRoot(),
          tolerance: 1e-15),
        "slope \(slope): the negative half keeps a^2 of its power, so gain = sqrt(2 / (1 + a^2))")
    }
    #expect(isClose(Nonlinearity.leakyReLU(slope: 0).gain, 2.0.squareRoot(), tolerance: 1e-15))
    #expect(Nonlinearity.leakyReLU(slope: 1).gain == 1, "slope 1 is the identity: gain 1")
    #expect(
      Nonlinearity.leakyReLU().gain == Nonlinearity.leakyReLU(slope: 0.01).gain,
      "the default slope is 0.01, as in PyTorch and chapter 4")
  }

  @Test("a dense weight [out, in] has fan_in = in and fan_out = out, also when not square")
  func denseFans() {
    for (shape, expected) in [([3, 5], (5, 3)), ([10, 784], (784, 10)), ([1, 7], (7, 1))] {
      let (fanIn, fanOut) = fans(of: shape)
      #expect(
        fanIn == expected.0 && fanOut == expected.1,
        """
        fans(of: \(shape)) = (\(fanIn), \(fanOut)), expected (\(expected.0), \(expected.1)): the \
        weight is stored [outputs, inputs], so fan_in is the SECOND dimension
        """)
    }
  }

  @Test("a convolution weight multiplies both fans by the kernel size; a vector uses its length")
  func otherRanks() {
    let conv = fans(of: [16, 8, 3, 3])
    #expect(
      conv.fanIn == 72 && conv.fanOut == 144,
      """
      [out, in, 3, 3]: each output sees in * 9 = 72 inputs, each input feeds out * 9 = 144. \
      Multiply both fans by the receptive field, the product of the dimensions after the first \
      two (got fan_in \(conv.fanIn), fan_out \(conv.fanOut))
      """)
    let vector = fans(of: [10])
    #expect(vector.fanIn == 10 && vector.fanOut == 10, "rank 1: both fans are the length")
  }

  @Test("the fans of a scalar shape [] stop with a message")
  func scalarStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = fans(of: [])
    }
    expectMessage(result, contains: ["fans", "[]"])
  }
}
