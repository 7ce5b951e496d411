import Autodiff
import Tensors

/// The softmax cross-entropy of a batch of **raw logits**, averaged over the batch:
///
/// ```
/// crossEntropy(z, y) = negativeLogLikelihood(logSoftmax(z), y)
///                    = (1/N) * sum over i of (logSumExp(z_i) - z[i, y_i])
/// dL/dz = (softmax(z) - onehot(y)) / N        (unweighted)
/// ```
///
/// This is PyTorch's `nn.CrossEntropyLoss` and `F.cross_entropy`: the softmax is **inside**
/// the loss. Its input must be the last linear layer's output, not probabilities. Applying a
/// softmax first (a softmax layer at the end of the model, then this loss) applies it twice:
/// the loss can then never go below `softmaxIntoLogitsLossFloor(classes:)` and its gradient
/// fades as the probabilities saturate, so training crawls and plateaus (exercise 5.5).
///
/// Going through log-softmax rather than `log(softmax(z))` keeps the loss finite when a
/// probability underflows to 0: logits `[1000, 0]` with label 1 cost exactly 1000, not
/// infinity. The backward pass needs nothing new: chapter 3's rules and those of `logSoftmax`
/// and `negativeLogLikelihood` combine into `(softmax(z) - onehot(y)) / N`, chapter 2's
/// formula.
///
/// ```
/// let z = Variable(Tensor([[0, 0, 0], [0, 0, 0]]))
/// crossEntropy(logits: z, labels: [0, 2]).value   // ln 3 = 1.0986...: uniform guesses
/// ```
///
/// - Parameters:
///   - logits: A `[batch, classes]` matrix of raw scores.
///   - labels: One class index per row, each in `0..<classes`.
///   - classWeights: One weight per class, or nil; see `negativeLogLikelihood`.
///
/// Stops with a message naming `crossEntropy` when the shapes, labels or weights do not fit.
///
/// Exercise 5.3.
public func crossEntropy(
  logits: Variable, labels: [Int], classWeights: [Double]? = nil
) -> Variable {
  // TODO(5.3): your code here (README.md, exercise 5.3).
  return Variable(Tensor(Double.nan))
}
