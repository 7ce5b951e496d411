import Tensors

/// The mean squared error over every element:
///
/// ```
/// MSE = (1/N) * sum over i of (prediction_i - target_i)^2,   N = number of elements
/// ```
///
/// Stops with a message when the shapes differ. (Broadcasting a `[4]` target against a
/// `[4, 1]` prediction would silently compare every prediction with every target, a classic
/// regression bug, so the shapes must match exactly.)
///
/// ```
/// meanSquaredError(Tensor([1, 2]), Tensor([0, 0]))   // (1 + 4) / 2 = 2.5
/// ```
public func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Double {
  checkSameShape(prediction, target, "meanSquaredError", names: ("prediction", "target"))
  check(
    prediction.count > 0, "meanSquaredError: the prediction is empty (shape \(prediction.shape))")
  let difference = prediction - target
  return (difference * difference).mean()
}

/// The softmax cross-entropy of a batch, averaged over the batch.
///
/// For row `i` with logits `z` and label `y`, the loss is the negative log-probability the
/// softmax gives to the right class:
///
/// ```
/// loss_i = -log(softmax(z)[y]) = logSumExp(z) - z[y]
/// loss   = (1/N) * sum over i of loss_i,   N = number of rows
/// ```
///
/// Writing it with `logSumExp` (chapter 1) keeps it finite for any logits, where
/// `-log(softmax(z)[y])` would give `-log(0) = inf` once a probability underflows.
///
/// - Parameters:
///   - logits: A `[batch, classes]` matrix of raw scores (not probabilities).
///   - labels: One class index per row, each in `0..<classes`.
///
/// Stops with a message when `logits` is not a matrix, the number of labels differs from the
/// number of rows, or a label is out of range.
public func softmaxCrossEntropy(logits: Tensor, labels: [Int]) -> Double {
  checkClassification(logits: logits, labels: labels, "softmaxCrossEntropy")
  let classes = logits.shape[1]
  let lse = logits.logSumExp(alongAxis: 1)
  var total = 0.0
  for (row, label) in labels.enumerated() {
    total += lse.scalars[row] - logits.scalars[row * classes + label]
  }
  return total / Double(labels.count)
}

/// Turns class indices into rows of a `[labels.count, classes]` matrix: 1 at the label's
/// column, 0 elsewhere.
///
/// ```
/// oneHot([2, 0], classes: 3)   // [[0, 0, 1], [1, 0, 0]]
/// ```
///
/// Stops with a message when `classes` is not positive or a label is out of range.
public func oneHot(_ labels: [Int], classes: Int) -> Tensor {
  check(classes > 0, "oneHot: classes must be positive, got \(classes)")
  var result = Tensor.zeros([labels.count, classes])
  for (row, label) in labels.enumerated() {
    check(
      label >= 0 && label < classes,
      "oneHot: label \(label) at row \(row) is out of range for \(classes) classes")
    result.scalars[row * classes + label] = 1
  }
  return result
}
