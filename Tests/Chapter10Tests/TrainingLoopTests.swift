import Autodiff
import DataPipeline
import Layers
import Losses
import Optimizers
import Tensors
import TestSupport
import Testing
import Training
import WorkbookSupport

@Suite("10.5 The training loop")
struct TrainingLoopTests {
  @Test("each step is zeroGrad, forward, loss, backward, step, and the history records it")
  func matchesHandWrittenLoop() {
    let data = spirals(pointsPerClass: 4, seed: 1)  // 12 examples: batches of 5, 5 and 2
    let model = makeClassifier(seed: 2)
    let history = train(
      model, optimizer: SGD(parameters: model.parameters, learningRate: 0.1),
      loader: DataLoader(data, batchSize: 5, seed: 3), epochs: 3)

    let twin = makeClassifier(seed: 2)
    let optimizer = SGD(parameters: twin.parameters, learningRate: 0.1)
    let loader = DataLoader(data, batchSize: 5, seed: 3)
    var expected: [Double] = []
    for epoch in 0..<3 {
      var batches = loader.batches(epoch: epoch)
      while let batch = batches.next() {
        optimizer.zeroGrad()
        let loss = crossEntropy(logits: twin(Variable(batch.inputs)), labels: batch.labels)
        expected.append(loss.value.scalar)
        loss.backward()
        optimizer.step()
      }
    }
    let losses = history.steps.map(\.loss)
    #expect(
      losses.count == 9 && zip(losses, expected).allSatisfy { isClose($0, $1, tolerance: 1e-12) },
      """
      3 epochs of 3 batches: each step's loss must be what zeroGrad(), forward, loss, \
      backward(), step() gives, one batch at a time, the loader's batches in order.
      expected \(expected)
      got      \(losses)
      (a missing zeroGrad drifts from step 2 on; step() before backward() uses stale gradients)
      """)
    expectClose(
      model.parameters[0].value, twin.parameters[0].value, tolerance: 1e-12,
      "after training, the weights must be where the hand-written loop took them")

