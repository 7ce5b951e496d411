import Tensors

// Argument checks shared by the losses and their gradients. They are provided, and internal to
// the module: your exercise code may call them too.

/// Stops with a message naming `operation` unless `logits` is a non-empty `[batch, classes]`
/// matrix with one label in `0..<classes` per row. Shared by the loss and its gradient.
func checkClassification(logits: Tensor, labels: [Int], _ operation: String) {
  check(
    logits.rank == 2,
    "\(operation): logits must be a [batch, classes] matrix, got shape \(logits.shape)")
  let (rows, classes) = (logits.shape[0], logits.shape[1])
  check(
    labels.count == rows,
    "\(operation): \(labels.count) labels for \(rows) rows of logits (shape \(logits.shape))")
  check(rows > 0 && classes > 0, "\(operation): empty logits of shape \(logits.shape)")
  for (row, label) in labels.enumerated() {
    check(
      label >= 0 && label < classes,
      "\(operation): label \(label) at row \(row) is out of range for \(classes) classes")
  }
}

/// Stops with a message naming `operation` and both shapes unless `a` and `b` have the same
/// shape. The gradient rules of this chapter work element by element, and broadcasting would
/// hide a mismatch instead of reporting it.
func checkSameShape(
  _ a: Tensor, _ b: Tensor, _ operation: String, names: (String, String)
) {
  check(
    a.shape == b.shape,
    "\(operation): \(names.0) has shape \(a.shape) but \(names.1) has shape \(b.shape)")
}
