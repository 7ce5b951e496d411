import Autodiff
import AutodiffTestSupport
import Foundation
import Gradients
import Tensors
import TestSupport
import Testing
import WorkbookSupport

// Helpers shared by the chapter's suites: oracles written with plain Foundation arithmetic, so
// that a test never grades the chapter's code against itself, and the gradient check.

/// log(sum(exp(row))), shifted by the row's maximum: the oracle for every softmax quantity.
func logSumExp(_ row: [Double]) -> Double {
  let largest = row.max() ?? -.infinity
  return largest + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - largest) })
}

/// The rows of a rank-2 tensor.
func rows(of matrix: Tensor) -> [[Double]] {
  let columns = matrix.shape[1]
  return (0..<matrix.shape[0]).map { Array(matrix.scalars[($0 * columns)..<(($0 + 1) * columns)]) }
}

/// Each row's cross-entropy `logSumExp(z_i) - z[i, y_i]`.
func rowLosses(_ logits: Tensor, labels: [Int]) -> [Double] {
  zip(rows(of: logits), labels).map { row, label in logSumExp(row) - row[label] }
}

/// PyTorch's weighted mean: `sum w[y_i] l_i / sum w[y_i]`.
func weightedMean(_ losses: [Double], labels: [Int], classWeights: [Double]) -> Double {
  let weights = labels.map { classWeights[$0] }
  return zip(weights, losses).map(*).reduce(0, +) / weights.reduce(0, +)
}

/// The logistic function, written for the tests (stable on both sides).
func logistic(_ z: Double) -> Double {
  z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
}

/// Why a cross-entropy came out negative, between -1 and 0, or "": the mean of -p over
/// probabilities p in [0, 1], which is what NLL returns when it is given probabilities.
func probabilitiesInsteadOfLogs(_ loss: Double) -> String {
  guard loss < 0, loss >= -1 else { return "" }
  return """
     The loss is \(loss), negative and tiny: a cross-entropy is never negative, but minus the \
    mean of probabilities is. negativeLogLikelihood was given probabilities where \
    log-probabilities belong: pass it logSoftmax(logits, alongAxis: 1), not the softmax.
    """
}

/// Seeded labels in `0..<classes`.
func randomLabels(_ count: Int, classes: Int, seed: UInt64) -> [Int] {
  var generator = SeededGenerator(seed: seed)
  return (0..<count).map { _ in generator.integer(below: classes) }
}

/// Checks the gradient that `loss` (a function of one variable, ending in a scalar) sends to
/// its input against the tests' own central differences (never the learner's chapter 2
/// checker), at `x`.
func expectGradientMatchesNumerical(
  _ label: String, at x: Tensor, sourceLocation: SourceLocation = #_sourceLocation,
  _ loss: @escaping (Variable) -> Variable
) {
  let input = Variable(x)
  let output = loss(input)
  guard output.value.count == 1 else {
    Issue.record(
      "\(label): a loss must be one number (shape []), got shape \(output.shape)",
      sourceLocation: sourceLocation)
    return
  }
  output.backward()
  let f: (Tensor) -> Double = { loss(Variable($0)).value.scalars[0] }
  let numerical = centralDifference(f, at: x)
  let (error, worst) = worstRelativeError(input.grad, numerical)
  #expect(
    error < rightGradientThreshold,
    """
    \(label): the gradient disagrees with the numerical gradient (relative error \(error) at \
    \(worst); a right gradient stays below \(rightGradientThreshold)).
    analytic:  \(input.grad)
    numerical: \(numerical)
    """,
    sourceLocation: sourceLocation)
}
