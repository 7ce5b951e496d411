import Autodiff
import DataPipeline
import Foundation
import Gradients
import Layers
import Losses
import Tensors
import TestSupport
import Testing
import Training

@Suite("10.4 Loss at initialisation")
struct InitialLossTests {
  @Test("the expected loss at initialisation is ln C, and a fresh classifier measures about that")
  func expectedLossIsLnC() {
    for (classes, expected) in [
      (2, 0.6931471805599453), (3, 1.0986122886681098), (10, 2.302585092994046),
    ] {
      let value = expectedInitialLoss(classes: classes)
      let cause =
        isClose(value, log2(Double(classes)), tolerance: 1e-12)
        ? " (that is log2: the cross-entropy uses the natural log)"
        : isClose(value, 1 / Double(classes), tolerance: 1e-12)
          ? " (that is the probability 1/C itself: the loss is its negative natural log)" : ""
      #expect(
        isClose(value, expected, tolerance: 1e-12),
        """
        with \(classes) classes every probability starts at 1/\(classes): -ln(1/\(classes)) = \
        \(expected), got \(value)\(cause)
        """)
    }
    let data = spirals(pointsPerClass: 20, seed: 1)
    let model = makeClassifier(seed: 1)
    let check = checkInitialLoss(model, on: data, classes: 3)
    let byHand = softmaxCrossEntropy(
      logits: model(Variable(data.inputs)).value, labels: data.labels)
    #expect(
      isClose(check.measured, byHand, tolerance: 1e-12) && check.passed,
      """
      a fresh 2-16-16-3 classifier has small logits: its cross-entropy on the data, \(byHand), \
      is within 10% of ln 3 and the check passes. Got measured \(check.measured), expected \
      \(check.expected), passed \(check.passed)
      """)
    // The same classifier followed by a probe that adds 5 to the first logit in training mode.
    let probed = checkInitialLoss(
      Sequential(makeClassifier(seed: 1), ModeProbe(shift: 5)), on: data, classes: 3)
    #expect(
      isClose(probed.measured, byHand, tolerance: 1e-12),
      """
      the initial loss is measured in evaluation mode (model.evaluating { }), as validation \
      is: with a module that behaves differently while training (dropout, or this probe) it \
      must still be \(byHand), got \(probed.measured)
      """)
  }

  @Test("an overconfident last layer is flagged, and the summary gives both numbers")
  func overconfidentInitIsFlagged() {
    let data = spirals(pointsPerClass: 20, seed: 1)
    let model = makeClassifier(seed: 1)
    let last = model.layers[4] as! Linear
    last.weight.value = last.weight.value * 100  // logits 100 times too large
    let check = checkInitialLoss(model, on: data, classes: 3)
    #expect(
      !check.passed && check.measured > 2 * log(3.0) && isClose(check.expected, log(3.0)),
      """
      with the last layer's weights 100 times too large the model is confidently wrong before \
      any training (ref: loss above 4 against ln 3 = 1.0986); the check must fail. Got \
      measured \(check.measured), passed \(check.passed)
      """)
    #expect(
      check.summary.contains(String(format: "%.4g", check.measured)),
      "the summary names the measured loss: \(check.summary)")
  }

  @Test(
    "priorBias gives sigmoid(b) = prior and an initial loss equal to the prior's entropy",
    arguments: [0.5, 0.1, 0.9, 0.01])
  func priorBiasGivesEntropy(prior: Double) {
    let b = priorBias(forPrior: prior)
    #expect(
      isClose(1 / (1 + exp(-b)), prior, tolerance: 1e-12),
      "b = ln(π / (1 - π)) is the log-odds of π, so sigmoid(b) = π = \(prior); got b = \(b)")
    let positives = Int((prior * 100).rounded())
    let targets = Tensor((0..<100).map { $0 < positives ? 1.0 : 0.0 })
    let loss = binaryCrossEntropyWithLogits(
      Variable(Tensor(shape: [100], repeating: b)), targets
    ).value.scalar
    let entropy = -(prior * log(prior) + (1 - prior) * log(1 - prior))
    #expect(
      isClose(loss, entropy, tolerance: 1e-9) && loss <= log(2.0) + 1e-12,
      """
      with every logit at b, the binary cross-entropy on labels with \(positives)% positives is \
      the entropy of the prior, \(entropy) (at most ln 2), got \(loss)
      """)
  }

  @Test("priorBiases make the softmax predict the class frequencies, at their entropy")
  func priorBiasesGiveFrequencies() {
    let frequencies = [0.5, 0.3, 0.2]
    let biases = priorBiases(forFrequencies: frequencies)
    let logits = Tensor(
      shape: [10, 3], scalars: Array(repeating: biases, count: 10).flatMap { $0 })
    let probabilities = Tensor([biases]).softmax(alongAxis: 1)
    expectClose(
      probabilities, Tensor([frequencies]), tolerance: 1e-12,
      "softmax(ln f) = f: the untrained model predicts the class frequencies")
    let labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
    let loss = softmaxCrossEntropy(logits: logits, labels: labels)
    let entropy = -frequencies.reduce(0) { $0 + $1 * log($1) }
    #expect(
      isClose(loss, entropy, tolerance: 1e-12) && loss < log(3.0),
      "the cross-entropy is the entropy of the frequencies, \(entropy) < ln 3; got \(loss)")
  }

  @Test("regressionBias is each column's mean: the MSE falls from Var + mean² to Var")
  func regressionBiasGivesVariance() {
    let targets = Tensor([[1, 10], [3, 20], [5, 60]])
    let bias = regressionBias(targets: targets)
    expectClose(bias, Tensor([3, 30]), tolerance: 1e-12, "the mean of each column (axis 0)")
    let predictions = Variable(Tensor([[3, 30], [3, 30], [3, 30]]) * 0 + bias)
    let mse = meanSquaredError(predictions, targets).value.scalar
    let variance = ((8.0 / 3) + (1400.0 / 3)) / 2  // the columns' population variances, averaged
    #expect(
      isClose(mse, variance, tolerance: 1e-12),
      "predicting the column means gives the variance of the targets, \(variance); got \(mse)")
    let fromZero = meanSquaredError(Variable(Tensor.zeros([3, 2])), targets).value.scalar
    #expect(
      isClose(fromZero, mse + (3.0 * 3 + 30 * 30) / 2, tolerance: 1e-12),
      "a zero bias starts at Var + mean² = \(fromZero), the bias saves the mean² part")
  }

  @Test("priorBias stops with a message for a prior of 1 (infinite log-odds)")
  func priorBiasChecksRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      _ = priorBias(forPrior: 1)
    }
    expectMessage(result, contains: ["priorBias", "1.0"])
  }
}
