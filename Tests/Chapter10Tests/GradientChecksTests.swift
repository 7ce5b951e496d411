import Autodiff
import DataPipeline
import Gradients
import Layers
import Losses
import Tensors
import TestSupport
import Testing
import Training
import WorkbookSupport

/// A 2-3 linear layer after `first`, seeded.
private func withLinear(_ first: Module, seed: UInt64 = 3) -> Sequential {
  var generator = SeededGenerator(seed: seed)
  return Sequential(first, Linear(inputs: 2, outputs: 3, using: &generator))
}

@Suite("10.14 Batch independence")
struct BatchIndependenceTests {
  @Test("an MLP passes the batch-independence check for every example, gradients restored")
  func mlpIsBatchIndependent() {
    let model = makeClassifier(seed: 3)
    let inputs = randomTensor([5, 2], seed: 4)
    let marker = randomTensor([16, 2], seed: 5)
    model.parameters[0].grad = marker
    for example in 0..<5 {
      let check = checkBatchIndependence(model, inputs: inputs, example: example)
      #expect(
        check.passed && check.leakingExamples.isEmpty && check.largestLeak == 0
          && check.ownGradientNorm > 0,
        """
        example \(example): the loss made of its outputs must reach its own input (norm \
        \(check.ownGradientNorm) > 0) and no other (leaking: \(check.leakingExamples))
        """)
    }
    #expect(
      model.parameters[0].grad == marker,
      "the check must put the parameters' gradients back as it found them")
  }

  @Test("a layer that reshapes where it should transpose mixes the batch, and is flagged")
  func reshapeForTransposeIsFlagged() {
    // Row 0 of the reshaped [4, 2] is (x[0, 0], x[1, 0]): examples 0 and 1.
    let model = withLinear(ReshapeForTranspose())
    let check = checkBatchIndependence(model, inputs: randomTensor([4, 2], seed: 6), example: 0)
    #expect(
      !check.passed && check.leakingExamples == [1] && check.largestLeak > 0,
      """
      the outputs of example 0 are computed from examples 0 and 1, so the gradient of their sum \
      with respect to example 1's input is not zero: leaking [1], got \
      \(check.leakingExamples) (passed \(check.passed)). Compare with exact zero: a leak can be \
      small.
      """)
    let last = checkBatchIndependence(model, inputs: randomTensor([4, 2], seed: 6), example: 3)
    #expect(last.leakingExamples == [2], "example 3's row mixes examples 2 and 3")

    let tiny = checkBatchIndependence(
      withLinear(TinyBatchLeak()), inputs: randomTensor([4, 2], seed: 6), example: 0)
    #expect(
      tiny.leakingExamples == [1, 2, 3] && tiny.largestLeak < 1e-5,
      """
      a layer that adds a millionth of the batch mean leaks every example into every other, by \
      gradients near 1e-7: compare with exactly 0, not with a tolerance. Got leaking \
      \(tiny.leakingExamples), largest \(tiny.largestLeak)
      """)
  }

  @Test("a model that cuts the graph fails the check instead of passing it for nothing")
  func cutGraphIsFlagged() {
    let check = checkBatchIndependence(
      withLinear(CutsTheGraph()), inputs: randomTensor([4, 2], seed: 6), example: 1)
    #expect(
      !check.passed && check.ownGradientNorm == 0 && check.leakingExamples.isEmpty,
      """
      no gradient reaches the inputs at all, so "no other example leaks" proves nothing: the \
      example's own gradient is 0 and the check must fail. Got own norm \
      \(check.ownGradientNorm), passed \(check.passed)
      """)
  }

}

@Suite("10.15 A step downhill")
struct DescentStepTests {
  @Test("a small step against a correct gradient lowers the loss by what it predicts")
  func descentStepOnHealthyModel() {
    let data = spirals(pointsPerClass: 10, seed: 2)
    let model = makeClassifier(seed: 3)
    let values = model.parameters.map(\.value)
    let check = checkDescentStep(parameters: model.parameters) {
      crossEntropy(logits: model(Variable(data.inputs)), labels: data.labels)
    }
    #expect(
      check.passed && check.lossAfter < check.lossBefore && abs(check.agreement - 1) < 0.01,
      """
      a step of length 1e-4 straight downhill lowers the loss by 1e-4 · |g| to first order \
      (ref: agreement 0.99998). Got \(check.lossBefore) -> \(check.lossAfter), agreement \
      \(check.agreement)
      """)
    #expect(
      model.parameters.map(\.value) == values
        && model.parameters.allSatisfy { $0.grad == Tensor.zeros($0.shape) },
      "every parameter's value and gradient must be put back exactly as they were")
  }

  @Test("a gradient with the wrong sign or the wrong size is flagged")
  func wrongGradientsAreFlagged() {
    let data = spirals(pointsPerClass: 10, seed: 2)
    func check(factor: Double) -> DescentCheck {
      let model = Sequential(makeClassifier(seed: 3), WrongGradient(factor: factor))
      return checkDescentStep(parameters: model.parameters) {
        crossEntropy(logits: model(Variable(data.inputs)), labels: data.labels)
      }
    }
    let uphill = check(factor: -1)
    #expect(
      !uphill.passed && uphill.lossAfter > uphill.lossBefore && abs(uphill.agreement + 1) < 0.01,
      """
      with every gradient negated the step goes uphill by as much as it should have gone down \
      (agreement -1). Got \(uphill.lossBefore) -> \(uphill.lossAfter), agreement \
      \(uphill.agreement)
      """)
    let tooLarge = check(factor: 10)
    #expect(
      !tooLarge.passed && tooLarge.lossAfter < tooLarge.lossBefore
        && abs(tooLarge.agreement - 0.1) < 0.01,
      """
      a gradient 10 times too large still points downhill, but the loss falls 10 times less \
      than it predicts (agreement 0.1): the check compares the sizes too. Got agreement \
      \(tooLarge.agreement), passed \(tooLarge.passed)
      """)
  }

}

