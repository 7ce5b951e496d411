import Autodiff
import Foundation
import Losses
import Tensors
import TestSupport
import Testing

@Suite("5.3 Negative log-likelihood and cross-entropy")
struct CrossEntropyTests {
  /// Entries whose value says where they sit: row i, column j holds -(i + (j + 1) / 10).
  static let logProbabilities = Tensor([
    [-0.1, -0.2, -0.3, -0.4],
    [-1.1, -1.2, -1.3, -1.4],
    [-2.1, -2.2, -2.3, -2.4],
  ])

  @Test("NLL averages -logp[i, labels[i]]: row i, column labels[i], on a [3, 4] batch")
  func negativeLogLikelihoodByHand() {
    let logp = Variable(Self.logProbabilities)
    let loss = negativeLogLikelihood(logProbabilities: logp, labels: [2, 0, 3])
    // Row 0 column 2, row 1 column 0, row 2 column 3: (0.3 + 1.1 + 2.4) / 3.
    let value = loss.value.scalars.first ?? .nan
    let diagnosis =
      isClose(value, 3.8)
      ? "3.8 is the sum: divide by the N = 3 rows."
      : isClose(value, 1.2)
        ? "1.2 comes from column i of row i: use column labels[i]."
        : isClose(value, -3.8 / 3)
          ? "The sign is flipped: the loss is MINUS the log-probability."
          : ""
    expectClose(
      loss.value, Tensor(3.8 / 3), tolerance: 1e-12,
      "(0.3 + 1.1 + 2.4) / 3 = 1.2667, a rank-0 tensor. \(diagnosis)")
    loss.backward()
    let third = 1.0 / 3
    expectClose(
      logp.grad, Tensor([[0, 0, -third, 0], [-third, 0, 0, 0], [0, 0, 0, -third]]),
      tolerance: 1e-12,
      """
      -1/N at (row i, column labels[i]) and 0 everywhere else: the labels [2, 0, 3] pick \
      (0, 2), (1, 0) and (2, 3). Element i * classes + label in row-major order
      """)
  }

  @Test(
    "cross-entropy averages over the batch: uniform logits cost ln C, a repeated row its own loss")
  func averagedNotSummed() {
    let uniform = crossEntropy(logits: Variable(Tensor.zeros([5, 4])), labels: [0, 3, 1, 1, 2])
    let uniformValue = uniform.value.scalars.first ?? .nan
    let diagnosis =
      isClose(uniformValue, 5 * Foundation.log(4.0))
      ? " You returned 5 ln 4, the SUM over the 5 rows: divide by N."
      : isClose(uniformValue, Foundation.log(5.0))
        ? """
         You got ln 5, 5 being the batch size: the log-softmax ran along axis 0, making each \
        example compete with the other examples. The classes are axis 1.
        """
        : probabilitiesInsteadOfLogs(uniformValue)
    expectClose(
      uniform.value, Tensor(Foundation.log(4.0)), tolerance: 1e-12,
      """
      equal logits give each of the 4 classes probability 1/4, so every row costs ln 4 = \
      1.386 and so does their mean.\(diagnosis)
      """)
    let row: [Double] = [2, -1, 0.5]
    let once = crossEntropy(logits: Variable(Tensor([row])), labels: [1])
    let fourTimes = crossEntropy(
      logits: Variable(Tensor([row, row, row, row])), labels: [1, 1, 1, 1])
    expectClose(once.value, Tensor(logSumExp(row) + 1), tolerance: 1e-12, "logSumExp(z) - z[1]")
    expectClose(
      fourTimes.value, once.value, tolerance: 1e-12,
      """
      four copies of one example must cost what one does: a summed loss grows with the batch \
      size, and with it every gradient (the learning rate silently scales with N)
      """)
  }

  @Test("cross-entropy matches an oracle on seeded logits; its gradient is (softmax - onehot) / N")
  func againstOracle() {
    let logits = randomTensor([6, 5], seed: 31) * 2
    let labels = randomLabels(6, classes: 5, seed: 32)
    let z = Variable(logits)
    let loss = crossEntropy(logits: z, labels: labels)
    let losses = rowLosses(logits, labels: labels)
    expectClose(
      loss.value, Tensor(losses.reduce(0, +) / 6), tolerance: 1e-12,
      """
      the mean over rows of logSumExp(z_i) - z[i, y_i].\
      \(probabilitiesInsteadOfLogs(loss.value.scalars.first ?? .nan))
      """)
    loss.backward()
    var expected = [Double]()
    for (row, label) in zip(rows(of: logits), labels) {
      let shift = logSumExp(row)
      for (column, logit) in row.enumerated() {
        expected.append((Foundation.exp(logit - shift) - (column == label ? 1 : 0)) / 6)
      }
    }
    expectClose(
      z.grad, Tensor(shape: [6, 5], scalars: expected), tolerance: 1e-12,
      "chapter 2's formula (softmax(z) - onehot(y)) / N, here through logSoftmax and NLL")
  }

