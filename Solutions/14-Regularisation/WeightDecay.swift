import Autodiff
import Layers
import Tensors

/// The L2 penalty of a model's weight matrices, to add to the loss: `λ Σ ||W||²` over every
/// parameter of rank 2 or more (the weights of dense layers), the biases left out.
///
/// ```
/// penalty  = λ Σ_W Σ_ij W_ij²
/// gradient = 2 λ W          for each weight matrix,   0 for each bias
/// ```
///
/// Added to the loss, it pulls every weight towards 0 in proportion to its size: with plain SGD
/// at learning rate γ, a step multiplies the weights by `1 - 2 γ λ` before following the data's
/// gradient, which is why it is also called weight decay (SGD's `weightDecay` is the `2 λ` of
/// this penalty). Large weights are what a network needs to draw a boundary that bends around
/// every noisy training point; penalising them trades a little training loss for a smoother
/// function.
///
/// Biases are left out, as in most recipes (PyTorch users put them in a parameter group with
/// `weight_decay = 0`): a bias only shifts a unit's output, it does not make the function
/// steeper, and decaying it pulls the outputs towards 0 for no benefit. With Adam the penalty's
/// gradient is rescaled like every other gradient, so its strength interacts with the
/// learning-rate scaling; AdamW's decoupled decay (chapter 7) avoids that, and is what the
/// healthy run uses.
///
/// ```swift
/// let loss = crossEntropy(logits: model(x), labels: y) + l2Penalty(model, strength: 1e-3)
/// ```
///
/// - Parameters:
///   - model: The model whose `parameters` are penalised (frozen ones are not among them).
///   - strength: λ, finite and >= 0.
/// - Returns: A scalar variable whose backward pass reaches every weight matrix.
///
/// Stops with a message naming the value when `strength` is negative or not finite.
///
/// Exercise 14.3.
public func l2Penalty(_ model: Module, strength: Double) -> Variable {
  // BEGIN EXERCISE 14.3
  // STUB: return Variable(Tensor(Double.nan))
  check(
    strength >= 0 && strength.isFinite,
    "l2Penalty: strength must be finite and >= 0, got \(strength)")
  var total = Variable(Tensor(0.0))
  for parameter in model.parameters where parameter.value.rank >= 2 {
    total = total + (parameter * parameter).sum()
  }
  return strength * total
  // END EXERCISE 14.3
}
