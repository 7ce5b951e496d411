import Autodiff
import DataPipeline
import Layers
import Optimizers
import Tensors
import WorkbookSupport

// Models, data and broken modules shared by the chapter's suites. Every broken module is a
// small `Module` subclass with one deliberate mistake, so that each check of the recipe is
// shown to fail on the bug it is for, not only to pass on a healthy model.

/// `Linear(inputs, hidden) → ReLU → Linear(hidden, hidden) → ReLU → Linear(hidden, classes)`
/// with PyTorch's default initialisation from `seed`.
func makeClassifier(inputs: Int = 2, hidden: Int = 16, classes: Int = 3, seed: UInt64)
  -> Sequential
{
  var generator = SeededGenerator(seed: seed)
  return Sequential(
    Linear(inputs: inputs, outputs: hidden, using: &generator), ReLU(),
    Linear(inputs: hidden, outputs: hidden, using: &generator), ReLU(),
    Linear(inputs: hidden, outputs: classes, using: &generator))
}

/// Three spiral arms of `pointsPerClass` points each (rows grouped by class).
///
/// Every arm of `Datasets.spirals` starts at the centre (0, 0): three identical inputs with
/// three different labels, which no model can fit (the loss cannot go below (3/N) ln 3).
/// The overfitting tests need data that can be memorised, so this drops each arm's centre
/// point (it generates one more point per class and removes the first of each class).
func spirals(pointsPerClass: Int, seed: UInt64) -> Dataset {
  let all = Dataset(
    Datasets.spirals(pointsPerClass: pointsPerClass + 1, classes: 3, noise: 0.2, seed: seed))
  let kept = (0..<all.count).filter { $0 % (pointsPerClass + 1) != 0 }
  return all.subset(kept)
}

/// A linear layer with fixed, hand-picked weights: 2 inputs, 3 outputs.
func fixedLinear() -> Linear {
  Linear(weight: Tensor([[1, -1], [0.5, 2], [-1, 0.25]]), bias: Tensor([0.1, -0.2, 0.3]))
}

/// The identity in evaluation mode; in training mode it adds `shift` to the first column. It
/// records the mode of every call, so a test can see which passes ran in which mode.
final class ModeProbe: Module {
  let shift: Double
  private(set) var modes: [Bool] = []

  init(shift: Double = 0) {
    self.shift = shift
  }

  override func callAsFunction(_ input: Variable) -> Variable {
    modes.append(isTraining)
    guard isTraining, shift != 0 else { return input }
    var offset = Tensor.zeros([input.shape.last ?? 1])
    offset.scalars[0] = shift
    return input + Variable(offset)
  }
}

/// The identity; it records the input of every call.
final class InputRecorder: Module {
  private(set) var inputs: [Tensor] = []

  override func callAsFunction(_ input: Variable) -> Variable {
    inputs.append(input.value)
    return input
  }
}

/// An optimizer that records a copy of every gradient it is handed, then takes a plain SGD
/// step (`θ -= learningRate · g`; with learning rate 0 the parameters never move).
final class RecordingOptimizer: Optimizer {
  let parameters: [Variable]
  var learningRate: Double
  private(set) var seenGradients: [[Tensor]] = []

  init(_ parameters: [Variable], learningRate: Double) {
    self.parameters = parameters
    self.learningRate = learningRate
  }

  func step() {
    seenGradients.append(parameters.map(\.grad))
    for parameter in parameters {
      parameter.value = parameter.value - learningRate * parameter.grad
    }
  }
}

/// Gradient *ascent*: every step makes the loss worse, so the validation loss rises every
/// epoch, which is what early stopping is for.
final class AscentOptimizer: Optimizer {
  let parameters: [Variable]
  var learningRate: Double

  init(_ parameters: [Variable], learningRate: Double) {
    self.parameters = parameters
    self.learningRate = learningRate
  }

  func step() {
    for parameter in parameters {
      parameter.value = parameter.value + learningRate * parameter.grad
    }
  }
}

/// A learning-rate schedule read from a table, one rate per epoch.
struct TableSchedule: LearningRateSchedule {
  let rates: [Double]
  func learningRate(epoch: Int) -> Double { rates[Swift.min(epoch, rates.count - 1)] }
}

/// Meant to mix the features of each example (transpose to [features, N], scale, transpose
/// back) but goes back with `reshaped` instead of `transposed()`: the shape is right, and row i
/// of the output is made of several examples' features.
final class ReshapeForTranspose: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    let (count, features) = (input.shape[0], input.shape[1])
    return (input.transposed() * 2).reshaped([count, features])
  }
}

/// Adds a millionth of the batch mean to every example: a leak too small to see in the outputs,
/// the size of what a normalisation over the batch or a stray reduction along axis 0 can leave.
final class TinyBatchLeak: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    input + 1e-6 * input.mean(alongAxis: 0, keepingDimension: true)
  }
}

/// Builds a new leaf from its input's value: the output no longer depends on the input in the
/// graph, so no gradient reaches the inputs (or anything before this layer).
final class CutsTheGraph: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    Variable(input.value)
  }
}

/// Multiplies its input by zero: a layer that throws the input away (the model can still
/// learn the class frequencies through the biases after it).
final class IgnoresInput: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    input * 0
  }
}

/// The identity forward, with a backward rule that multiplies the gradient by `factor`
/// (-1: the wrong sign; 10: a gradient ten times too large).
final class WrongGradient: Module {
  let factor: Double

  init(factor: Double) {
    self.factor = factor
  }

  override func callAsFunction(_ input: Variable) -> Variable {
    let factor = self.factor
    return Variable(value: input.value, parents: [input], operation: "wrongGradient") { g in
      [g * factor]
    }
  }
}

/// The natural log of its input: -inf wherever the input is 0 (after a ReLU, often).
final class Log: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    input.log()
  }
}

/// The identity forward, with a backward rule that divides by zero: the forward pass and the
/// loss are finite, the gradients of every layer before it are not.
final class InfiniteGradient: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    Variable(value: input.value, parents: [input], operation: "infiniteGradient") { g in
      [g / 0]
    }
  }
}

/// The Euclidean norm of a list of tensors taken together.
func globalNorm(_ tensors: [Tensor]) -> Double {
  tensors.reduce(0) { $0 + ($1 * $1).sum() }.squareRoot()
}
