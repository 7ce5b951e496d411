import Autodiff
import AutodiffTestSupport
import Foundation
import Layers
import Tensors
import TestSupport
import Testing

@Suite("4.2 LeakyReLU and ELU, forward and backward")
struct ActivationTests {
  static let input = Tensor([-2, -0.5, 0.5, 3])
  static let upstream = Tensor([1, 2, 3, 4])

  @Test(
    "leakyReLU keeps positive inputs and multiplies negative ones by the slope (0.01 by default)")
  func leakyForward() {
    let output = Variable(Self.input).leakyReLU(slope: 0.1).value
    let diagnosis =
      allClose(output, Tensor([-2, -0.5, 0.05, 0.3]))
      ? "The slope was applied to the POSITIVE side: it belongs to x <= 0 only."
      : "y = x where x > 0, slope * x elsewhere."
    expectClose(output, Tensor([-0.2, -0.05, 0.5, 3]), "\(diagnosis)")
    expectClose(
      Variable(Self.input).leakyReLU().value, Tensor([-0.02, -0.005, 0.5, 3]),
      "leakyReLU() with no argument uses PyTorch's default slope, 0.01: -2 becomes -0.02")
  }

  @Test("leakyReLU's gradient is g where x > 0 and slope * g elsewhere")
  func leakyGradient() {
    let x = Variable(Self.input)
    weightedSum(x.leakyReLU(slope: 0.1), Self.upstream).backward()
    let diagnosis =
      allClose(x.grad, Tensor([0.1, 0.1, 1, 1]))
      ? "You returned the local slope alone: multiply it by the upstream gradient g."
      : allClose(x.grad, Tensor([1, 2, 0.3, 0.4]))
        ? "The slope was applied where x > 0: the positive side passes g unchanged."
        : allClose(x.grad, Tensor([0, 0, 3, 4]))
          ? """
          You used ReLU's derivative, 0 below zero: the negative side passes slope * g, \
          which is the whole point of the leak.
          """
          : "The local derivative is 1 where x > 0 and the slope elsewhere, times g."
    expectClose(x.grad, Tensor([0.1, 0.2, 3, 4]), "\(diagnosis)")
  }

  @Test("leakyReLU's rule matches the numerical gradient", arguments: [0.01, 0.3])
  func leakyNumerical(slope: Double) {
    expectGradientMatchesNumerical(
      "leakyReLU(slope: \(slope))", at: signedTensor([3, 4], seed: 41), seed: 42
    ) { $0.leakyReLU(slope: slope) }
  }

  @Test("elu is x for positive inputs and alpha (exp(x) - 1) below, flattening out at -alpha")
  func eluForward() {
    let x = Tensor([-30, -1, -0.1, 0.5, 2])
    for alpha in [1.0, 0.5] {
      let expected = Tensor([
        alpha * (exp(-30) - 1), alpha * (exp(-1) - 1), alpha * (exp(-0.1) - 1), 0.5, 2,
      ])
      let output = Variable(x).elu(alpha: alpha).value
      let diagnosis =
        allClose(output, expected + Tensor([alpha, alpha, alpha, 0, 0]))
        ? """
        You computed alpha * exp(x) below zero: the - 1 is missing, so ELU jumps by alpha at \
        0 and tends to 0 instead of -alpha.
        """
        : "-30 gives almost exactly -alpha and -1 gives alpha * (0.3679 - 1)."
      expectClose(
        output, expected, tolerance: 1e-12,
        """
        elu(alpha: \(alpha)): y = x where x > 0 and alpha * (exp(x) - 1) elsewhere. \
        \(diagnosis)
        """)
    }
    expectClose(
      Variable(Tensor([-1])).elu().value, Tensor([exp(-1) - 1]), tolerance: 1e-12,
      "the default alpha is 1")
  }

  @Test("elu's gradient for x < 0 is g * alpha * exp(x), not g * alpha")
  func eluGradient() {
    let alpha = 2.0
    let values = [-3.0, -1, -0.2, 0.7]
    let x = Variable(Tensor(values))
    weightedSum(x.elu(alpha: alpha), Self.upstream).backward()
    let expected = Tensor([
      1 * alpha * exp(-3), 2 * alpha * exp(-1), 3 * alpha * exp(-0.2), 4,
    ])
    let diagnosis =
      allClose(x.grad, Tensor([2, 4, 6, 4]))
      ? """
      You used alpha as the derivative of the negative side. The derivative of \
      alpha * (exp(x) - 1) is alpha * exp(x), which is alpha only at x = 0 and fades to 0 \
      far below it.
      """
      : allClose(x.grad, Tensor([alpha * exp(-3), alpha * exp(-1), alpha * exp(-0.2), 1]))
        ? """
        You returned the local derivative alone: multiply it by the upstream gradient g \
        (here [1, 2, 3, 4]).
        """
        : "d/dx [alpha (exp(x) - 1)] = alpha exp(x) (equivalently y + alpha), times g."
    expectClose(x.grad, expected, tolerance: 1e-12, "\(diagnosis)")
  }

  @Test("elu's rule matches the numerical gradient", arguments: [1.0, 0.3])
  func eluNumerical(alpha: Double) {
    expectGradientMatchesNumerical(
      "elu(alpha: \(alpha))", at: signedTensor([3, 4], seed: 43), seed: 44
    ) { $0.elu(alpha: alpha) }
  }

  @Test("the LeakyReLU and ELU layers apply their functions with their own hyper-parameters")
  func layers() {
    let x = Variable(Tensor([-2, 1]))
    expectClose(LeakyReLU(slope: 0.2)(x).value, Tensor([-0.4, 1]), "LeakyReLU(slope: 0.2)")
    expectClose(LeakyReLU()(x).value, Tensor([-0.02, 1]), "LeakyReLU() has slope 0.01")
    expectClose(
      ELU(alpha: 0.5)(x).value, Tensor([0.5 * (exp(-2) - 1), 1]), tolerance: 1e-12,
      "ELU(alpha: 0.5)")
    expectClose(ELU()(x).value, Tensor([exp(-2) - 1, 1]), tolerance: 1e-12, "ELU() has alpha 1")
  }
}
