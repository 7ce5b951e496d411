import Autodiff
import Layers
import Tensors

/// A validation helper with the bug this chapter is about: it switches the model to evaluation
/// mode and never switches it back. Provided, to be caught, not copied.
///
/// ```swift
/// model.train()
/// let predictions = leakyEvaluate(model, on: validationInputs)
/// model.isTraining   // false: every training step from here on runs without dropout
/// ```
///
/// Nothing fails. The validation numbers are right (dropout is off, as it should be while
/// measuring), and the next training steps run and lower the loss, only without dropout: the
/// regularisation silently stops after the first validation, and the training loss drops
/// suddenly because it is now measured without noise. Karpathy lists "forgot to toggle
/// train/eval mode" among the most common neural-net mistakes; Yuval Greenfield's write-up of
/// them shows a training curve that jumps wherever validation ran.
///
/// The Python it mirrors:
///
/// ```
/// def evaluate(model, inputs):
///     model.eval()
///     with torch.no_grad():
///         return model(inputs)
/// ```
///
/// - Returns: The model's outputs for `inputs`, computed in evaluation mode.
public func leakyEvaluate(_ model: Module, on inputs: Tensor) -> Tensor {
  model.eval()
  return model(Variable(inputs)).value
}

/// The fixed validation helper: the model's outputs for `inputs` in evaluation mode, with every
/// module's mode restored afterwards by `evaluating`. Provided; it works once exercise 8.3 does.
///
/// ```swift
/// model.train()
/// let predictions = scopedEvaluate(model, on: validationInputs)
/// model.isTraining   // true
/// ```
public func scopedEvaluate(_ model: Module, on inputs: Tensor) -> Tensor {
  model.evaluating { model(Variable(inputs)).value }
}
