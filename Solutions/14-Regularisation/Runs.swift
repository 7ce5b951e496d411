import Autodiff
import DataPipeline
import DropoutAndModes
import Foundation
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The runs of this chapter: a small MLP on a few noisy moons, with and without
/// regularisation. Provided.
///
/// Every run trains the same `2 → 32 → 32 → 2` ReLU network (the same initial weights for a
/// given seed) on the same 30 training points (two moons of 15, noise 0.25) with full-batch
/// Adam at learning rate 0.01 for 400 steps, and measures the validation loss on 200 fresh
/// points every 10 steps.
///
/// - `broken`: no regularisation at all. The net memorises the 30 points, noise included: the
///   training loss falls towards 0 while the validation loss reaches its minimum within 10 to
///   100 steps and then climbs, to several times that minimum.
/// - `healthy`: the usual remedies, dropout 0.2 in front of the two dense layers after the
///   first and an L2 weight decay of 0.02 (Adam's `weightDecay`). The validation loss levels
///   off near its minimum and stays there.
/// - `overRegularised` (a decoy: the opposite mistake): the same dropout with a weight decay
///   50 times larger, 1.0. The decay wins over the data: the weights collapse towards 0, the
///   net predicts the same thing everywhere, and both losses sit at ln 2, the loss of a
///   constant guess. Its validation loss also ends above its minimum (it dipped before the
///   collapse), so a monitor that only watches the validation curve says "overfitting, add
///   regularisation": exactly the wrong advice.
public enum OverfitRun: String, CaseIterable, Sendable {
  case broken
  case healthy
  case overRegularised = "over-regularised"
}

/// How one moons run is set up. Provided.
public struct MoonsSetup: Sendable, Equatable {
  /// Training points per moon (two moons).
  public var trainingPointsPerClass = 15
  /// The noise of the points (the standard deviation of each coordinate).
  public var noise = 0.25
  /// Validation points per moon, drawn with the same noise.
  public var validationPointsPerClass = 100
  /// The width of the two hidden layers.
  public var hidden = 32
  /// The drop probability of the dropout in front of the second and third dense layers; 0 for
  /// none.
  public var dropout = 0.0
  /// Adam's L2 weight decay λ (`λ θ` is added to every gradient, chapter 7); 0 for none.
  public var weightDecay = 0.0
  /// Adam's learning rate.
  public var learningRate = 0.01
  /// Full-batch training steps.
  public var steps = 400
  /// The validation loss is measured every this many steps (and at the last).
  public var validateEvery = 10

  public init() {}

  /// The setup of each run of `OverfitRun`.
  public static func of(_ kind: OverfitRun) -> MoonsSetup {
    var setup = MoonsSetup()
    switch kind {
    case .broken: break
    case .healthy:
      setup.dropout = 0.2
      setup.weightDecay = 0.02
    case .overRegularised:
      setup.dropout = 0.2
      setup.weightDecay = 1
    }
    return setup
  }
}

/// What a moons run leaves behind: the data, the trained model and its curves. Provided.
public struct MoonsRun {
  /// The 2 x `trainingPointsPerClass` training points.
  public let training: Dataset
  /// The validation points.
  public let validation: Dataset
  /// The model after training.
  public let model: Sequential
  /// The loss (with any penalty) and learning rate of every step, from `trainSteps`.
  public let telemetry: Telemetry
  /// The data loss (cross-entropy, without any penalty) on the training set at each step.
  public let trainingLosses: [Double]
  /// The training and validation losses at the validation steps.
  public let curves: LossCurves

  /// The validation loss of the last record.
  public var finalValidationLoss: Double { curves.validation.last ?? .nan }
  /// The lowest validation loss recorded.
  public var bestValidationLoss: Double { curves.bestIndex.map { curves.validation[$0] } ?? .nan }
  /// The L2 norm of the weight matrices (not the biases) at the end.
  public var weightNorm: Double { weightMatricesNorm(model) }
  /// The loss of the best constant guess on the training set (ln 2 for two balanced moons):
  /// the `baselineLoss` to give `generalisationGap`.
  public var baselineLoss: Double { constantGuessLoss(training.labels, classes: 2) }
}

/// The cross-entropy of the best input-independent guess: predicting the class frequencies of
/// `labels` for every example, which gives their entropy `-Σ p_c ln p_c` (ln C for balanced
/// classes). Provided.
public func constantGuessLoss(_ labels: [Int], classes: Int) -> Double {
  check(
    !labels.isEmpty && labels.allSatisfy { $0 >= 0 && $0 < classes },
    "constantGuessLoss: need at least one label, each in 0..<\(classes)")
  var counts = [Double](repeating: 0, count: classes)
  for label in labels { counts[label] += 1 }
  return counts.filter { $0 > 0 }.reduce(0) { total, count in
    let p = count / Double(labels.count)
    return total - p * Foundation.log(p)
  }
}

/// The L2 norm of every weight matrix of `model` (parameters of rank 2 and more: not the
/// biases), taken together. Provided.
public func weightMatricesNorm(_ model: Module) -> Double {
  var sum = 0.0
  for parameter in model.parameters where parameter.value.rank >= 2 {
    for value in parameter.value.scalars { sum += value * value }
  }
  return sum.squareRoot()
}

