import Autodiff
import DataPipeline
import DropoutAndModes
import Layers
import Losses
import Tensors

/// A loss for classification: the model's outputs for a batch and the batch's labels in, a
/// scalar variable out. The default everywhere in this chapter is the cross-entropy of
/// chapter 5, `{ crossEntropy(logits: $0, labels: $1) }`.
public typealias LossFunction = (_ outputs: Variable, _ labels: [Int]) -> Variable

/// What `evaluate` measures on a data set.
public struct Evaluation: Equatable, Sendable {
  /// The mean loss per example over the whole data set.
  public let loss: Double
  /// The fraction of examples whose prediction is the label.
  public let accuracy: Double
  /// The predicted class of each example, in the data set's order.
  public let predictions: [Int]

  /// Creates an evaluation from its numbers.
  public init(loss: Double, accuracy: Double, predictions: [Int]) {
    self.loss = loss
    self.accuracy = accuracy
    self.predictions = predictions
  }

  /// The number of examples evaluated.
  public var count: Int { predictions.count }
}

/// Measures a classifier on a data set: the mean loss, the accuracy and every prediction,
/// computed in evaluation mode, and leaves each module in the mode it was in.
///
/// ```
/// model.evaluating {                               every module in eval mode, restored after
///     for each batch of batchSize examples, in order:
///         outputs = model(batch.inputs)
///         total  += loss(outputs, batch.labels) * batch.count
///         predictions += argmax of each row of outputs
/// }
/// loss = total / N,  accuracy = (predictions == labels) / N
/// ```
///
/// ```swift
/// let result = evaluate(model, on: validation)
/// result.loss, result.accuracy   // e.g. 0.41, 0.87
/// model.isTraining               // still true: the next training step still drops
/// ```
///
/// Two mistakes this guards against:
/// - *Measuring in training mode.* Dropout keeps dropping, so the numbers are noisy and
///   pessimistic, and differ from one call to the next.
/// - *Leaving evaluation mode on.* A helper that calls `model.eval()` and never switches back
///   trains the rest of the run without dropout (chapter 8). `evaluating {}` restores each
///   module's own mode, even a block kept in evaluation mode on purpose.
///
/// The batches are only there to bound memory; the result does not depend on `batchSize`.
/// Each batch's mean loss is weighted by its size, so a short last batch counts for what it
/// holds (the mean of the batch means would over-weight it).
///
/// The graph built by the forward passes is never differentiated, so no gradient changes.
///
/// - Parameters:
///   - model: A classifier whose outputs are `[batch, classes]` scores.
///   - dataset: The examples to measure, at least one.
///   - loss: The mean loss of a batch; the cross-entropy by default.
///   - batchSize: Examples per forward pass, at least 1; nil for the whole set at once.
///
/// Exercise 10.3.
public func evaluate(
  _ model: Module, on dataset: Dataset,
  loss: LossFunction = { crossEntropy(logits: $0, labels: $1) }, batchSize: Int? = nil
) -> Evaluation {
  // BEGIN EXERCISE 10.3
  // STUB: return Evaluation(loss: .nan, accuracy: .nan, predictions: [])
  check(dataset.count > 0, "evaluate: the data set is empty")
  let size = batchSize ?? dataset.count
  check(size >= 1, "evaluate: batchSize must be at least 1, got \(size)")
  return model.evaluating {
    var total = 0.0
    var predictions: [Int] = []
    predictions.reserveCapacity(dataset.count)
    for start in stride(from: 0, to: dataset.count, by: size) {
      let batch = dataset.subset(Array(start..<Swift.min(start + size, dataset.count)))
      let outputs = model(Variable(batch.inputs))
      total += loss(outputs, batch.labels).value.scalar * Double(batch.count)
      predictions += outputs.value.argmax(alongAxis: 1)
    }
    let correct = zip(predictions, dataset.labels).count { $0 == $1 }
    return Evaluation(
      loss: total / Double(dataset.count), accuracy: Double(correct) / Double(dataset.count),
      predictions: predictions)
  }
  // END EXERCISE 10.3
}
