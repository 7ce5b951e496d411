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

@Suite("10.6 The expected initial loss")
struct ExpectedInitialLossTests {
  @Test("the expected loss at initialisation is ln C: -ln(1/C), in the natural log")
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
  }

  @Test("expectedInitialLoss stops with a message for fewer than 2 classes")
  func expectedInitialLossChecksClasses() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "one class has nothing to predict: ln 1 = 0, and no relative tolerance can match 0; check at least 2 classes"
    ) {
      _ = expectedInitialLoss(classes: 1)
    }
    expectMessage(result, contains: ["expectedInitialLoss", "1"])
  }
}

@Suite("10.7 The bias for a class prior")
struct PriorBiasTests {
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

  @Test("priorBias stops with a message for a prior of 1 (infinite log-odds)")
  func priorBiasChecksRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "a prior of 1 has infinite log-odds (and 0 minus infinite): check 0 < prior < 1"
    ) {
      _ = priorBias(forPrior: 1)
    }
    expectMessage(result, contains: ["priorBias", "1.0"])
  }
}

@Suite("10.8 The biases for class frequencies")
struct PriorBiasesTests {
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

  @Test("priorBiases stops with a message when the frequencies do not add up to 1")
  func priorBiasesCheckTheSum() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "counts are not frequencies: [30, 10, 10] must be divided by 50 first; check they add up to 1"
    ) {
      _ = priorBiases(forFrequencies: [30, 10, 10])
    }
    expectMessage(result, contains: ["priorBiases", "add up to 1"])
  }
}

@Suite("10.9 The bias for a regression")
struct RegressionBiasTests {
  @Test("regressionBias is each column's mean: the MSE falls from Var + mean² to Var")
  func regressionBiasGivesVariance() throws {
    let targets = Tensor([[1, 10], [3, 20], [5, 60]])
    let bias = regressionBias(targets: targets)
    try #require(
      bias.shape == [2],
      """
      the bias of a regression layer with 2 outputs is the mean of each column (axis 0), \
      shape [2]; got shape \(bias.shape)\(bias.shape == [3] ? ": one mean per example (axis 1)" : "")
      """)
    expectClose(
      bias, Tensor([3, 30]), tolerance: 1e-12,
      "the mean of each column (axis 0), not its sum: [3, 30], got \(bias.scalars)")
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
}

@Suite("10.10 Checking the initial loss")
struct CheckInitialLossTests {
  @Test("a fresh classifier measures about ln C, in evaluation mode")
  func freshClassifierMeasuresLnC() {
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

  @Test("with prior biases the check expects H(f); below ln C it blames the loss or the model")
  func priorBiasesExpectTheirEntropy() {
    // 32, 4 and 4 points of the three classes: frequencies 0.8, 0.1, 0.1.
    let all = spirals(pointsPerClass: 32, seed: 1)
    let data = all.subset(Array(0..<32) + Array(32..<36) + Array(64..<68))
    let frequencies = [0.8, 0.1, 0.1]
    let entropy = -frequencies.reduce(0) { $0 + $1 * log($1) }
    let model = makeClassifier(seed: 1)
    let last = model.layers[4] as! Linear
    last.weight.value = last.weight.value * 0.01
    last.bias!.value = Tensor(priorBiases(forFrequencies: frequencies))
    let withPrior = checkInitialLoss(model, on: data, classes: 3, expected: entropy)
    #expect(
      withPrior.passed && isClose(withPrior.expected, entropy, tolerance: 1e-12)
        && abs(withPrior.measured - entropy) < 0.02,
      """
      with the last biases at ln f the untrained model predicts the frequencies, so its loss is \
      their entropy H(f) = \(entropy), not ln 3: the check must take the expected value it is \
      given. Got measured \(withPrior.measured), expected \(withPrior.expected), passed \
      \(withPrior.passed)
      """)
    let againstLnC = checkInitialLoss(model, on: data, classes: 3)
    let summary = againstLnC.summary
    #expect(
      !againstLnC.passed && againstLnC.measured < againstLnC.expected
        && summary.contains("loss computation") && summary.contains("fresh")
        && !summary.contains("leak"),
      """
      measured against ln 3 the same model is far below it and the check fails; a loss below \
      the expected value before training is not a leak (an untrained network cannot know which \
      label goes with which input), so the summary must point at the loss computation or a \
      model that is not fresh. Got passed \(againstLnC.passed): \(summary)
      """)
  }

  @Test("a regression bias of mean(y) starts the MSE at Var(y), and the check expects that")
  func regressionExpectsTheVariance() {
    let inputs = randomTensor([40, 2], seed: 8)
    let targets = Tensor(shape: [40, 1], scalars: (0..<40).map { 5 + Double($0 % 8) / 2 })
    let mean = targets.scalars.reduce(0, +) / 40
    let variance = targets.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 40
    func model(bias: Tensor) -> Linear {
      Linear(weight: Tensor([[1e-3, -1e-3]]), bias: bias)
    }
    let fitted = model(bias: regressionBias(targets: targets))
    let check = checkInitialLoss(fitted, expected: variance) {
      meanSquaredError(fitted(Variable(inputs)), targets)
    }
    #expect(
      check.passed && abs(check.measured - variance) < 0.01 * variance
        && check.expected == variance,
      """
      a bias at the mean target predicts the mean: the MSE starts at Var(y) = \(variance). \
      The check measures the loss it is given and compares it with the expected value it is \
      given; got measured \(check.measured), expected \(check.expected), passed \(check.passed)
      """)
    let zero = model(bias: Tensor([0]))
    let fromZero = checkInitialLoss(zero, expected: variance) {
      meanSquaredError(zero(Variable(inputs)), targets)
    }
    #expect(
      !fromZero.passed && fromZero.measured > 10 * variance,
      """
      a zero bias starts at Var(y) + mean(y)^2 = \(variance + mean * mean): far above Var(y), \
      the check must fail. Got measured \(fromZero.measured), passed \(fromZero.passed)
      """)
  }

  @Test("checkInitialLoss stops with a message for an expected loss of 0")
  func checkInitialLossChecksTheExpectation() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "the tolerance is relative: an expected loss of 0 accepts nothing, so check expected > 0"
    ) {
      let model = makeClassifier(seed: 1)
      let data = spirals(pointsPerClass: 2, seed: 1)
      _ = checkInitialLoss(model, expected: 0) {
        crossEntropy(logits: model(Variable(data.inputs)), labels: data.labels)
      }
    }
    expectMessage(result, contains: ["checkInitialLoss", "0"])
  }
}
