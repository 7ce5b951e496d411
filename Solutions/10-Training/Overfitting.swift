import Autodiff
import DataPipeline
import Foundation
import Layers
import Losses
import Optimizers
import Tensors
import WorkbookSupport

/// The result of an attempt to overfit a few examples.
public struct OverfitResult: SanityCheck {
  /// The number of examples trained on.
  public let examples: Int
  /// The loss at each step, measured in the step's forward pass, before its update.
  public let losses: [Double]
  /// The accuracy of the last forward pass on the examples trained on.
  public let finalAccuracy: Double
  /// The loss to get below.
  public let targetLoss: Double
  /// The number of updates made before the loss was below `targetLoss` with every example
  /// right, nil when that never happened.
  public let stepsToTarget: Int?

  /// Creates a result from its numbers.
  public init(
    examples: Int, losses: [Double], finalAccuracy: Double, targetLoss: Double,
    stepsToTarget: Int?
  ) {
    self.examples = examples
    self.losses = losses
    self.finalAccuracy = finalAccuracy
    self.targetLoss = targetLoss
    self.stepsToTarget = stepsToTarget
  }

  /// The last loss measured (NaN when no step ran).
  public var finalLoss: Double { losses.last ?? .nan }

  /// "overfit N examples".
  public var name: String { "overfit \(examples) example\(examples == 1 ? "" : "s")" }

  /// Whether the target was reached.
  public var passed: Bool { stepsToTarget != nil }

  /// The numbers, and the likely cause when the check failed.
  public var summary: String {
    if let stepsToTarget {
      return String(
        format: "loss %.3g, accuracy 100%% in %d steps (target %g)", finalLoss, stepsToTarget,
        targetLoss)
    }
    return String(
      format:
        "loss %.3g, accuracy %.0f%% after %d steps (target %g): too small a model, too low a "
        + "learning rate, a bug, or labels that do not match their inputs", finalLoss,
      finalAccuracy * 100, losses.count, targetLoss)
  }
}

/// Trains on a handful of examples, all in one batch, until the loss is below `targetLoss`
/// with every example classified right, or `steps` steps have run.
///
/// ```
/// for step in 0 ..< steps:
///     optimizer.zeroGrad()
///     outputs = model(inputs);  l = loss(outputs, labels)
///     record l;  if l < targetLoss and accuracy(outputs, labels) == 1: done (step updates made)
///     l.backward();  optimizer.step()
/// ```
///
/// The first check of Karpathy's recipe: a model with enough capacity must be able to
/// memorise a dozen examples, driving the loss to about zero. If it cannot, no amount of data
/// or tuning will help: something is broken (the labels do not belong to their inputs, the
/// loss or the gradients are wrong, the optimizer does not update what the model uses).
/// Overfit with regularisation off (no dropout, no weight decay): this function runs the model
/// in whatever mode it is in.
///
/// ```swift
/// let result = overfit(model, inputs: batch.inputs, labels: batch.labels,
///                      optimizer: Adam(parameters: model.parameters, learningRate: 0.02),
///                      steps: 300)
/// result.passed          // true for a 2-16-16-3 MLP on 12 spiral points
/// result.stepsToTarget   // about 65: below 0.01 with 12/12 right
/// ```
///
/// It fails when it should: a `loss` that pairs the predictions with the wrong labels, and
/// differently at every step, stays near `ln C`; a batch holding the same input twice with two
/// labels (the three spiral arms all start at (0, 0)) cannot go below the loss of those
/// duplicates.
///
/// What a pass does *not* prove: that the labels are right. A *fixed* misalignment (every
/// label shifted by one row, once, the way an off-by-one between two files does it) is just
/// another set of training labels, and a network memorises it too: 60 spiral points with
/// shifted labels took 695 steps where the right ones took 69, and held-out accuracy was 33%,
/// chance, against 99%. Passing says the pipeline can learn; only held-out data (chapter 12)
/// says it learns the right thing.
///
/// - Parameters:
///   - model: The model to train (changed in place).
///   - inputs: The batch, `[N, features]`.
///   - labels: The N labels.
///   - optimizer: Updates the model's parameters.
///   - steps: The most steps to run, at least 1.
///   - targetLoss: The loss to get below, > 0.
///   - loss: The mean loss of the batch; the cross-entropy by default.
///
/// Exercise 10.11.
public func overfit(
  _ model: Module, inputs: Tensor, labels: [Int], optimizer: any Optimizer, steps: Int,
  targetLoss: Double = 1e-2, loss: LossFunction = { crossEntropy(logits: $0, labels: $1) }
) -> OverfitResult {
  // BEGIN EXERCISE 10.11
  // STUB: return .init(examples: 0, losses: [], finalAccuracy: .nan, targetLoss: .nan, stepsToTarget: nil)
  check(steps >= 1, "overfit: steps must be at least 1, got \(steps)")
  check(targetLoss > 0, "overfit: targetLoss must be > 0, got \(targetLoss)")
  var losses: [Double] = []
  var finalAccuracy = 0.0
  var stepsToTarget: Int?
  for step in 0..<steps {
    optimizer.zeroGrad()
    let outputs = model(Variable(inputs))
    let value = loss(outputs, labels)
    losses.append(value.value.scalar)
    finalAccuracy = accuracy(logits: outputs.value, labels: labels)
    if value.value.scalar < targetLoss && finalAccuracy == 1 {
      stepsToTarget = step
      break
    }
    value.backward()
    optimizer.step()
  }
  return OverfitResult(
    examples: labels.count, losses: losses, finalAccuracy: finalAccuracy,
    targetLoss: targetLoss, stepsToTarget: stepsToTarget)
  // END EXERCISE 10.11
}

