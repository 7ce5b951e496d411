import Foundation
import Gradients
import Tensors
import TestSupport
import Testing

@Suite("2.1 Elementwise derivatives")
struct ElementwiseBackwardTests {
  @Test(
    "every rule matches central differences of sum(g * f(x)) on seeded random inputs",
    arguments: [1, 2] as [UInt64])
  func againstCentralDifferences(seed: UInt64) {
    let x = randomTensor([3, 4], seed: seed)
    let g = randomTensor([3, 4], seed: seed + 100)
    let positive = x.map { abs($0) + 0.2 }
    // L(x) = sum(g * f(x)) has dL/dy = g for y = f(x), so dL/dx is the rule applied to g.
    func loss(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Double { { (g * f($0)).sum() } }
    let chain = "the rule is g times the local derivative f'(x), element by element"

    expectClose(
      reluBackward(g, input: x), centralDifference(loss(relu), at: x), tolerance: 1e-7,
      "reluBackward: \(chain); f'(x) is 1 where x > 0, else 0")
    expectClose(
      tanhBackward(g, output: tanh(x)), centralDifference(loss(tanh), at: x), tolerance: 1e-7,
      "tanhBackward: \(chain); f'(x) = 1 - y^2 with y = tanh(x), which you are given")
    expectClose(
      sigmoidBackward(g, output: sigmoid(x)), centralDifference(loss(sigmoid), at: x),
      tolerance: 1e-7, "sigmoidBackward: \(chain); f'(x) = y (1 - y) with y = sigmoid(x)")
    expectClose(
      expBackward(g, output: exp(x)), centralDifference(loss(exp), at: x), tolerance: 1e-7,
      "expBackward: \(chain); exp is its own derivative, f'(x) = y")
    expectClose(
      logBackward(g, input: positive), centralDifference(loss(log), at: positive),
      tolerance: 1e-7, "logBackward: \(chain); f'(x) = 1/x")
  }

  @Test("ReLU passes g where x > 0 and blocks it where x <= 0 (at exactly 0 too)")
  func reluByHand() {
    let g = Tensor([[2, 2, 2], [-3, -3, -3]])
    let x = Tensor([[-1, 0, 0.5], [4, -0.1, 1e-9]])
    expectClose(
      reluBackward(g, input: x), Tensor([[0, 0, 2], [-3, 0, -3]]),
      """
      ReLU's derivative is 1 for x > 0 and 0 for x < 0; at exactly 0 this workbook takes 0 \
      (x > 0, not x >= 0). And multiply by g: the mask alone is not the gradient.
      """
    )
  }

  @Test("tanh's rule uses the output it is given: g * (1 - y^2), not 1 - tanh(y)^2")
  func tanhByHand() {
    let y = Tensor([0, 0.5, -0.8, 0.99])
    let g = Tensor([1, 2, 1, -1])
    expectClose(
      tanhBackward(g, output: y), Tensor([1, 1.5, 0.36, -0.0199]), tolerance: 1e-12,
      """
      the argument is already y = tanh(x): the local derivative is 1 - y^2. Computing \
      1 - tanh(y)^2 applies tanh twice (the derivative written with x instead of y).
      """
    )
  }

  @Test("sigmoid's rule is g * y * (1 - y): 1/4 at y = 1/2, its largest value")
  func sigmoidByHand() {
    let y = Tensor([0.5, 0.9, 0.2])
    let g = Tensor([1, 1, 2])
    expectClose(
      sigmoidBackward(g, output: y), Tensor([0.25, 0.09, 0.32]), tolerance: 1e-12,
      "the argument is the output y = sigmoid(x): use y (1 - y), not sigmoid(y) (1 - sigmoid(y))")
  }

  @Test("exp's rule is g * y and log's rule is g / x, by hand")
  func expAndLogByHand() {
    let e = exp(1.0)
    expectClose(
      expBackward(Tensor([1, 2, -1]), output: Tensor([1, e, 0.5])),
      Tensor([1, 2 * e, -0.5]), tolerance: 1e-12,
      "d exp(x)/dx = exp(x) = y: multiply g by the output you are given (not exp(y))")
    expectClose(
      logBackward(Tensor([1, 3, -2]), input: Tensor([2, 0.5, 4])), Tensor([0.5, 6, -0.5]),
      tolerance: 1e-12, "d log(x)/dx = 1/x: divide g by the input")
  }
}
