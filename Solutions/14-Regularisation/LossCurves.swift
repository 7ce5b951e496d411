import Tensors
import Training

/// The training and validation losses of a run, side by side at the steps where the validation
/// loss was measured: what a generalisation-gap monitor reads. Provided.
///
/// ```
/// steps       [0,    10,   20,   ...]
/// training    [0.70, 0.52, 0.31, ...]   the mean training loss over the steps since the last record
/// validation  [0.70, 0.55, 0.40, ...]   measured with the parameters of that step, before its update
/// ```
///
/// The validation loss at step s is measured in evaluation mode (no dropout) with the
/// parameters the training loss of step s was measured with. The training loss is the mean of
/// the training losses of the steps since the previous record (the steps
/// `previous + 1 ... s`, and step 0 alone for the first): the average smooths the noise of
/// dropout and mini-batches the way a logged epoch loss does, and it is measured in training
/// mode, dropout on, like the loss every framework logs.
public struct LossCurves: Equatable, Sendable {
  /// The steps at which both losses were recorded, increasing.
  public let steps: [Int]
  /// The training loss at each recorded step.
  public let training: [Double]
  /// The validation loss at each recorded step.
  public let validation: [Double]

  /// Creates curves from their values. Stops with a message unless the three arrays have the
  /// same length and the steps increase.
  public init(steps: [Int], training: [Double], validation: [Double]) {
    check(
      steps.count == training.count && steps.count == validation.count,
      "LossCurves: steps, training and validation must have the same length, got "
        + "\(steps.count), \(training.count) and \(validation.count)")
    check(
      zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 },
      "LossCurves: the steps must increase, got \(steps.prefix(12))")
    self.steps = steps
    self.training = training
    self.validation = validation
  }

  /// Curves from a run's telemetry and the validation losses measured at `validationSteps`:
  /// the training loss of each record is the mean of `telemetry.losses` since the previous
  /// record. Records past the last step that ran (a run that diverged) are dropped.
  public init(telemetry: Telemetry, validationSteps: [Int], validationLosses: [Double]) {
    check(
      validationSteps.count == validationLosses.count,
      "LossCurves: \(validationSteps.count) validation steps but \(validationLosses.count) losses")
    var steps: [Int] = []
    var training: [Double] = []
    var validation: [Double] = []
    var previous = -1
    for (step, loss) in zip(validationSteps, validationLosses) where step < telemetry.stepCount {
      steps.append(step)
      training.append(telemetry.meanLoss((previous + 1)..<(step + 1)))
      validation.append(loss)
      previous = step
    }
    self.init(steps: steps, training: training, validation: validation)
  }

  /// The number of records.
  public var count: Int { steps.count }

  /// The index of the lowest validation loss (the first on a tie), nil when there is none.
  public var bestIndex: Int? {
    validation.indices.filter { validation[$0].isFinite }.min { validation[$0] < validation[$1] }
  }
}
