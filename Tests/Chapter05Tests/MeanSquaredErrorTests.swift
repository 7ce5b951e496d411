import Autodiff
import Losses
import Tensors
import TestSupport
import Testing

@Suite("5.1 Mean squared error")
struct MeanSquaredErrorTests {
  @Test("MSE is the mean of the squared differences over every element, one number of shape []")
  func byHand() {
    let prediction = Variable(Tensor([[1, 2], [3, 4]]))
    let loss = meanSquaredError(prediction, Tensor([[0, 2], [1, 0]]))
    // Differences [[1, 0], [2, 4]]; squares 1, 0, 4, 16; four elements.
    let diagnosis =
      switch loss.value.scalars.first ?? .nan {
      case 10.5: " 10.5 is the sum divided by the 2 rows: N counts every element."
      case 21: " 21 is the sum: divide by N."
      case 1.75: " 1.75 is the mean of the differences: square them first."
      case 2.625:
        " 2.625 is half the mean: MSE has no 1/2 (the ½ (p - t)² of some textbooks is another "
          + "loss, with half the gradient; PyTorch's MSELoss has none)."
      default: ""
      }
    expectClose(
      loss.value, Tensor(5.25),
      "(1 + 0 + 4 + 16) / 4 = 5.25, a rank-0 tensor as mean() gives.\(diagnosis)")
  }

  @Test("the gradient is 2 (p - t) / N, by hand and against the numerical gradient")
  func gradient() {
    let prediction = Variable(Tensor([[1, 2], [3, 4]]))
    meanSquaredError(prediction, Tensor([[0, 2], [1, 0]])).backward()
    expectClose(
      prediction.grad, Tensor([[0.5, 0], [1, 2]]),
      """
      2 (p - t) / 4: 4x this means the mean lost its 1/N, half means the square's 2 is \
      missing, and the opposite sign means (t - p) with the target as the graph's input
      """)
    for (shape, seed) in [([3, 4], 1), ([5, 1], 2), ([6], 3)] as [([Int], UInt64)] {
      let target = randomTensor(shape, seed: seed + 100)
      expectGradientMatchesNumerical("MSE of shape \(shape)", at: randomTensor(shape, seed: seed)) {
        meanSquaredError($0, target)
      }
    }
  }

  @Test("a [4, 1] prediction against a [4] target stops with a message naming both shapes")
  func shapeMismatchStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      meanSquaredError([4, 1] prediction, [4] target) returned instead of stopping: without a \
      shape check, [4, 1] - [4] broadcasts to a [4, 4] table
      """
    ) {
      let prediction = Variable(Tensor([[1], [2], [3], [4]]))
      _ = meanSquaredError(prediction, Tensor([1, 2, 3, 4]))
    }
    expectMessage(
      result, from: "meanSquaredError of a [4, 1] prediction and a [4] target",
      contains: ["meanSquaredError", "[4, 1]", "[4]"],
      """
      check prediction.shape == target.shape before subtracting: [4, 1] - [4] broadcasts to \
      a [4, 4] table of every prediction against every target, a loss that is wrong and \
      never complains
      """)
  }

  @Test("reshaping the [4, 1] output to [4] gives the true error 0.01; the broadcast table 2.51")
  func reshapeFixesTheTable() {
    let target = Tensor([1, 2, 3, 4])
    let column = Variable(Tensor([[1.1], [2.1], [3.1], [4.1]]))
    let loss = meanSquaredError(column.reshaped([4]), target)
    // What broadcasting would have averaged: (p_i - t_j)^2 over all 16 pairs (i, j).
    let table = column.value - target
    let broadcastLoss = (table * table).mean()
    #expect(
      table.shape == [4, 4] && abs(broadcastLoss - 2.51) < 1e-9,
      "test setup: the broadcast table is [4, 4] with mean 2.51, got \(broadcastLoss)")
    expectClose(
      loss.value, Tensor(0.01), tolerance: 1e-9,
      """
      every prediction is 0.1 above its target, so the MSE is 0.1^2 = 0.01. A model judged \
      by the [4, 4] table would see 2.51 and learn to predict the mean target for everyone
      """)
    loss.backward()
    expectClose(
      column.grad, Tensor(shape: [4, 1], repeating: 0.05), tolerance: 1e-9,
      "2 * 0.1 / 4 = 0.05 for each prediction, back in the column's [4, 1] shape")
  }
}