    #expect(history.steps.map(\.epoch) == [0, 0, 0, 1, 1, 1, 2, 2, 2], "the epoch of each step")
    #expect(history.steps.map(\.step) == Array(0..<9), "steps are numbered 0, 1, ... over the run")
    #expect(history.steps.map(\.batchSize) == [5, 5, 2, 5, 5, 2, 5, 5, 2], "12 = 5 + 5 + 2")
    #expect(
      history.steps.allSatisfy { $0.gradientNorm > 0 && $0.gradientNorm.isFinite },
      "each step records the global norm of its gradients")
    for (epoch, record) in history.epochs.enumerated() {
      let steps = history.steps.filter { $0.epoch == epoch }
      let weighted = steps.reduce(0) { $0 + $1.loss * Double($1.batchSize) } / 12
      #expect(
        isClose(record.trainingLoss, weighted, tolerance: 1e-12),
        """
        epoch \(epoch)'s training loss is the mean loss per example, each step's loss weighted \
        by its batch size: \(weighted), got \(record.trainingLoss) (the plain mean of the 3 \
        step losses over-weights the batch of 2)
        """)
    }
  }

  @Test("the optimizer sees each batch's own gradient, not the sum of every step so far")
  func gradientsAreZeroedEveryStep() throws {
    let data = spirals(pointsPerClass: 4, seed: 1)
    let model = makeClassifier(seed: 2)
    let optimizer = RecordingOptimizer(model.parameters, learningRate: 0)  // weights never move
    train(
      model, optimizer: optimizer, loader: DataLoader(data, batchSize: 6, shuffle: false, seed: 1),
      epochs: 2)
    let seen = optimizer.seenGradients
    try #require(seen.count == 4, "2 epochs of 2 batches are 4 steps, got \(seen.count)")

    let first = data.subset(Array(0..<6))
    let fresh = makeClassifier(seed: 2)
    crossEntropy(logits: fresh(Variable(first.inputs)), labels: first.labels).backward()
    let expected = fresh.parameters.map(\.grad)
    #expect(
      zip(seen[0], expected).allSatisfy { $0 == $1 } && globalNorm(expected) > 0,
      "step 0 must see the gradient of the first batch's loss (was backward() called before step()?)"
    )
    #expect(
      zip(seen[2], seen[0]).allSatisfy { $0 == $1 },
      """
      step 2 sees the same batch with the same weights as step 0, so the same gradient; its \
      norm is \(globalNorm(seen[2])) against \(globalNorm(seen[0])): call optimizer.zeroGrad() \
      before every backward(), or the gradients of all earlier steps add up
      """)
  }

  @Test("the schedule sets the learning rate at the start of each epoch, from epoch 0")
  func scheduleSetsRatePerEpoch() {
    let data = spirals(pointsPerClass: 4, seed: 1)
    let model = makeClassifier(seed: 2)
    let optimizer = SGD(parameters: model.parameters, learningRate: 0.9)
    let history = train(
      model, optimizer: optimizer, loader: DataLoader(data, batchSize: 6, seed: 1), epochs: 3,
      schedule: TableSchedule(rates: [0.3, 0.2, 0.1]))
    let rates = history.steps.map(\.learningRate)
    #expect(
      rates == [0.3, 0.3, 0.2, 0.2, 0.1, 0.1],
      """
      the steps of epoch e must use schedule.learningRate(epoch: e), set before the epoch's \
      first step: [0.3, 0.3, 0.2, 0.2, 0.1, 0.1], got \(rates) (0.9 first: the schedule is \
      applied after the epoch, one epoch late)
      """)
    #expect(history.epochs.map(\.learningRate) == [0.3, 0.2, 0.1])
    #expect(optimizer.learningRate == 0.1, "the optimizer keeps the last epoch's rate")
  }

  @Test("clipping caps the norm the optimizer sees; the history keeps the norm before clipping")
  func clipping() throws {
    let data = spirals(pointsPerClass: 4, seed: 1)
    for clipNorm in [0.05, nil] {
      let model = makeClassifier(seed: 2)
      let optimizer = RecordingOptimizer(model.parameters, learningRate: 0.05)
      let history = train(
        model, optimizer: optimizer, loader: DataLoader(data, batchSize: 6, seed: 1), epochs: 2,
        clipNorm: clipNorm)
      try #require(history.steps.count == 4 && optimizer.seenGradients.count == 4)
      for (record, gradients) in zip(history.steps, optimizer.seenGradients) {
        let seen = globalNorm(gradients)
        let expected = clipNorm.map { Swift.min(record.gradientNorm, $0) } ?? record.gradientNorm
        #expect(
          isClose(seen, expected, tolerance: 1e-5),
          """
          clipNorm \(String(describing: clipNorm)): the step saw gradients of norm \(seen), \
          expected \(expected) (recorded norm before clipping: \(record.gradientNorm)). Clip \
          between backward() and step(), with the global norm of optimizer.parameters
          """)
      }
      if clipNorm != nil {
        #expect(
          history.steps.contains { $0.gradientNorm > 0.1 },
          "the recorded norms are those before clipping, some well above 0.05")
      }
    }
  }

  @Test("validation runs in evaluation mode after each epoch; training resumes in training mode")
  func validationModes() {
    let data = spirals(pointsPerClass: 4, seed: 1)
    var generator = SeededGenerator(seed: 4)
    let probe = ModeProbe()
    let keptProbe = ModeProbe()
    let block = Sequential(keptProbe)
    let model = Sequential(Linear(inputs: 2, outputs: 3, using: &generator), probe, block)
    block.eval()  // a part kept in evaluation mode on purpose
    let history = train(
      model, optimizer: SGD(parameters: model.parameters, learningRate: 0.1),
      loader: DataLoader(data, batchSize: 6, seed: 1), epochs: 3, validation: data)
    let expected = [true, true, false, true, true, false, true, true, false]
    #expect(
      probe.modes == expected,
      """
      each epoch: two training steps in training mode, then one validation pass in evaluation \
      mode. Expected \(expected), got \(probe.modes) (false from epoch 1 on: the validation \
      left the model in eval mode; all true: validation ran in training mode)
      """)
    #expect(
      model.isTraining && !block.isTraining && keptProbe.modes.count == 9
        && keptProbe.modes.allSatisfy { !$0 },
      """
      after training the model is in training mode and the block kept in evaluation mode is \
      still there (never call model.train() or eval() in the loop: validate inside evaluate, \
      which restores each module's own mode). block: \(keptProbe.modes)
      """)
    #expect(history.epochs.allSatisfy { $0.validationLoss != nil && $0.validationAccuracy != nil })
  }

  @Test("each epoch's validation numbers are those of the model at the end of the epoch")
  func validationAfterTheEpoch() throws {
    let data = spirals(pointsPerClass: 4, seed: 1)
    let validation = spirals(pointsPerClass: 3, seed: 9)
    let model = makeClassifier(seed: 2)
    let history = train(
      model, optimizer: SGD(parameters: model.parameters, learningRate: 0.2),
      loader: DataLoader(data, batchSize: 4, seed: 1), epochs: 2, validation: validation)
    let last = try #require(history.epochs.last, "the history has no epochs")
    let now = evaluate(model, on: validation)
    #expect(
      last.validationLoss.map { isClose($0, now.loss, tolerance: 1e-12) } == true
        && last.validationAccuracy == now.accuracy,
      """
      the last epoch's validation must measure the model after its last step: \
      evaluate(model, on: validation) gives \(now.loss), the history says \
      \(String(describing: last.validationLoss)) (validating before the epoch's steps is one \
      epoch behind)
      """)
  }

  @Test("early stopping ends the run `patience` epochs after the best one")
  func earlyStoppingEndsTheRun() {
    let data = spirals(pointsPerClass: 4, seed: 1)
    let model = makeClassifier(seed: 2)
    // Gradient ascent on the validation set itself: the validation loss rises every epoch.
    let history = train(
      model, optimizer: AscentOptimizer(model.parameters, learningRate: 0.05),
      loader: DataLoader(data, batchSize: 12, shuffle: false, seed: 1), epochs: 10,
      validation: data, earlyStopping: EarlyStopping(patience: 2))
    let losses = history.epochs.compactMap(\.validationLoss)
    #expect(
      history.epochs.count == 3 && history.stoppedEarly,
      """
      the loss only rises, so epoch 0 is the best, epochs 1 and 2 do not improve, and with \
      patience 2 the run stops after epoch 2: 3 epochs, got \(history.epochs.count) (losses \
      \(losses))
      """)
    #expect(
      history.earlyStopping?.bestEpoch == 0 && zip(losses, losses.dropFirst()).allSatisfy(<),
      "the history keeps the stopper's final state: best epoch 0")
    let kept = evaluate(model, on: data).loss
    #expect(
      history.restoredEpoch == 0 && kept == losses.first,
      """
      early stopping keeps the best weights: after the run the model must hold the weights of \
      epoch 0, whose validation loss was \(losses.first ?? .nan); it measures \(kept) \
      (restored epoch \(String(describing: history.restoredEpoch))). \
      \(kept == losses.last ? "That is the last epoch's loss: the best weights were not put back at the end." : "")
      """)
  }

  @Test("the run ends with the best epoch's weights, whether it stopped early or ran out of epochs")
  func bestWeightsAreRestored() {
    let data = spirals(pointsPerClass: 4, seed: 1)
    func run(epochs: Int, restore: Bool = true) -> (History, Double) {
      let model = makeClassifier(seed: 2)
      // SGD on the validation set itself for 3 epochs, then gradient ascent: best epoch 2.
      let history = train(
        model, optimizer: RecordingOptimizer(model.parameters, learningRate: 0.2),
        loader: DataLoader(data, batchSize: 12, shuffle: false, seed: 1), epochs: epochs,
        validation: data, schedule: TableSchedule(rates: [0.2, 0.2, 0.2, -0.2]),
        earlyStopping: EarlyStopping(patience: 10, restoreBestWeights: restore))
      return (history, evaluate(model, on: data).loss)
    }
    let (history, kept) = run(epochs: 6)
    let losses = history.epochs.compactMap(\.validationLoss)
    let best = history.earlyStopping?.bestEpoch
    #expect(
      !history.stoppedEarly && history.epochs.count == 6 && best == 2
        && history.restoredEpoch == 2 && losses.count == 6 && kept == losses[2],
      """
      the validation loss falls for 3 epochs and rises after (losses \(losses)): the run ends \
      after its 6 epochs, before the patience of 10 runs out, and the model must still hold the \
      best epoch's weights, epoch 2's (loss \(losses.count == 6 ? losses[2] : .nan)), whether \
      or not it stopped early (Keras restores them either way). Got best epoch \
      \(String(describing: best)), restored \(String(describing: history.restoredEpoch)), the \
      model measures \(kept)\(kept == losses.last ? ": the last weights, not the best" : "")
      """)
    let (unrestored, last) = run(epochs: 6, restore: false)
    #expect(
      unrestored.restoredEpoch == nil && last == unrestored.epochs.last?.validationLoss,
      """
      with restoreBestWeights: false the model keeps the last epoch's weights (loss \
      \(unrestored.epochs.last?.validationLoss ?? .nan)), got \(last)
      """)
  }

  @Test("the plot draws training and validation together, in ASCII, within 80 columns")
  func plotOfARun() {
    let data = spirals(pointsPerClass: 10, seed: 1)
    let validation = spirals(pointsPerClass: 4, seed: 2)
    let model = makeClassifier(seed: 2)
    let history = train(
      model, optimizer: Adam(parameters: model.parameters, learningRate: 0.02),
      loader: DataLoader(data, batchSize: 10, seed: 1), epochs: 8, validation: validation)
    let text = history.plot()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      text.contains("* training") && text.contains("o validation")
        && text.contains("best validation loss") && text.contains("8 epochs (24 steps)"),
      "the plot needs both curves and the summary line; got\n\(text)")
    #expect(
      lines.allSatisfy { $0.count <= 80 && $0.unicodeScalars.allSatisfy { $0.value < 128 } },
      "every line ASCII and at most 80 columns")
    let axis = lines.firstIndex { $0.hasSuffix("+" + String(repeating: "-", count: 60)) }
    let axisLabel = axis.map { String(lines[$0 + 1]) } ?? ""
    #expect(
      axisLabel.contains("epoch") && !axisLabel.contains("step"),
      "the x axis counts epochs, one point per epoch, and says so: got \"\(axisLabel)\"")
    #expect(
      history.epochs.last.map { $0.trainingLoss < history.epochs[0].trainingLoss } == true,
      "8 epochs of Adam lower the training loss")
  }

  @Test("train stops with a message when early stopping has no validation set to watch")
  func earlyStoppingNeedsValidation() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      let data = Dataset(inputs: Tensor([[0, 1], [1, 0]]), labels: [0, 1])
      var generator = SeededGenerator(seed: 1)
      let model = Linear(inputs: 2, outputs: 2, using: &generator)
      train(
        model, optimizer: SGD(parameters: model.parameters, learningRate: 0.1),
        loader: DataLoader(data, batchSize: 2, seed: 1), epochs: 2,
        earlyStopping: EarlyStopping(patience: 1))
    }
    expectMessage(result, contains: ["train", "earlyStopping", "validation"])
  }
}
