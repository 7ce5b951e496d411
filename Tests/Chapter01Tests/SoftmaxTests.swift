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
    expectEqual(
      p.shape, [5, 4], "the shape of softmax() of [5, 4] logits", "softmax keeps the shape")
    #expect(p.scalars.allSatisfy { $0 >= 0 })
    expectClose(
      p.sum(alongAxis: 1), Tensor.ones([5]), tolerance: 1e-12,
      "divide by the sum along the same axis as the max: the axis you were given")
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
    let oneMaxForAll =
      lse.shape == [3] && isClose(lse.scalars[0], 1000 + log(2)) && lse.scalars[1] == -.infinity
    expectClose(
      lse, Tensor([1000 + log(2), -1000 + log(2), log(2)]), tolerance: 1e-12,
      oneMaxForAll
        ? """
        the row [-1000, -1000] gave -inf while [1000, 1000] is right: you subtracted one max \
        for the whole tensor; take it per row (max along the axis, keepingDimension: true)
        """
        : "exp(-1000) underflows to 0 and log(0) is -inf: the max shift fixes both ends")
  }

  @Test("softmax does not change when a constant is added to a row")
  func shiftInvariance() {
    let logits = randomTensor([3, 5], seed: 9)
    expectClose((logits + 50).softmax(), logits.softmax(), tolerance: 1e-12)
  }

  @Test("softmax along axis 0 normalises the columns")
  func alongAxisZero() {
    let p = Tensor([[0, 1], [0, 3]]).softmax(alongAxis: 0)
    expectClose(
      p.sum(alongAxis: 0), Tensor([1, 1]), tolerance: 1e-12,
      "softmax(alongAxis: 0) must take the max and the sum along the same axis, axis 0")
    #expect(isClose(p[0, 0], 0.5), "a column of equal logits gives equal probabilities")
  }

  @Test("log-sum-exp matches log(sum(exp(x))) where that formula is safe")
  func logSumExpAgainstNaive() {
    let x = randomTensor([4, 6], seed: 17)
    let naive = x.map(exp).sum(alongAxis: 1).map(log)
    let lse = x.logSumExp(alongAxis: 1)
    let rowMax = (0..<4).map { row in (0..<6).map { x.scalars[row * 6 + $0] }.max()! }
    let offByMax =
      lse.shape == [4]
      && (0..<4).allSatisfy { isClose(lse.scalars[$0] + rowMax[$0], naive.scalars[$0]) }
    expectClose(
      lse, naive, tolerance: 1e-12,
      offByMax
        ? "off by exactly the row max: log(sum(exp(x - m))) is logsumexp(x) - m, so add m back"
        : "logSumExp = m + log(sum(exp(x - m))), with m the max along the axis")
    expectEqual(
      x.logSumExp(alongAxis: 1, keepingDimension: true).shape, [4, 1],
      "the shape of logSumExp(alongAxis: 1, keepingDimension: true) of a [4, 6] tensor",
      "keepingDimension: true leaves the reduced axis in place, with size 1")
  }
}
