import Autodiff
import Optimizers
import Tensors
import TestSupport
import Testing

@Suite("7.2 SGD with momentum, dampening, Nesterov and weight decay")
struct SGDTests {
  @Test("plain SGD moves every parameter by -lr · grad and leaves shapes and gradients alone")
  func plainStep() {
    let weight = Variable(Tensor([[1, 2, 3], [4, 5, 6]]), name: "weight")
    weight.grad = Tensor([[0.5, -1, 0], [2, 0.25, -4]])
    let bias = parameter([10, -10], gradient: [1, -3])
    let sgd = SGD(parameters: [weight, bias], learningRate: 0.1)
    sgd.step()
    expectClose(
      weight.value, Tensor([[0.95, 2.1, 3], [3.8, 4.975, 6.4]]), tolerance: 1e-14,
      "θ = θ - γ g for every element of every parameter (γ = 0.1)")
    expectClose(bias.value, Tensor([9.9, -9.7]), tolerance: 1e-14)
    #expect(
      weight.grad == Tensor([[0.5, -1, 0], [2, 0.25, -4]]) && bias.grad == Tensor([1, -3]),
      "step() reads the gradients and must not change them")
  }

  @Test("momentum: the first step uses the gradient itself, dampening applies from step 2 on")
  func momentumAndDampening() {
    let theta = parameter([1, -1], gradient: [2, -4])
    let sgd = SGD(parameters: [theta], learningRate: 0.1, momentum: 0.9, dampening: 0.5)
    sgd.step()
    // b₁ = g₁ = [2, -4], not (1 - τ) g₁: PyTorch starts the buffer at the first gradient.
    expectClose(
      theta.value, Tensor([1 - 0.1 * 2, -1 + 0.1 * 4]), tolerance: 1e-14,
      """
      the first step with momentum sets b = g (no dampening, no μ · 0): θ₁ = θ₀ - γ g₁. \
      A buffer started at zeros gives b₁ = (1 - τ) g₁, half the step here.
      """)
    theta.grad = Tensor([1, 1])
    sgd.step()
    // b₂ = μ b₁ + (1 - τ) g₂ = 0.9 [2, -4] + 0.5 [1, 1] = [2.3, -3.1]
    expectClose(
      theta.value, Tensor([0.8 - 0.1 * 2.3, -0.6 + 0.1 * 3.1]), tolerance: 1e-14,
      "from the second step: b = μ b + (1 - τ) g, θ = θ - γ b (μ = 0.9, τ = 0.5)")
  }

  @Test(
    "momentum keeps a buffer of gradients (PyTorch), not of steps (Sutskever), as the rate changes"
  )
  func pyTorchMomentumUnderAChangingRate() {
    let theta = parameter([0], gradient: [1])
    let sgd = SGD(parameters: [theta], learningRate: 0.1, momentum: 0.9)
    var trajectory: [Double] = []
    for rate in [0.1, 0.01, 0.05] {
      sgd.learningRate = rate  // a schedule would do this between epochs
      sgd.step()
      trajectory.append(theta.value[0])
    }
    // b = 1, 1.9, 2.71 and θ = -0.1, -0.1 - 0.01 · 1.9, -0.119 - 0.05 · 2.71.
    // Sutskever's v = μ v + γ g, θ = θ - v gives -0.1, -0.2, -0.34 instead.
    expectClose(
      Tensor(trajectory), Tensor([-0.1, -0.119, -0.2545]), tolerance: 1e-13,
      """
      PyTorch's momentum keeps b = μ b + g (a sum of gradients) and multiplies the whole buffer \
      by the CURRENT rate: θ = θ - γ b. Keeping v = μ v + γ g (Sutskever's form) takes the same \
      steps only while the rate is constant; here the rate goes 0.1, 0.01, 0.05.
      """)
  }

  @Test("Nesterov momentum steps along g + μ b")
  func nesterov() {
    let theta = parameter([1, -2], gradient: [0.5, 1])
    let sgd = SGD(parameters: [theta], learningRate: 0.1, momentum: 0.9, nesterov: true)
    sgd.step()
    // b₁ = g₁ = [0.5, 1]; step along g₁ + 0.9 b₁ = [0.95, 1.9]
    expectClose(
      theta.value, Tensor([0.905, -2.19]), tolerance: 1e-14,
      "Nesterov: b = g on the first step, then θ = θ - γ (g + μ b), not θ - γ b")
    theta.grad = Tensor([-1, 0.25])
    sgd.step()
    // b₂ = 0.9 [0.5, 1] + [-1, 0.25] = [-0.55, 1.15]; g₂ + 0.9 b₂ = [-1.495, 1.285]
    expectClose(theta.value, Tensor([0.905 + 0.1495, -2.19 - 0.1285]), tolerance: 1e-14)
  }

  @Test("weight decay adds λθ to the gradient before the momentum buffer")
  func weightDecay() {
    let theta = parameter([2, -4], gradient: [0, 1])
    let sgd = SGD(parameters: [theta], learningRate: 0.1, momentum: 0.5, weightDecay: 0.1)
    sgd.step()
    // g = [0, 1] + 0.1 [2, -4] = [0.2, 0.6] = b₁
    expectClose(
      theta.value, Tensor([1.98, -4.06]), tolerance: 1e-14,
      "with weight decay λ the gradient becomes g + λ θ (λ = 0.1) before anything else")
    sgd.step()
    // g = [0, 1] + 0.1 [1.98, -4.06] = [0.198, 0.594]; b₂ = 0.5 [0.2, 0.6] + g = [0.298, 0.894]
    expectClose(
      theta.value, Tensor([1.98 - 0.0298, -4.06 - 0.0894]), tolerance: 1e-14,
      "the decay term uses the current θ at every step and goes into the buffer with g")
  }

  @Test("each parameter keeps its own momentum buffer")
  func independentState() {
    expectIndependentState("SGD") {
      SGD(parameters: $0, learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01)
    }
  }

  @Test("with momentum SGD reaches the bottom of an ill-conditioned bowl, far faster than without")
  func convergence() {
    let withMomentum = Bowl.distanceAfter(200) {
      SGD(parameters: $0, learningRate: 0.01, momentum: 0.9)
    }
    let without = Bowl.distanceAfter(200) { SGD(parameters: $0, learningRate: 0.01) }
    #expect(
      withMomentum < 1e-3,
      "200 steps of SGD(0.01, momentum 0.9) should end within 1e-3 of the minimum, got \(withMomentum)"
    )
    #expect(
      without > 0.1 && withMomentum < without / 100,
      """
      along the flat direction plain SGD at 0.01 shrinks the error by only 1% per step \
      (distance \(without) after 200 steps); momentum should beat it a hundredfold
      """)
  }

  @Test("SGD trains a spiral classifier only when the gradients are zeroed before each step")
  func missingZeroGradExperiment() throws {
    let right = trainSpiralClassifier(zeroingGradients: true, seed: 9)
    let wrong = trainSpiralClassifier(zeroingGradients: false, seed: 9)
    try #require(right.count == 300 && wrong.count == 300)
    #expect(
      right.prefix(2) == wrong.prefix(2),
      "the two runs share data and weights, and differ only from the second backward pass on")
    let (final, accumulated) = (right[299], wrong[299])
    #expect(
      final < 0.2,
      """
      with zeroGrad() before each backward pass, 300 SGD steps (lr 0.5) should take the \
      cross-entropy on 60 spiral points below 0.2, got \(final)
      """)
    #expect(
      accumulated > 0.8 || !accumulated.isFinite,
      """
      without zeroGrad() each step follows the sum of every gradient so far: the run should \
      end above 0.8, got \(accumulated). Does step() read grad (it must) and does the \
      experiment's SGD really skip zeroGrad?
      """)
  }

  @Test("nesterov without momentum stops with a message")
  func nesterovNeedsMomentum() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      SGD(nesterov: true) without momentum was accepted: Nesterov's look-ahead needs momentum \
      > 0 and dampening 0, so check it in init
      """
    ) {
      _ = SGD(parameters: [Variable(Tensor([1]))], learningRate: 0.1, nesterov: true)
    }
    expectMessage(result, contains: ["SGD", "nesterov", "momentum"])
  }
}
