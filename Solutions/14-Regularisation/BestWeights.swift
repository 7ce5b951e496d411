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
    // BEGIN EXERCISE 14.4
    // STUB: values = []
    values = parameters.map(\.value)
    // END EXERCISE 14.4
  }

  /// Puts the saved values back into `parameters`, in order. Stops with a message naming the
  /// counts, or the index and both shapes, when `parameters` is not the list the snapshot was
  /// taken of.
  ///
  /// Exercise 14.4.
  public func restore(_ parameters: [Variable]) {
    // BEGIN EXERCISE 14.4
    check(
      parameters.count == values.count,
      "ParameterSnapshot.restore: the snapshot holds \(values.count) values, but "
        + "\(parameters.count) parameters were given")
    for (index, (parameter, value)) in zip(parameters, values).enumerated() {
      check(
        parameter.shape == value.shape,
        "ParameterSnapshot.restore: parameter \(index) has shape \(parameter.shape), the "
          + "snapshot's value \(value.shape)")
      parameter.value = value
    }
    // END EXERCISE 14.4
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
  // BEGIN EXERCISE 14.4
  // STUB: let empty = LossCurves(steps: [], training: [], validation: [])
  // STUB: return EarlyStoppedRun(
  // STUB:   curves: empty, bestStep: -1, bestValidationLoss: .nan, stepsTaken: 0,
  // STUB:   stoppedEarly: false)
  check(
    maxSteps >= 1 && validateEvery >= 1,
    "trainWithEarlyStopping: maxSteps and validateEvery must be at least 1, got maxSteps "
      + "\(maxSteps), validateEvery \(validateEvery)")
  var stopper = EarlyStopping(patience: patience)
  var best = ParameterSnapshot(parameters)
  var bestStep = 0
  var steps: [Int] = []
  var validation: [Double] = []
  var telemetry = Telemetry()
  var stoppedEarly = false
  for step in 0..<maxSteps {
    optimizer.zeroGrad()
    let loss = trainingLoss()
    telemetry.losses.append(loss.value.scalar)
    if step % validateEvery == 0 {
      let measured = validationLoss()
      steps.append(step)
      validation.append(measured)
      let stop = stopper.update(validationLoss: measured)
      if stopper.bestEpoch == validation.count - 1 {
        best = ParameterSnapshot(parameters)
        bestStep = step
      }
      if stop {
        stoppedEarly = true
        break
      }
    }
    loss.backward()
    optimizer.step()
  }
  best.restore(parameters)
  let curves = LossCurves(
    telemetry: telemetry, validationSteps: steps, validationLosses: validation)
  return EarlyStoppedRun(
    curves: curves, bestStep: bestStep, bestValidationLoss: stopper.bestLoss,
    stepsTaken: stoppedEarly ? telemetry.stepCount - 1 : maxSteps, stoppedEarly: stoppedEarly)
  // END EXERCISE 14.4
}
