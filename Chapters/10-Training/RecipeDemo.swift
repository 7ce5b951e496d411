import Autodiff
import DataPipeline
import Foundation
import Layers
import Losses
import Optimizers
import Tensors
import WorkbookSupport

/// Runs the recipe end to end on three spiral arms, the way the lesson does, and returns what
/// a practitioner would look at: the checklist of sanity checks, the loss curves of the
/// training run, and the validation accuracy with its confusion matrix. Provided.
///
/// ```swift
/// print(runRecipeDemo(seed: 2))
/// ```
///
/// The steps, in the recipe's order:
/// 1. Data: 3 noisy arms of 50 points (angle noise 0.4), split 70/30 into training (105) and
///    validation (45). Every arm of
///    `Datasets.spirals` starts at the centre (0, 0), three identical inputs with three
///    labels that no model can fit; the demo drops those three points (found by the first run
///    of the single-batch check, which stalled at (3/12) ln 3 = 0.275).
/// 2. Before training, on a fresh `2 → 64 → 64 → 3` ReLU network: the loss at initialisation,
///    finite values, batch independence, a step downhill.
/// 3. Overfit one batch of 12 training examples, then 10 and 100 examples.
/// 4. Beat an input-independent baseline.
/// 5. Train with Adam (learning rate 0.01, as in the checks above, with a cosine decay to
///    0.0005 over 150 epochs), batches of 16, with early stopping (patience 20) on the
///    validation loss. The noisy arms overlap, so the model overfits: the training loss keeps
///    falling while the validation loss levels off and turns up, and early stopping ends the
///    run and puts back the weights of the best epoch, which the validation accuracy and the
///    confusion matrix then measure.
///
/// It takes a fraction of a second at `-O`.
public func runRecipeDemo(seed: UInt64) -> String {
  let arms = Dataset(Datasets.spirals(pointsPerClass: 51, classes: 3, noise: 0.4, seed: seed))
  let data = arms.subset((0..<arms.count).filter { $0 % 51 != 0 })
  let parts = split(data, fractions: [0.7, 0.3], seed: seed)
  let (training, validation) = (parts[0], parts[1])
  func makeModel() -> Module {
    var generator = SeededGenerator(seed: seed &+ 1)
    return Sequential(
      Linear(inputs: 2, outputs: 64, using: &generator), ReLU(),
      Linear(inputs: 64, outputs: 64, using: &generator), ReLU(),
      Linear(inputs: 64, outputs: 3, using: &generator))
  }
  func makeAdam(_ parameters: [Variable]) -> any Optimizer {
    Adam(parameters: parameters, learningRate: 0.01)
  }
  let batch = training.subset(Array(0..<12))

  var checks: [any SanityCheck] = []
  checks.append(checkInitialLoss(makeModel(), on: training, classes: 3))
  checks.append(checkFinite(makeModel(), inputs: batch.inputs, labels: batch.labels))
  checks.append(checkBatchIndependence(makeModel(), inputs: batch.inputs, example: 0))
  let probed = makeModel()
  checks.append(
    checkDescentStep(parameters: probed.parameters) {
      crossEntropy(logits: probed(Variable(batch.inputs)), labels: batch.labels)
    })
  let memoriser = makeModel()
  checks.append(
    overfit(
      memoriser, inputs: batch.inputs, labels: batch.labels,
      optimizer: makeAdam(memoriser.parameters), steps: 300))
  checks += overfitSubsets(
    of: training, steps: 600, seed: seed, makeModel: makeModel, makeOptimizer: makeAdam)
  checks.append(
    compareWithInputIndependentBaseline(
      on: training, steps: 100, makeModel: makeModel, makeOptimizer: makeAdam))

  let model = makeModel()
  let history = train(
    model, optimizer: makeAdam(model.parameters),
    loader: DataLoader(training, batchSize: 16, seed: seed), epochs: 150, validation: validation,
    schedule: CosineDecay(initial: 0.01, minimum: 0.0005, totalEpochs: 150),
    earlyStopping: EarlyStopping(patience: 20))
  let final = evaluate(model, on: validation)  // the best epoch's weights, restored by train
  let matrix = confusionMatrix(
    predictions: final.predictions, labels: validation.labels, classes: 3)
  return [
    recipeChecklist(checks),
    history.plot(logScale: true),
    String(
      format: "validation accuracy %.1f%% on %d examples", final.accuracy * 100, validation.count)
      + (history.restoredEpoch.map { ", with the weights of epoch \($0)" } ?? "") + "\n"
      + matrix.description,
  ].joined(separator: "\n\n")
}
