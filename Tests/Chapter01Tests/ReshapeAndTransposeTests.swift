import Tensors
import TestSupport
import Testing

@Suite("1.2 Reshape is not transpose")
struct ReshapeAndTransposeTests {
  let x = Tensor([[1, 2, 3], [4, 5, 6]])

  @Test("reshape keeps the scalars in the same order and only changes the shape")
  func reshapeKeepsOrder() {
    let y = x.reshaped([3, 2])
    expectEqual(y.shape, [3, 2], "the shape of [[1, 2, 3], [4, 5, 6]].reshaped([3, 2])")
    expectEqual(
      y.scalars, [1, 2, 3, 4, 5, 6], "the scalars of [[1, 2, 3], [4, 5, 6]].reshaped([3, 2])",
      "a reshape must not move any element")
    expectClose(y, Tensor([[1, 2], [3, 4], [5, 6]]))
  }

  @Test("one dimension of -1 is inferred from the element count")
  func reshapeInfersMinusOne() {
    let inferred: Comment = "-1 stands for the one dimension that makes the count (6) come out"
    expectEqual(
      x.reshaped([-1]).shape, [6], "the shape of a [2, 3] tensor reshaped([-1])", inferred)
    expectEqual(
      x.reshaped([3, -1]).shape, [3, 2], "the shape of a [2, 3] tensor reshaped([3, -1])", inferred)
    expectEqual(
      x.reshaped([-1, 1, 2]).scalars, x.scalars,
      "the scalars of [[1, 2, 3], [4, 5, 6]].reshaped([-1, 1, 2])",
      "a reshape, with or without -1, keeps every element where it is")
  }

  @Test("transpose swaps rows and columns: result[j, i] == x[i, j]")
  func transposeKnownAnswer() {
    let t = x.transposed()
    let square = Tensor([[1, 2], [3, 4]]).transposed()
    let diagnosis: Comment =
      t.shape == x.shape
      ? "the shape must be swapped too: transposing a [2, 3] matrix gives a [3, 2] one"
      : t.scalars == x.scalars
        ? """
        the scalars are still in x's order: that is a reshape to [3, 2], not a transpose; \
        a transpose must move the elements
        """
        : square == Tensor([[1, 3], [2, 4]])
          ? """
          right for a square matrix only: a row of the result has `rows` elements (the old \
          number of rows), so x[i, j] goes to position j * rows + i
          """
          : "result[j, i] must be x[i, j]"
    expectClose(t, Tensor([[1, 4], [2, 5], [3, 6]]), diagnosis)
  }

  @Test(
    "transposing twice gives the original back", arguments: [(1, 7), (4, 3), (5, 5), (2, 9)])
  func transposeTwice(rows: Int, columns: Int) {
    let a = randomTensor([rows, columns], seed: UInt64(rows * 10 + columns))
    let once = a.transposed()
    expectEqual(
      once.shape, [columns, rows], "the shape of a [\(rows), \(columns)] matrix transposed",
      "a transpose swaps the two dimensions")
    expectClose(once.transposed(), a, tolerance: 0)
  }

  @Test("a reshape to the transposed shape is not the transpose (the view-is-not-permute bug)")
  func reshapeIsNotTranspose() {
    let reshaped = x.reshaped([3, 2])
    let transposed = x.transposed()
    expectEqual(
      transposed.shape, reshaped.shape, "the shape of [[1, 2, 3], [4, 5, 6]].transposed()",
      "a [2, 3] matrix transposed is [3, 2], the shape the reshape was given")
    #expect(
      reshaped != transposed,
      "same shape, different order: reshape keeps row-major order, transpose moves elements")
    #expect(transposed[0, 1] == x[1, 0], "transposed[0, 1] must be x[1, 0] = 4")
  }

  @Test("a reshape to a different element count stops, naming both shapes")
  func reshapeCountMismatchStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).reshaped([4, 2])
    }
    expectMessage(
      result, from: "reshaped([4, 2]) on shape [2, 3]", contains: ["reshape", "[2, 3]", "[4, 2]"],
      """
      reshaped must compare the element counts itself (6 vs 8) and stop with a message that \
      names reshape and both shapes
      """)
  }

  @Test("transposing a tensor that is not a matrix stops, naming its shape")
  func transposeRankStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3, 4]).transposed()
    }
    expectMessage(
      result, from: "transposed() on shape [2, 3, 4]", contains: ["transpose", "[2, 3, 4]"])
  }
}
