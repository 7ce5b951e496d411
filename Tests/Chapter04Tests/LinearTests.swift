import Autodiff
import AutodiffTestSupport
import Foundation
import Layers
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("4.1 Linear: y = x Wᵀ + b")
struct LinearTests {
  @Test("the forward pass equals x Wᵀ + b computed by hand")
  func forwardByHand() {
    let layer = randomLinear(inputs: 3, outputs: 2, seed: 11)
    let x = randomTensor([4, 3], seed: 12)
    let output = layer(Variable(x)).value
    let product = naiveMatmul(x, layer.weight.value.transposed())
    let expected = product + layer.bias!.value
    let diagnosis =
      allClose(output, product)
      ? "Your output equals x Wᵀ alone: the bias was never added."
      : "Compare with x Wᵀ + b, the bias added to every row of the batch."
    expectClose(
      output, expected, tolerance: 1e-12,
      "a [4, 3] batch through weight [2, 3] and bias [2] gives [4, 2]. \(diagnosis)")
  }

  @Test("the weight is [outputs, inputs]: a square layer multiplies by Wᵀ, not by W")
  func squareUsesTranspose() {
    let layer = Linear(weight: Tensor([[1, 2], [3, 4]]), bias: Tensor([0.5, -0.5]))
    let output = layer(Variable(Tensor([[1, 10]]))).value
    let diagnosis =
      allClose(output, Tensor([[31.5, 41.5]]))
      ? """
      You computed x W + b = [[31.5, 41.5]]: with as many inputs as outputs the shapes \
      agree either way, so only the values show it. Row o of the weight holds output o's \
      weights: multiply by weight.transposed().
      """
      : "Output 0 is 1*1 + 10*2 + 0.5 (row 0 of W), output 1 is 1*3 + 10*4 - 0.5 (row 1)."
    expectClose(output, Tensor([[21.5, 42.5]]), "\(diagnosis)")
  }

  @Test("a non-square layer maps [batch, inputs] to [batch, outputs]: the lesson's example")
  func nonSquareExample() {
    let layer = Linear(weight: Tensor([[1, 2, 3], [4, 5, 6]]), bias: Tensor([10, 20]))
    let output = layer(Variable(Tensor([[1, 0, 0], [0, 1, 1]]))).value
    expectClose(
      output, Tensor([[11, 24], [15, 31]]),
      """
      weight [2, 3] is [outputs, inputs]: 3 inputs, 2 outputs. Row 1 of the batch, [0, 1, 1], \
      gives [2 + 3 + 10, 5 + 6 + 20] = [15, 31]
      """)
  }

  @Test("without a bias the layer computes x Wᵀ and owns no bias")
  func withoutBias() {
    let layer = Linear(weight: Tensor([[1, -1], [2, 0.5], [0, 3]]), bias: nil)
    let output = layer(Variable(Tensor([[2, 4]]))).value
    #expect(layer.bias == nil)
    expectClose(
      output, Tensor([[-2, 6, 12]]),
      "with bias: false (or bias: nil) there is nothing to add: y = x Wᵀ, here [1, 2] x [2, 3]")
  }

  @Test("a single example [inputs] gives [outputs]; extra leading dimensions are kept")
  func leadingDimensions() {
    let layer = Linear(weight: Tensor([[1, 2, 3], [4, 5, 6]]), bias: Tensor([10, 20]))
    expectClose(
      layer(Variable(Tensor([1, 1, 1]))).value, Tensor([16, 35]),
      "a rank-1 input is one example: [3] -> [2]")
    let batch = Tensor(shape: [2, 2, 3], scalars: (0..<12).map(Double.init))
    let expected =
      Tensor(
        shape: [2, 2, 2],
        scalars: naiveMatmul(batch.reshaped([4, 3]), Tensor([[1, 4], [2, 5], [3, 6]])).scalars)
      + Tensor([10, 20])
    expectClose(
      layer(Variable(batch)).value, expected,
      """
      a [2, 2, 3] input gives [2, 2, 2]: the layer acts on the last dimension. Flatten the \
      leading dimensions to one ([4, 3]), multiply, and reshape to [2, 2] + [outputs]
      """)
  }

  @Test("the gradients reach weight and bias: dL/dW = Gᵀ x and dL/db = the column sums of G")
  func gradients() {
    let layer = randomLinear(inputs: 3, outputs: 2, seed: 21)
    let x = randomTensor([5, 3], seed: 22)
    let upstream = signedTensor([5, 2], seed: 23)
    weightedSum(layer(Variable(x)), upstream).backward()
    let cut =
      layer.bias!.grad.scalars.allSatisfy { $0 == 0 }
      ? """
      No gradient reached the bias either: the output left the graph. Returning \
      Variable(output.value) (or any Variable built from a .value) makes a new leaf that \
      backward() stops at: keep the Variable that matmul and + returned.
      """
      : """
      Zeros mean the output was not computed from the weight Variable itself (weight.value \
      builds a constant, which no gradient reaches).
      """
    expectClose(
      layer.weight.grad, naiveMatmul(upstream.transposed(), x), tolerance: 1e-12,
      "dL/dW = Gᵀ x, [2, 5] x [5, 3] = [2, 3], the weight's shape. \(cut)")
    expectClose(
      layer.bias!.grad, upstream.sum(alongAxis: 0), tolerance: 1e-12,
      """
      dL/db sums G over the batch: the bias is broadcast to every row, so add it with the \
      Variable + of chapter 3 and its backward pass sums for you
      """)
  }

  @Test("a new Linear(inputs: 9, outputs: 5) draws W [5, 9] and b [5] from U(-1/3, 1/3)")
  func initialisation() {
    var generator = SeededGenerator(seed: 31)
    let layer = Linear(inputs: 9, outputs: 5, using: &generator)
    let values = layer.weight.value.scalars + (layer.bias?.value.scalars ?? [])
    #expect(layer.weight.shape == [5, 9] && layer.bias?.shape == [5])
    #expect(layer.inputs == 9 && layer.outputs == 5)
    #expect(values.allSatisfy { abs($0) <= 1.0 / 3 }, "PyTorch's bound is 1/sqrt(inputs) = 1/3")
    #expect(Set(values).count == values.count, "every value is drawn independently")
    let x = randomTensor([2, 9], seed: 32)
    expectClose(
      layer(Variable(x)).value,
      naiveMatmul(x, layer.weight.value.transposed()) + layer.bias!.value, tolerance: 1e-12,
      "a randomly initialised layer computes x Wᵀ + b like any other")
  }

  @Test("an input whose last dimension is not `inputs` stops with a message naming both shapes")
  func wrongInputStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let layer = Linear(weight: Tensor(shape: [2, 3], repeating: 1), bias: nil)
      _ = layer(Variable(Tensor(shape: [4, 2], repeating: 1)))
    }
    expectMessage(
      result, from: "a Linear layer of weight [2, 3] applied to a [4, 2] input",
      contains: ["Linear", "[4, 2]", "[2, 3]"],
      """
      check(input.shape.last == inputs, ...) before multiplying, naming the layer, the input's \
      shape and the weight's shape: matmul's own message would only show [4, 2] x [3, 2]
      """)
  }
}
