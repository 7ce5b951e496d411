import Autodiff
import AutodiffTestSupport
import Foundation
import Tensors
import TestSupport
import Testing

/// The reductions and shape operations of exercise 3.6, applied to a [3, 4] input.
enum ReductionOrShape: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sum = "sum()"
  case mean = "mean()"
  case sumRows = "sum(alongAxis: 0)"
  case sumColumnsKept = "sum(alongAxis: 1, keepingDimension: true)"
  case meanLast = "mean(alongAxis: -1)"
  case meanRowsKept = "mean(alongAxis: 0, keepingDimension: true)"
  case logSumExpRows = "logSumExp(alongAxis: 1)"
  case logSumExpColumnsKept = "logSumExp(alongAxis: 0, keepingDimension: true)"
  case reshape = "reshaped([2, 6])"
  case reshapeInferred = "reshaped([-1])"
  case transpose = "transposed()"

  var testDescription: String { rawValue }

  /// The rule, for the failure message.
  var rule: String {
    switch self {
    case .sum, .sumRows, .sumColumnsKept: "g broadcast back to every element it added up"
    case .mean, .meanLast, .meanRowsKept: "g broadcast back, divided by N, the count averaged"
    case .logSumExpRows, .logSumExpColumnsKept:
      "softmax along the same axis, times g reshaped to the kept shape"
    case .reshape, .reshapeInferred: "g reshaped back to the input's shape"
    case .transpose: "g transposed back"
    }
  }

  func callAsFunction(_ x: Variable) -> Variable {
    switch self {
    case .sum: x.sum()
    case .mean: x.mean()
    case .sumRows: x.sum(alongAxis: 0)
    case .sumColumnsKept: x.sum(alongAxis: 1, keepingDimension: true)
    case .meanLast: x.mean(alongAxis: -1)
    case .meanRowsKept: x.mean(alongAxis: 0, keepingDimension: true)
    case .logSumExpRows: x.logSumExp(alongAxis: 1)
    case .logSumExpColumnsKept: x.logSumExp(alongAxis: 0, keepingDimension: true)
    case .reshape: x.reshaped([2, 6])
    case .reshapeInferred: x.reshaped([-1])
    case .transpose: x.transposed()
    }
  }
}

@Suite("3.6 Reductions and shape operations")
struct ReductionAndShapeTests {
  @Test(
    "each reduction's and shape operation's rule matches the numerical gradient",
    arguments: ReductionOrShape.allCases)
  func againstNumerical(operation: ReductionOrShape) {
    let x = signedTensor([3, 4], seed: 81)
    expectGradientsMatchNumerical("\(operation.rawValue) (\(operation.rule))", at: [x], seed: 82) {
      operation($0[0])
    }
  }

  @Test("the mean's gradient is 1/N for every element")
  func meanDividesByCount() {
    let x = Variable(randomTensor([2, 3], seed: 91), name: "x")
    x.mean().backward()
    expectClose(
      x.grad, Tensor(shape: [2, 3], repeating: 1.0 / 6), tolerance: 1e-15,
      """
      did you divide by N = 6, the number of elements? Without it the gradient is N times \
      too large
      """)
  }

  @Test("a sum along an axis sends each output's gradient to every element it added up")
  func sumAlongAxisBroadcastsBack() {
    let x = Variable(randomTensor([2, 3], seed: 92), name: "x")
    weightedSum(x.sum(alongAxis: 0), Tensor([1, 2, 3])).backward()
    expectClose(
      x.grad, Tensor([[1, 2, 3], [1, 2, 3]]),
      "column j's sum has gradient g[j]; every element of column j receives it")

    let y = Variable(randomTensor([2, 3], seed: 93), name: "y")
    weightedSum(y.sum(alongAxis: 1, keepingDimension: true), Tensor([[1], [2]])).backward()
    expectClose(
      y.grad, Tensor([[1, 1, 1], [2, 2, 2]]),
      "row i's sum has gradient g[i]; reshape g to the kept shape [2, 1] and broadcast it back")
  }

  @Test("the row sums of a square matrix send each row's gradient along its row")
  func squareRowSums() {
    let x = Variable(randomTensor([3, 3], seed: 94), name: "x")
    weightedSum(x.sum(alongAxis: 1), Tensor([1, 2, 3])).backward()
    expectClose(
      x.grad, Tensor([[1, 1, 1], [2, 2, 2], [3, 3, 3]]),
      """
      the [3] gradient of the row sums must first be reshaped to the kept shape [3, 1]: \
      broadcast as it is, it lines up from the right and lands as a row, [[1, 2, 3], ...], \
      which has the right shape only because the matrix is square
      """)
  }

  @Test("a transpose's gradient is transposed back, not reshaped")
  func transposeNotReshape() {
    let x = Variable(Tensor([[1, 2, 3], [4, 5, 6]]), name: "x")
    let weights = Tensor([[1, 2], [3, 4], [5, 6]])
    weightedSum(x.transposed(), weights).backward()
    expectClose(
      x.grad, Tensor([[1, 3, 5], [2, 4, 6]]),
      """
      x[i, j] became element [j, i], so its gradient is g[j, i]: transpose g back. \
      g.reshaped([2, 3]) has the right shape and the wrong order ([[1, 2, 3], [4, 5, 6]])
      """)
  }

  @Test("logSumExp's gradient is the softmax of each row, finite even for logits like 1000")
  func logSumExpGivesSoftmax() {
    let x = Variable(Tensor([[1000, 0], [0, 0], [log(3), 0]]), name: "logits")
    weightedSum(x.logSumExp(alongAxis: 1), Tensor([1, 2, 4])).backward()
    expectClose(
      x.grad, Tensor([[1, 0], [1, 1], [3, 1]]), tolerance: 1e-12,
      """
      d logSumExp(x)/dx = softmax(x), times each row's upstream gradient. NaN means \
      exp(1000) overflowed: use the stable softmax of chapter 1
      """)
  }
}
