import Autodiff
import DataPipeline
import Foundation
import Layers
import Losses
import Optimizers
import Tensors
import TestSupport
import Testing
import Training
import WorkbookSupport

/// Overfits 12 spiral points (4 per class) with a fresh 2-16-16-3 classifier and Adam 0.02.
private func overfitTwelve(
  _ data: Dataset, loss: LossFunction = { crossEntropy(logits: $0, labels: $1) }
) -> OverfitResult {
  let model = makeClassifier(seed: 1)
  return overfit(
    model, inputs: data.inputs, labels: data.labels,
    optimizer: Adam(parameters: model.parameters, learningRate: 0.02), steps: 300, loss: loss)
}

@Suite("10.11 Overfit one batch")
struct OverfitTests {
  @Test("a small MLP overfits 12 spiral points: loss below 0.01, all right, within 300 Adam steps")
  func overfitsOneBatch() {
    let result = overfitTwelve(spirals(pointsPerClass: 4, seed: 1))
    #expect(
      result.passed && result.finalLoss < 0.01 && result.finalAccuracy == 1,
      """
      12 points and 370 parameters: the model must memorise them (ref: below 0.01 with 12/12 \
      right after about 65 steps). Got loss \(result.finalLoss), accuracy \
      \(result.finalAccuracy), steps \(String(describing: result.stepsToTarget))
      """)
    #expect(
      (result.stepsToTarget ?? 300) < 300
        && result.losses.count == (result.stepsToTarget ?? -2) + 1,
      "stop as soon as the target is met: one loss per forward pass, the last one below 0.01")
    #expect(
      abs((result.losses.first ?? 0) - log(3.0)) < 0.1, "the first loss is about ln 3 (fresh model)"
    )
  }

  @Test("with labels that do not belong to their inputs the loss stays near ln 3: flagged")
  func misalignedLabelsAreFlagged() {
    // A pipeline that pairs the predictions with another permutation of the labels at every step.
    var generator = SeededGenerator(seed: 99)
    let result = overfitTwelve(spirals(pointsPerClass: 4, seed: 1)) { outputs, labels in
      crossEntropy(logits: outputs, labels: generator.permutation(labels.count).map { labels[$0] })
    }
    let tail = result.losses.suffix(50)
    let tailMean = tail.reduce(0, +) / Double(Swift.max(tail.count, 1))
    #expect(
      !result.passed && result.losses.count == 300 && abs(tailMean - log(3.0)) < 0.1,
      """
      when the labels change from step to step nothing can be memorised: the best the model \
      can do is predict 1/3 each, a loss of ln 3 = 1.0986 (ref: last 50 steps average 1.099). \
      Got \(result.losses.count) steps, last-50 mean \(tailMean), passed \(result.passed) \
      (a pass here means overfit did not use the loss it was given)
      """)
  }

  @Test("labels shifted once are memorised as easily: overfitting passes, held-out at chance")
  func fixedMisalignmentIsMemorised() {
    // 60 training points in a seeded order; the shifted copy gives each input the label of the
    // next one, once and for all, the way an off-by-one between two files does.
    var generator = SeededGenerator(seed: 4)
    let all = spirals(pointsPerClass: 20, seed: 5)
    let training = all.subset(generator.permutation(all.count))
    let shifted = Dataset(
      inputs: training.inputs, labels: Array(training.labels.dropFirst()) + [training.labels[0]])
    let heldOut = spirals(pointsPerClass: 100, seed: 6)
    func run(_ data: Dataset) -> (OverfitResult, Double) {
      let model = makeClassifier(hidden: 32, seed: 5)
      let result = overfit(
        model, inputs: data.inputs, labels: data.labels,
        optimizer: Adam(parameters: model.parameters, learningRate: 0.02), steps: 1500)
      return (result, evaluate(model, on: heldOut).accuracy)
    }
    let (aligned, alignedAccuracy) = run(training)
    let (misaligned, misalignedAccuracy) = run(shifted)
    #expect(
      aligned.passed && misaligned.passed,
      """
      a fixed misalignment is training data like any other: 60 points with labels shifted by \
      one are memorised too (ref: 695 steps, against 69 with the right labels; limit 1500), so \
      overfit must pass on both, it proves the pipeline can learn, not that the labels are \
      right. Got aligned \(aligned.summary); shifted \(misaligned.summary)
      """)
    #expect(
      alignedAccuracy > 0.9 && abs(misalignedAccuracy - 1.0 / 3) < 0.12,
      """
      held-out data with the true labels tells them apart: the model of the aligned labels \
      generalises (ref: 99% on 300 held-out points), the model of the shifted labels scores \
      chance, 1/3 (ref: 33%). Got \(alignedAccuracy) and \(misalignedAccuracy)
      """)
  }

  @Test("raw spirals cannot be overfitted: the three arms share their first point, (0, 0)")
  func duplicateInputsWithDifferentLabels() {
    let raw = Dataset(Datasets.spirals(pointsPerClass: 4, classes: 3, noise: 0.2, seed: 1))
    let result = overfitTwelve(raw)
    let floor = 3.0 / 12 * log(3.0)  // three identical inputs, three labels: ln 3 each
    #expect(
      !result.passed && result.losses.count == 300 && result.finalLoss > floor - 1e-3,
      """
      three of the 12 inputs are the same point with three different labels, so the loss \
      cannot go below (3/12) ln 3 = \(floor): the check must fail here, and say so (got \
      \(result.finalLoss) after \(result.losses.count) steps). Become one with the data first.
      """)
  }

}

