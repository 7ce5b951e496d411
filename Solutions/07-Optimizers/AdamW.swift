import Autodiff
import Foundation
import Tensors

/// AdamW: Adam with *decoupled* weight decay, exactly as PyTorch's `torch.optim.AdamW`
/// documents it (without amsgrad).
///
/// For each parameter θ with gradient g, starting from m = 0, v = 0, at step t = 1, 2, ...:
///
/// ```
/// θ = θ - γ λ θ                         decay the weights themselves, first
/// m = β₁ m + (1 - β₁) g                 then Adam's update, with the plain gradient
/// v = β₂ v + (1 - β₂) g²
/// m̂ = m / (1 - β₁ᵗ)
/// v̂ = v / (1 - β₂ᵗ)
/// θ = θ - γ m̂ / (√v̂ + ε)
/// ```
///
/// The decay never enters m or v. With a zero gradient the Adam part is exactly 0 and every
/// weight shrinks by exactly the factor `(1 - γ λ)` per step. Adam's L2 version would instead
/// normalise `λ θ` and move each weight by about `γ` towards 0: a decay whose strength does not
/// depend on λ, and that is weaker for weights with large gradients (their `v` is larger).
/// Loshchilov and Hutter showed that the decoupled form regularises as intended and
/// generalises better.
///
/// The decay uses θ from before this step: `θ (1 - γ λ)` then the Adam step, not the decay of
/// the already-updated weights.
///
/// ```swift
/// let adamW = AdamW(parameters: model.parameters, learningRate: 1e-3, weightDecay: 1e-2)
/// ```
///
/// Reference: PyTorch documentation, `torch.optim.AdamW`; I. Loshchilov and F. Hutter,
/// "Decoupled Weight Decay Regularization" (2019).
public final class AdamW: Optimizer {
  /// The variables this optimizer updates.
  public let parameters: [Variable]
  /// The step size γ. Stops with a message when set to a negative or non-finite value.
  public var learningRate: Double {
    didSet { checkLearningRate(learningRate, for: "AdamW") }
  }
  /// β₁, the smoothing constant of the running mean of the gradient.
  public let beta1: Double
  /// β₂, the smoothing constant of the running mean of the squared gradient.
  public let beta2: Double
  /// ε, added to √v̂ to avoid dividing by zero.
  public let epsilon: Double
  /// λ, the decoupled decay: each step multiplies the weights by `1 - γ λ`.
  public let weightDecay: Double
  /// t, the number of steps taken so far (the exponent of the bias correction).
  public private(set) var stepCount = 0
  /// m per parameter: the running mean of the gradient.
  public private(set) var firstMoments: [Tensor]
  /// v per parameter: the running mean of the squared gradient.
  public private(set) var secondMoments: [Tensor]

  /// Creates the optimizer with PyTorch's defaults (learning rate 1e-3, β = (0.9, 0.999),
  /// ε = 1e-8, weight decay 1e-2).
  ///
  /// Stops with a message unless the learning rate is finite and >= 0, 0 <= beta1 < 1,
  /// 0 <= beta2 < 1, epsilon >= 0 and weightDecay >= 0 (all finite); and unless `parameters` is
  /// a non-empty list of distinct variables.
  ///
  /// Exercise 7.4 (the checks of the hyper-parameters).
  public init(
    parameters: [Variable], learningRate: Double = 1e-3, beta1: Double = 0.9,
    beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 1e-2
  ) {
    checkParameters(parameters, for: "AdamW")
    // BEGIN EXERCISE 7.4
    checkAdamHyperParameters(
      "AdamW", learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay)
    // END EXERCISE 7.4
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
    checkGradientShapes(parameters, for: "AdamW")
    // BEGIN EXERCISE 7.4
    stepCount += 1
    let correction1 = 1 - pow(beta1, Double(stepCount))
    let correction2 = 1 - pow(beta2, Double(stepCount))
    for (index, parameter) in parameters.enumerated() {
      let gradient = parameter.grad
      let decayed = parameter.value * (1 - learningRate * weightDecay)
      firstMoments[index] = beta1 * firstMoments[index] + (1 - beta1) * gradient
      secondMoments[index] = beta2 * secondMoments[index] + (1 - beta2) * gradient * gradient
      let mean = firstMoments[index] / correction1
      let meanSquare = secondMoments[index] / correction2
      parameter.value =
        decayed - learningRate * mean / (meanSquare.map { $0.squareRoot() } + epsilon)
    }
    // END EXERCISE 7.4
  }
}