/// The model of every moons run: `2 → hidden → hidden → 2` with ReLU, and dropout in front of
/// the two dense layers that follow a hidden layer when `dropout > 0`. Provided.
public func makeMoonsModel(hidden: Int = 64, dropout: Double = 0, seed: UInt64) -> Sequential {
  var generator = SeededGenerator(seed: seed)
  var layers: [Module] = [Linear(inputs: 2, outputs: hidden, using: &generator), ReLU()]
  if dropout > 0 { layers.append(Dropout(probability: dropout, seed: seed &+ 1)) }
  layers += [Linear(inputs: hidden, outputs: hidden, using: &generator), ReLU()]
  if dropout > 0 { layers.append(Dropout(probability: dropout, seed: seed &+ 2)) }
  layers.append(Linear(inputs: hidden, outputs: 2, using: &generator))
  return Sequential(layers)
}

/// The training and validation sets of a moons run. Provided.
public func moonsData(_ setup: MoonsSetup, seed: UInt64) -> (training: Dataset, validation: Dataset)
{
  let training = Dataset(
    Datasets.moons(pointsPerClass: setup.trainingPointsPerClass, noise: setup.noise, seed: seed))
  let validation = Dataset(
    Datasets.moons(
      pointsPerClass: setup.validationPointsPerClass, noise: setup.noise,
      seed: seed &+ 1))
  return (training, validation)
}

/// Trains a moons run: full-batch Adam (with `setup.weightDecay`) on the
/// cross-entropy plus `penalty(model)` when given, through `trainSteps`, measuring the
/// validation loss every `setup.validateEvery` steps in evaluation mode. Provided.
///
/// ```swift
/// let broken = trainMoons(.of(.broken), seed: 1)
/// let fixed = trainMoons(.of(.broken), seed: 1) { l2Penalty($0, strength: 1e-3) }
/// ```
public func trainMoons(
  _ setup: MoonsSetup, seed: UInt64, penalty: ((Module) -> Variable)? = nil
) -> MoonsRun {
  let (training, validation) = moonsData(setup, seed: seed)
  let model = makeMoonsModel(hidden: setup.hidden, dropout: setup.dropout, seed: seed &+ 2)
  let optimizer = Adam(
    parameters: model.parameters, learningRate: setup.learningRate,
    weightDecay: setup.weightDecay)
  let inputs = Variable(training.inputs)
  var dataLosses: [Double] = []
  var validationSteps: [Int] = []
  var validationLosses: [Double] = []
  let telemetry = trainSteps(model, optimizer: optimizer, steps: setup.steps) { step in
    if step % setup.validateEvery == 0 || step == setup.steps - 1 {
      validationSteps.append(step)
      validationLosses.append(evaluate(model, on: validation).loss)
    }
    let loss = crossEntropy(logits: model(inputs), labels: training.labels)
    dataLosses.append(loss.value.scalar)
    return penalty.map { loss + $0(model) } ?? loss
  }
  var smoothed = Telemetry()
  smoothed.losses = dataLosses
  let curves = LossCurves(
    telemetry: smoothed, validationSteps: validationSteps, validationLosses: validationLosses)
  return MoonsRun(
    training: training, validation: validation, model: model, telemetry: telemetry,
    trainingLosses: dataLosses, curves: curves)
}

/// The run of kind `kind` with seed `seed`. Provided.
public func makeOverfitRun(_ kind: OverfitRun, seed: UInt64) -> MoonsRun {
  trainMoons(.of(kind), seed: seed)
}

/// The strength λ of the L2 penalty of the fix, `l2Penalty(model, strength: 0.01)`: about the
/// healthy run's weight decay (Adam's `weightDecay` 0.02 is the gradient `2 λ θ` of this
/// penalty), without the dropout.
public let fixPenaltyStrength = 0.01

/// The broken run, fixed by adding your `l2Penalty` to its loss: the same data, initial
/// weights, optimizer and steps. Provided.
public func makeWeightDecayFix(seed: UInt64) -> MoonsRun {
  trainMoons(.of(.broken), seed: seed) { l2Penalty($0, strength: fixPenaltyStrength) }
}

/// The broken run, fixed by early stopping that keeps the best weights: your
/// `trainWithEarlyStopping` with the broken run's data, initial weights and optimizer, a
/// validation every 10 steps and a patience of 5 validations (50 steps). Provided.
public func makeEarlyStoppingFix(seed: UInt64, patience: Int = 5) -> (
  run: EarlyStoppedRun, model: Sequential, validation: Dataset
) {
  let setup = MoonsSetup.of(.broken)
  let (training, validation) = moonsData(setup, seed: seed)
  let model = makeMoonsModel(hidden: setup.hidden, dropout: setup.dropout, seed: seed &+ 2)
  let optimizer = Adam(parameters: model.parameters, learningRate: setup.learningRate)
  let inputs = Variable(training.inputs)
  let run = trainWithEarlyStopping(
    parameters: model.parameters, optimizer: optimizer, maxSteps: setup.steps,
    validateEvery: setup.validateEvery, patience: patience,
    trainingLoss: { crossEntropy(logits: model(inputs), labels: training.labels) },
    validationLoss: { evaluate(model, on: validation).loss })
  return (run, model, validation)
}
