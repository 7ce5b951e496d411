import Autodiff
import Optimizers
import Tensors
import TestSupport
import Testing

@Suite("7.1 Zeroing gradients")
struct ZeroGradTests {
  @Test("zeroGrad sets every parameter's gradient to zeros of its shape, and nothing else")
  func zeroesEveryParameter() {
    let weight = Variable(randomTensor([2, 3], seed: 1), name: "weight")
    weight.grad = randomTensor([2, 3], seed: 2)
    let bias = parameter([0.5, -0.5], gradient: [4, -4])
    let input = parameter([1, 2], gradient: [7, 8])  // not a parameter of this optimizer
    let optimizer = InertOptimizer([weight, bias])
    optimizer.zeroGrad()
    #expect(
      weight.grad == Tensor.zeros([2, 3]) && bias.grad == Tensor.zeros([2]),
      """
      every parameter's grad must be zeros of the parameter's shape after zeroGrad() (got \
      \(weight.grad) and \(bias.grad)): call zeroGrad() on each of `parameters`
      """)
    #expect(
      input.grad == Tensor([7, 8]) && weight.value == randomTensor([2, 3], seed: 1),
      "zeroGrad touches only the gradients of the optimizer's own parameters, never a value")
  }

  @Test("after zeroGrad a backward pass gives the fresh gradient, not the sum of all passes")
  func freshGradientAfterZeroGrad() {
    let w = Variable(Tensor([1, -2, 3]), name: "w")
    let optimizer = InertOptimizer([w])
    for _ in 0..<3 { (w * w).sum().backward() }
    #expect(w.grad == Tensor([6, -12, 18]), "three passes add up: 3 · 2w")
    optimizer.zeroGrad()
    (w * w).sum().backward()
    #expect(
      w.grad == Tensor([2, -4, 6]),
      """
      after zeroGrad() one backward pass of sum(w²) must leave exactly 2w = [2, -4, 6], got \
      \(w.grad): the three earlier passes leaked into this one
      """)
  }
}
