import Autodiff
import AutodiffTestSupport
import DropoutAndModes
import Foundation
import Layers
import Tensors
import TestSupport
import Testing

@Suite("8.1 Inverted dropout")
struct DropoutTests {
  @Test("in evaluation mode dropout is the identity: two passes agree and equal the input")
  func evaluationIsIdentity() {
    let dropout = Dropout(probability: 0.5, seed: 11)
    dropout.eval()
    let x = signedTensor([4, 5], seed: 12)
    let first = dropout(Variable(x)).value
    let second = dropout(Variable(x)).value
    expectClose(
      first, x, tolerance: 0,
      "in evaluation mode nothing is dropped and nothing is scaled: y = x (check isTraining)")
    #expect(first == second, "two evaluation passes must give the same output")
  }

  @Test("in training mode two passes differ: a fresh mask for every call")
  func trainingPassesDiffer() {
    let dropout = Dropout(probability: 0.5, seed: 13)
    let x = signedTensor([6, 8], seed: 14)
    let first = dropout(Variable(x)).value
    let second = dropout(Variable(x)).value
    let problem = dropoutProblem(first, input: x, probability: 0.5)
    #expect(problem == nil, "\(problem ?? "")")
    #expect(
      first != second,
      """
      two training passes over the same input gave the same output: draw a new mask on every \
      call (from the layer's generator), not once when the layer is created
      """)
  }

  @Test(
    "every element is either dropped (exactly 0) or kept and scaled by 1 / (1 - p)",
    arguments: [(0.2, [50, 40]), (0.5, [2, 3, 4]), (0.75, [1000])])
  func keptElementsAreScaled(probability: Double, shape: [Int]) {
    let dropout = Dropout(probability: probability, seed: 15)
    let x = signedTensor(shape, seed: 16)
    let y = dropout(Variable(x)).value
    let problem = dropoutProblem(y, input: x, probability: probability)
    #expect(problem == nil, "\(problem ?? "")")
    let zeros = zeroFraction(y)
    #expect(
      zeros > 0 && zeros < 1,
      "with p = \(probability), some elements must be dropped and some kept; \(zeros) are zero")
  }

  @Test(
    "the fraction of dropped elements is p, within 5 binomial standard deviations",
    arguments: [0.1, 0.5, 0.9])
  func fractionDroppedIsP(probability: Double) {
    let count = 20_000
    let dropout = Dropout(probability: probability, seed: 17)
    let y = dropout(Variable(Tensor.ones([count]))).value
    let fraction = zeroFraction(y)
    let tolerance = 5 * (probability * (1 - probability) / Double(count)).squareRoot()
    #expect(
      abs(fraction - probability) <= tolerance,
      """
      \(fraction) of the elements were dropped, expected p = \(probability) +- \(tolerance). \
      p is the probability of DROPPING: keep an element with probability 1 - p \
      (bernoulli(probability: 1 - p) is true for a kept element)
      """)
    #expect(y.scalars.allSatisfy { $0 == 0 || isClose($0, 1 / (1 - probability)) })
  }

  @Test(
    "the expectation is unchanged: the mean over 4000 masks is x, within 5 standard errors",
    arguments: [0.3, 0.6])
  func expectationIsUnchanged(probability: Double) {
    let rows = 4000
    let x = Tensor([1.5, -0.5, 2, -1, 0.75, 3])
    let batch = Tensor(
      shape: [rows, 6], scalars: Array((0..<rows).map { _ in x.scalars }.joined()))
    let dropout = Dropout(probability: probability, seed: 18)
    let means = dropout(Variable(batch)).value.mean(alongAxis: 0)
    // Each output is x * m / (1 - p) with m ~ Bernoulli(1 - p): mean x, variance
    // x^2 p / (1 - p), so the mean of `rows` of them has standard error |x| sqrt(p/(1-p)/rows).
    let spread = (probability / (1 - probability) / Double(rows)).squareRoot()
    for column in 0..<6 {
      let expected = x.scalars[column]
      let tolerance = 5 * abs(expected) * spread
      #expect(
        abs(means.scalars[column] - expected) <= tolerance,
        """
        column \(column): the mean output over \(rows) masks is \(means.scalars[column]), \
        expected x = \(expected) +- \(tolerance). Near (1 - p) x = \
        \((1 - probability) * expected) means the kept elements were not divided by 1 - p
        """)
    }
  }

  @Test("p = 0 is the identity in both modes")
  func zeroProbabilityIsIdentity() {
    let dropout = Dropout(probability: 0, seed: 19)
    let x = signedTensor([3, 4], seed: 20)
    expectClose(
      dropout(Variable(x)).value, x, tolerance: 0, "p = 0 drops nothing and scales by 1")
    dropout.eval()
    expectClose(dropout(Variable(x)).value, x, tolerance: 0, "in evaluation mode too")
  }

  @Test("the same seed gives the same masks, call after call; another seed gives other masks")
  func seededMasksAreReproducible() {
    let x = signedTensor([10, 10], seed: 21)
    let first = Dropout(probability: 0.5, seed: 22)
    let second = Dropout(probability: 0.5, seed: 22)
    for call in 1...3 {
      let a = first(Variable(x)).value
      let b = second(Variable(x)).value
      #expect(
        a == b && dropoutProblem(a, input: x, probability: 0.5) == nil,
        """
        call \(call): two layers with seed 22 must produce the same valid output. Draw every \
        random number from the layer's own SeededGenerator(seed:), one per element in order, \
        never from a global or system generator
        """)
    }
    let other = Dropout(probability: 0.5, seed: 23)
    let fresh = Dropout(probability: 0.5, seed: 22)
    #expect(
      other(Variable(x)).value != fresh(Variable(x)).value,
      "seeds 22 and 23 gave the same mask: the seed must reach the generator")
  }

  @Test("the gradient flows through the forward pass's mask: g * m / (1 - p)")
  func gradientUsesForwardMask() {
    let probability = 0.4
    let dropout = Dropout(probability: probability, seed: 24)
    let input = signedTensor([6, 7], seed: 25)
    let weights = randomTensor([6, 7], seed: 26)
    let x = Variable(input)
    let y = dropout(x)
    weightedSum(y, weights).backward()
    // y / x is the scaled mask of this very pass: 0 where dropped, 1 / (1 - p) where kept.
    let expected = weights * (y.value / input)
    expectClose(
      x.grad, expected,
      """
      dL/dx must be g * m / (1 - p) with the mask m of the FORWARD pass: zero exactly where \
      the output was dropped, g / (1 - p) where it was kept. \(
        gradientMaskProblem(x.grad, output: y.value, expected: expected, probability: probability))
      """)
  }

  /// The likely bug behind a wrong dropout gradient: a mask other than the forward pass's, or
  /// the forward pass's mask without the scale.
  private func gradientMaskProblem(
    _ gradient: Tensor, output: Tensor, expected: Tensor, probability p: Double
  ) -> String {
    guard gradient.shape == expected.shape else {
      return "The gradient has shape \(gradient.shape), the input \(expected.shape)."
    }
    let mismatched = zip(gradient.scalars, output.scalars).enumerated().first { _, pair in
      (pair.0 == 0) != (pair.1 == 0)
    }
    if let (index, (gradient, output)) = mismatched {
      return """
        Element \(multiIndex(index, shape: expected.shape)) has gradient \(gradient) but \
        output \(output): the gradient is zero somewhere else than the output. The backward \
        rule must not draw a new mask: capture the mask of the forward pass in the closure
        """
    }
    if zip(gradient.scalars, expected.scalars).allSatisfy({
      isClose($0, $1 * (1 - p), tolerance: 1e-9)
    }) {
      return """
        The gradient is (1 - p) = \(1 - p) times the right one, 1 - p times too small: the \
        backward rule used the 0/1 mask without the 1 / (1 - p) scale of the forward pass
        """
    }
    return ""
  }

  @Test("in evaluation mode the gradient passes through unchanged")
  func evaluationGradientIsIdentity() {
    let dropout = Dropout(probability: 0.5, seed: 27)
    dropout.eval()
    let x = Variable(signedTensor([3, 5], seed: 28))
    let weights = randomTensor([3, 5], seed: 29)
    weightedSum(dropout(x), weights).backward()
    expectClose(
      x.grad, weights,
      "in evaluation mode y = x, so dL/dx = g; keep the input in the graph (return it)")
  }

  @Test("p = 1 stops with a message naming the value")
  func probabilityOneIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      Dropout(probability: 1) must stop: p = 1 drops everything and divides by 1 - p = 0 \
      (check 0 <= p < 1 in init)
      """
    ) {
      _ = Dropout(probability: 1, seed: 1)
    }
    expectMessage(
      result, contains: ["Dropout", "1.0"],
      "p = 1 drops everything and divides by 1 - p = 0: check 0 <= p < 1 in init")
  }

  @Test("a negative p stops with a message naming the value")
  func negativeProbabilityIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      Dropout(probability: -0.25) must stop: a probability is never negative \
      (check 0 <= p < 1 in init)
      """
    ) {
      _ = Dropout(probability: -0.25, seed: 1)
    }
    expectMessage(result, contains: ["Dropout", "-0.25"])
  }

  @Test("inside a model, dropout follows model.eval() and model.train()")
  func followsTheModelsMode() {
    let linear = Linear(weight: randomTensor([8, 3], seed: 30), bias: Tensor.zeros([8]))
    let model = Sequential(linear, Sequential(Dropout(probability: 0.5, seed: 31)))
    let input = randomTensor([20, 3], seed: 32)
    let hidden = linear(Variable(input)).value
    model.eval()
    expectClose(
      model(Variable(input)).value, hidden, tolerance: 0,
      "after model.eval() the dropout two levels down must let everything through")
    model.train()
    let problem = dropoutProblem(model(Variable(input)).value, input: hidden, probability: 0.5)
    #expect(problem == nil, "after model.train() the dropout drops again: \(problem ?? "")")
  }
}
