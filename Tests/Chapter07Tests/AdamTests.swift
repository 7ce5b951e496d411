import Autodiff
import Foundation
import Optimizers
import Tensors
import TestSupport
import Testing

@Suite("7.4 Adam and AdamW")
struct AdamTests {
  @Test("Adam's first step moves every coordinate by exactly the learning rate")
  func firstStepIsTheLearningRate() {
    let theta = parameter([1, 1, 1, 1], gradient: [1000, -2, 0.5, -0.1])
    Adam(parameters: [theta], learningRate: 0.01).step()
    // m̂ = g and v̂ = g² after the bias correction, so the step is γ g / (|g| + ε) ≈ γ sign(g)
    expectClose(
      theta.value, Tensor([0.99, 1.01, 0.99, 1.01]), tolerance: 1e-8,
      """
      after one step m = 0.1 g and v = 0.001 g²; the bias correction divides them by \
      1 - 0.9¹ and 1 - 0.999¹, so m̂ / √v̂ = sign(g) and every coordinate moves by γ = 0.01. \
      Without the correction the step is 0.1 / √0.001 ≈ 3.16 times too large.
      """)
  }

  @Test("Adam's second step follows the bias-corrected running averages")
  func secondStep() {
    let theta = parameter([0], gradient: [1])
    let adam = Adam(parameters: [theta], learningRate: 0.1)
    adam.step()
    let theta1 = -0.1 / (1 + 1e-8)
    expectClose(theta.value, Tensor([theta1]), tolerance: 1e-14, "first step: exactly -γ")
    theta.grad = Tensor([3])
    adam.step()
    let m = 0.9 * 0.1 + 0.1 * 3  // 0.39
    let v = 0.999 * 0.001 + 0.001 * 9  // 0.009999
    let mHat = m / (1 - 0.9 * 0.9)
    let vHat = v / (1 - 0.999 * 0.999)
    expectClose(
      theta.value, Tensor([theta1 - 0.1 * mHat / (vHat.squareRoot() + 1e-8)]), tolerance: 1e-13,
      """
      step t = 2: m = β₁ m + (1 - β₁) g, v = β₂ v + (1 - β₂) g², then divide by 1 - β₁² and \
      1 - β₂² (the step count t is 2 now) before θ = θ - γ m̂ / (√v̂ + ε)
      """)
  }

  @Test("a gradient as small as ε moves by half the learning rate: ε is added after the root")
  func epsilonOutsideTheRoot() {
    let theta = parameter([0], gradient: [1e-8])
    Adam(parameters: [theta], learningRate: 0.01).step()
    // √v̂ = 1e-8, so the step is 0.01 · 1e-8 / (1e-8 + 1e-8) = 0.005
    expectClose(
      theta.value, Tensor([-0.005]), tolerance: 1e-9,
      """
      m̂ / (√v̂ + ε) with g = ε = 1e-8 is one half. √(v̂ + ε) would be about 1e-4 and the step \
      5000 times smaller: the ratio √(g² + ε) / (|g| + ε) is about √ε / |g| for ε < |g| < √ε \
      and only approaches 1/√ε = 1e4 for gradients far below ε.
      """)
  }

