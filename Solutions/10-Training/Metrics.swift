import Tensors

/// The fraction of examples whose highest score is the true class: top-1 accuracy.
///
/// ```
/// prediction_i = argmax_c scores[i, c]
/// accuracy     = (number of i with prediction_i == labels[i]) / N
/// ```
///
/// ```swift
/// let logits = Tensor([[2.0, -1.0, 0.5], [0.1, 0.3, 0.2], [-3.0, -1.0, -2.0]])
/// accuracy(logits: logits, labels: [0, 2, 1])   // 0.666...: rows 0 and 2 are right
/// ```
///
/// Pass the logits or the probabilities, it makes no difference: softmax keeps the order of
/// each row, so the argmax, and the accuracy, are the same. What does make a difference:
/// - the argmax is taken along the *classes* (axis 1), one prediction per row;
/// - prediction i is compared with `labels[i]`, the label of the same row (a batch whose labels
///   were shuffled separately from its inputs scores like chance);
/// - a probability is never compared with a threshold such as 0.5: with three classes the
///   winner often has less than half the mass (0.5 is for a single sigmoid output).
///
/// Accuracy ignores how confident the model is, which is why the loss is watched too: a model
/// can gain accuracy while its loss gets worse (more confident mistakes).
///
/// - Parameters:
///   - logits: `[N, classes]` scores (logits or probabilities).
///   - labels: N class indices in `0 ..< classes`.
/// - Returns: A fraction in [0, 1].
///
/// Stops with a message unless `logits` is a non-empty matrix with one row per label and every
/// label is a valid class. The message names the operation and both counts, in these words:
/// `accuracy: 3 labels for 4 rows (scores of shape [4, 3])`.
///
/// Exercise 10.1.
public func accuracy(logits: Tensor, labels: [Int]) -> Double {
  // BEGIN EXERCISE 10.1
  // STUB: return .nan
  check(
    logits.rank == 2 && logits.count > 0,
    "accuracy: expected non-empty [examples, classes] scores, got shape \(logits.shape)")
  check(
    logits.shape[0] == labels.count,
    "accuracy: \(labels.count) labels for \(logits.shape[0]) rows (scores of shape "
      + "\(logits.shape))")
  let classes = logits.shape[1]
  if let row = labels.firstIndex(where: { !(0..<classes).contains($0) }) {
    check(
      false,
      "accuracy: label \(labels[row]) at row \(row) is out of range for \(classes) classes")
  }
  let predictions = logits.argmax(alongAxis: 1)
  let correct = zip(predictions, labels).count { $0 == $1 }
  return Double(correct) / Double(labels.count)
  // END EXERCISE 10.1
}

/// A table of counts: how many examples of each true class were predicted as each class.
///
/// `counts[t][p]` is the number of examples of true class `t` predicted as `p`: **rows are the
/// true classes, columns the predictions** (the convention of scikit-learn's
/// `confusion_matrix`). The diagonal holds the correct predictions; row `t` adds up to the
/// number of examples of class `t`.
///
/// ```
///               predicted 0   1   2
///   true 0              [ 2,  0,  1 ]    recall of class 0 = 2 / 3
///   true 1              [ 0,  1,  1 ]
///   true 2              [ 0,  1,  1 ]    precision of class 2 = 1 / 3 (column 2)
/// ```
///
/// Accuracy is one number; the matrix says *which* classes are confused with which. A model
/// that predicts the majority class everywhere has a single non-empty column.
public struct ConfusionMatrix: Equatable, Sendable, CustomStringConvertible {
  /// `counts[trueClass][predictedClass]`, a square table.
  public let counts: [[Int]]

  /// Creates a matrix from its rows (one per true class); stops with a message unless the
  /// table is square.
  public init(counts: [[Int]]) {
    for (row, values) in counts.enumerated() where values.count != counts.count {
      check(
        false,
        "ConfusionMatrix: row \(row) has \(values.count) columns; a matrix for "
          + "\(counts.count) classes needs \(counts.count)")
    }
    self.counts = counts
  }

