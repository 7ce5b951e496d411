import Autodiff
import ReproducibleTuning
import Tensors
import Testing

enum Trained {
  static let run = trainTuningRun(.baseline)
  static var checkpoint: Checkpoint {
    makeCheckpoint(model: run.model, standardizer: run.standardizer, config: run.config)
  }
}

@Suite("24.5 A checkpoint that carries its preprocessing")
struct CheckpointTests {
  @Test("the checkpoint stores the standardiser's statistics and every layer")
  func storesEverything() {
    let checkpoint = Trained.checkpoint
    #expect(
      checkpoint.featureMeans == Trained.run.standardizer.mean.scalars
        && checkpoint.featureStandardDeviations
          == Trained.run.standardizer.standardDeviation.scalars,
      """
      the preprocessing must travel with the model: featureMeans \(checkpoint.featureMeans) \
      and featureStandardDeviations \(checkpoint.featureStandardDeviations) should be the \
      training standardiser's
      """)
    #expect(
      checkpoint.layers.count == 3 && checkpoint.config == Trained.run.config,
      Comment(
        rawValue: "expected 3 layers (Linear, Tanh, Linear) and the run's config, got "
          + "\(checkpoint.layers.map(\.kind)), \(checkpoint.config)"))
  }

  @Test("after a JSON round trip, predictions on raw inputs equal training's, bit for bit")
  func roundTripPredicts() {
    let restored = Checkpoint.decoded(Trained.checkpoint.encoded())
    let raw = Trained.run.problem.validationInputs
    let served = restored.predict(raw)
    let trained = Trained.run.model(Variable(Trained.run.standardizer.apply(raw))).value
    #expect(
      served.scalars == trained.scalars,
      """
      predict(raw) must standardise with the SAVED statistics and run the saved network: the \
      predictions should equal training's exactly. First values: served \
      \(served.scalars.prefix(3)), training \(trained.scalars.prefix(3))
      """)
  }

  @Test("one example alone gets the same prediction as inside the batch")
  func singleRowIsTheSame() {
    let checkpoint = Trained.checkpoint
    let raw = Trained.run.problem.validationInputs
    let batch = checkpoint.predict(raw)
    let single = checkpoint.predict(Tensor(shape: [1, 3], scalars: Array(raw.scalars[0..<3])))
    #expect(
      single.scalars.first == batch.scalars.first,
      """
      the first example predicted alone gave \(single.scalars), inside the batch \
      \(batch.scalars.first ?? .nan): did you refit the standardiser on the inputs passed in? \
      Use the saved statistics
      """)
  }

  @Test("the broken deployment: without the preprocessing the error is huge")
  func withoutPreprocessing() {
    let checkpoint = Trained.checkpoint
    let raw = Trained.run.problem.validationInputs
    let targets = Trained.run.problem.validationTargets
    let served = meanSquaredErrorValue(checkpoint.predict(raw), targets)
    let broken = meanSquaredErrorValue(predictWithoutPreprocessing(checkpoint, raw), targets)
    #expect(
      served < 0.25 && broken > 10 * served,
      """
      with the saved preprocessing the validation MSE should be near training's \
      (\(Trained.run.validationLoss)), got \(served); raw inputs (size ~500) saturate every \
      tanh unit: \(broken)
      """)
  }
}