  @Test("class weights give sum w[y] l / sum w[y] (PyTorch), not the weighted sum over N")
  func classWeightsByHand() {
    let logits = Tensor([[2, 0, -1], [0.5, 0.5, 3], [1, -2, 0], [0, 1, 0]])
    let labels = [0, 2, 2, 1]
    let classWeights = [1.0, 2, 5]  // the rows weigh 1, 5, 5, 2: 13 in all
    let losses = rowLosses(logits, labels: labels)
    let expected = weightedMean(losses, labels: labels, classWeights: classWeights)
    let overN = zip([1.0, 5, 5, 2], losses).map(*).reduce(0, +) / 4
    let z = Variable(logits)
    let loss = crossEntropy(logits: z, labels: labels, classWeights: classWeights)
    let diagnosis =
      isClose(loss.value.scalars.first ?? .nan, overN)
      ? " You divided by N = 4 rows instead of by 13, the sum of the weights the batch uses: "
        + "the loss then grows with the weights' scale." : ""
    expectClose(
      loss.value, Tensor(expected), tolerance: 1e-12,
      "weighted mean: (1 l0 + 5 l1 + 5 l2 + 2 l3) / 13.\(diagnosis)")
    let scaled = crossEntropy(logits: Variable(logits), labels: labels, classWeights: [3, 6, 15])
    expectClose(
      scaled.value, loss.value, tolerance: 1e-12,
      "multiplying every class weight by 3 must change nothing: the weights' sum divides it out")
    loss.backward()
    expectClose(
      z.grad.sum(alongAxis: 1), Tensor.zeros([4]), tolerance: 1e-12,
      "each row of the gradient sums to 0 (softmax - onehot, scaled by w[y_i] / 13)")
    let expectedEntry = 5 * (Foundation.exp(3 - logSumExp([0.5, 0.5, 3])) - 1) / 13
    #expect(
      isClose(z.grad[1, 2], expectedEntry, tolerance: 1e-12),
      """
      row 1 (weight 5), true class 2: 5 (softmax - 1) / 13 = \(expectedEntry), got \
      \(z.grad[1, 2]). The backward rule needs the same weights and the same 13
      """)
  }

  @Test(
    "NLL and cross-entropy gradients, weighted or not, match the numerical gradient",
    arguments: [nil, [0.5, 2, 1, 4]] as [[Double]?])
  func gradientsAgainstNumerical(classWeights: [Double]?) {
    let labels = randomLabels(5, classes: 4, seed: 41)
    let weights = classWeights.map { "weights \($0)" } ?? "no weights"
    expectGradientMatchesNumerical("crossEntropy, \(weights)", at: randomTensor([5, 4], seed: 42)) {
      crossEntropy(logits: $0, labels: labels, classWeights: classWeights)
    }
    let logp = randomTensor([5, 4], seed: 43) - 3
    expectGradientMatchesNumerical("negativeLogLikelihood, \(weights)", at: logp) {
      negativeLogLikelihood(logProbabilities: $0, labels: labels, classWeights: classWeights)
    }
  }

  @Test("logits of 1000 cost 1000 for the wrong class, with a finite gradient")
  func stableAtLargeLogits() {
    let z = Variable(Tensor([[1000, 0], [0, 1000]]))
    let loss = crossEntropy(logits: z, labels: [1, 1])
    expectClose(
      loss.value, Tensor(500), tolerance: 1e-12,
      """
      row 0 costs logSumExp([1000, 0]) - 0 = 1000, row 1 costs about e^-1000 = 0: mean 500. \
      NaN or inf means an unshifted exp or a log of a softmax
      """)
    loss.backward()
    expectClose(
      z.grad, Tensor([[0.5, -0.5], [0, 0]]), tolerance: 1e-12,
      "(softmax - onehot) / 2: row 0 is ([1, 0] - [0, 1]) / 2, row 1 is already right")
  }

  @Test("a probability of exactly 0 makes log(softmax) infinite; the log-softmax path costs 1000")
  func logOfZeroProbability() {
    let logits = Tensor([[1000, 0]])  // softmax: exactly [1, 0] in Double
    let probabilities = Variable(logits.softmax(alongAxis: 1))
    let naive = negativeLogLikelihood(logProbabilities: probabilities.log(), labels: [1])
    #expect(
      naive.value.scalars.first == .infinity,
      """
      -log(0) is +infinity: through log(softmax(z)) the wrong-class probability underflows \
      to 0 and the loss is infinite (got \(naive.value)). NLL itself must simply return it
      """)
    let stable = crossEntropy(logits: Variable(logits), labels: [1])
    expectClose(
      stable.value, Tensor(1000), tolerance: 1e-12,
      "logSumExp([1000, 0]) - 0 = 1000: finite, because no probability is ever formed")
  }

  @Test("labels that do not match the rows stop with a message naming the logits' shape")
  func labelCountStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      crossEntropy accepted 3 labels for 2 rows: without the check, the extra label is ignored \
      or read past the end
      """
    ) {
      _ = crossEntropy(logits: Variable(Tensor.zeros([2, 3])), labels: [0, 1, 2])
    }
    expectMessage(
      result, from: "crossEntropy with 3 labels for 2 rows", contains: ["crossEntropy", "[2, 3]"],
      "3 labels for 2 rows: call checkClassification(..., \"crossEntropy\") first")
  }

  @Test("a label outside 0..<C stops with a message naming the label")
  func labelOutOfRangeStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      negativeLogLikelihood accepted label 7 for 3 classes: without the check, row * classes + \
      label reads another row's entry
      """
    ) {
      _ = negativeLogLikelihood(logProbabilities: Variable(Tensor.zeros([2, 3])), labels: [0, 7])
    }
    expectMessage(
      result, from: "negativeLogLikelihood with the label 7 for 3 classes",
      contains: ["negativeLogLikelihood", "7"],
      """
      label 7 with 3 classes: without the check, row * classes + label reads another row's \
      entry (or past the end) and the loss is quietly wrong
      """)
  }

  @Test("class weights of the wrong count stop with a message")
  func weightCountStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      crossEntropy accepted 2 class weights for 3 classes: check classWeights.count == classes
      """
    ) {
      _ = crossEntropy(
        logits: Variable(Tensor.zeros([2, 3])), labels: [0, 1], classWeights: [1, 2])
    }
    expectMessage(
      result, from: "crossEntropy with 2 class weights for 3 classes",
      contains: ["crossEntropy", "weight"],
      "one weight per class (3 here), not per example: check classWeights.count == classes")
  }
}