@Suite("10.16 Everything finite")
struct FiniteTests {
  @Test("a healthy model is all finite; a log of zero is named by its layer, then the loss")
  func nonFiniteActivationIsNamed() {
    let data = spirals(pointsPerClass: 4, seed: 1)
    let healthy = checkFinite(makeClassifier(seed: 3), inputs: data.inputs, labels: data.labels)
    let byHand = softmaxCrossEntropy(
      logits: makeClassifier(seed: 3)(Variable(data.inputs)).value, labels: data.labels)
    #expect(
      healthy.passed && healthy.findings.isEmpty && isClose(healthy.loss, byHand, tolerance: 1e-12),
      "a healthy model: nothing found, loss \(byHand); got \(healthy.findings.report), \(healthy.loss)"
    )

    var generator = SeededGenerator(seed: 3)
    var generatorAgain = SeededGenerator(seed: 3)
    let broken = Sequential(
      Linear(inputs: 2, outputs: 8, using: &generator), ReLU(), Log(),
      Linear(inputs: 8, outputs: 3, using: &generator))
    let check = checkFinite(broken, inputs: data.inputs, labels: data.labels)
    let reluOutput = ReLU()(
      Linear(inputs: 2, outputs: 8, using: &generatorAgain)(Variable(data.inputs)))
    let zeros = reluOutput.value.scalars.count { $0 == 0 }
    let first = check.findings.first
    #expect(
      check.findings.map(\.symptom) == [.notFiniteActivation, .notFiniteLoss]
        && first?.evidence.first?.location == .layer(2)
        && first?.evidence.first?.measured == Double(zeros)
        && first?.likelyCause.contains("-inf") == true && !check.passed,
      """
      the ReLU gives \(zeros) zeros and the log of 0 is -inf: the first finding is \
      .notFiniteActivation at layer 2 (the Log) with \(zeros) non-finite values, and the loss \
      after it (.notFiniteLoss); later activations are not listed (they follow from the \
      first). Got \(check.findings.map(\.symptom)) at \
      \(check.findings.map { $0.evidence.map(\.location) }):
      \(check.findings.report)
      """)
  }

  @Test("a non-finite gradient or parameter is named by its path, layer and name")
  func nonFiniteGradientAndParameterAreNamed() {
    let data = spirals(pointsPerClass: 4, seed: 1)
    var generator = SeededGenerator(seed: 3)
    let first = Linear(inputs: 2, outputs: 4, using: &generator)
    let last = Linear(inputs: 4, outputs: 3, using: &generator)
    let model = Sequential(first, InfiniteGradient(), ReLU(), last)
    let check = checkFinite(model, inputs: data.inputs, labels: data.labels)
    let quantities = check.findings.map { $0.evidence.first?.quantity ?? "" }
    #expect(
      check.loss.isFinite
        && check.findings.map(\.symptom) == [.notFiniteGradient, .notFiniteGradient]
        && check.findings.map { $0.evidence.first?.location } == [.layer(0), .layer(0)]
        && quantities == [
          "non-finite values of the gradient of model.0 Linear(2 -> 4) weight",
          "non-finite values of the gradient of model.0 Linear(2 -> 4) bias",
        ],
      """
      the forward pass and the loss are finite; the backward rule after layer 0 divides by \
      zero, so exactly the gradients of layer 0's weight and bias are not: two \
      .notFiniteGradient findings at layer 0, named by namedParameters. Got:
      \(check.findings.report)
      """)
    #expect(
      first.weight.grad == Tensor.zeros([4, 2]), "the parameters' gradients are put back")

    last.weight.value.scalars[5] = .nan
    let nanWeight = checkFinite(model, inputs: data.inputs, labels: data.labels)
    let firstNaN = nanWeight.findings.first
    #expect(
      firstNaN?.symptom == .notFiniteParameter && firstNaN?.evidence.first?.location == .layer(3)
        && firstNaN?.evidence.first?.measured == 1
        && firstNaN?.evidence.first?.quantity
          == "non-finite values of model.3 Linear(4 -> 3) weight",
      "a NaN weight is found before the forward pass, at layer 3, one value: \(nanWeight.findings.report)"
    )
  }
}
