import Tensors
import TestSupport
import Testing

@Suite("1.3 Broadcasting and elementwise arithmetic")
struct BroadcastingTests {
  @Test(
    "shapes broadcast by NumPy's rules, aligned from the right",
    arguments: [
      ([2, 3], [3], [2, 3]), ([2, 1], [1, 3], [2, 3]), ([4, 1, 3], [2, 1], [4, 2, 3]),
      ([], [2, 2], [2, 2]), ([5, 4], [5, 4], [5, 4]), ([3, 1], [3], [3, 3]),
    ])
  func broadcastShapes(a: [Int], b: [Int], expected: [Int]) {
    let rules = """
      align the shapes from the right (pad the shorter one with 1s on the left), then each \
      position takes the size that is not 1 (the larger), whichever operand it comes from
      """
    expectEqual(Tensor.broadcastShape(a, b), expected, "broadcastShape(\(a), \(b))", "\(rules)")
    expectEqual(
      Tensor.broadcastShape(b, a), expected, "broadcastShape(\(b), \(a))",
      "broadcasting is symmetric: \(rules)")
  }

  @Test("a row vector is added to every row")
  func rowBroadcast() {
    let sum = Tensor([[1, 2, 3], [4, 5, 6]]) + Tensor([10, 20, 30])
    expectClose(sum, Tensor([[11, 22, 33], [14, 25, 36]]))
  }

  @Test("a column plus a row gives the table of all sums (both operands stretch)")
  func outerBroadcast() {
    let sum = Tensor([[1], [2]]) + Tensor([[10, 20, 30]])
    expectClose(
      sum, Tensor([[11, 21, 31], [12, 22, 32]]),
      """
      a dimension of size 1 must read index 0 for every position; wrapping the flat index \
      around (i % count) only works when the small operand's dimensions are the last ones
      """)
  }

  @Test("a [3, 1] column against a [3] vector gives a [3, 3] table, not an elementwise sum")
  func columnAgainstVector() {
    let product = Tensor([[1], [2], [3]]) * Tensor([1, 10, 100])
    expectClose(product, Tensor([[1, 10, 100], [2, 20, 200], [3, 30, 300]]))
  }

  @Test("a smaller left operand is stretched in place: [3] - [2, 3] keeps the order")
  func smallerLeftOperand() {
    let difference = Tensor([10, 20, 30]) - Tensor([[1, 2, 3], [4, 5, 6]])
    let expected = Tensor([[9, 18, 27], [6, 15, 24]])
    let swapped = difference.scalars == expected.scalars.map { -$0 }
    expectClose(
      difference, expected,
      swapped
        ? """
        you computed [[1, 2, 3], [4, 5, 6]] - [10, 20, 30]: the operands were swapped so that \
        the larger one comes first, which reverses - and /; stretch the left operand in place
        """
        : "either operand may be the one that is stretched")
  }

  @Test("a rank-0 tensor broadcasts against anything")
  func scalarBroadcast() {
    expectClose(Tensor(2) * Tensor([[1, 2], [3, 4]]), Tensor([[2, 4], [6, 8]]))
  }

  @Test("elementwise ops with broadcasting agree with an explicit loop on random tensors")
  func randomAgainstLoop() {
    let a = randomTensor([3, 1, 4], seed: 11)
    let b = randomTensor([2, 4], seed: 12)
    let result = a.combined(with: b) { $0 - 2 * $1 }
    var expected = [Double]()
    for i in 0..<3 {
      for j in 0..<2 {
        for k in 0..<4 { expected.append(a.scalars[i * 4 + k] - 2 * b.scalars[j * 4 + k]) }
      }
    }
    expectClose(result, Tensor(shape: [3, 2, 4], scalars: expected), tolerance: 1e-12)
  }

  @Test("incompatible shapes stop with a message naming the operation and both shapes")
  func incompatibleStops() async {
    let hint: Comment = """
      broadcastShape must stop here: aligned from the right, 3 and 2 differ and neither is 1. \
      Its message names the operation (broadcast) and both shapes, so that when it stops a \
      training loop you know which operands to look at
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      _ = Tensor.zeros([2, 3]) + Tensor.zeros([2])
    }
    expectMessage(
      result, from: "Tensor.zeros([2, 3]) + Tensor.zeros([2])",
      contains: ["broadcast", "[2, 3]", "[2]"], hint)
  }
}