/// Overfits growing subsets of a data set, each with a fresh model: the recipe's "overfit 10
/// examples, then 100".
///
/// ```
/// order = a seeded permutation of the examples
/// for size in sizes:   overfit(makeModel(), on the first `size` examples of order, ...)
/// ```
///
/// The subsets come from one permutation, so each contains the smaller ones; a data set stored
/// by class (spirals are) still gives every class a share. A model that memorises 10 examples
/// but not 100 is too small, or its learning rate too low, for the data: grow it before
/// adding regularisation.
///
/// ```swift
/// let results = overfitSubsets(of: train, steps: 600, seed: 1,
///                              makeModel: { buildModel(seed: 5) },    // your model, seeded
///                              makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
/// results.map(\.passed)   // [true, true] for a 2-32-32-3 MLP on spirals
/// ```
///
/// - Parameters:
///   - dataset: The examples to draw from.
///   - sizes: The subset sizes, each in 1 ... dataset.count.
///   - steps: The most steps for each size.
///   - targetLoss: The loss to get below, > 0.
///   - seed: Seeds the permutation.
///   - makeModel: Builds a fresh model (called once per size).
///   - makeOptimizer: Builds an optimizer for the given parameters.
/// - Returns: One result per size, in order.
///
/// Exercise 10.12.
public func overfitSubsets(
  of dataset: Dataset, sizes: [Int] = [10, 100], steps: Int, targetLoss: Double = 1e-2,
  seed: UInt64, makeModel: () -> Module, makeOptimizer: ([Variable]) -> any Optimizer
) -> [OverfitResult] {
  // BEGIN EXERCISE 10.12
  // STUB: return []
  for size in sizes {
    check(
      size >= 1 && size <= dataset.count,
      "overfitSubsets: subset size \(size) is not in 1...\(dataset.count) (the data set's size)")
  }
  var generator = SeededGenerator(seed: seed)
  let order = generator.permutation(dataset.count)
  return sizes.map { size in
    let subset = dataset.subset(Array(order.prefix(size)))
    let model = makeModel()
    return overfit(
      model, inputs: subset.inputs, labels: subset.labels,
      optimizer: makeOptimizer(model.parameters), steps: steps, targetLoss: targetLoss)
  }
  // END EXERCISE 10.12
}
