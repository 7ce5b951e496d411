import Foundation
import Tensors
import TestSupport
import Testing

@Suite("1.6 Stable log-sum-exp and softmax")
struct SoftmaxTests {
  @Test("every softmax row is non-negative and sums to 1", arguments: [1, 2, 3])
  func rowsSumToOne(seed: UInt64) {
    let logits = randomTensor([5, 4], seed: seed) * 3
    let p = logits.softmax()
    #expect(p.shape == [5, 4])
    #expect(p.scalars.allSatisfy { $0 >= 0 })
    expectClose(p.sum(alongAxis: 1), Tensor.ones([5]), tolerance: 1e-12)
  }

  @Test("softmax of [1000, 0] is [1, 0] and finite, where the naive formula gives NaN")
  func largeLogits() {
    let p = Tensor([[1000, 0]]).softmax()
    expectClose(
      p, Tensor([[1, 0]]), tolerance: 1e-12,
      "exp(1000) overflows to infinity and inf/inf is NaN: subtract the row's max first")
  }

  @Test("log-sum-exp stays exact for very large and very negative logits")
  func logSumExpExtremes() {
    let lse = Tensor([[1000, 1000], [-1000, -1000], [0, 0]]).logSumExp(alongAxis: 1)
    expectClose(
      lse, Tensor([1000 + log(2), -1000 + log(2), log(2)]), tolerance: 1e-12,
      "exp(-1000) underflows to 0 and log(0) is -inf: the max shift fixes both ends")
  }

  @Test("softmax does not change when a constant is added to a row")
  func shiftInvariance() {
    let logits = randomTensor([3, 5], seed: 9)
    expectClose((logits + 50).softmax(), logits.softmax(), tolerance: 1e-12)
  }

  @Test("softmax along axis 0 normalises the columns")
  func alongAxisZero() {
    let p = Tensor([[0, 1], [0, 3]]).softmax(alongAxis: 0)
    expectClose(p.sum(alongAxis: 0), Tensor([1, 1]), tolerance: 1e-12)
    #expect(isClose(p[0, 0], 0.5), "a column of equal logits gives equal probabilities")
  }

  @Test("log-sum-exp matches log(sum(exp(x))) where that formula is safe")
  func logSumExpAgainstNaive() {
    let x = randomTensor([4, 6], seed: 17)
    let naive = x.map(exp).sum(alongAxis: 1).map(log)
    expectClose(x.logSumExp(alongAxis: 1), naive, tolerance: 1e-12)
    #expect(x.logSumExp(alongAxis: 1, keepingDimension: true).shape == [4, 1])
  }
}
