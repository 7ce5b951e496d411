import Tensors

// Backward rules of the reductions and the losses (exercise 2.3). A loss is where the backward
// pass starts: its gradient is the first upstream gradient, dL/dL = 1 pushed through the
// reduction to every element.

/// The gradient of `s = x.sum()`: every element contributes with weight 1, so every element
/// receives the upstream gradient unchanged.
///
/// ```
/// dL/dx_i = upstream * ds/dx_i = upstream
/// ```
///
/// ```
/// sumBackward(2, shape: [2, 2])   // [[2.0, 2.0], [2.0, 2.0]]
/// ```
///
/// Exercise 2.3.
public func sumBackward(_ upstream: Double, shape: [Int]) -> Tensor {
  // TODO(2.3): your code here (README.md, exercise 2.3).
  return Tensor(shape: shape.map { Swift.max($0, 0) }, repeating: .nan)
}

/// The gradient of `m = x.mean()`: the sum divided by the element count N, so every element
/// receives `upstream / N`.
///
/// ```
/// meanBackward(1, shape: [2, 2])   // [[0.25, 0.25], [0.25, 0.25]]
/// ```
///
/// Exercise 2.3.
public func meanBackward(_ upstream: Double, shape: [Int]) -> Tensor {
  // TODO(2.3): your code here (README.md, exercise 2.3).
  return Tensor(shape: shape.map { Swift.max($0, 0) }, repeating: .nan)
}

/// The gradient of `meanSquaredError(prediction, target)` with respect to the prediction:
///
/// ```
/// MSE = (1/N) * sum over i of (p_i - t_i)^2     N = number of elements (all of them)
/// dMSE/dp_i = 2 (p_i - t_i) / N
/// ```
///
/// The two bugs are the forgotten 2 and the forgotten 1/N. Both give a gradient that points
/// the right way with the wrong length, so training still works, only with a different
/// effective learning rate: nothing crashes, the gradient checker catches it.
///
/// ```
/// meanSquaredErrorBackward(Tensor([1, 2]), Tensor([0, 0]))   // [1.0, 2.0]
/// ```
///
/// Stops with a message when the shapes differ.
///
/// Exercise 2.3.
public func meanSquaredErrorBackward(_ prediction: Tensor, _ target: Tensor) -> Tensor {
  // TODO(2.3): your code here (README.md, exercise 2.3).
  return Tensor(shape: prediction.shape, repeating: .nan)
}

/// The gradient of `softmaxCrossEntropy(logits:labels:)` with respect to the logits:
///
/// ```
/// dL/dz = (softmax(z) - onehot(y)) / N     N = batch size (number of rows)
/// ```
///
/// Row by row, the gradient is the predicted probabilities minus the truth: it pushes the
/// right class's logit up and every other logit down, in proportion to how much probability
/// it wrongly takes. Each row sums to 0. The division by N comes from the mean over the batch
/// in the loss; forgetting it makes the gradient N times too large.
///
/// ```
/// softmaxCrossEntropyBackward(logits: Tensor([[0, 0]]), labels: [1])   // [[0.5, -0.5]]
/// ```
///
/// Stops with a message when `logits` is not a matrix, the number of labels differs from the
/// number of rows, or a label is out of range.
///
/// Exercise 2.3.
public func softmaxCrossEntropyBackward(logits: Tensor, labels: [Int]) -> Tensor {
  // TODO(2.3): your code here (README.md, exercise 2.3).
  return Tensor(shape: logits.shape, repeating: .nan)
}
