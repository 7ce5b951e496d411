import Autodiff
import DataPipeline
import Gradients
import Layers
import Tensors
import TestSupport
import Testing
import Training
import WorkbookSupport

/// Six examples with two features and their labels, for the fixed linear layer.
private let examples = Dataset(
  inputs: Tensor([[1, 0], [0, 1], [-1, 2], [2, 2], [0.5, -1], [-2, -0.5]]),
  labels: [0, 1, 2, 1, 0, 2])

/// What the fixed linear layer computes for `inputs`, by hand: x Wᵀ + b.
private func fixedLogits(_ inputs: Tensor) -> Tensor {
  let layer = fixedLinear()
  return matmul(inputs, layer.weight.value.transposed()) + layer.bias!.value
}

@Suite("10.1 Accuracy")
struct AccuracyTests {
  @Test("accuracy is the fraction of rows whose argmax is the label, for logits or probabilities")
  func accuracyOfArgmax() {
    // Row 1's winner has probability 0.27 and row 4's 0.42: thresholding at 0.5 misses them.
    let logits = Tensor([
      [-1, -0.5, -3, -2], [0.1, 0.3, 0.2, 0.25], [5, -5, 0, 0], [0, 0, 0, 2], [1, 2, 3, 2.9],
    ])
    let labels = [1, 0, 0, 3, 2]
    let fromLogits = accuracy(logits: logits, labels: labels)
    #expect(
      fromLogits == 0.8,
      """
      the argmax of each row (along axis 1, the classes) is [1, 1, 0, 3, 2]; compared with \
      the labels [1, 0, 0, 3, 2] of the same rows, 4 of 5 agree: 0.8, got \(fromLogits). \
      (0.6: a probability compared with 0.5; a count instead of a fraction; argmax along axis 0)
      """)
    let fromProbabilities = accuracy(logits: logits.softmax(alongAxis: 1), labels: labels)
    #expect(
      fromProbabilities == 0.8,
      "softmax keeps each row's order, so probabilities give the same accuracy, got \(fromProbabilities)"
    )
  }

  @Test("accuracy stops with a message when the labels do not match the rows")
  func accuracyChecksCounts() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      _ = accuracy(logits: Tensor.zeros([4, 3]), labels: [0, 1, 2])
    }
    expectMessage(result, contains: ["accuracy", "3 labels", "4 rows"])
  }

}

@Suite("10.2 The confusion matrix")
struct ConfusionMatrixTests {
  @Test("the confusion matrix has one row per true class and one column per prediction")
  func confusionMatrixOrientation() {
    let matrix = confusionMatrix(
      predictions: [0, 2, 1, 1, 2, 0, 2], labels: [0, 1, 1, 2, 2, 0, 0], classes: 3)
    #expect(
      matrix.counts == [[2, 0, 1], [0, 1, 1], [0, 1, 1]],
      """
      counts[t][p] counts the examples of TRUE class t predicted as p: class 0 has three \
      examples, two predicted 0 and one predicted 2, so row 0 is [2, 0, 1]. Got \
      \(matrix.counts) (the transpose [[2, 0, 0], [0, 1, 1], [1, 1, 1]] swaps recall and \
      precision)
      """)
  }

  @Test(
    "rows add up to the label counts, columns to the prediction counts, the diagonal to the hits",
    arguments: [UInt64(1), 2, 3])
  func confusionMatrixSums(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let labels = (0..<60).map { _ in generator.integer(below: 4) }
    let predictions = labels.map {
      generator.bernoulli(probability: 0.6) ? $0 : generator.integer(below: 4)
    }
    let matrix = confusionMatrix(predictions: predictions, labels: labels, classes: 4)
    try #require(
      matrix.counts.count == 4 && matrix.counts.allSatisfy { $0.count == 4 },
      "a 4 x 4 table for 4 classes, got \(matrix.counts)")
    for c in 0..<4 {
      #expect(
        matrix.counts[c].reduce(0, +) == labels.count { $0 == c },
        "row \(c) must add up to the number of examples whose LABEL is \(c)")
      #expect(
        matrix.counts.reduce(0) { $0 + $1[c] } == predictions.count { $0 == c },
        "column \(c) must add up to the number of examples PREDICTED as \(c)")
    }
    let hits = zip(predictions, labels).count { $0 == $1 }
    #expect((0..<4).reduce(0) { $0 + matrix.counts[$1][$1] } == hits)
  }

  @Test("confusionMatrix stops with a message naming a prediction out of range")
  func confusionMatrixChecksRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      _ = confusionMatrix(predictions: [0, 3], labels: [0, 1], classes: 3)
    }
    expectMessage(
      result, contains: ["confusionMatrix", "3"],
      """
      a prediction out of range must stop with a message that names the operation and the \
      values, not with an index error deep in the table
      """)
  }

}

