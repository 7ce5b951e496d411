import Gradients
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("2.3 Reductions and losses")
struct LossBackwardTests {
  @Test("sum hands every element the upstream value; mean divides it by the element count")
  func sumAndMeanByHand() {
    expectClose(
      sumBackward(2.5, shape: [2, 3]), Tensor(shape: [2, 3], repeating: 2.5),
      "every element of a sum counts once: each gets the upstream gradient unchanged")
    expectClose(
      meanBackward(3, shape: [2, 3]), Tensor(shape: [2, 3], repeating: 0.5),
      "a mean is a sum divided by N = 6 elements (all of them, not one dimension): 3 / 6")
  }

  @Test("MSE: the gradient is 2 (p - t) / N with N the number of elements, by hand")
  func meanSquaredErrorByHand() {
    let p = Tensor([[1, 2], [3, 4]])
    let t = Tensor([[0, 2], [1, 0]])
    // p - t = [[1, 0], [2, 4]]; N = 4.
    let gradient = meanSquaredErrorBackward(p, t)
    let expected = Tensor([[0.5, 0], [1, 2]])
    let likely: [(Double, String)] = [
      (4, "this is 4x the answer: you forgot the 1/N (N = 4 elements)"),
      (0.5, "this is half the answer: you forgot the 2 of d(p - t)^2 = 2 (p - t)"),
      (2, "this is 2x the answer: you divided by the number of rows (2), not every element (4)"),
      (-1, "this is the answer with its sign flipped: the gradient is (p - t), not (t - p)"),
    ]
    let diagnosis =
      gradient.shape == expected.shape
      ? likely.first { factor, _ in
        zip(gradient.scalars, expected.scalars).allSatisfy { isClose($0, factor * $1) }
      }?.1 : nil
    expectClose(
      gradient, expected,
      """
      expected 2 (p - t) / N with N = 4. \(diagnosis ?? """
        Forgetting the 1/N gives 4x this, forgetting the 2 gives half, dividing by the number \
        of rows (2) instead of every element gives 2x, and (t - p) flips the sign
        """)
      """
    )
  }

  @Test("cross-entropy: the gradient is (softmax(z) - onehot(y)) / N with N the batch size")
  func crossEntropyByHand() {
    // Equal logits: each probability is 1/3, so row i is (1/3 - onehot) / 2.
    let (third, sixth) = (1.0 / 3, 1.0 / 6)
    let gradient = softmaxCrossEntropyBackward(logits: Tensor.zeros([2, 3]), labels: [0, 2])
    let expected = Tensor([[-third, sixth, sixth], [sixth, sixth, -third]])
    let scaled = { (factor: Double) in
      gradient.shape == expected.shape
        && zip(gradient.scalars, expected.scalars).allSatisfy { isClose($0, factor * $1) }
    }
    let diagnosis =
      scaled(2)
      ? "every entry is doubled: you forgot the 1/N (N = 2 rows)"
      : scaled(-1)
        ? "every sign is flipped: onehot - softmax flips the sign, use softmax - onehot"
        : "forgetting the 1/N doubles every entry; onehot - softmax flips the sign"
    expectClose(gradient, expected, "(softmax - onehot) / N with N = 2 rows: \(diagnosis)")
    // softmax([0, ln 3]) = [1/4, 3/4]; the label is class 1, the batch has one row.
    expectClose(
      softmaxCrossEntropyBackward(logits: Tensor([[0, 1.0986122886681098]]), labels: [1]),
      Tensor([[0.25, -0.25]]), "the probabilities minus the truth: [1/4, 3/4] - [0, 1]")
  }

  @Test("the one-hot row of a label has its 1 at the label's column, where the gradient is < 0")
  func oneHotMarksTheLabel() {
    let labels = [2, 0, 1, 2]
    expectClose(
      oneHot(labels, classes: 3), Tensor([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]),
      tolerance: 0,
      """
      oneHot([2, 0, 1, 2], classes: 3) must put row i's 1 at column labels[i] and 0 \
      elsewhere. oneHot is provided: if this fails, its body in Losses.swift was changed; \
      put the provided version back (its doc comment shows what it returns)
      """)
    let gradient = softmaxCrossEntropyBackward(
      logits: 2 * randomTensor([4, 3], seed: 90), labels: labels)
    guard gradient.shape == [4, 3] else {
      Issue.record(
        "the gradient of [4, 3] logits must have shape [4, 3], got \(gradient.shape)")
      return
    }
    var wrongSign: [[Int]] = []
    for row in 0..<4 {
      for column in 0..<3 {
        let slope = gradient[row, column]
        if !(column == labels[row] ? slope < 0 : slope > 0) { wrongSign.append([row, column]) }
      }
    }
    #expect(
      wrongSign.isEmpty,
      """
      (softmax(z) - onehot(y)) / N is p - 1 < 0 at each row's label column and p > 0 at \
      every other column; for the labels [2, 0, 1, 2] these entries have the wrong sign (or \
      are NaN): \(wrongSign). Subtract oneHot(labels, classes: C), whose row i has its 1 \
      at column labels[i], from the softmax
      """)
  }

  @Test(
    "sum, mean, MSE and cross-entropy gradients match central differences on seeded inputs",
    arguments: [1, 2] as [UInt64])
  func againstCentralDifferences(seed: UInt64) {
    let x = randomTensor([3, 4], seed: seed)
    let target = randomTensor([3, 4], seed: seed + 50)
    expectClose(
      sumBackward(-1.5, shape: [3, 4]), centralDifference({ -1.5 * $0.sum() }, at: x),
      tolerance: 1e-7, "L = -1.5 * sum(x): every element's gradient is -1.5")
    expectClose(
      meanBackward(-1.5, shape: [3, 4]), centralDifference({ -1.5 * $0.mean() }, at: x),
      tolerance: 1e-7, "L = -1.5 * mean(x): every element's gradient is -1.5 / 12")
    expectClose(
      meanSquaredErrorBackward(x, target),
      centralDifference({ meanSquaredError($0, target) }, at: x), tolerance: 1e-7,
      "MSE averages over all 12 elements: 2 (p - t) / 12")

    var generator = SeededGenerator(seed: seed)
    let labels = (0..<4).map { _ in generator.integer(below: 5) }
    let logits = 2 * randomTensor([4, 5], seed: seed + 60)
    expectClose(
      softmaxCrossEntropyBackward(logits: logits, labels: labels),
      centralDifference({ softmaxCrossEntropy(logits: $0, labels: labels) }, at: logits),
      tolerance: 1e-7,
      "(softmax(z) - onehot(y)) / N, N = 4 rows: did you divide by N, the batch size?")
  }

  @Test("a label out of range stops the cross-entropy gradient with a message")
  func labelOutOfRangeStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = softmaxCrossEntropyBackward(logits: Tensor.zeros([2, 3]), labels: [0, 3])
    }
    expectMessage(
      result, from: "softmaxCrossEntropyBackward with the label 3 for 3 classes",
      contains: ["softmaxCrossEntropyBackward", "3"],
      "validate the logits and labels first (checkClassification does it) and name the operation")
  }
}
