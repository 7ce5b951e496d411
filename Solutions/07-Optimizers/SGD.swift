import Autodiff
import Tensors

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
/// decay, exactly as PyTorch's `torch.optim.SGD` documents it.
///
/// For each parameter θ with gradient g, at step t = 1, 2, ...:
///
/// ```
/// g = g + λ θ                           if weightDecay λ ≠ 0 (L2 regularisation)
/// if momentum μ ≠ 0:
///     b = g                             at t = 1 (no dampening on the first step)
///     b = μ b + (1 - τ) g               at t > 1 (dampening τ)
///     g = g + μ b                       if nesterov
///     g = b                             otherwise
/// θ = θ - γ g                           learning rate γ
/// ```
///
/// The momentum buffer `b` is a running sum of *gradients*, and the learning rate multiplies it
/// at the moment of the update. Sutskever et al. (2013) write momentum the other way round,
/// `v = μ v + γ g; θ = θ - v`, with the rate inside the buffer. With a constant rate the two
/// give the same steps (`v = γ b`); once a schedule changes the rate they differ: PyTorch's form
/// applies the new rate to the whole buffer at once, Sutskever's only to the new gradients.
///
/// Nesterov momentum in this form looks one step ahead: it uses `g + μ b`, the gradient plus
/// the velocity it is about to follow (PyTorch requires momentum > 0 and no dampening for it).
///
/// ```swift
/// let sgd = SGD(parameters: model.parameters, learningRate: 0.1, momentum: 0.9)
/// ```
///
/// Reference: PyTorch documentation, `torch.optim.SGD`; I. Sutskever, J. Martens, G. Dahl and
/// G. Hinton, "On the importance of initialization and momentum in deep learning" (2013).
public final class SGD: Optimizer {
  /// The variables this optimizer updates.
  public let parameters: [Variable]
  /// The step size γ. Stops with a message when set to a negative or non-finite value.
  public var learningRate: Double {
    didSet { checkLearningRate(learningRate, for: "SGD") }
  }
  /// μ, the fraction of the previous buffer kept at each step (0 = plain SGD).
  public let momentum: Double
  /// τ, the fraction of each new gradient *not* added to the buffer (after the first step).
  public let dampening: Double
  /// Whether to use Nesterov momentum, `g + μ b` instead of `b`.
  public let nesterov: Bool
  /// λ, the L2 penalty: `λ θ` is added to the gradient before everything else.
  public let weightDecay: Double
  /// One momentum buffer per parameter, in the order of `parameters`; `nil` until the first
  /// step with momentum (PyTorch's "buffer is None": the first step sets `b = g`).
  public private(set) var momentumBuffers: [Tensor?]

  /// Creates the optimizer.
  ///
  /// Stops with a message unless the learning rate is finite and >= 0, 0 <= momentum < 1,
  /// 0 <= dampening <= 1, weightDecay >= 0 (all finite), and, for Nesterov, momentum > 0 and
  /// dampening == 0; and unless `parameters` is a non-empty list of distinct variables.
  ///
  /// Exercise 7.2 (the checks of the hyper-parameters).
  public init(
    parameters: [Variable], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
    nesterov: Bool = false, weightDecay: Double = 0
  ) {
    checkParameters(parameters, for: "SGD")
    // BEGIN EXERCISE 7.2
    checkLearningRate(learningRate, for: "SGD")
    check(momentum >= 0 && momentum < 1, "SGD: momentum must be in [0, 1), got \(momentum)")
    check(
      dampening >= 0 && dampening <= 1, "SGD: dampening must be in [0, 1], got \(dampening)")
    check(
      weightDecay >= 0 && weightDecay.isFinite,
      "SGD: weightDecay must be finite and >= 0, got \(weightDecay)")
    check(
      !nesterov || (momentum > 0 && dampening == 0),
      "SGD: nesterov needs momentum > 0 and dampening 0, got momentum \(momentum), "
        + "dampening \(dampening)")
    // END EXERCISE 7.2
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
    self.weightDecay = weightDecay
    self.momentumBuffers = Array(repeating: nil, count: parameters.count)
  }

  /// Updates every parameter by the rule in the type's documentation.
  ///
  /// Exercise 7.2.
  public func step() {
    checkGradientShapes(parameters, for: "SGD")
    // BEGIN EXERCISE 7.2
    for (index, parameter) in parameters.enumerated() {
      var gradient = parameter.grad
      if weightDecay != 0 {
        gradient = gradient + weightDecay * parameter.value
      }
      if momentum != 0 {
        let buffer: Tensor
        if let previous = momentumBuffers[index] {
          buffer = momentum * previous + (1 - dampening) * gradient
        } else {
          buffer = gradient
        }
        momentumBuffers[index] = buffer
        gradient = nesterov ? gradient + momentum * buffer : buffer
      }
      parameter.value = parameter.value - learningRate * gradient
    }
    // END EXERCISE 7.2
  }
}