@Suite("10.3 Evaluating a data set")
struct EvaluateTests {
  @Test("evaluate measures the loss and accuracy of the whole set in evaluation mode")
  func evaluateInEvaluationMode() {
    let probe = ModeProbe(shift: 5)  // in training mode it pushes every prediction to class 0
    let model = Sequential(fixedLinear(), probe)
    let result = evaluate(model, on: examples)
    let logits = fixedLogits(examples.inputs)
    let expectedLoss = softmaxCrossEntropy(logits: logits, labels: examples.labels)
    let expectedPredictions = logits.argmax(alongAxis: 1)
    #expect(
      isClose(result.loss, expectedLoss, tolerance: 1e-12),
      """
      the loss must be the cross-entropy of the model's outputs in evaluation mode, \
      \(expectedLoss), got \(result.loss) (measured in training mode, with the probe's shift, \
      it is much larger)
      """)
    #expect(
      result.predictions == expectedPredictions,
      "predictions are the argmax of each row: \(expectedPredictions), got \(result.predictions)")
    let hits = zip(expectedPredictions, examples.labels).count { $0 == $1 }
    #expect(result.accuracy == Double(hits) / 6, "accuracy \(hits)/6, got \(result.accuracy)")
    #expect(
      !probe.modes.isEmpty && probe.modes.allSatisfy { !$0 },
      "every forward pass of evaluate must run in evaluation mode; the probe saw \(probe.modes)")
  }

  @Test("evaluate leaves every module in the mode it found, a block kept in eval included")
  func evaluateRestoresModes() {
    let block = Sequential(ModeProbe())
    let model = Sequential(fixedLinear(), ModeProbe(), block)
    block.eval()
    let before = model.modules.map(\.isTraining)
    let result = evaluate(model, on: examples)
    #expect(
      isClose(
        result.loss,
        softmaxCrossEntropy(logits: fixedLogits(examples.inputs), labels: examples.labels),
        tolerance: 1e-12),
      "evaluate must return the cross-entropy of the outputs, got \(result.loss)")
    #expect(
      model.modules.map(\.isTraining) == before,
      """
      after evaluate every module must be back in its own mode \(before), got \
      \(model.modules.map(\.isTraining)): use model.evaluating { }, never eval() alone (the \
      rest of the training would run without dropout) nor eval() then train() (that wakes up \
      the block kept in evaluation mode)
      """)
  }

  @Test("evaluating in batches gives the same loss: each batch counts for its size")
  func evaluateInBatches() {
    let data = Dataset(
      inputs: Tensor(shape: [10, 2], scalars: (0..<20).map { Double($0 % 7) - 3 }),
      labels: [0, 1, 2, 0, 1, 2, 2, 1, 0, 0])
    let model = fixedLinear()
    let whole = evaluate(model, on: data)
    let expected = softmaxCrossEntropy(logits: fixedLogits(data.inputs), labels: data.labels)
    #expect(
      isClose(whole.loss, expected, tolerance: 1e-12), "whole set: \(expected), got \(whole.loss)")
    for size in [3, 4] {
      let batched = evaluate(model, on: data, batchSize: size)
      #expect(
        isClose(batched.loss, expected, tolerance: 1e-12),
        """
        with batches of \(size) (the last one shorter) the loss must still be the mean over the \
        10 examples, \(expected), got \(batched.loss): weight each batch's mean by its size \
        instead of averaging the batch means
        """)
      #expect(batched.predictions == whole.predictions, "the same predictions, in order")
    }
  }
}
