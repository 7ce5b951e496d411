import FinalActivation
import Layers
import Tensors
import TestSupport
import Testing
import Training

@Suite("17.1 The reachable range of an output")
struct OutputRangeTests {
  @Test("ReLU reaches [0, inf), sigmoid [0, 1], tanh [-1, 1], a clip its own bounds")
  func boundedActivations() {
    let cases: [(Module, OutputRange, String)] = [
      (ReLU(), OutputRange(lower: 0, upper: .infinity), "ReLU is max(x, 0): never negative"),
      (Sigmoid(), OutputRange(lower: 0, upper: 1), "sigmoid is 1 / (1 + exp(-x)): in (0, 1)"),
      (Tanh(), OutputRange(lower: -1, upper: 1), "tanh is in (-1, 1)"),
      (
        Clip(lower: -0.5, upper: 2), OutputRange(lower: -0.5, upper: 2),
        "a Clip's range is its own bounds, lower and upper, not always [-1, 1]"
      ),
    ]
    for (module, expected, reason) in cases {
      let range = outputRange(of: module)
      #expect(
        range == expected,
        "\(module): expected \(expected), got \(range): \(reason). NaN means the stub")
    }
  }

  @Test("a linear output is unbounded: Linear, Identity and the healthy network")
  func linearOutputsAreUnbounded() {
    for module: Module in [passThrough(), Identity(), makeOutputModel(final: .identity, seed: 1)] {
      let range = outputRange(of: module)
      #expect(
        range == .unbounded,
        """
        \(module): an output with no activation can take any value, expected (-inf, inf), got \
        \(range)
        """)
    }
  }

  @Test("ELU(alpha: 0.5) reaches down to -alpha = -0.5, not -1")
  func eluReachesMinusAlpha() {
    let range = outputRange(of: ELU(alpha: 0.5))
    #expect(
      range == OutputRange(lower: -0.5, upper: .infinity),
      """
      ELU is alpha (exp(x) - 1) for negative x: it tends to -alpha, so [-0.5, inf) for alpha \
      0.5; got \(range)
      """)
  }

  @Test("LeakyReLU with slope 0 is a ReLU, [0, inf); with slope 0.01 it is unbounded")
  func leakyReLUDependsOnItsSlope() {
    let flat = outputRange(of: LeakyReLU(slope: 0))
    let leaky = outputRange(of: LeakyReLU(slope: 0.01))
    #expect(
      flat == OutputRange(lower: 0, upper: .infinity) && leaky == .unbounded,
      """
      slope * x for negative x: with slope 0 every negative output is 0 (a ReLU, [0, inf)), \
      with any positive slope the outputs go to -inf; got \(flat) and \(leaky)
      """)
  }

  @Test("a Sequential's range is its LAST layer's: the chapter's networks")
  func sequentialUsesItsLastLayer() {
    for activation in FinalActivation.allCases {
      let model = makeOutputModel(final: activation, seed: 1)
      let expected = oracleRange(activation)
      let range = outputRange(of: model)
      #expect(
        range.lower == expected.lower && range.upper == expected.upper,
        """
        the network ending in \(activation): expected [\(expected.lower), \(expected.upper)], \
        got \(range). Its hidden layers are tanh, but only the last layer decides the \
        output's range
        """)
    }
  }

  @Test("an activation before the last linear layer does not bound the output")
  func earlierActivationsDoNotCount() {
    let model = Sequential(passThrough(), ReLU(), passThrough())
    let range = outputRange(of: model)
    #expect(
      range == .unbounded,
      """
      Linear → ReLU → Linear: the last layer is linear (its weights can be negative), so the \
      output is unbounded; got \(range). Look at the last layer, not at any activation
      """)
  }

  @Test("trailing Identity layers are skipped, and a nested Sequential is looked into")
  func identityAndNesting() {
    let trailing = outputRange(of: Sequential(passThrough(), Tanh(), Identity(), Identity()))
    #expect(
      trailing == OutputRange(lower: -1, upper: 1),
      """
      Linear → Tanh → Identity → Identity: the identities pass tanh's outputs on unchanged, \
      so the range is tanh's [-1, 1]; got \(trailing)
      """)
    let nested = outputRange(of: Sequential(passThrough(), Sequential(passThrough(), ReLU())))
    #expect(
      nested == OutputRange(lower: 0, upper: .infinity),
      """
      a Sequential whose last layer is a Sequential ending in ReLU: look inside it, [0, inf); \
      got \(nested)
      """)
    let empty = outputRange(of: Sequential())
    #expect(empty == .unbounded, "an empty Sequential is the identity: unbounded, got \(empty)")
  }
}
