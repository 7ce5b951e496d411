import Autodiff
import Foundation
import Optimizers
import Tensors
import TestSupport
import Testing

@Suite("7.3 RMSprop")
struct RMSpropTests {
  @Test("the first step moves every coordinate by about lr / √(1 - α), whatever its gradient")
  func firstStep() {
    let gradient = [3, -0.5, 2e-3]
    let theta = parameter([1, 1, 1], gradient: gradient)
    RMSprop(parameters: [theta], learningRate: 0.01).step()
    // v = (1 - α) g² = 0.01 g², so the step is γ g / (0.1 |g| + ε) ≈ 0.1 · sign(g)
    let expected = gradient.map { 1 - 0.01 * $0 / (0.1 * abs($0) + 1e-8) }
    expectClose(
      theta.value, Tensor(expected), tolerance: 1e-12,
      """
      first step: v = α · 0 + (1 - α) g² (α = 0.99), θ = θ - γ g / (√v + ε): every coordinate \
      moves by about γ / √(1 - α) = 0.1, large gradient or small
      """)
  }

  @Test("ε is added after the square root: √v + ε, not √(v + ε)")
  func epsilonOutsideTheRoot() {
    let theta = parameter([0], gradient: [0.01])
    RMSprop(parameters: [theta], learningRate: 0.01, epsilon: 0.01).step()
    // √v = √(0.01 · 1e-4) = 1e-3, so the step is 0.01 · 0.01 / (1e-3 + 0.01) = 0.01 / 1.1;
    // √(v + ε) = 0.1 would give a step ten times smaller.
    expectClose(
      theta.value, Tensor([-0.01 / 1.1]), tolerance: 1e-12,
      "divide by (√v + ε): PyTorch adds ε after the square root, which matters for small gradients"
    )
  }

  @Test("centered RMSprop with momentum divides by the running standard deviation")
  func centeredWithMomentum() {
    let theta = parameter([1, -1], gradient: [2, 1])
    let rmsprop = RMSprop(
      parameters: [theta], learningRate: 0.1, alpha: 0.9, epsilon: 0, centered: true,
      momentum: 0.5)
    rmsprop.step()
    // v = 0.1 [4, 1] = [0.4, 0.1], ḡ = 0.1 [2, 1] = [0.2, 0.1], ṽ = v - ḡ² = [0.36, 0.09]
    // b = g / √ṽ = [2 / 0.6, 1 / 0.3]
    let b1 = [2 / 0.6, 1 / 0.3]
    let theta1 = [1 - 0.1 * b1[0], -1 - 0.1 * b1[1]]
    expectClose(
      theta.value, Tensor(theta1), tolerance: 1e-12,
      """
      centered: ḡ = α ḡ + (1 - α) g and the divisor is √(v - ḡ²) + ε; with momentum the \
      buffer b = μ b + g / (√ṽ + ε) (starting from 0) is what moves θ
      """)
    theta.grad = Tensor([-2, 1])
    rmsprop.step()
    // v = 0.9 v + 0.1 g² = [0.76, 0.19], ḡ = 0.9 ḡ + 0.1 g = [-0.02, 0.19]
    let tilde = [0.76 - 0.02 * 0.02, 0.19 - 0.19 * 0.19]
    let b2 = [0.5 * b1[0] - 2 / tilde[0].squareRoot(), 0.5 * b1[1] + 1 / tilde[1].squareRoot()]
    expectClose(
      theta.value, Tensor([theta1[0] - 0.1 * b2[0], theta1[1] - 0.1 * b2[1]]), tolerance: 1e-12,
      "second step: both running averages carry over, and b = μ b + g / (√ṽ + ε)")
  }

  @Test("weight decay joins the gradient before the running average")
  func weightDecay() {
    let theta = parameter([2, -0.5], gradient: [0, 0])
    RMSprop(parameters: [theta], learningRate: 0.01, weightDecay: 0.1).step()
    // g = 0 + 0.1 θ = [0.2, -0.05], normalised like any gradient: about 10 · sign(θ)
    let expected = [2, -0.5].map { $0 - 0.01 * (0.1 * $0) / (0.1 * abs(0.1 * $0) + 1e-8) }
    expectClose(
      theta.value, Tensor(expected), tolerance: 1e-12,
      "with weight decay λ, g = g + λ θ goes into v and into the step (λ = 0.1, zero gradient)")
  }

  @Test("each parameter keeps its own running averages and buffer")
  func independentState() {
    expectIndependentState("RMSprop") {
      RMSprop(parameters: $0, learningRate: 0.01, centered: true, momentum: 0.5)
    }
  }

  @Test("RMSprop reaches the bottom of an ill-conditioned bowl")
  func convergence() {
    let distance = Bowl.distanceAfter(400) { RMSprop(parameters: $0, learningRate: 0.03) }
    #expect(
      distance < 1e-6,
      "400 steps of RMSprop(0.03) should end within 1e-6 of the minimum, got \(distance)")
  }

  @Test("an alpha of 1 stops with a message")
  func alphaRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      RMSprop(alpha: 1) was accepted: the running average would never move from 0, so check \
      alpha in [0, 1) in init
      """
    ) {
      _ = RMSprop(parameters: [Variable(Tensor([1]))], alpha: 1)
    }
    expectMessage(result, contains: ["RMSprop", "alpha", "1.0"])
  }
}
