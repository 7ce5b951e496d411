import Autodiff
import Tensors

/// Something that updates a list of parameters from their gradients: one call to `step()` per
/// training step.
///
/// A training step always has the same four lines, in this order:
///
/// ```swift
/// optimizer.zeroGrad()                 // forget the previous step's gradients
/// let loss = crossEntropy(logits: model(x), labels: y)
/// loss.backward()                      // fill every parameter's grad
/// optimizer.step()                     // move every parameter's value
/// ```
///
/// The optimizers of this chapter follow the algorithms printed in PyTorch's documentation of
/// `torch.optim` (SGD, RMSprop, Adam, AdamW) line by line, so that their numbers can be compared
/// with PyTorch's. An optimizer is a class because it keeps state between steps (momentum
/// buffers, running averages) and because a training loop and a schedule both hold it.
///
/// Its state is kept per parameter, in the order of `parameters`: two parameters never share a
/// buffer, even when they have the same shape.
public protocol Optimizer: AnyObject {
  /// The variables this optimizer updates, in a fixed order.
  var parameters: [Variable] { get }
  /// The step size γ. A schedule may change it between steps.
  var learningRate: Double { get set }
  /// Updates every parameter's `value` from its `grad` (and the optimizer's state).
  ///
  /// Reads the gradients and never changes them (a weight decay term is added to a copy).
  func step()
}

extension Optimizer {
  /// Sets every parameter's gradient to zeros of its shape: PyTorch's `optimizer.zero_grad()`.
  ///
  /// `backward()` adds to `grad` (chapter 3), so without this each step follows the sum of
  /// every gradient computed so far: an ever larger, ever staler step. Variables that are not
  /// in `parameters` are left alone.
  ///
  /// Exercise 7.1.
  public func zeroGrad() {
    // BEGIN EXERCISE 7.1
    for parameter in parameters {
      parameter.zeroGrad()
    }
    // END EXERCISE 7.1
  }
}

/// Stops with a message unless `parameters` is a non-empty list of distinct variables.
///
/// An empty list is almost always a model whose parameters were all frozen, or a list taken
/// before the layers were added. A variable listed twice would be updated twice per step with
/// two separate states (PyTorch refuses duplicate parameters too).
func checkParameters(_ parameters: [Variable], for optimizer: String) {
  check(
    !parameters.isEmpty,
    "\(optimizer): the parameter list is empty (are all the layers frozen?)")
  var seen: [ObjectIdentifier: Int] = [:]
  for (index, parameter) in parameters.enumerated() {
    let key = ObjectIdentifier(parameter)
    if let first = seen[key] {
      check(
        false,
        "\(optimizer): parameters \(first) and \(index) are the same variable "
          + "(\(parameter.name ?? "unnamed"), shape \(parameter.shape)); list each parameter once")
    }
    seen[key] = index
  }
}

/// Stops with a message unless `learningRate` is finite and not negative.
func checkLearningRate(_ learningRate: Double, for optimizer: String) {
  check(
    learningRate >= 0 && learningRate.isFinite,
    "\(optimizer): learningRate must be finite and >= 0, got \(learningRate)")
}

/// Stops with a message when a parameter's gradient does not have its value's shape (a
/// gradient assigned by hand, or a value replaced by one of another shape): the update would
/// broadcast one over the other and silently change the parameter's shape.
func checkGradientShapes(_ parameters: [Variable], for optimizer: String) {
  for (index, parameter) in parameters.enumerated() where parameter.grad.shape != parameter.shape {
    check(
      false,
      "\(optimizer).step: parameter \(index) (\(parameter.name ?? "unnamed")) has shape "
        + "\(parameter.shape) but its grad has shape \(parameter.grad.shape)")
  }
}
