import Autodiff
import Foundation
import Tensors

/// Adam: momentum on the gradient and RMSprop's per-coordinate scaling, both corrected for
/// starting at zero, exactly as PyTorch's `torch.optim.Adam` documents it (without amsgrad).
///
/// For each parameter θ with gradient g, starting from m = 0, v = 0, at step t = 1, 2, ...:
///
/// ```
/// g = g + λ θ                           if weightDecay λ ≠ 0 (L2: through the gradient)
/// m = β₁ m + (1 - β₁) g                 running mean of the gradient
/// v = β₂ v + (1 - β₂) g²                running mean of its square
/// m̂ = m / (1 - β₁ᵗ)                     bias correction: m and v start at 0 and are
/// v̂ = v / (1 - β₂ᵗ)                     too small early on, by exactly these factors
/// θ = θ - γ m̂ / (√v̂ + ε)
/// ```
///
/// The bias correction makes the first step exactly `γ g / (|g| + ε)`: every coordinate moves
/// by the learning rate, whatever the size of its gradient. Without it the first step would be
/// `γ (1 - β₁) / √(1 - β₂) ≈ 3.16 γ`. As with RMSprop, ε goes after the square root.
///
/// Weight decay here is L2 regularisation: `λ θ` joins the gradient and then goes through the
/// same normalisation, so a weight with a zero loss gradient still moves by about `γ` per step
/// towards 0 (the normalised `λ θ` is about `sign(θ)`), whatever λ is. AdamW decouples the two.
///
/// ```swift
/// let adam = Adam(parameters: model.parameters, learningRate: 1e-3)
/// ```
///
/// Reference: PyTorch documentation, `torch.optim.Adam`; D. Kingma and J. Ba, "Adam: A Method
/// for Stochastic Optimization" (2015).
public final class Adam: Optimizer {
  /// The variables this optimizer updates.
  public let parameters: [Variable]
  /// The step size γ. Stops with a message when set to a negative or non-finite value.
  public var learningRate: Double {
    didSet { checkLearningRate(learningRate, for: "Adam") }
  }
  /// β₁, the smoothing constant of the running mean of the gradient.
  public let beta1: Double
  /// β₂, the smoothing constant of the running mean of the squared gradient.
  public let beta2: Double
  /// ε, added to √v̂ to avoid dividing by zero.
  public let epsilon: Double
  /// λ, the L2 penalty added to the gradient.
  public let weightDecay: Double
  /// t, the number of steps taken so far (the exponent of the bias correction).
  public private(set) var stepCount = 0
  /// m per parameter: the running mean of the gradient.
  public private(set) var firstMoments: [Tensor]
  /// v per parameter: the running mean of the squared gradient.
  public private(set) var secondMoments: [Tensor]

  /// Creates the optimizer with PyTorch's defaults (learning rate 1e-3, β = (0.9, 0.999),
  /// ε = 1e-8, no weight decay).
  ///
  /// Stops with a message unless the learning rate is finite and >= 0, 0 <= beta1 < 1,
  /// 0 <= beta2 < 1, epsilon >= 0 and weightDecay >= 0 (all finite); and unless `parameters` is
  /// a non-empty list of distinct variables.
  ///
  /// Exercise 7.4 (the checks of the hyper-parameters).
  public init(
    parameters: [Variable], learningRate: Double = 1e-3, beta1: Double = 0.9,
    beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0
  ) {
    checkParameters(parameters, for: "Adam")
    // TODO(7.4): your code here (README.md, exercise 7.4).
    self.parameters = parameters
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.firstMoments = parameters.map { Tensor.zeros($0.shape) }
    self.secondMoments = parameters.map { Tensor.zeros($0.shape) }
  }

  /// Updates every parameter by the rule in the type's documentation.
  ///
  /// Exercise 7.4.
  public func step() {
    checkGradientShapes(parameters, for: "Adam")
    // TODO(7.4): your code here (README.md, exercise 7.4).
  }
}
