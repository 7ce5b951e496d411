import Foundation
import Tensors

// The mistake of this chapter: a model that ends with a softmax, followed by a loss that
// applies its own softmax (cross-entropy from logits). The loss then sees probabilities where
// it expects raw scores, and two facts follow, one for each function below.

/// True when `values` already looks like the output of a softmax: a non-empty `[batch,
/// classes]` matrix whose entries all lie in [0, 1] and whose rows each sum to 1 within
/// `tolerance`.
///
/// Run it on whatever you are about to pass to `crossEntropy(logits:labels:)`: logits are
/// unbounded and their rows sum to anything, so a match almost always means a softmax (or a
/// `softmax` layer at the end of the model) came first. It is a heuristic with no false
/// alarms in practice, not a proof: a row of logits could in principle sum to 1.
///
/// ```
/// looksLikeProbabilities(Tensor([[0.7, 0.2, 0.1], [0, 1, 0]]))   // true
/// looksLikeProbabilities(Tensor([[2.1, -0.3, 0.5]]))             // false: logits
/// looksLikeProbabilities(Tensor([[0.9, 0.8]]))                   // false: sigmoid outputs
/// looksLikeProbabilities(Tensor([0.5, 0.5]))                     // false: not a matrix
/// ```
///
/// Non-finite entries, other ranks and empty matrices give false.
///
/// Exercise 5.5.
public func looksLikeProbabilities(_ values: Tensor, tolerance: Double = 1e-6) -> Bool {
  // TODO(5.5): your code here (README.md, exercise 5.5).
  return false
}

/// The lowest loss cross-entropy can reach when it is fed probabilities instead of logits,
/// with `classes` classes:
///
/// ```
/// floor(C) = ln(1 + (C - 1) / e)           0.3133 for C = 2, 0.5514 for C = 3, 1.4612 for C = 10
/// ```
///
/// Why: for one row with probabilities `p` (each in [0, 1]) used as logits and true class `y`,
/// the loss is
///
/// ```
/// -log(exp(p_y) / sum over j of exp(p_j)) = log(sum over j of exp(p_j - p_y))
/// ```
///
/// Every `p_j - p_y` is at least `-1` (as `p_j >= 0` and `p_y <= 1`), so the sum is at least
/// `1 + (C - 1) e^-1`, with equality exactly when `p` is the one-hot vector of `y`: a perfect,
/// fully confident model. Even that costs `ln(1 + (C - 1)/e)`, a sizeable fraction of the
/// `ln C` of uniform guessing (0.551 of 1.099 for C = 3, 1.461 of 2.303 for C = 10). And as the
/// probabilities approach one-hot, the softmax inside the model saturates and the gradient
/// reaching the logits vanishes, so training slows down long before the floor.
///
/// Stops with a message when `classes` is less than 1.
///
/// Exercise 5.5.
public func softmaxIntoLogitsLossFloor(classes: Int) -> Double {
  // TODO(5.5): your code here (README.md, exercise 5.5).
  return .nan
}
