import Autodiff
import Foundation
import Layers
import Losses
import Optimizers
import Tensors
import Testing
import Training
import WorkbookSupport

/// A 2 → 4 → 3 ReLU network with fixed weights, and 6 points of 3 classes.
func smallNetwork(seed: UInt64 = 1) -> (Sequential, Tensor, [Int]) {
  var generator = SeededGenerator(seed: seed)
  let model = Sequential(
    Linear(inputs: 2, outputs: 4, using: &generator), ReLU(),
    Linear(inputs: 4, outputs: 3, using: &generator))
  let inputs = Tensor([[1, 2], [-1, 0.5], [0.3, -2], [2, 2], [-1.5, -1], [0, 1]])
  return (model, inputs, [0, 1, 2, 0, 1, 2])
}

@Suite("Activation statistics on a probe batch")
struct ActivationSummaryTests {
  @Test("a ReLU unit is dead only when it is zero on every example")
  func deadUnitsArePerUnit() {
    // Unit 0 is zero everywhere (dead), unit 1 is zero on one example (alive), unit 2 never.
    let activations = Tensor([[0, 0, 1], [0, 2, 3], [0, 1, 1]])
    let summary = ActivationSummary(kind: "ReLU", of: activations)
    #expect(summary.deadFraction == 1.0 / 3, "one unit of three is zero on every example")
    #expect(summary.saturatedFraction == 0)
    #expect(Swift.abs(summary.mean - 8.0 / 9) < 1e-12)
  }

  @Test("tanh counts |a| > 0.97 and sigmoid counts |z| >= 5 as saturated")
  func saturation() {
    let tanh = ActivationSummary(kind: "Tanh", of: Tensor([[0.99, -0.98, 0.5, 0.97]]))
    #expect(tanh.saturatedFraction == 0.5, "0.99 and -0.98 are saturated, 0.97 is not")
    #expect(tanh.deadFraction == 0, "only ReLU units are counted as dead")
    let edge = 1 / (1 + Foundation.exp(5.0))
    let sigmoid = ActivationSummary(
      kind: "Sigmoid", of: Tensor([[edge / 2, 0.5, 1 - edge / 2, 0.9]]))
    #expect(sigmoid.saturatedFraction == 0.5)
  }

  @Test("the standard deviation is the population one")
  func standardDeviation() {
    let summary = ActivationSummary(kind: "none", of: Tensor([[1, 3], [1, 3]]))
    #expect(summary.mean == 2)
    #expect(summary.standardDeviation == 1)
  }
}

@Suite("The telemetry stream of trainSteps")
struct TrainStepsTests {
  @Test("one loss and rate per step; probes at 0, k, 2k, ... and the last step")
  func probeSchedule() {
    let (model, inputs, labels) = smallNetwork()
    let optimizer = SGD(parameters: model.parameters, learningRate: 0.1)
    let telemetry = trainSteps(
      model, optimizer: optimizer, steps: 12, telemetry: TelemetryOptions(every: 5, probe: inputs)
    ) { _ in crossEntropy(logits: model(Variable(inputs)), labels: labels) }
    #expect(telemetry.losses.count == 12)
    #expect(telemetry.learningRates == Array(repeating: 0.1, count: 12))
    #expect(telemetry.probes.map(\.step) == [0, 5, 10, 11])
    #expect(telemetry.probes.allSatisfy { $0.layers.map(\.index) == [0, 2] })
    #expect(telemetry.probes.allSatisfy { $0.layers.allSatisfy { $0.activation != nil } })
    #expect(telemetry.probes[0].layers[0].activation?.kind == "ReLU")
    #expect(telemetry.probes[0].layers[1].activation?.kind == "none")
    #expect(telemetry.firstNonFiniteStep == nil)
    #expect(telemetry.losses.last! < telemetry.losses.first!, "SGD at 0.1 lowers the loss")
  }

  @Test("the loss of step 0 is the loss of the untrained model")
  func firstLoss() {
    let (model, inputs, labels) = smallNetwork()
    let before = crossEntropy(logits: model(Variable(inputs)), labels: labels).value.scalar
    let telemetry = trainSteps(
      model, optimizer: SGD(parameters: model.parameters, learningRate: 0.1), steps: 2
    ) { _ in crossEntropy(logits: model(Variable(inputs)), labels: labels) }
    #expect(telemetry.losses[0] == before)
    #expect(telemetry.probes.isEmpty, "TelemetryOptions.off records loss and rate only")
  }

