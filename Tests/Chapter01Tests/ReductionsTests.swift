import Tensors
import TestSupport
import Testing

@Suite("1.5 Reductions along an axis")
struct ReductionsTests {
  let x = Tensor([[1, 2, 3], [4, 5, 6]])

  @Test("sum along axis 0 adds the rows, along axis 1 adds the columns")
  func sums() {
    let layout: Comment = """
      around the axis, the tensor is outer x length x inner: the element (o, k, i) is at \
      (o * length + k) * inner + i, and along axis 0 of a matrix inner is the number of columns
      """
    expectClose(x.sum(alongAxis: 0), Tensor([5, 7, 9]), layout)
    expectClose(x.sum(alongAxis: 1), Tensor([6, 15]), layout)
    expectClose(x.sum(alongAxis: -1), Tensor([6, 15]), "axis -1 means the last axis")
  }

  @Test("keepingDimension leaves the reduced axis with size 1, ready to broadcast back")
  func keepingDimension() throws {
    let rowSums = x.sum(alongAxis: 1, keepingDimension: true)
    // Required, not expected: a [2] result would make the division below stop the process.
    try #require(
      rowSums.shape == [2, 1],
      """
      with keepingDimension: true the reduced axis stays, with size 1: [2, 3] becomes [2, 1], \
      got \(rowSums.shape)
      """)
    expectClose(rowSums, Tensor([[6], [15]]))
    let expected: [[Double]] = [[1, 2, 3].map { $0 / 6 }, [4, 5, 6].map { $0 / 15 }]
    expectClose(x / rowSums, Tensor(expected), "the [2, 1] sums broadcast across each row")
  }

  @Test("mean along an axis divides by that axis's length")
  func means() {
    expectClose(x.mean(alongAxis: 0), Tensor([2.5, 3.5, 4.5]))
    expectClose(x.mean(alongAxis: 1), Tensor([2, 5]))
  }

  @Test("max works on rows of negative numbers")
  func maxOfNegatives() {
    let negative = Tensor([[-3, -1, -2], [-5, -9, -4]])
    expectClose(
      negative.max(alongAxis: 1), Tensor([-1, -4]),
      "start the fold from minus infinity (reduced(initial: -.infinity)), not from 0")
  }

  @Test("argmax returns the position of the largest element, the first one on ties")
  func argmax() {
    let y = Tensor([[1, 9, 3], [7, 5, 7], [-2, -1, -3]])
    let ties = "ties go to the first index: replace the best only on a strictly larger value (>)"
    expectEqual(
      y.argmax(alongAxis: 1), [1, 0, 1],
      "argmax(alongAxis: 1) of [[1, 9, 3], [7, 5, 7], [-2, -1, -3]]",
      "\(ties); row [7, 5, 7] gives 0")
    expectEqual(
      y.argmax(alongAxis: 0), [1, 0, 1],
      "argmax(alongAxis: 0) of [[1, 9, 3], [7, 5, 7], [-2, -1, -3]]", "\(ties)")
    expectEqual(
      Tensor([[1, 2, 3], [6, 4, 5]]).argmax(alongAxis: 1), [2, 0],
      "argmax(alongAxis: 1) of [[1, 2, 3], [6, 4, 5]]",
      "the largest element may be the last one: does your loop reach k = length - 1?")
  }

  @Test(
    "reducing the middle axis of a rank-3 tensor matches an explicit loop",
    arguments: [0, 1, 2])
  func rank3AgainstLoop(axis: Int) {
    let shape = [2, 3, 4]
    let t = randomTensor(shape, seed: 5)
    var expected = [Double](repeating: 0, count: t.count / shape[axis])
    var remaining = shape
    remaining.remove(at: axis)
    for flat in 0..<t.count {
      var index = multiIndex(flat, shape: shape)
      index.remove(at: axis)
      let target = index.indices.reduce(0) { $0 * remaining[$1] + index[$1] }
      expected[target] += t.scalars[flat]
    }
    expectClose(
      t.sum(alongAxis: axis), Tensor(shape: remaining, scalars: expected), tolerance: 1e-12,
      "see a tensor as outer x length x inner around the axis you reduce")
  }

  @Test("an axis out of range stops with a message naming the axis and the shape")
  func badAxisStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).reduced(alongAxis: 2, initial: 0, +)
    }
    expectMessage(
      result, from: "reduced(alongAxis: 2) on shape [2, 3]", contains: ["axis 2", "[2, 3]"])
  }
}
