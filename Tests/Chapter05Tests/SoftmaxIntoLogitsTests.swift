import Autodiff
import Foundation
import Gradients
import Losses
import Tensors
import TestSupport
import Testing

@Suite("5.5 Softmax fed to a loss that expects logits")
struct SoftmaxIntoLogitsTests {
  @Test(
    "the floor is ln(1 + (C - 1) / e): 0.313 for C = 2, 0.551 for C = 3, 1.461 for C = 10",
    arguments: [(2, 0.3133), (3, 0.5514), (10, 1.4612)])
  func floorValues(classes: Int, rounded: Double) {
    let floor = softmaxIntoLogitsLossFloor(classes: classes)
    #expect(
      isClose(
        floor, Foundation.log(1 + Double(classes - 1) / Foundation.exp(1.0)), tolerance: 1e-12)
        && abs(floor - rounded) < 1e-4,
      """
      C = \(classes): expected ln(1 + \(classes - 1)/e) = \(rounded), got \(floor). A perfect \
      one-hot row p used as logits costs -log(e / (e + C - 1))
      """)
  }

  @Test("one-hot probabilities fed as logits cost exactly the floor, and no probabilities less")
  func floorIsTheMinimum() {
    for classes in [3, 10] {
      let labels = randomLabels(6, classes: classes, seed: UInt64(classes))
      let floor = softmaxIntoLogitsLossFloor(classes: classes)
      let perfect = crossEntropy(logits: Variable(oneHot(labels, classes: classes)), labels: labels)
      expectClose(
        perfect.value, Tensor(floor), tolerance: 1e-12,
        """
        C = \(classes): a model that is certain and right, with its probabilities passed to a \
        loss that applies its own softmax, still costs the floor ln(1 + (C - 1)/e)
        """)
      for seed: UInt64 in 1...5 {
        let confident = randomTensor([6, classes], seed: seed) * 20
        let probabilities = confident.softmax(alongAxis: 1)
        let loss = crossEntropy(logits: Variable(probabilities), labels: labels)
        #expect(
          loss.value.scalars.first.map { $0 >= floor - 1e-12 } == true,
          "C = \(classes): probabilities as logits never cost less than \(floor), got \(loss.value)"
        )
      }
    }
  }

  @Test("the detector flags softmax outputs and stays quiet on logits and sigmoid outputs")
  func detectorOnRealisticInputs() {
    for seed: UInt64 in 1...3 {
      let logits = randomTensor([8, 5], seed: seed) * 2
      let probabilities = logits.softmax(alongAxis: 1)
      let axis =
        looksLikeProbabilities(probabilities.transposed())
        ? " You summed along axis 0, over the batch: each row (axis 1) is one example's "
          + "probabilities." : ""
      #expect(
        looksLikeProbabilities(probabilities),
        "softmax rows are in [0, 1] and sum to 1 (up to rounding): they must be flagged.\(axis)")
      #expect(
        !looksLikeProbabilities(logits),
        "raw logits (some negative, rows summing to anything) are what the loss expects")
      #expect(
        !looksLikeProbabilities(Gradients.sigmoid(logits)),
        "sigmoid outputs lie in [0, 1] but their rows do not sum to 1: not a softmax")
    }
  }

  @Test("the detector's edge cases: one-hot rows, negative entries, other ranks, the tolerance")
  func detectorEdgeCases() {
    let cases: [(Tensor, Double, Bool, String)] = [
      (Tensor([[0, 1, 0], [1, 0, 0]]), 1e-6, true, "one-hot rows are probabilities"),
      (Tensor([[0.25, 0.75]]), 1e-6, true, "a single row that sums to 1"),
      (Tensor([[1.2, -0.2]]), 1e-6, false, "sums to 1 but has a negative entry"),
      (Tensor([[0.5, 0.4]]), 1e-6, false, "entries in [0, 1] that sum to 0.9"),
      (Tensor([0.5, 0.5]), 1e-6, false, "a vector: not a [batch, classes] matrix"),
      (Tensor(shape: [1, 1, 2], scalars: [0.5, 0.5]), 1e-6, false, "rank 3"),
      (Tensor([[0.5, 0.5001]]), 1e-6, false, "sums to 1.0001, outside the default 1e-6"),
      (Tensor([[0.5, 0.5001]]), 1e-3, true, "sums to 1.0001, inside a tolerance of 1e-3"),
      (Tensor([[Double.nan, 1]]), 1e-6, false, "a NaN entry"),
    ]
    for (values, tolerance, expected, reason) in cases {
      #expect(
        looksLikeProbabilities(values, tolerance: tolerance) == expected,
        "\(values) with tolerance \(tolerance) should give \(expected): \(reason)")
    }
  }

  @Test(
    "free logits: through a softmax the loss never goes below the floor; without, it goes to ~0",
    arguments: [3, 10])
  func trainingShowsTheFloor(classes: Int) {
    let floor = softmaxIntoLogitsLossFloor(classes: classes)
    let correct = trainFreeLogits(classes: classes, softmaxFirst: false, seed: 7)
    let mistaken = trainFreeLogits(classes: classes, softmaxFirst: true, seed: 7)
    #expect(
      (correct.last ?? .nan) < 0.05,
      """
      C = \(classes): 300 steps on free logits must fit any labels (reference: below 0.03), \
      got \(correct.last ?? .nan): check crossEntropy's gradient
      """)
    #expect(
      (correct.firstIndex { $0 < floor } ?? .max) <= 20,
      "C = \(classes): the correct loss must fall below \(floor) within 20 steps (reference: 9-10)")
    #expect(
      mistaken.allSatisfy { $0 >= floor - 1e-12 } && (mistaken.last ?? .nan) < floor + 0.1,
      """
      C = \(classes): with the softmax first, the loss must approach the floor \(floor) from \
      above and never cross it; its last value is \(mistaken.last ?? .nan), its lowest \
      \(mistaken.min() ?? .nan)
      """)
  }
}
