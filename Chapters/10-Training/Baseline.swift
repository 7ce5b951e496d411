import Autodiff
import DataPipeline
import DropoutAndModes
import Foundation
import Layers
import Losses
import Optimizers
import Tensors

/// The result of `compareWithInputIndependentBaseline`.
public struct BaselineComparison: SanityCheck {
  /// The loss after training on the real inputs, measured on them.
  public let realLoss: Double
  /// The loss after the same training with every input set to zero, measured on zeros.
  public let zeroedLoss: Double
  /// The relative improvement required of the real inputs.
  public let margin: Double

  /// Creates a result from its numbers.
  public init(realLoss: Double, zeroedLoss: Double, margin: Double) {
    self.realLoss = realLoss
    self.zeroedLoss = zeroedLoss
    self.margin = margin
  }

  /// "input-independent baseline".
  public var name: String { "input-independent baseline" }

  /// Whether the real inputs give a loss at least `margin` (relative) below the zeroed ones.
  public var passed: Bool { realLoss < zeroedLoss * (1 - margin) }

  /// The numbers, and the likely cause when the check failed.
  public var summary: String {
    var text = String(format: "real inputs %.3g vs zeroed inputs %.3g", realLoss, zeroedLoss)
    if !passed {
      text += ": the model learns nothing from its inputs (are they connected? normalised?)"
    }
    return text
  }
}

/// Trains the same model twice, once on the real inputs and once on inputs set to zero, and
/// compares the final losses: the recipe's input-independent baseline.
///
/// ```
/// for inputs in [dataset.inputs, zeros of the same shape]:
///     model = makeModel();  optimizer = makeOptimizer(model.parameters)
///     `steps` full-batch steps: zeroGrad, loss(model(inputs), labels), backward, step
///     final loss = loss(model(inputs), labels)          in evaluation mode
/// passed = realLoss < zeroedLoss · (1 - margin)
/// ```
///
/// With zeroed inputs a model can only learn the class frequencies (for balanced classes the
/// loss stays near ln C). The real inputs must do clearly better. When they do not, the model
/// is not using them: a layer that drops its input, features that never reach the network, a
/// scale so off that the signal drowns.
///
/// `makeModel` must build the same model each time (seed its generator inside), so that the
/// two runs differ only by their inputs.
///
/// - Parameters:
///   - dataset: The training examples, at least one.
///   - steps: The number of full-batch steps of each run, at least 1.
///   - margin: The relative improvement required, in [0, 1).
///   - loss: The mean loss of a batch; the cross-entropy by default.
///   - makeModel: Builds a fresh model.
///   - makeOptimizer: Builds an optimizer for the given parameters.
///
/// Exercise 10.13.
public func compareWithInputIndependentBaseline(
  on dataset: Dataset, steps: Int, margin: Double = 0.1,
  loss: LossFunction = { crossEntropy(logits: $0, labels: $1) },
  makeModel: () -> Module, makeOptimizer: ([Variable]) -> any Optimizer
) -> BaselineComparison {
  // TODO(10.13): your code here (README.md, exercise 10.13).
  return BaselineComparison(realLoss: .nan, zeroedLoss: .nan, margin: margin)
}