  /// The number of classes.
  public var classes: Int { counts.count }

  /// The number of examples counted.
  public var total: Int { counts.joined().reduce(0, +) }

  /// The fraction on the diagonal: the accuracy of the predictions counted. NaN when empty.
  public var accuracy: Double {
    let correct = counts.indices.reduce(0) { $0 + counts[$1][$1] }
    return total == 0 ? .nan : Double(correct) / Double(total)
  }

  /// Of the examples of class `c`, the fraction predicted as `c` (row c). NaN for a class with
  /// no examples.
  public func recall(of c: Int) -> Double {
    let examples = counts[c].reduce(0, +)
    return examples == 0 ? .nan : Double(counts[c][c]) / Double(examples)
  }

  /// Of the examples predicted as class `c`, the fraction that are `c` (column c). NaN for a
  /// class never predicted.
  public func precision(of c: Int) -> Double {
    let predicted = counts.reduce(0) { $0 + $1[c] }
    return predicted == 0 ? .nan : Double(counts[c][c]) / Double(predicted)
  }

  /// The table as text, one row per true class, with the recall of each row:
  ///
  /// ```
  ///        predicted
  /// true      0     1     2   recall
  ///    0      2     0     1    0.667
  ///    1      0     1     1    0.500
  ///    2      0     1     1    0.500
  /// ```
  public var description: String {
    let width = Swift.max(5, String(counts.joined().max() ?? 0).count + 1)
    func cell(_ text: String) -> String {
      String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }
    var lines = ["       predicted"]
    lines.append("true " + counts.indices.map { cell(String($0)) }.joined() + "   recall")
    for (row, values) in counts.enumerated() {
      let recall = recall(of: row)
      let recallText = recall.isNaN ? "    -" : String(format: "%.3f", recall)
      lines.append(
        cell(String(row)) + values.map { cell(String($0)) }.joined() + "    " + recallText)
    }
    return lines.joined(separator: "\n")
  }
}

/// Counts each (true class, predicted class) pair: rows are the true classes.
///
/// ```
/// counts[labels[i]][predictions[i]] += 1      for every example i
/// ```
///
/// ```swift
/// confusionMatrix(predictions: [0, 2, 1, 1, 2, 0, 2], labels: [0, 1, 1, 2, 2, 0, 0], classes: 3)
///     .counts   // [[2, 0, 1], [0, 1, 1], [0, 1, 1]]
/// ```
///
/// Indexing `counts[prediction][label]` gives the transpose: the same diagonal and the same
/// accuracy, but every recall becomes a precision, so "class 2 is often mistaken for class 1"
/// reads as the opposite.
///
/// - Parameters:
///   - predictions: The predicted class of each example (for instance
///     `logits.argmax(alongAxis: 1)`).
///   - labels: The true class of each example, as many as predictions.
///   - classes: The number of classes, at least 1.
///
/// Stops with a message unless the counts agree and every value is in `0 ..< classes`.
///
/// Exercise 10.2.
public func confusionMatrix(predictions: [Int], labels: [Int], classes: Int) -> ConfusionMatrix {
  // BEGIN EXERCISE 10.2
  // STUB: return ConfusionMatrix(counts: [])
  check(classes >= 1, "confusionMatrix: classes must be at least 1, got \(classes)")
  check(
    predictions.count == labels.count,
    "confusionMatrix: \(predictions.count) predictions for \(labels.count) labels")
  var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
  for (index, (predicted, label)) in zip(predictions, labels).enumerated() {
    check(
      (0..<classes).contains(predicted) && (0..<classes).contains(label),
      "confusionMatrix: example \(index) has prediction \(predicted) and label \(label); "
        + "both must be in 0..<\(classes)")
    counts[label][predicted] += 1
  }
  return ConfusionMatrix(counts: counts)
  // END EXERCISE 10.2
}
