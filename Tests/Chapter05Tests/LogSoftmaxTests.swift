import Autodiff
import AutodiffTestSupport
import Foundation
import Losses
import Tensors
import TestSupport
import Testing

@Suite("5.2 Log-softmax")
struct LogSoftmaxTests {
  @Test("log-softmax is x - logSumExp(x) along the last axis, by hand")
  func byHand() {
    let logits = Tensor([[1, 2, 3], [0, 0, 0]])
    let shift = 3 + Foundation.log(1 + Foundation.exp(-1.0) + Foundation.exp(-2.0))  // 3.4076...
    let third = Foundation.log(3.0)
    let expected = Tensor([[1 - shift, 2 - shift, 3 - shift], [-third, -third, -third]])
    expectClose(
      logSoftmax(Variable(logits)).value, expected, tolerance: 1e-12,
      """
      row 0: x - 3.4076 = [-2.4076, -1.4076, -0.4076]; row 1, three equal logits: -ln 3 each. \
      Subtract each row's own logSumExp, kept as a [2, 1] column (keepingDimension: true)
      """)
  }

  @Test("along either axis, exp(log-softmax) sums to 1 and shifting the logits changes nothing")
  func normalisedAndShiftInvariant() {
    let logits = randomTensor([3, 4], seed: 11) * 3
    for axis in [1, 0, -1] {
      let result = logSoftmax(Variable(logits), alongAxis: axis).value
      let sums = result.map { Foundation.exp($0) }.sum(alongAxis: axis)
      expectClose(
        sums, Tensor(shape: sums.shape, repeating: 1), tolerance: 1e-12,
        """
        axis \(axis): exp of a log-probability is a probability, and those along the axis sum \
        to 1. Reduce along the axis you were given, not always the last
        """)
      let shifted = logSoftmax(Variable(logits + 50), alongAxis: axis).value
      expectClose(
        shifted, result, tolerance: 1e-12,
        "axis \(axis): adding 50 to every logit must not change any log-probability")
    }
  }

  @Test("logits of 1000 give finite log-probabilities [0, -1000] and a finite gradient")
  func stableAtLargeLogits() {
    let logits = Variable(Tensor([[1000, 0], [-1000, 0], [1000, 1000]]))
    let result = logSoftmax(logits)
    expectClose(
      result.value,
      Tensor([[0, -1000], [-1000, 0], [-Foundation.log(2.0), -Foundation.log(2.0)]]),
      tolerance: 1e-12,
      """
      exp(1000) is infinite in Double: log(sum(exp(x))) must be computed with the row's \
      maximum subtracted first (chapter 1's logSumExp does it). The unshifted formula gives \
      NaN here, and log(softmax(x)) gives -inf where the answer is -1000
      """)
    weightedSum(result, Tensor([[1, 2], [3, 4], [5, 6]])).backward()
    // dL/dx = g - softmax(x) * sum(g): row 0 [1, 2] - [1, 0] * 3; row 1 [3, 4] - [0, 1] * 7;
    // row 2 [5, 6] - [0.5, 0.5] * 11.
    expectClose(
      logits.grad, Tensor([[-2, 2], [3, -3], [-0.5, 0.5]]), tolerance: 1e-12,
      "the gradient is g - softmax(x) * (row sum of g), finite for any logits")
  }

  @Test("the gradient matches the numerical gradient along either axis", arguments: [-1, 0])
  func gradientAgainstNumerical(axis: Int) {
    let logits = randomTensor([3, 4], seed: 21)
    let weights = randomTensor([3, 4], seed: 22)
    expectGradientMatchesNumerical("logSoftmax along axis \(axis)", at: logits) {
      weightedSum(logSoftmax($0, alongAxis: axis), weights)
    }
  }
}
