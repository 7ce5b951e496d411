import Autodiff
import Tensors
import TestSupport
import Testing

@Suite("3.3 Unbroadcast: summing over the broadcast axes")
struct UnbroadcastTests {
  @Test("a [4, 3] gradient for a [3] bias becomes the column sums")
  func biasGetsColumnSums() {
    let gradient = Tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
    let result = unbroadcast(gradient, to: [3])
    let averaged = result.shape == [3] && result.scalars == [5.5, 6.5, 7.5]
    expectClose(
      result, Tensor([22, 26, 30]),
      """
      each bias element was added to all 4 rows, so its gradient is the sum of the 4 rows' \
      gradients (sum over the leading axis, which the bias does not have)\
      \(averaged ? "; you averaged them: the sum, not the mean" : "")
      """)
  }

  @Test("a [2, 3] gradient for a [2, 1] operand becomes the row sums, kept as a [2, 1] column")
  func columnKeepsItsAxis() {
    let gradient = Tensor([[1, 2, 3], [4, 5, 6]])
    expectClose(
      unbroadcast(gradient, to: [2, 1]), Tensor([[6], [15]]),
      """
      the operand's axis 1 has size 1 and was stretched to 3: sum along it with \
      keepingDimension: true, so the result keeps the operand's shape [2, 1]
      """)
  }

  @Test(
    "unbroadcast sums exactly the axes that broadcasting stretched, and keeps the shape",
    arguments: [
      ([2, 3, 4], [3, 1]), ([2, 3], [2, 1]), ([2, 3], [1, 3]), ([2, 3], []),
      ([2, 3], [1]), ([5, 1, 4], [1, 4]), ([2, 3], [2, 3]), ([3, 2, 4], [3, 1, 1]),
    ])
  func matchesExplicitSums(gradientShape: [Int], shape: [Int]) {
    let gradient = randomTensor(gradientShape, seed: 21)
    // Oracle: element i of the gradient lands on the element of `shape` it was broadcast
    // from: drop the leading axes `shape` lacks, and read index 0 along every axis of size 1.
    var expected = [Double](repeating: 0, count: shape.reduce(1, *))
    let extra = gradientShape.count - shape.count
    for flat in 0..<gradient.count {
      let index = multiIndex(flat, shape: gradientShape)
      var target = 0
      for axis in shape.indices {
        target = target * shape[axis] + (shape[axis] == 1 ? 0 : index[axis + extra])
      }
      expected[target] += gradient.scalars[flat]
    }
    expectClose(
      unbroadcast(gradient, to: shape), Tensor(shape: shape, scalars: expected),
      tolerance: 1e-12,
      """
      from \(gradientShape) to \(shape): sum away the leading extra axes, then sum with \
      keepingDimension: true every axis where the target has 1 and the gradient does not
      """)
  }

  @Test("a gradient that cannot come from broadcasting the shape stops with a message")
  func incompatibleStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = unbroadcast(Tensor.zeros([2, 3]), to: [4])
    }
    expectMessage(
      result, from: "unbroadcast of a [2, 3] gradient to the shape [4]",
      contains: ["unbroadcast", "[2, 3]", "[4]"])
  }
}
