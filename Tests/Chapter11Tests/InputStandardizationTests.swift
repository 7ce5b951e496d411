import Autodiff
import AutodiffTestSupport
import DataPipeline
import Normalisation
import Tensors
import TestSupport
import Testing

@Suite("11.3 Standardisation as the model's first layer")
struct InputStandardizationTests {
  @Test("on the training split every pixel comes out with mean 0 and standard deviation 1")
  func trainingSplitIsStandardised() {
    let inputs = makePixelData(.broken, seed: 0).training.inputs
    let layer = InputStandardization(fittedOn: inputs)
    let output = layer(Variable(inputs)).value
    #expect(output.shape == inputs.shape, "the output has the input's shape, got \(output.shape)")
    guard output.shape == inputs.shape else { return }
    for feature in 0..<inputs.shape[1] {
      let (mean, spread) = columnStatistics(output, feature)
      guard Swift.abs(mean) < 1e-9 && Swift.abs(spread - 1) < 1e-9 else {
        let raw = columnStatistics(inputs, feature).spread
        let likely =
          isClose(spread * raw, 1, tolerance: 1e-6)
          ? " A spread of 1/\(raw) means the feature was divided by its variance: divide by the "
            + "standard deviation." : ""
        Issue.record(
          """
          feature \(feature) comes out with mean \(mean) and spread \(spread), expected 0 and \
          1: subtract the training mean, divide by the population standard deviation (divide \
          by N, as Standardizer.fit does).\(likely)
          """)
        return
      }
    }
  }

  @Test("other data is scaled with the training statistics, exactly as Standardizer.apply does")
  func otherDataUsesTrainingStatistics() {
    let data = makePixelData(.broken, seed: 1)
    let layer = InputStandardization(fittedOn: data.training.inputs)
    let expected = Standardizer.fit(data.training.inputs).apply(data.validation.inputs)
    expectClose(
      layer(Variable(data.validation.inputs)).value, expected, tolerance: 1e-12,
      """
      the validation split must be shifted and scaled by the TRAINING mean and spread, stored \
      when the layer was fitted: re-measuring the batch passed in hides a shift between the \
      splits, and makes a prediction depend on the rest of the batch
      """)
  }

  @Test("one example alone comes out exactly as it does inside the batch")
  func oneExampleAloneIsTheSame() {
    let inputs = makePixelData(.broken, seed: 2).training.inputs
    let layer = InputStandardization(fittedOn: inputs)
    let batch = layer(Variable(inputs)).value
    let row = Tensor(shape: [1, inputs.shape[1]], scalars: Array(inputs.scalars[0..<64]))
    let alone = layer(Variable(row)).value
    let expected = Tensor(shape: [1, 64], scalars: Array(batch.scalars.prefix(64)))
    expectClose(
      alone, expected, tolerance: 1e-12,
      "one row's standardisation must not depend on the other rows: use the stored statistics")
  }

