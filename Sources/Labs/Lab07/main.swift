// The lab of chapter 7: the missing zeroGrad, and the optimizers side by side on the same
// spirals. `swift run workbook lab 7`.
import Autodiff
import Layers
import Losses
import Optimizers
import Tensors
import WorkbookSupport

/// Trains the chapter's spiral classifier (60 points, 2-32-32-3, full batch) with the optimizer
/// `make` builds, and returns the loss before each of 300 steps.
func spiralLosses(_ make: ([Variable]) -> any Optimizer, seed: UInt64 = 9) -> [Double] {
  let data = Datasets.spirals(pointsPerClass: 20, classes: 3, noise: 0.2, seed: seed)
  let inputs = Variable(Tensor(data.inputs))
  var generator = SeededGenerator(seed: seed &+ 1)
  let model = Sequential(
    Linear(inputs: 2, outputs: 32, using: &generator), ReLU(),
    Linear(inputs: 32, outputs: 32, using: &generator), ReLU(),
    Linear(inputs: 32, outputs: 3, using: &generator))
  let optimizer = make(model.parameters)
  var losses: [Double] = []
  for _ in 0..<300 {
    optimizer.zeroGrad()
    let loss = crossEntropy(logits: model(inputs), labels: data.labels)
    losses.append(loss.value.scalar)
    loss.backward()
    optimizer.step()
  }
  return losses
}

func finalLosses(_ runs: [(String, [Double])]) -> String {
  runs.map { name, losses in
    let last = losses.last ?? .nan
    return "  \(name): loss \(String(format: "%.4g", losses.first ?? .nan)) -> "
      + (last.isFinite ? String(format: "%.4g", last) : "\(last) (diverged)")
  }.joined(separator: "\n")
}

LabProgram.main(lab: {
  var page = LabPage(chapter: 7, title: "Optimizers")
  let zeroGrad = [
    ("zeroGrad", trainSpiralClassifier(zeroingGradients: true, seed: 9)),
    ("no zeroGrad", trainSpiralClassifier(zeroingGradients: false, seed: 9)),
  ]
  var plot = LinePlot(
    title: "spirals, SGD 0.5, loss per step", width: 60, height: 12, logScale: true)
  for (name, losses) in zeroGrad { plot.add(name, losses) }
  page.section(
    "The missing zeroGrad: each step follows the sum of every gradient so far",
    plot.render() + "\n" + finalLosses(zeroGrad))
  let optimizers: [(String, [Double])] = [
    ("SGD 0.5", spiralLosses { SGD(parameters: $0, learningRate: 0.5) }),
    (
      "SGD 0.1 momentum 0.9", spiralLosses { SGD(parameters: $0, learningRate: 0.1, momentum: 0.9) }
    ),
    ("RMSprop 0.01", spiralLosses { RMSprop(parameters: $0, learningRate: 0.01) }),
    ("Adam 0.01", spiralLosses { Adam(parameters: $0, learningRate: 0.01) }),
  ]
  var comparison = LinePlot(
    title: "the same spirals and weights, loss per step", width: 60, height: 12, logScale: true)
  for (name, losses) in optimizers { comparison.add(name, losses) }
  page.section(
    "Four optimizers, 300 full-batch steps each",
    comparison.render() + "\n" + finalLosses(optimizers))
  return page.render()
})
