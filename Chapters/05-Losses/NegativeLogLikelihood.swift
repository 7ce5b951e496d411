import Autodiff
import Tensors

/// The negative log-likelihood of the labels, averaged over the batch: a new graph node,
/// forward and backward side by side.
///
/// Row `i` of `logProbabilities` holds the model's log-probability of every class for example
/// `i`; the loss takes, in each row, the entry of the true class and averages their negatives:
///
/// ```
/// forward:   L = -(1/N) * sum over i of logp[i, y_i]          N = number of rows
/// backward:  dL/dlogp[i, y_i] = -g / N,   0 everywhere else
/// ```
///
/// With class weights `w` (one per class, for imbalanced data), each row counts `w[y_i]`
/// times, and the loss is the **weighted mean**, as in PyTorch's `nll_loss` and
/// `cross_entropy`:
///
/// ```
/// forward:   L = -(sum over i of w[y_i] * logp[i, y_i]) / (sum over i of w[y_i])
/// backward:  dL/dlogp[i, y_i] = -g * w[y_i] / (sum over i of w[y_i])
/// ```
///
/// Divide by the sum of the weights the batch actually uses, not by N: only then is the loss
/// of a batch independent of its size and of the weights' overall scale (weights `[2, 2, 2]`
/// give exactly the unweighted loss). Without weights every `w[y_i]` is 1 and the sum is N.
///
/// The gradient has one non-zero entry per row, at column `y_i`: a sum would give `-g` there,
/// and every step would grow with the batch size.
///
/// ```
/// let logp = Variable(Tensor([[-0.1, -2.3], [-1.6, -0.2]]))
/// negativeLogLikelihood(logProbabilities: logp, labels: [0, 0]).value   // (0.1 + 1.6) / 2 = 0.85
/// ```
///
/// - Parameters:
///   - logProbabilities: A `[batch, classes]` matrix of log-probabilities, usually the output
///     of `logSoftmax(_:alongAxis:)`.
///   - labels: One class index per row, each in `0..<classes`.
///   - classWeights: One finite, non-negative weight per class, or nil for all ones.
///
/// Stops with a message (through `checkClassification`) when the shapes, labels or weights do
/// not fit, and when the weights of the batch's labels add up to 0.
///
/// Exercise 5.3.
public func negativeLogLikelihood(
  logProbabilities: Variable, labels: [Int], classWeights: [Double]? = nil
) -> Variable {
  // TODO(5.3): your code here (README.md, exercise 5.3).
  return Variable(Tensor(Double.nan))
}
