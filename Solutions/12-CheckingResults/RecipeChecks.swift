import DataPipeline
import Initializers
import Layers
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// Chapter 10's two training-set checks, run on a training split: overfitting its first 12
/// examples, and the input-independent baseline on the whole split. Provided.
public struct RecipeChecks {
  /// Overfitting the first 12 examples with a fresh `35 → 32 → 10` MLP and Adam 0.02.
  public let overfit: OverfitResult
  /// The same MLP trained 150 steps on the real inputs and on zeroed ones.
  public let baseline: BaselineComparison
}

/// Runs chapter 10's overfit check and input-independent baseline on `training`. Provided.
///
/// ```swift
/// let broken = makeResultsRun(.broken, seed: 1)
/// let checks = runRecipeChecks(on: broken.training, seed: 1)
/// checks.overfit.passed, checks.baseline.passed   // true, true: both pass on shifted labels
/// ```
///
/// Both look only at training data, and fixed labels, right or wrong, are training data a
/// network can memorise. That is why they pass on the broken pipeline: they say the model can
/// learn, not that what it learns is right.
public func runRecipeChecks(on training: Dataset, seed: UInt64) -> RecipeChecks {
  check(training.count >= 12, "runRecipeChecks: need at least 12 examples, got \(training.count)")
  func makeModel() -> Module {
    var generator = SeededGenerator(seed: seed)
    return Sequential(
      makeLinear(
        inputs: training.featureCount, outputs: 32, initializer: .heNormal(), using: &generator),
      ReLU(),
      makeLinear(inputs: 32, outputs: 10, initializer: .heNormal(.linear), using: &generator))
  }
  let batch = training.subset(Array(0..<12))
  let model = makeModel()
  let overfitResult = overfit(
    model, inputs: batch.inputs, labels: batch.labels,
    optimizer: Adam(parameters: model.parameters, learningRate: 0.02), steps: 300)
  let baseline = compareWithInputIndependentBaseline(
    on: training, steps: 150, makeModel: makeModel,
    makeOptimizer: { Adam(parameters: $0, learningRate: 0.02) })
  return RecipeChecks(overfit: overfitResult, baseline: baseline)
}
