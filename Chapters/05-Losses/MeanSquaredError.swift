import Autodiff
import Tensors

/// The mean squared error, the loss of regression, as a graph node:
///
/// ```
/// MSE = (1/N) * sum over i of (prediction_i - target_i)^2      N = number of elements
/// dMSE/dprediction_i = 2 (prediction_i - target_i) / N
/// ```
///
/// Built from chapter 3's operations (`-`, `*`, `mean()`), so the backward rule comes for free.
/// The target is data, not something to learn: it enters the graph as a leaf whose gradient
/// nobody reads.
///
/// The shapes must match **exactly**. A network with one output gives predictions of shape
/// `[N, 1]`, and targets are often stored as `[N]`. Broadcasting `[N, 1] - [N]` gives an
/// `[N, N]` table of every prediction against every target, whose mean is a plausible, wrong
/// number: the model then learns to predict the average target for everyone. PyTorch's
/// `MSELoss` only prints a warning that the target size differs from the input size; here it
/// stops.
///
/// ```
/// let p = Variable(Tensor([[1, 2], [3, 4]]))
/// meanSquaredError(p, Tensor([[0, 2], [1, 0]])).value   // (1 + 0 + 4 + 16) / 4 = 5.25
/// ```
///
/// Stops with a message naming both shapes when they differ, and when they are empty.
///
/// Exercise 5.1.
public func meanSquaredError(_ prediction: Variable, _ target: Tensor) -> Variable {
  // TODO(5.1): your code here (README.md, exercise 5.1).
  return Variable(Tensor(Double.nan))
}
