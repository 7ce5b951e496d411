import Autodiff
import Layers
import Tensors
import WorkbookSupport

/// What a training run with validation every few steps records: the curves that show whether
/// the validation helper leaked its evaluation mode into training.
public struct ValidationRun: Sendable {
  /// The training loss of each step, measured in that step's own forward pass (in training
  /// mode, dropout on, when everything is right).
  public let trainingLosses: [Double]

  /// For each training step, the fraction of the dropout layer's outputs that were zero: about
  /// `p` while dropout works, exactly 0 once training runs in evaluation mode.
  public let droppedFractions: [Double]

  /// The validation loss of each validation, computed through the helper under test.
  public let validationLosses: [Double]
}

/// Trains a small regression network on a noisy sine with plain gradient descent, validating
/// every `validateEvery` steps through `evaluate`, and records what each training step saw.
/// Provided: the experiment behind this chapter's mistake.
///
/// The model is `Linear(1, hidden) → Tanh → Dropout(p) → Linear(hidden, 1)`, the loss the mean
/// squared error over the whole training set (64 points of `sin(x) + noise`), each step
///
/// ```
/// loss = mse(model(x), y);  loss.backward()
/// θ -= learningRate * θ.grad;  zero the gradients
/// after steps validateEvery, 2 validateEvery, ...:  evaluate(model, validation inputs)
/// ```
///
/// With `evaluate: leakyEvaluate` the dropped fraction falls from about `p` to exactly 0 after
/// the first validation and stays there, and the training loss drops at that step because it
/// is suddenly measured without dropout's noise: the "spike" in the curve. With
/// `evaluate: scopedEvaluate` (once `evaluating` works) nothing changes at a validation. The
/// same seed gives both runs the same data, weights and masks up to the first validation.
///
/// ```swift
/// let leaky = trainWithPeriodicValidation(evaluate: leakyEvaluate, seed: 1)
/// let fixed = trainWithPeriodicValidation(evaluate: scopedEvaluate, seed: 1)
/// var plot = LinePlot(title: "training loss, validation every 10 steps")
/// plot.add("leaky helper", leaky.trainingLosses)
/// plot.add("evaluating {}", fixed.trainingLosses)
/// print(plot.render())
/// ```
///
/// - Parameters:
///   - evaluate: The validation helper: returns the model's outputs for the given inputs.
///   - validateEvery: Validate after every this many steps, at least 1.
///   - steps: The number of training steps, at least 1.
///   - hidden: The width of the hidden layer, at least 1.
///   - probability: The dropout probability, in [0, 1).
///   - learningRate: The step size of gradient descent, >= 0.
///   - seed: Seeds the data, the weights and the dropout masks.
public func trainWithPeriodicValidation(
  evaluate: (Module, Tensor) -> Tensor, validateEvery: Int = 10, steps: Int = 60,
  hidden: Int = 64, probability: Double = 0.5, learningRate: Double = 0.02, seed: UInt64
) -> ValidationRun {
  check(
    validateEvery >= 1 && steps >= 1 && hidden >= 1 && learningRate >= 0,
    """
    trainWithPeriodicValidation: validateEvery \(validateEvery), steps \(steps) and hidden \
    \(hidden) must be >= 1 and learningRate \(learningRate) >= 0
    """)
  let training = Datasets.sine(count: 64, noise: 0.1, seed: seed)
  let validation = Datasets.sine(count: 32, noise: 0.1, seed: seed &+ 1)
  var generator = SeededGenerator(seed: seed &+ 2)
  let counter = ZeroCounter()
  let model = Sequential(
    Linear(inputs: 1, outputs: hidden, using: &generator), Tanh(),
    Dropout(probability: probability, seed: seed &+ 3), counter,
    Linear(inputs: hidden, outputs: 1, using: &generator))
  let inputs = Variable(Tensor(training.inputs))
  let targets = Variable(Tensor(training.targets))
  let validationTargets = Tensor(validation.targets)

  var trainingLosses: [Double] = []
  var droppedFractions: [Double] = []
  var validationLosses: [Double] = []
  for step in 1...steps {
    let error = model(inputs) - targets
    let loss = (error * error).mean()
    trainingLosses.append(loss.value.scalar)
    droppedFractions.append(counter.lastZeroFraction)
    loss.backward()
    for parameter in model.parameters {
      parameter.value = parameter.value - learningRate * parameter.grad
      parameter.zeroGrad()
    }
    if step % validateEvery == 0 {
      let difference = evaluate(model, Tensor(validation.inputs)) - validationTargets
      validationLosses.append((difference * difference).mean())
    }
  }
  return ValidationRun(
    trainingLosses: trainingLosses, droppedFractions: droppedFractions,
    validationLosses: validationLosses)
}

/// The identity, recording the fraction of exact zeros in its last input. Placed right after
/// the dropout layer (whose input comes from a tanh, which is essentially never exactly 0),
/// it measures how much the dropout dropped.
private final class ZeroCounter: Module {
  var lastZeroFraction = 0.0

  override func callAsFunction(_ input: Variable) -> Variable {
    let scalars = input.value.scalars
    lastZeroFraction =
      Double(scalars.lazy.filter { $0 == 0 }.count) / Double(Swift.max(scalars.count, 1))
    return input
  }
}
