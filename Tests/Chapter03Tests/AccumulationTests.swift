import Autodiff
import Tensors
import TestSupport
import Testing

/// A small linear regression: 8 examples with 3 features, a [3, 1] weight and a [1] bias.
struct Regression {
  let inputs = randomTensor([8, 3], seed: 101)
  let targets = randomTensor([8, 1], seed: 102)
  let startWeight = randomTensor([3, 1], seed: 103)
  let startBias = Tensor([0.25])

  /// Rows `start..<start + count` of a row-major matrix.
  func rows(_ matrix: Tensor, _ start: Int, _ count: Int) -> Tensor {
    let width = matrix.shape[1]
    return Tensor(
      shape: [count, width],
      scalars: Array(matrix.scalars[(start * width)..<((start + count) * width)]))
  }

  /// The squared errors of micro-batch `index` of `count` (a [rows, 1] variable).
  func squaredErrors(
    _ w: Variable, _ b: Variable, microBatch index: Int, of count: Int
  ) -> Variable {
    let size = 8 / count
    let x = Variable(rows(inputs, index * size, size))
    let y = Variable(rows(targets, index * size, size))
    let error = matmul(x, w) + b - y
    return error * error
  }

  /// The residuals `X w + b - y` of the whole batch at the starting parameters (an oracle
  /// computed with plain tensors and the test suite's own matrix product).
  var residuals: Tensor { naiveMatmul(inputs, startWeight) + startBias - targets }

  /// The closed-form gradient of the summed squared error: `2 Xᵀ r` and `2 sum(r)`.
  var summedLossGradient: (w: Tensor, b: Tensor) {
    (naiveMatmul(inputs.transposed(), residuals) * 2, Tensor([residuals.sum() * 2]))
  }

  /// The closed-form gradient of the mean squared error: the above divided by 8.
  var meanLossGradient: (w: Tensor, b: Tensor) {
    (summedLossGradient.w / 8, summedLossGradient.b / 8)
  }

  /// The gradient with respect to w of the last micro-batch's share of the mean loss alone
  /// (its mean squared error divided by `count`): what is left when the gradients are zeroed
  /// inside the loop.
  func lastMicroBatchGradient(of count: Int) -> Tensor {
    let size = 8 / count
    let start = 8 - size
    let r = rows(residuals, start, size)
    return naiveMatmul(rows(inputs, start, size).transposed(), r) * (2 / Double(size * count))
  }

  /// The mean squared error of the whole batch at the starting parameters.
  var meanLoss: Double { (residuals * residuals).mean() }
}

@Suite("3.7 Gradient accumulation over micro-batches")
struct AccumulationTests {
  let problem = Regression()

  @Test(
    "k backward passes without zeroing add up to the gradient of the summed loss",
    arguments: [2, 4, 8])
  func microBatchIdentity(count: Int) {
    let w = Variable(problem.startWeight, name: "w")
    let b = Variable(problem.startBias, name: "b")
    for index in 0..<count {
      problem.squaredErrors(w, b, microBatch: index, of: count).sum().backward()
    }
    let expected = problem.summedLossGradient
    expectClose(
      w.grad, expected.w, tolerance: 1e-12,
      """
      the loss is a sum over examples and a gradient is linear, so the k micro-batch \
      gradients, accumulated by +=, must add up to the whole batch's gradient
      """)
    expectClose(b.grad, expected.b, tolerance: 1e-12)
  }

  @Test(
    "accumulateGradients gives the gradient of the whole batch's mean loss, from any old grad",
    arguments: [1, 2, 4, 8])
  func accumulateMatchesFullBatch(count: Int) {
    let w = Variable(problem.startWeight, name: "w")
    let b = Variable(problem.startBias, name: "b")
    w.grad = Tensor(shape: [3, 1], repeating: 100)  // left over from an earlier step
    b.grad = Tensor([-100])
    let loss = accumulateGradients(of: [w, b], microBatchCount: count) { index in
      problem.squaredErrors(w, b, microBatch: index, of: count).mean()
    }
    let expected = problem.meanLossGradient
    let matches = { (candidate: Tensor) in
      w.grad.shape == candidate.shape
        && zip(w.grad.scalars, candidate.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-9) }
    }
    let diagnosis =
      matches(expected.w + 100)
      ? "It is the right gradient plus the 100 an earlier step left: zero the gradients once, "
        + "before the loop."
      : count > 1 && matches(expected.w * Double(count))
        ? "It is \(count) times too large: divide each micro-batch's mean loss by k before "
          + "backward()."
        : count > 1 && matches(problem.lastMicroBatchGradient(of: count))
          ? "It is the last micro-batch's share alone: do not zero inside the loop, only once "
            + "before it."
          : ""
    expectClose(
      w.grad, expected.w, tolerance: 1e-12,
      """
      with \(count) micro-batches: zero the gradients once, before the loop (an earlier \
      step left 100 in them); divide each micro-batch's mean loss by k before backward() \
      (otherwise the gradient is k times too large); do not zero inside the loop (only the \
      last micro-batch would remain). \(diagnosis)
      """)
    expectClose(b.grad, expected.b, tolerance: 1e-12)
    #expect(
      isClose(loss, problem.meanLoss, tolerance: 1e-12),
      """
      return the whole batch's mean loss (the sum of the scaled micro-batch losses): got \
      \(loss), expected \(problem.meanLoss)
      """)
  }

  @Test("the missing zero_grad: backward twice doubles the gradient, accumulateGradients does not")
  func missingZeroGrad() {
    let w = Variable(problem.startWeight, name: "w")
    let b = Variable(problem.startBias, name: "b")
    let loss = problem.squaredErrors(w, b, microBatch: 0, of: 1).mean()
    loss.backward()
    let once = w.grad
    expectClose(once, problem.meanLossGradient.w, tolerance: 1e-12)
    loss.backward()
    #expect(
      w.grad == once * 2,
      """
      two backward passes on the same batch without zeroing in between give exactly twice \
      the gradient: a training step would then follow the sum of every gradient so far
      """)

    for attempt in 1...2 {
      _ = accumulateGradients(of: [w, b], microBatchCount: 1) { _ in
        problem.squaredErrors(w, b, microBatch: 0, of: 1).mean()
      }
      expectClose(
        w.grad, once, tolerance: 1e-12,
        """
        call \(attempt) of accumulateGradients must start from zero gradients (zeroGrad every \
        parameter first), whatever earlier passes left behind
        """)
    }
  }

  @Test("a micro-batch count below 1 stops with a message")
  func zeroMicroBatchesStops() async {
    let hint: Comment = """
      accumulateGradients must stop when microBatchCount is below 1: with no micro-batch there \
      is no loss and no gradient, and dividing by k = 0 makes no sense
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      let w = Variable(Tensor([1]))
      _ = accumulateGradients(of: [w], microBatchCount: 0) { _ in w.sum() }
    }
    expectMessage(
      result, from: "accumulateGradients with microBatchCount: 0",
      contains: ["accumulateGradients", "0"], hint)
  }
}
