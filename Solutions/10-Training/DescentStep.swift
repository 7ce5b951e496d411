import Autodiff
import Foundation
import Tensors

/// The result of `checkDescentStep`.
public struct DescentCheck: SanityCheck {
  /// The loss at the parameters as they were.
  public let lossBefore: Double
  /// The loss after the small step against the gradient.
  public let lossAfter: Double
  /// The length of the step (the L2 norm of the change of all the parameters together).
  public let stepLength: Double
  /// The global L2 norm of the gradient at the start.
  public let gradientNorm: Double

  /// Creates a result from its numbers.
  public init(lossBefore: Double, lossAfter: Double, stepLength: Double, gradientNorm: Double) {
    self.lossBefore = lossBefore
    self.lossAfter = lossAfter
    self.stepLength = stepLength
    self.gradientNorm = gradientNorm
  }

  /// The decrease a correct gradient predicts to first order: `stepLength · ‖g‖`.
  public var predictedDecrease: Double { stepLength * gradientNorm }

  /// The decrease measured: `lossBefore - lossAfter`.
  public var actualDecrease: Double { lossBefore - lossAfter }

  /// `actualDecrease / predictedDecrease`: about 1 when the gradient is right.
  public var agreement: Double { actualDecrease / predictedDecrease }

  /// "a step downhill".
  public var name: String { "a step downhill" }

  /// Whether the loss went down by about what the gradient predicts (agreement in 0.5 ... 2).
  public var passed: Bool { lossAfter < lossBefore && (0.5...2).contains(agreement) }

  /// The numbers, and the likely cause when the check failed.
  public var summary: String {
    var text = String(
      format: "loss %.6g -> %.6g, down %.3g (%.3g predicted)", lossBefore, lossAfter,
      actualDecrease, predictedDecrease)
    if !(lossAfter < lossBefore) {
      text += ": the step went uphill (a gradient with the wrong sign?)"
    } else if !passed {
      text += ": the gradient has the wrong size (a missing or extra factor?)"
    }
    return text
  }
}

/// Takes one tiny step against the gradient and checks that the loss goes down by what the
/// gradient predicts; then puts every parameter back.
///
/// ```
/// L0 = loss();  L0.backward();  g = all the gradients,  ‖g‖ their global norm
/// θ ← θ - stepLength · g / ‖g‖            a step of length stepLength, straight downhill
/// L1 = loss()
/// to first order  L0 - L1 = stepLength · ‖g‖   (the slope along -g is ‖g‖)
/// passed = L1 < L0 and (L0 - L1) / (stepLength · ‖g‖) in 0.5 ... 2
/// ```
///
/// The cheapest end-to-end test of a backward pass: a wrong sign makes the loss go up, a
/// wrong factor (a forgotten 1/N, a doubled term) makes the decrease disagree with the
/// prediction. It checks one direction only (the gradient's own); chapter 2's finite
/// differences check every coordinate.
///
/// The loss must be deterministic: no dropout while checking (evaluation mode, or p = 0).
/// Every parameter's value and gradient is restored afterwards, bit for bit.
///
/// ```swift
/// let check = checkDescentStep(parameters: model.parameters) {
///   crossEntropy(logits: model(Variable(x)), labels: y)
/// }
/// check.agreement   // 0.9999...
/// ```
///
/// - Parameters:
///   - parameters: The variables to move, at least one.
///   - stepLength: The length of the step, > 0; small enough for the first-order prediction.
///   - loss: Builds the scalar loss from the current parameter values (a fresh graph per call).
///
/// A zero gradient fails the check (there is no direction to test).
///
/// Exercise 10.15.
public func checkDescentStep(
  parameters: [Variable], stepLength: Double = 1e-4, loss: () -> Variable
) -> DescentCheck {
  // BEGIN EXERCISE 10.15
  // STUB: return .init(lossBefore: .nan, lossAfter: .nan, stepLength: stepLength, gradientNorm: .nan)
  check(!parameters.isEmpty, "checkDescentStep: no parameters to move")
  check(
    stepLength > 0 && stepLength.isFinite,
    "checkDescentStep: stepLength must be finite and > 0, got \(stepLength)")
  let saved = parameters.map { (value: $0.value, grad: $0.grad) }
  defer {
    for (parameter, state) in zip(parameters, saved) {
      parameter.value = state.value
      parameter.grad = state.grad
    }
  }
  for parameter in parameters { parameter.zeroGrad() }
  let before = loss()
  before.backward()
  var sumOfSquares = 0.0
  for parameter in parameters {
    for value in parameter.grad.scalars { sumOfSquares += value * value }
  }
  let norm = sumOfSquares.squareRoot()
  if norm > 0 {
    for parameter in parameters {
      parameter.value = parameter.value - (stepLength / norm) * parameter.grad
    }
  }
  let after = loss().value.scalar
  return DescentCheck(
    lossBefore: before.value.scalar, lossAfter: after, stepLength: stepLength,
    gradientNorm: norm)
  // END EXERCISE 10.15
}
