import Autodiff
import Tensors

/// RMSprop: each coordinate's step is divided by a running root mean square of its recent
/// gradients, exactly as PyTorch's `torch.optim.RMSprop` documents it.
///
/// For each parameter θ with gradient g, starting from v = 0, ḡ = 0, b = 0:
///
/// ```
/// g = g + λ θ                           if weightDecay λ ≠ 0
/// v = α v + (1 - α) g²                  running mean of the squared gradient (smoothing α)
/// ṽ = v
/// if centered:
///     ḡ = α ḡ + (1 - α) g               running mean of the gradient
///     ṽ = v - ḡ²                        a running variance instead of a mean square
/// if momentum μ > 0:
///     b = μ b + g / (√ṽ + ε)
///     θ = θ - γ b
/// else:
///     θ = θ - γ g / (√ṽ + ε)
/// ```
///
/// ε is added *after* the square root: `√ṽ + ε`, not `√(ṽ + ε)`. With ε = 1e-8 and a gradient
/// of 1e-4, the first is about 1e-5 and the second 1e-4: the place of ε decides the step size
/// of every small gradient. Squares are taken element by element. The centered `ṽ` is a
/// variance, never negative in exact arithmetic; it is clamped at 0 so that rounding cannot
/// take the square root of a tiny negative number.
///
/// ```swift
/// let rmsprop = RMSprop(parameters: model.parameters, learningRate: 0.01)
/// ```
///
/// Reference: PyTorch documentation, `torch.optim.RMSprop`; G. Hinton, Neural Networks for
/// Machine Learning, lecture 6e (2012); A. Graves, "Generating sequences with recurrent neural
/// networks" (2013), for the centered version.
public final class RMSprop: Optimizer {
  /// The variables this optimizer updates.
  public let parameters: [Variable]
  /// The step size γ. Stops with a message when set to a negative or non-finite value.
  public var learningRate: Double {
    didSet { checkLearningRate(learningRate, for: "RMSprop") }
  }
  /// α, the smoothing constant of the running averages (PyTorch's default 0.99).
  public let alpha: Double
  /// ε, added to the root mean square to avoid dividing by zero.
  public let epsilon: Double
  /// Whether to divide by the running standard deviation instead of the root mean square.
  public let centered: Bool
  /// μ, the momentum of the buffer of normalised steps (0 = none).
  public let momentum: Double
  /// λ, the L2 penalty added to the gradient.
  public let weightDecay: Double
  /// v per parameter: the running mean of the squared gradient.
  public private(set) var squareAverages: [Tensor]
  /// ḡ per parameter: the running mean of the gradient (used only when centered).
  public private(set) var gradientAverages: [Tensor]
  /// b per parameter: the momentum buffer (used only when momentum > 0).
  public private(set) var momentumBuffers: [Tensor]

  /// Creates the optimizer with PyTorch's defaults (learning rate 0.01, α = 0.99, ε = 1e-8).
  ///
  /// Stops with a message unless the learning rate is finite and >= 0, 0 <= alpha < 1,
  /// epsilon >= 0, 0 <= momentum < 1 and weightDecay >= 0 (all finite); and unless `parameters`
  /// is a non-empty list of distinct variables.
  ///
  /// Exercise 7.3 (the checks of the hyper-parameters).
  public init(
    parameters: [Variable], learningRate: Double = 0.01, alpha: Double = 0.99,
    epsilon: Double = 1e-8, centered: Bool = false, momentum: Double = 0, weightDecay: Double = 0
  ) {
    checkParameters(parameters, for: "RMSprop")
    // BEGIN EXERCISE 7.3
    checkLearningRate(learningRate, for: "RMSprop")
    check(alpha >= 0 && alpha < 1, "RMSprop: alpha must be in [0, 1), got \(alpha)")
    check(
      epsilon >= 0 && epsilon.isFinite, "RMSprop: epsilon must be finite and >= 0, got \(epsilon)"
    )
    check(momentum >= 0 && momentum < 1, "RMSprop: momentum must be in [0, 1), got \(momentum)")
    check(
      weightDecay >= 0 && weightDecay.isFinite,
      "RMSprop: weightDecay must be finite and >= 0, got \(weightDecay)")
    // END EXERCISE 7.3
    self.parameters = parameters
    self.learningRate = learningRate
    self.alpha = alpha
    self.epsilon = epsilon
    self.centered = centered
    self.momentum = momentum
    self.weightDecay = weightDecay
    let zeros = parameters.map { Tensor.zeros($0.shape) }
    self.squareAverages = zeros
    self.gradientAverages = zeros
    self.momentumBuffers = zeros
  }

  /// Updates every parameter by the rule in the type's documentation.
  ///
  /// Exercise 7.3.
  public func step() {
    checkGradientShapes(parameters, for: "RMSprop")
    // BEGIN EXERCISE 7.3
    for (index, parameter) in parameters.enumerated() {
      var gradient = parameter.grad
      if weightDecay != 0 {
        gradient = gradient + weightDecay * parameter.value
      }
      squareAverages[index] = alpha * squareAverages[index] + (1 - alpha) * gradient * gradient
      var meanSquare = squareAverages[index]
      if centered {
        gradientAverages[index] = alpha * gradientAverages[index] + (1 - alpha) * gradient
        meanSquare = (meanSquare - gradientAverages[index] * gradientAverages[index])
          .map { Swift.max($0, 0) }
      }
      let normalised = gradient / (meanSquare.map { $0.squareRoot() } + epsilon)
      if momentum > 0 {
        momentumBuffers[index] = momentum * momentumBuffers[index] + normalised
        parameter.value = parameter.value - learningRate * momentumBuffers[index]
      } else {
        parameter.value = parameter.value - learningRate * normalised
      }
    }
    // END EXERCISE 7.3
  }
}