  @Test("gradient norms per layer add up to the global norm; SGD's update ratio is lr·|g|/|θ|")
  func normsAndUpdateRatio() {
    let (model, inputs, labels) = smallNetwork(seed: 3)
    let layers = model.layers.compactMap { $0 as? Linear }
    // The expected numbers, from one forward and backward pass before training.
    let loss = crossEntropy(logits: model(Variable(inputs)), labels: labels)
    loss.backward()
    let expectedGradients = layers.map { gradientNorm($0.parameters) }
    let sizes = layers.map { layer in
      layer.parameters.map { $0.value.scalars.map { $0 * $0 }.reduce(0, +) }.reduce(0, +)
        .squareRoot()
    }
    for parameter in model.parameters { parameter.grad = Tensor.zeros(parameter.shape) }
    let learningRate = 0.05
    let telemetry = trainSteps(
      model, optimizer: SGD(parameters: model.parameters, learningRate: learningRate), steps: 1,
      telemetry: TelemetryOptions(every: 1)
    ) { _ in crossEntropy(logits: model(Variable(inputs)), labels: labels) }
    let probe = telemetry.probes[0]
    for (position, record) in probe.layers.enumerated() {
      #expect(Swift.abs(record.gradientNorm - expectedGradients[position]) < 1e-12)
      #expect(Swift.abs(record.parameterNorm - sizes[position]) < 1e-12)
      let predicted = learningRate * expectedGradients[position] / sizes[position]
      #expect(Swift.abs(record.updateRatio - predicted) < 1e-12 * Swift.max(1, predicted))
    }
    let global = expectedGradients.map { $0 * $0 }.reduce(0, +).squareRoot()
    #expect(Swift.abs(probe.gradientNorm - global) < 1e-12)
    #expect(probe.layers.allSatisfy { $0.activation == nil }, "no probe batch, no activations")
  }

  @Test("gradient norms are recorded before clipping")
  func normsBeforeClipping() {
    let (model, inputs, labels) = smallNetwork(seed: 4)
    let loss = crossEntropy(logits: model(Variable(inputs)), labels: labels)
    loss.backward()
    let unclipped = gradientNorm(model.parameters)
    for parameter in model.parameters { parameter.grad = Tensor.zeros(parameter.shape) }
    let telemetry = trainSteps(
      model, optimizer: SGD(parameters: model.parameters, learningRate: 0.1), steps: 1,
      telemetry: TelemetryOptions(every: 1), clipNorm: unclipped / 10
    ) { _ in crossEntropy(logits: model(Variable(inputs)), labels: labels) }
    #expect(Swift.abs(telemetry.probes[0].gradientNorm - unclipped) < 1e-12)
  }

  @Test("a diverging run stops at its first non-finite loss, and the telemetry says where")
  func divergence() {
    var generator = SeededGenerator(seed: 5)
    let model = Sequential(Linear(inputs: 1, outputs: 1, using: &generator))
    let x = Tensor([[1], [2], [3]])
    let y = Tensor([[2], [4], [6]])
    let telemetry = trainSteps(
      model, optimizer: SGD(parameters: model.parameters, learningRate: 10), steps: 500,
      telemetry: TelemetryOptions(every: 50)
    ) { _ in meanSquaredError(model(Variable(x)), y) }
    let first = telemetry.firstNonFiniteStep
    #expect(first != nil, "lr 10 on this regression diverges")
    #expect(telemetry.stepCount == (first ?? -1) + 1, "the run ends at the first NaN")
    #expect(telemetry.probes.last?.isFinite == false)
    #expect(telemetry.probes.last?.nonFinite.contains("loss") == true)
  }

  @Test("the schedule sets each step's rate")
  func schedule() {
    let (model, inputs, labels) = smallNetwork()
    let telemetry = trainSteps(
      model, optimizer: SGD(parameters: model.parameters, learningRate: 1), steps: 3,
      schedule: { 0.1 / Double($0 + 1) },
      loss: { _ in crossEntropy(logits: model(Variable(inputs)), labels: labels) })
    #expect(telemetry.learningRates == [0.1, 0.05, 0.1 / 3])
  }

  @Test("a negative probing period stops with a message")
  func negativePeriod() async {
    await #expect(processExitsWith: .failure) { _ = TelemetryOptions(every: -1) }
  }
}

@Suite("Findings")
struct FindingTests {
  @Test("a finding prints its symptom, evidence, cause and fix")
  func description() {
    let finding = Finding(
      Symptom("unscaled inputs"),
      evidence: [
        Evidence("standard deviation", at: .feature(3), measured: 73.2, threshold: 10, .above)
      ],
      likelyCause: "raw pixels", fix: "standardise")
    #expect(
      finding.description
        == "unscaled inputs: feature 3: standard deviation 73.2, above the threshold 10\n"
        + "  likely cause: raw pixels\n  fix: standardise")
    #expect([finding, finding].symptoms == [Symptom("unscaled inputs")])
    #expect([Finding]().report == "nothing found")
  }

  @Test("small and large numbers keep their digits")
  func formatting() {
    let evidence = Evidence(
      "update ratio", at: .layer(2), measured: 2.5e-6, threshold: 1e-5, .below)
    #expect(evidence.description == "layer 2: update ratio 2.5e-06, below the threshold 1e-05")
  }

  @Test("evidence that contradicts its threshold stops with a message")
  func contradiction() async {
    await #expect(processExitsWith: .failure) {
      _ = Evidence("std", at: .run, measured: 1, threshold: 10, .above)
    }
  }

  @Test("a finding needs evidence")
  func noEvidence() async {
    await #expect(processExitsWith: .failure) {
      _ = Finding(Symptom("x"), evidence: [], likelyCause: "", fix: "")
    }
  }

  @Test("a stub's finding names its exercise")
  func notWritten() {
    let finding = Finding.notWritten("11.2")
    #expect(finding.symptom == .notWritten)
    #expect(finding.likelyCause.contains("11.2"))
  }
}