@Suite("10.12 Overfit 10 examples, then 100")
struct OverfitSubsetsTests {
  @Test("overfit 10, then 100 examples: a 2-32-32-3 MLP does both, a linear model fails at 100")
  func overfitTenThenHundred() throws {
    let data = spirals(pointsPerClass: 50, seed: 3)
    let results = overfitSubsets(
      of: data, steps: 600, seed: 1, makeModel: { makeClassifier(hidden: 32, seed: 5) },
      makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
    try #require(results.count == 2, "one result per size, got \(results.count)")
    #expect(
      results.map(\.examples) == [10, 100] && results.allSatisfy(\.passed),
      """
      the MLP must memorise 10 examples and then 100 (ref: 30 and 103 steps of the 600). Got \
      \(results.map { "\($0.examples): \($0.finalLoss)" })
      """)
    let linear = overfitSubsets(
      of: data, steps: 600, seed: 1,
      makeModel: {
        var generator = SeededGenerator(seed: 5)
        return Linear(inputs: 2, outputs: 3, using: &generator)
      },
      makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
    try #require(linear.count == 2)
    #expect(
      !linear[1].passed && linear[1].losses.count == 600 && linear[1].finalAccuracy < 0.8,
      """
      a linear model cannot separate 100 spiral points (ref: accuracy 0.52): the check must \
      fail. Got accuracy \(linear[1].finalAccuracy), passed \(linear[1].passed)
      """)
  }

  @Test("each size gets a fresh model and the first n examples of one seeded permutation")
  func subsetsComeFromOnePermutation() {
    let data = spirals(pointsPerClass: 10, seed: 3)
    var recorders: [InputRecorder] = []
    _ = overfitSubsets(
      of: data, sizes: [4, 12], steps: 2, seed: 7,
      makeModel: {
        let recorder = InputRecorder()
        recorders.append(recorder)
        var generator = SeededGenerator(seed: 5)
        return Sequential(recorder, Linear(inputs: 2, outputs: 3, using: &generator))
      },
      makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
    #expect(
      recorders.count == 2,
      """
      a fresh model for each size: makeModel must be called once per size (2), or the second \
      run starts from the weights the first one memorised; it was called \(recorders.count) times
      """)
    var generator = SeededGenerator(seed: 7)
    let order = generator.permutation(data.count)
    let expected = [4, 12].map { data.subset(Array(order.prefix($0))).inputs }
    let seen = recorders.compactMap(\.inputs.first)
    #expect(
      seen == expected,
      """
      each size trains on the first n examples of one seeded permutation of the data set \
      (SeededGenerator(seed: seed).permutation(dataset.count), made once), so that the larger \
      subsets contain the smaller ones and every class gets a share. Expected \
      \(expected.map(\.shape)) inputs starting with \(expected.map { Array($0.scalars.prefix(2)) }), \
      got \(seen.map(\.shape)) starting with \(seen.map { Array($0.scalars.prefix(2)) })
      """)
  }
}

@Suite("10.13 The input-independent baseline")
struct BaselineTests {
  @Test("both final losses are measured in evaluation mode, after training in training mode")
  func baselineMeasuresInEvaluationMode() {
    var probes: [ModeProbe] = []
    let comparison = compareWithInputIndependentBaseline(
      on: spirals(pointsPerClass: 4, seed: 2), steps: 3,
      makeModel: {
        let probe = ModeProbe()
        probes.append(probe)
        return Sequential(makeClassifier(seed: 7), probe)
      },
      makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
    #expect(
      comparison.realLoss.isFinite && probes.count == 2
        && probes.allSatisfy { $0.modes == [true, true, true, false] },
      """
      each run builds a fresh model, trains it 3 steps in training mode and measures its final \
      loss once, in evaluation mode (model.evaluating { }), the way validation is measured: \
      the probes saw \(probes.map(\.modes)) (true = training)
      """)
  }

  @Test("zeroed inputs do clearly worse than the real ones")
  func realInputsBeatZeroes() {
    let comparison = compareWithInputIndependentBaseline(
      on: spirals(pointsPerClass: 20, seed: 2), steps: 100,
      makeModel: { makeClassifier(seed: 7) },
      makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
    #expect(
      comparison.passed && comparison.realLoss < 0.5
        && abs(comparison.zeroedLoss - log(3.0)) < 0.05,
      """
      on zeroed inputs a model can only learn the class frequencies (balanced: ln 3 = 1.0986); \
      on the real ones it must do much better (ref: 0.012 after 100 steps). Got real \
      \(comparison.realLoss), zeroed \(comparison.zeroedLoss)
      """)
  }

  @Test("a model that ignores its inputs does no better than the baseline, and is flagged")
  func inputIgnoringModelIsFlagged() {
    let comparison = compareWithInputIndependentBaseline(
      on: spirals(pointsPerClass: 20, seed: 2), steps: 100,
      makeModel: {
        var generator = SeededGenerator(seed: 7)
        return Sequential(
          IgnoresInput(), Linear(inputs: 2, outputs: 16, using: &generator), ReLU(),
          Linear(inputs: 16, outputs: 3, using: &generator))
      },
      makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
    #expect(
      !comparison.passed && abs(comparison.realLoss - comparison.zeroedLoss) < 1e-6
        && abs(comparison.zeroedLoss - log(3.0)) < 0.05,
      """
      a model whose first layer multiplies its input by 0 gives the same loss on real and \
      zeroed inputs (about ln 3), and the check must fail. Got real \(comparison.realLoss), \
      zeroed \(comparison.zeroedLoss), passed \(comparison.passed)
      """)
  }
}
