import Autodiff
import Tensors
import Training

/// Logits that classify every example with a wide margin: 20 for the true class, 0 for the
/// others (softmax gives it 1 - 2e-9). The `ideal` of a classification loss for
/// `zeroGradientFindings`. Provided.
public func confidentLogits(labels: [Int], classes: Int) -> Tensor {
  check(classes >= 1, "confidentLogits: need at least 1 class, got \(classes)")
  return Tensor(
    shape: [labels.count, classes],
    scalars: labels.flatMap { label in (0..<classes).map { $0 == label ? 20.0 : 0.0 } })
}

/// The multi-class hinge loss (the SVM loss of CS231n), averaged over the examples. Provided:
/// a loss whose zero gradients are earned.
///
/// ```
/// loss = (1/N) Σ_i Σ_{j ≠ y_i} max(0, 1 + z_ij - z_iy_i)
/// ```
///
/// An example whose true class beats every other by a margin of 1 has loss 0 *and* gradient
/// 0: it is at its minimum, and nothing is being hidden from it.
public func multiclassHingeLoss(logits: Variable, labels: [Int]) -> Variable {
  let classes = logits.shape[1]
  let onehot = confidentLogits(labels: labels, classes: classes) / 20
  let trueScore = (logits * Variable(onehot)).sum(alongAxis: 1, keepingDimension: true)
  let margins = (logits - trueScore + 1).relu() * Variable(1 - onehot)
  return margins.sum(alongAxis: 1).mean()
}

/// Looks for examples that get no gradient although the loss would fall if they were
/// predicted better: the mark of a zero-gradient operation (a clip, a clamp, a rounding)
/// between the predictions and the loss.
///
/// ```
/// L = loss(predictions); one backward pass gives G = dL/d(predictions), [N, k]
/// for each example (row) i with ||G_i|| < zeroGradient (1e-12):
///     improvement_i = L - loss(predictions with row i replaced by ideal row i)
///     example i is cut off when improvement_i > minimumImprovement (1e-9)
/// ```
///
/// When at least one example is cut off, one finding:
///
/// ```
/// Finding(.zeroGradientInLossPath, evidence: [
///   Evidence("examples cut off", at: .run, measured: cutOff / N, threshold: 0, .above),
///   Evidence("loss decrease if predicted ideally", at: .example(i), measured: improvement_i,
///            threshold: 1e-9, .above)       // the cut-off example that would gain most
/// ], ...)                                    // (the first of them on a tie)
/// ```
///
/// and `[]` otherwise. The second condition is what makes it a check rather than an alarm:
/// a hinge loss gives a well-classified example a gradient of exactly 0 too, but that
/// example is at its minimum (predicting it ideally changes nothing).
///
/// ```swift
/// let targets = Tensor([[0.5], [0.0]])
/// let findings = zeroGradientFindings(predictions: Tensor([[3.0], [0.2]]), ideal: targets) {
///   meanSquaredError($0.clamped(to: -1...1), targets)
/// }
/// findings.report
/// // zero gradient in the loss path: the run: examples cut off 0.5, above the threshold 0;
/// //   example 0: loss decrease if predicted ideally 0.125, above the threshold 1e-09 ...
/// ```
///
/// Stops with a message unless `predictions` is a matrix with at least one row, `ideal` has
/// its shape, and the loss is one finite number.
///
/// - Parameters:
///   - predictions: The model's outputs, `[N, k]`: the point at which the gradient is probed.
///   - ideal: The best prediction of each example (the targets of a regression,
///     `confidentLogits` for a classification).
///   - loss: The loss as a function of the predictions (targets and labels captured).
///
/// Exercise 18.2.
public func zeroGradientFindings(
  predictions: Tensor, ideal: Tensor, loss: (Variable) -> Variable
) -> [Finding] {
  // TODO(18.2): your code here (README.md, exercise 18.2).
  return [.notWritten("18.2")]
}
