import Tensors

// The argument checks of the classification losses. They are provided, and internal to the
// module: call `checkClassification` from your code of exercise 5.3.

/// Stops with a message naming `operation` unless `scores` (logits or log-probabilities) is a
/// non-empty `[batch, classes]` matrix with one label in `0..<classes` per row and, when
/// weights are given, one finite, non-negative weight per class.
///
/// ```
/// checkClassification(logits.value, labels: labels, classWeights: nil, "crossEntropy")
/// ```
func checkClassification(
  _ scores: Tensor, labels: [Int], classWeights: [Double]?, _ operation: String
) {
  check(
    scores.rank == 2,
    "\(operation): expected a [batch, classes] matrix, got shape \(scores.shape)")
  let (rows, classes) = (scores.shape[0], scores.shape[1])
  check(rows > 0 && classes > 0, "\(operation): empty scores of shape \(scores.shape)")
  check(
    labels.count == rows,
    "\(operation): \(labels.count) labels for \(rows) rows (scores of shape \(scores.shape))")
  for (row, label) in labels.enumerated() {
    check(
      label >= 0 && label < classes,
      "\(operation): label \(label) at row \(row) is out of range for \(classes) classes "
        + "(labels are 0..<\(classes))")
  }
  guard let classWeights else { return }
  check(
    classWeights.count == classes,
    "\(operation): \(classWeights.count) class weights for \(classes) classes "
      + "(one weight per class, not per example)")
  for (index, weight) in classWeights.enumerated() {
    check(
      weight.isFinite && weight >= 0,
      "\(operation): class weight \(index) is \(weight); weights must be finite and >= 0")
  }
}
