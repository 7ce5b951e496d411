import Autodiff
import DataPipeline
import Layers
import Losses
import Optimizers
import Tensors

/// The global L2 norm of the gradients of `parameters`: the square root of the sum of every
/// squared element of every `grad`. Provided.
///
/// The number to log at every step (the training loop records it): a norm that grows by orders
/// of magnitude announces a divergence before the loss does, and a norm stuck at 0 means
/// nothing learns.
public func gradientNorm(_ parameters: [Variable]) -> Double {
  var sumOfSquares = 0.0
  for parameter in parameters {
    for value in parameter.grad.scalars { sumOfSquares += value * value }
  }
  return sumOfSquares.squareRoot()
}

/// Trains `model` for up to `epochs` passes over `loader`, and returns what happened at every
/// step and epoch.
///
/// ```
/// for epoch in 0 ..< epochs:
///     if schedule: optimizer.learningRate = schedule.learningRate(epoch: epoch)
///     for batch in loader:                           one epoch: a fresh shuffle
///         optimizer.zeroGrad()                       1. forget the last step's gradients
///         l = loss(model(batch.inputs), batch.labels) 2. forward pass and loss
///         l.backward()                               3. gradients
///         norm = clipNorm ? clipGradientNorm(...) : gradientNorm(...)   4. optional clip
///         optimizer.step()                           5. update
///         record the step
///     if validation: evaluate(model, on: validation, loss: loss)     in evaluation mode
///     record the epoch
///     if earlyStopping: update it; if this epoch is its best, snapshot the weights
///                       if it says stop: stop
/// if earlyStopping (and its restoreBestWeights): put the best epoch's weights back
/// ```
///
/// ```swift
/// let loader = DataLoader(train, batchSize: 16, seed: 1)
/// let history = train(
///   model, optimizer: Adam(parameters: model.parameters, learningRate: 0.01), loader: loader,
///   epochs: 40, validation: valid, earlyStopping: EarlyStopping(patience: 5))
/// print(history.plot())
/// ```
///
/// The order of the five lines of a step matters, and none of them fails loudly when wrong:
/// without `zeroGrad` each step follows the sum of every gradient so far (chapter 7); a
/// `step()` before `backward()` uses the previous batch's gradients; clipping after `step()`
/// clips nothing that is used.
///
/// Modes: the loop never calls `train()` or `eval()` itself. Validation runs inside
/// `evaluate`, which uses `evaluating {}`, so every module is back in its own mode for the next
/// step (a block kept in evaluation mode on purpose stays there). Put the model in training
/// mode before calling.
///
/// Early stopping keeps the best weights, as Keras's `EarlyStopping(restore_best_weights=True)`
/// does: the loop copies every parameter's value after each epoch that improves the validation
/// loss and, when the run ends (stopped early or not), puts that copy back. The model that comes
/// out is the one whose validation loss is `history.earlyStopping?.bestLoss`, not the one
/// `patience` epochs past it. `History.restoredEpoch` says which epoch that was. Only parameter
/// values are copied (the engine's layers have no other state that training changes).
///
/// Per-epoch numbers: the training loss is the mean of the step losses weighted by their batch
/// sizes (the mean loss per example seen during the epoch). The validation numbers are measured
/// after the epoch's last step.
///
/// - Parameters:
///   - model: The model to train, in training mode.
///   - loss: The mean loss of a batch; the cross-entropy by default.
///   - optimizer: Updates `optimizer.parameters`; clipping applies to the same list.
///   - loader: Gives the batches; each pass over it is one epoch with its own shuffle.
///   - epochs: The most epochs to run, at least 1.
///   - validation: Measured with `evaluate` after each epoch, if given.
///   - schedule: Sets the optimizer's learning rate at the start of each epoch, if given;
///     otherwise the rate is left as it is.
///   - clipNorm: Clips the global gradient norm to this value before each step, if given.
///   - earlyStopping: Watches the validation loss after each epoch, if given (needs
///     `validation`).
/// - Returns: The history of the run. Its `earlyStopping` holds the stopper's final state, and
///   `restoredEpoch` the epoch whose weights the model holds at the end, when early stopping
///   restored them.
///
/// Stops with a message when `epochs < 1`, when the loader gives no batch, when `clipNorm` is
/// not > 0, or when early stopping has no validation set to watch.
///
/// Exercise 10.5.
@discardableResult
public func train(
  _ model: Module, loss: LossFunction = { crossEntropy(logits: $0, labels: $1) },
  optimizer: any Optimizer, loader: DataLoader, epochs: Int, validation: Dataset? = nil,
  schedule: (any LearningRateSchedule)? = nil, clipNorm: Double? = nil,
  earlyStopping: EarlyStopping? = nil
) -> History {
  // TODO(10.5): your code here (README.md, exercise 10.5).
  return History()
}