  @Test("a constant feature is centred, never divided by its spread of 0")
  func constantFeatureIsCentred() {
    let training = matrix(columns: [[1, 2, 3, 4], [5, 5, 5, 5]])
    let layer = InputStandardization(fittedOn: training)
    #expect(
      layer.shift.scalars == [2.5, 5] && layer.scale.scalars[1] == 1,
      """
      a constant feature keeps its mean as the shift and gets scale 1 (Standardizer lists it \
      in constantFeatures); got shift \(layer.shift.scalars), scale \(layer.scale.scalars)
      """)
    let output = layer(Variable(matrix(columns: [[2.5, 0], [5, 7]]))).value
    expectClose(
      output, Tensor([[0, 0], [-2.5 / 1.118033988749895, 2]]), tolerance: 1e-9,
      """
      the constant feature comes out as x - 5 (0 on the training data, 2 for a new 7), never \
      divided by 0, which gives NaN and infinities
      """)
  }

  @Test("a feature passed through comes out exactly as it went in")
  func passedThroughFeatureIsUnchanged() {
    let drift = uniformColumn(20, in: 0...0.001, seed: 91)
    let training = matrix(columns: [uniformColumn(20, in: 0...255, seed: 92), drift])
    let layer = InputStandardization(fittedOn: training, passingThrough: [1])
    let output = layer(Variable(training)).value
    #expect(
      layer.shift.scalars.last == 0 && layer.scale.scalars.last == 1
        && layer.passedThrough == [1],
      """
      a feature passed through gets shift 0 and scale 1, whatever its statistics; got shift \
      \(layer.shift.scalars), scale \(layer.scale.scalars), passedThrough \(layer.passedThrough)
      """)
    let kept = (0..<20).map { output.scalars[$0 * 2 + 1] }
    #expect(
      kept == drift,
      "feature 1 (drift noise in 0...0.001) must be left exactly as it is, not standardised")
    #expect(
      Swift.abs(columnStatistics(output, 0).spread - 1) < 1e-9,
      "feature 0, not passed through, is still standardised")
  }

  @Test("the gradient reaching the input is g / scale")
  func gradientIsDividedByScale() {
    let training = matrix(columns: [[0, 10, 20, 30], [1, 1, 1, 1], [-1, 1, -1, 1]])
    let layer = InputStandardization(fittedOn: training)
    let x = Variable(randomTensor([5, 3], seed: 93))
    let weights = randomTensor([5, 3], seed: 94)
    weightedSum(layer(x), weights).backward()
    let spread = 125.0.squareRoot()
    let expected = Tensor(
      shape: [5, 3], scalars: (0..<15).map { weights.scalars[$0] / [spread, 1, 1][$0 % 3] })
    expectClose(
      x.grad, expected,
      """
      y = (x - shift) / scale, so dL/dx = g / scale (the shift is a constant, and a constant \
      feature's scale is 1); keep the input in the graph
      """)
  }

  @Test(
    "the fix: raw pixels with the layer first reach 90% accuracy; without, chance",
    arguments: testSeeds)
  func fixReachesWhatTheRawRunCannot(seed: UInt64) {
    let raw = makePixelRun(.broken, seed: seed)
    let fixed = makeFixedPixelRun(seed: seed)
    #expect(
      raw.validationAccuracy < 0.4 && raw.finalLoss > 1.5,
      """
      premise, seed \(seed): the raw run stays near chance (accuracy \
      \(raw.validationAccuracy), final loss \(raw.finalLoss))
      """)
    #expect(
      fixed.initialLoss < 5 && fixed.finalLoss < 0.5 && fixed.validationAccuracy >= 0.9,
      """
      seed \(seed): the same raw pixels through an InputStandardization fitted on the \
      training split should start near ln 10 (got a loss of \(fixed.initialLoss) at step 0) \
      and reach a final loss below 0.5 (got \(fixed.finalLoss)) and 90% validation accuracy \
      (got \(fixed.validationAccuracy)): is every feature divided by its training spread?
      """)
  }

  @Test("the caution: drift passed through keeps the validation loss that blind scaling loses")
  func passingDriftThroughHelps() {
    let seeds: [UInt64] = [0, 1, 2, 3]
    let left = seeds.map { makeDriftRun(seed: $0, passingDriftThrough: true) }
    let blind = seeds.map { makeDriftRun(seed: $0, passingDriftThrough: false) }
    let leftLoss = left.map(\.validationLoss).reduce(0, +) / Double(seeds.count)
    let blindLoss = blind.map(\.validationLoss).reduce(0, +) / Double(seeds.count)
    let leftAccuracy = left.map(\.validationAccuracy).reduce(0, +) / Double(seeds.count)
    #expect(
      leftAccuracy >= 0.95 && leftLoss * 1.5 < blindLoss,
      """
      50 columns of tiny, meaningless drift on 50 training images: passed through, they stay \
      too quiet to matter (mean validation accuracy \(leftAccuracy), loss \(leftLoss)); \
      standardised, they are as loud as the pixels and the network fits them (mean loss \
      \(blindLoss)). Expected accuracy >= 0.95 and a loss under 2/3 of the blind one: does \
      passingThrough give shift 0 and scale 1?
      """)
  }

  @Test("inputs with the wrong number of features stop with a message naming both counts")
  func wrongFeatureCountIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let layer = InputStandardization(fittedOn: Tensor([[1, 2, 3], [4, 5, 6]]))
      _ = layer(Variable(Tensor([[1, 2], [3, 4]])))
    }
    expectMessage(
      result, contains: ["InputStandardization", "3", "[2, 2]"],
      "check the feature count first: a broadcasting error deep in Tensor does not name the layer")
  }

  @Test("a feature to pass through that does not exist stops with a message")
  func passThroughOutOfRangeIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = InputStandardization(fittedOn: Tensor([[1, 2], [3, 4]]), passingThrough: [2])
    }
    expectMessage(result, contains: ["InputStandardization", "feature 2", "2 features"])
  }
}
