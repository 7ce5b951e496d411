import Autodiff
import Optimizers
import Tensors
import Training

/// A copy of the values of a list of parameters, to put back later: a checkpoint in memory.
///
/// ```swift
/// let best = ParameterSnapshot(model.parameters)   // copies the values now
/// ...training changes the weights...
/// best.restore(model.parameters)                   // the weights of the snapshot again
/// ```
///
/// The snapshot must hold *values*, not the parameters themselves: `Variable` is a class, so
/// keeping `[Variable]` would keep the very objects training goes on changing, and "restoring"
/// them would change nothing. `Tensor` is a value type: storing `parameter.value` copies it.
/// (PyTorch's `model.state_dict()` returns references to the live tensors, the same trap:
/// keep `copy.deepcopy(model.state_dict())`.)
///
/// Exercise 14.4.
public struct ParameterSnapshot: Sendable, Equatable {
  /// The values, one per parameter, in order.
  public let values: [Tensor]

  /// Copies the current value of every parameter, in order.
  ///
  /// Exercise 14.4.
  public init(_ parameters: [Variable]) {
    // TODO(14.4): your code here (README.md, exercise 14.4).
    values = []
  }

  /// Puts the saved values back into `parameters`, in order. Stops with a message naming the
  /// counts, or the index and both shapes, when `parameters` is not the list the snapshot was
  /// taken of.
  ///
  /// Exercise 14.4.
  public func restore(_ parameters: [Variable]) {
    // TODO(14.4): your code here (README.md, exercise 14.4).
  }
}

/// What `trainWithEarlyStopping` did.
public struct EarlyStoppedRun: Sendable {
  /// The training and validation losses at every validation (the training loss is the mean of
  /// the steps since the previous validation).
  public let curves: LossCurves
  /// The step whose weights were kept: the step of the lowest validation loss.
  public let bestStep: Int
  /// The lowest validation loss: the model's validation loss after the run.
  public let bestValidationLoss: Double
  /// The number of optimizer steps taken before stopping (at most `maxSteps`).
  public let stepsTaken: Int
  /// Whether early stopping ended the run before `maxSteps`.
  public let stoppedEarly: Bool
}

/// Trains with early stopping that keeps the best weights: validate every `validateEvery`
/// steps, save the weights whenever the validation loss improves, stop after `patience`
/// validations without improvement, and put the best weights back at the end.
///
/// ```
/// stopper = EarlyStopping(patience: patience)            chapter 10
/// best = ParameterSnapshot(parameters)
/// for step in 0 ..< maxSteps:
///     optimizer.zeroGrad();  l = trainingLoss()         forward pass with this step's weights
///     if step % validateEvery == 0:
///         v = validationLoss()                           the same weights, before the update
///         record (step, mean training loss since the last record, v)
///         stop = stopper.update(validationLoss: v)
///         if this validation is the stopper's best:  best = ParameterSnapshot(parameters)
///         if stop: break                                 (without the update)
///     l.backward();  optimizer.step()
/// best.restore(parameters)
/// ```
///
/// The validation at step s measures the weights before the update of step s, the weights the
/// training loss of step s was measured with, so the snapshot holds exactly the weights that
/// validation measured. A validation at step 0 measures the initial weights, the "best" until
/// something beats them. Chapter 10's `train` does the same once per epoch; this function
/// validates every `validateEvery` steps, for runs that are a single pass of full-batch steps,
/// and, like it, returns the model as it was at its best, not `patience` validations past it.
///
/// - Parameters:
///   - parameters: The parameters to save and restore (the optimizer's, usually
///     `model.parameters`).
///   - optimizer: Updates them.
///   - maxSteps: The most optimizer steps, >= 1.
///   - validateEvery: Validate every this many steps, >= 1.
///   - patience: Validations without improvement that end the run, >= 1.
///   - trainingLoss: Builds the training loss of one step (a forward pass).
///   - validationLoss: Measures the validation loss of the current weights (in evaluation
///     mode: use `evaluate` or `evaluating {}`).
///
/// Exercise 14.4.
public func trainWithEarlyStopping(
  parameters: [Variable], optimizer: any Optimizer, maxSteps: Int, validateEvery: Int,
  patience: Int, trainingLoss: () -> Variable, validationLoss: () -> Double
) -> EarlyStoppedRun {
  // TODO(14.4): your code here (README.md, exercise 14.4).
  let empty = LossCurves(steps: [], training: [], validation: [])
  return EarlyStoppedRun(
    curves: empty, bestStep: -1, bestValidationLoss: .nan, stepsTaken: 0,
    stoppedEarly: false)
}
