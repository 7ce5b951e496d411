import Autodiff
import Foundation
import Losses
import Tensors
import TestSupport
import Testing

@Suite("5.4 Binary cross-entropy with logits")
struct BinaryCrossEntropyTests {
  @Test("by hand: z = 0 costs ln 2 whatever the target, and the mean runs over every element")
  func byHand() {
    let z = Tensor([[0, 2], [-1, 0], [0.5, -3]])
    let y = Tensor([[1, 1], [0, 0.5], [0, 1]])
    // The textbook formula, safe for these moderate logits.
    let textbook = zip(z.scalars, y.scalars).map { z, y in
      -(y * Foundation.log(logistic(z)) + (1 - y) * Foundation.log(1 - logistic(z)))
    }
    let loss = binaryCrossEntropyWithLogits(Variable(z), y)
    let value = loss.value.scalars.first ?? .nan
    let diagnosis =
      isClose(value, textbook.reduce(0, +))
      ? " You returned the sum: divide by N = 6."
      : isClose(value, textbook.reduce(0, +) / 3)
        ? " Divide by every element (6), not the rows."
        : ""
    expectClose(
      loss.value, Tensor(textbook.reduce(0, +) / 6), tolerance: 1e-12,
      """
      the mean over all 6 elements of max(z, 0) - z y + log(1 + exp(-|z|)), which equals \
      -(y log p + (1 - y) log(1 - p)) with p = sigmoid(z); z = 0 gives ln 2.\(diagnosis)
      """)
  }

  @Test("|z| = 1000 stays finite: confident right answers cost 0, confident wrong ones 1000")
  func stableAtLargeLogits() {
    let z = Variable(Tensor([1000, -1000, 1000, -1000]))
    let loss = binaryCrossEntropyWithLogits(z, Tensor([1, 0, 0, 1]))
    expectClose(
      loss.value, Tensor(500), tolerance: 1e-12,
      """
      per element [0, 0, 1000, 1000], mean 500. NaN or inf means the naive formula: \
      sigmoid(-1000) is exactly 0 and log(0) = -inf, or exp(1000) overflows. Use \
      max(z, 0) - z y + log1p(exp(-|z|)), where exp only ever sees -|z| <= 0
      """)
    loss.backward()
    expectClose(
      z.grad, Tensor([0, 0, 0.25, -0.25]), tolerance: 1e-12,
      "(sigmoid(z) - y) / 4: 0 where the model is right, +-1/4 where it is confidently wrong")
  }

  @Test("the gradient is exactly (sigmoid(z) - y) / N, also at z = 0")
  func gradientByHand() {
    let logits = Tensor([[0, 0, 1.5], [-2, 0.25, 0]])
    let y = Tensor([[1, 0, 0.3], [1, 0, 0.5]])
    let z = Variable(logits)
    binaryCrossEntropyWithLogits(z, y).backward()
    let expected = Tensor(
      shape: [2, 3], scalars: zip(logits.scalars, y.scalars).map { (logistic($0) - $1) / 6 })
    let sign =
      zip(z.grad.scalars, expected.scalars).allSatisfy { isClose($0, -$1, tolerance: 1e-12) }
      ? " The sign is flipped: the gradient is sigmoid(z) - y, not y - sigmoid(z)." : ""
    expectClose(
      z.grad, expected, tolerance: 1e-12,
      """
      (sigmoid(z) - y) / 6.\(sign) At z = 0 it is (0.5 - y) / 6: built from relu-style max and |z|, \
      whose rules take the derivative 0 at their kink, the composed rule gives -y / 6 there. \
      Write this loss as one node with its own backward rule
      """)
  }

  @Test(
    "the gradient matches the numerical gradient, with soft targets", arguments: [1, 2] as [UInt64])
  func gradientAgainstNumerical(seed: UInt64) {
    let logits = randomTensor([4, 3], seed: seed) * 3
    let targets = randomTensor([4, 3], seed: seed + 10).map { logistic($0) }
    expectGradientMatchesNumerical("binaryCrossEntropyWithLogits", at: logits) {
      binaryCrossEntropyWithLogits($0, targets)
    }
  }

  @Test("a [4, 1] column of logits against [4] targets stops with a message naming both shapes")
  func shapeMismatchStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      binaryCrossEntropyWithLogits([4, 1] logits, [4] targets) returned instead of stopping: \
      compare the shapes first, or broadcasting builds a [4, 4] table
      """
    ) {
      _ = binaryCrossEntropyWithLogits(
        Variable(Tensor([[1], [2], [3], [4]])), Tensor([1, 0, 1, 0]))
    }
    expectMessage(
      result, from: "binaryCrossEntropyWithLogits of [4, 1] logits and [4] targets",
      contains: ["binaryCrossEntropyWithLogits", "[4, 1]", "[4]"],
      "compare the shapes before computing: broadcasting would build a [4, 4] table")
  }

  @Test("targets of -1 and +1 (an SVM's labels) stop with a message")
  func targetsOutsideUnitIntervalStop() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      binaryCrossEntropyWithLogits accepted the target -1: check that every target is a \
      probability, in [0, 1], and stop otherwise
      """
    ) {
      _ = binaryCrossEntropyWithLogits(Variable(Tensor([0.5, -0.5])), Tensor([1, -1]))
    }
    expectMessage(
      result, from: "binaryCrossEntropyWithLogits with the target -1",
      contains: ["binaryCrossEntropyWithLogits", "-1"],
      """
      binary cross-entropy needs targets in [0, 1]: with y = -1 the loss is unbounded below \
      and training pushes z to infinity. Name the bad target in the message
      """)
  }
}
