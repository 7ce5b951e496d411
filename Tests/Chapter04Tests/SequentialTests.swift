import Autodiff
import AutodiffTestSupport
import Foundation
import Gradients
import Layers
import Tensors
import TestSupport
import Testing

@Suite("4.3 Sequential: one layer after the other")
struct SequentialTests {
  /// Row o is output o's weights, so `swap(x) = [x1, x0]`.
  static func swap() -> Linear { Linear(weight: Tensor([[0, 1], [1, 0]]), bias: nil) }

  /// `shear(x) = [x0 + x1, x1]`.
  static func shear() -> Linear { Linear(weight: Tensor([[1, 1], [0, 1]]), bias: nil) }

  @Test("Sequential(f, g, h)(x) = h(g(f(x))): Linear, ReLU, Linear by hand")
  func composesByHand() {
    let model = Sequential(
      Linear(weight: Tensor([[1, -1], [2, 0]]), bias: Tensor([0, -1])),
      ReLU(),
      Linear(weight: Tensor([[1, 2], [-1, 1]]), bias: Tensor([0.5, 0])))
    let output = model(Variable(Tensor([[1, 2], [3, -1]]))).value
    let diagnosis =
      allClose(output, Tensor([[1.5, 2], [14.5, 1]]))
      ? "The ReLU in the middle was skipped."
      : """
      First layer: [[-1, 1], [4, 5]]; after ReLU: [[0, 1], [4, 5]]; last layer: \
      [[2.5, 1], [14.5, 1]].
      """
    expectClose(output, Tensor([[2.5, 1], [14.5, 1]]), "\(diagnosis)")
  }

  @Test("each layer receives the previous layer's output, not the original input")
  func chainsOutputs() {
    let model = Sequential(
      Linear(weight: Tensor([[2, 0], [0, 3]]), bias: Tensor([1, 1])),
      Linear(weight: Tensor([[1, 0], [0, -1]]), bias: Tensor([0, 10])))
    let output = model(Variable(Tensor([[1, 2]]))).value
    let diagnosis =
      allClose(output, Tensor([[1, 8]]))
      ? "You got the last layer applied to the ORIGINAL input: pass each output on."
      : allClose(output, Tensor([[3, 7]]))
        ? "You got the first layer's output only: every layer must run."
        : "First layer: [1, 2] -> [3, 7]; second: [3, 7] -> [3, 3]."
    expectClose(output, Tensor([[3, 3]]), "\(diagnosis)")
  }

  @Test("order matters: Sequential(a, b)(x) is b(a(x)), not a(b(x))")
  func order() {
    let output = Sequential(Self.shear(), Self.swap())(Variable(Tensor([[1, 2]]))).value
    let diagnosis =
      allClose(output, Tensor([[3, 1]]))
      ? "You applied the layers in reverse order."
      : "shear: [1, 2] -> [3, 2]; then swap: [3, 2] -> [2, 3]."
    expectClose(output, Tensor([[2, 3]]), "\(diagnosis)")
  }

  @Test("an empty Sequential returns its input unchanged")
  func emptyIsIdentity() {
    let x = Tensor([[1, -2], [3, 0.5]])
    expectClose(
      Sequential()(Variable(x)).value, x,
      "with no layers there is nothing to apply: return the input itself")
    expectClose(Sequential([])(Variable(x)).value, x, "Sequential([]) too")
  }

  @Test("containers nest, and a layer listed twice is applied twice with the same weights")
  func nestingAndReuse() {
    let layer = Linear(weight: Tensor([[1, 2], [0, 1]]), bias: Tensor([1, 0]))
    let model = Sequential(Sequential(layer), Sequential(Sequential(layer)))
    expectClose(
      model(Variable(Tensor([[1, 1]]))).value, Tensor([[7, 1]]),
      """
      a nested Sequential is just a layer: [1, 1] -> [1 + 2 + 1, 1] = [4, 1] -> \
      [4 + 2 + 1, 1] = [7, 1]
      """)
  }

  @Test("backward through a Sequential reaches the first layer's weight (numerical check)")
  func gradientReachesFirstLayer() {
    // Square layers, so that a wrong order or a wrong input gives wrong values, not a crash.
    let firstWeight = randomTensor([3, 3], seed: 51)
    let firstBias = randomTensor([3], seed: 52)
    let last = randomLinear(inputs: 3, outputs: 3, seed: 53)
    let x = randomTensor([5, 3], seed: 54)
    let upstream = signedTensor([5, 3], seed: 55)
    func loss(_ first: Linear) -> Variable {
      weightedSum(Sequential(first, Tanh(), last)(Variable(x)), upstream)
    }
    let first = Linear(weight: firstWeight, bias: firstBias)
    let outputShape = Sequential(first, Tanh(), last)(Variable(x)).shape
    guard outputShape == [5, 3] else {
      Issue.record(
        "Linear(3 -> 3), Tanh, Linear(3 -> 3) maps [5, 3] to [5, 3], got shape \(outputShape)")
      return
    }
    loss(first).backward()
    let numerical = centralDifference(
      { loss(Linear(weight: $0, bias: firstBias)).value.scalar }, at: firstWeight)
    let error = largestRelativeError(first.weight.grad, numerical)
    #expect(
      error < rightGradientThreshold,
      """
      the first layer's weight gradient disagrees with the numerical one (relative error \
      \(error), got \(first.weight.grad)). All zeros mean the graph was cut: \
      each layer must receive the previous layer's Variable, never Variable(output.value)
      """)
  }
}