  @Test("Adam's steps ignore the gradient's scale: g and 2g give the same three steps")
  func scaleInvariance() {
    let gradients: [[Double]] = [[0.3, -2, 0.05], [0.1, -1, 0.2], [-0.4, 0.5, 0.05]]
    var trajectories: [[Double]] = []
    for scale in [1.0, 2.0] {
      let theta = Variable(Tensor([1, 1, 1]))
      let adam = Adam(parameters: [theta], learningRate: 0.01)
      for gradient in gradients {
        theta.grad = scale * Tensor(gradient)
        adam.step()
      }
      trajectories.append(theta.value.scalars)
    }
    // m̂ scales by c and √v̂ by |c|, so m̂ / √v̂ is unchanged: only ε tells them apart (2e-9).
    let moved = trajectories[0].map { abs($0 - 1) }
    #expect(
      moved.allSatisfy { $0 > 0.01 && $0 < 0.03 },
      """
      three Adam steps at γ = 0.01 should move each coordinate by between 0.01 and 0.03 \
      (by hand: 0.0179, 0.0250, 0.0270), got \(moved): does step() update θ?
      """)
    expectClose(
      Tensor(trajectories[1]), Tensor(trajectories[0]), tolerance: 1e-8,
      """
      Adam with every gradient doubled must take the same steps, up to ε: m̂ / √v̂ does not \
      change when g becomes c g. A step that grows with the scale means m or v is not a \
      running average of g and g² (β₁ m + (1 - β₁) g, β₂ v + (1 - β₂) g²), or √ is missing. \
      (The same invariance hides a gradient wrong by a factor of 2: check it with chapter 2's \
      gradient checker, not by training with Adam.)
      """)
  }

  @Test("Adam's L2 weight decay is normalised: with a zero gradient weights move by about lr")
  func adamL2WeightDecay() {
    let start = [2, -0.5, 10]
    let theta = parameter(start, gradient: [0, 0, 0])
    Adam(parameters: [theta], learningRate: 0.01, weightDecay: 0.01).step()
    // g = λ θ goes through Adam: the first step is γ λθ / (λ|θ| + ε) ≈ γ sign(θ), for any λ
    let expected = start.map { $0 - 0.01 * (0.01 * $0) / (0.01 * abs($0) + 1e-8) }
    expectClose(
      theta.value, Tensor(expected), tolerance: 1e-12,
      """
      Adam's weightDecay is L2: g = g + λ θ BEFORE the moments, so with a zero loss gradient \
      each weight moves by about γ = 0.01 toward 0, whatever its size (2 → 1.99, 10 → 9.99)
      """)
  }

  @Test("AdamW with a zero gradient shrinks the weights by exactly (1 - lr·λ) per step")
  func adamWDecoupledDecay() {
    let start = Tensor([2, -0.5, 10])
    let theta = Variable(start)
    let adamW = AdamW(parameters: [theta], learningRate: 0.1)  // λ = 1e-2 by default
    var expected = start
    for step in 1...5 {
      theta.grad = Tensor.zeros([3])
      adamW.step()
      expected = expected * (1 - 0.1 * 0.01)
      expectClose(
        theta.value, expected, tolerance: 1e-12,
        """
        step \(step): AdamW multiplies the weights by 1 - γ λ = 0.999 (default λ = 1e-2) and \
        then adds Adam's update of the PLAIN gradient, which is 0 here. Putting λ θ into the \
        gradient (Adam's L2) would move every weight by about γ = 0.1 instead.
        """)
    }
  }

  @Test("AdamW decays the weights from before the step, then adds Adam's update")
  func adamWOrder() {
    let theta = parameter([2], gradient: [1])
    let adamW = AdamW(parameters: [theta], learningRate: 0.1, weightDecay: 0.5)
    adamW.step()
    // 2 · (1 - 0.05) - 0.1 = 1.8; decaying after Adam's step would give (2 - 0.1) · 0.95 = 1.805
    let theta1 = 2 * 0.95 - 0.1 / (1 + 1e-8)
    expectClose(
      theta.value, Tensor([theta1]), tolerance: 1e-13,
      "θ = θ (1 - γ λ) with the θ from BEFORE the step, then θ = θ - γ m̂ / (√v̂ + ε)")
    theta.grad = Tensor([-2])
    adamW.step()
    let mHat = (0.9 * 0.1 + 0.1 * -2) / (1 - 0.9 * 0.9)
    let vHat = (0.999 * 0.001 + 0.001 * 4) / (1 - 0.999 * 0.999)
    expectClose(
      theta.value, Tensor([theta1 * 0.95 - 0.1 * mHat / (vHat.squareRoot() + 1e-8)]),
      tolerance: 1e-13, "second step: decay, then Adam's bias-corrected update at t = 2")
  }

  @Test("each parameter keeps its own moments", arguments: ["Adam", "AdamW"])
  func independentState(kind: String) {
    expectIndependentState(kind) { parameters -> any Optimizer in
      kind == "Adam"
        ? Adam(parameters: parameters, learningRate: 0.1, weightDecay: 0.1)
        : AdamW(parameters: parameters, learningRate: 0.1, weightDecay: 0.1)
    }
  }

  @Test("Adam reaches the bottom of an ill-conditioned bowl")
  func convergence() {
    let distance = Bowl.distanceAfter(400) { Adam(parameters: $0, learningRate: 0.1) }
    #expect(
      distance < 1e-6,
      "400 steps of Adam(0.1) should end within 1e-6 of the minimum, got \(distance)")
  }

  @Test("a beta1 of 1 stops with a message")
  func betaRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      Adam(beta1: 1) was accepted: 1 - beta1^t would be 0 and the bias correction divide by \
      zero, so check the betas in [0, 1) in init
      """
    ) {
      _ = Adam(parameters: [Variable(Tensor([1]))], beta1: 1)
    }
    expectMessage(result, contains: ["Adam", "beta1", "1.0"])
  }

  @Test("AdamW with a negative weight decay stops with a message")
  func adamWWeightDecayRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      AdamW(weightDecay: -0.01) was accepted: a negative decay makes the weights grow, so \
      check weightDecay >= 0 in init
      """
    ) {
      _ = AdamW(parameters: [Variable(Tensor([1]))], weightDecay: -0.01)
    }
    expectMessage(result, contains: ["AdamW", "weightDecay", "-0.01"])
  }
}
