import Autodiff
import DataPipeline
import Foundation
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The regression problem of this chapter, in raw units: three features on very different
/// scales (think of a size in square metres, a rate, a temperature), a target that depends
/// on all three. Provided.
///
/// ```
/// z ~ N(0, 1)³                    the feature in standard units
/// x = rawMeans + rawScales · z    what is stored: means (500, 0.02, -3), scales (100, 0.01, 5)
/// y = z₁ - 0.5 z₂ + 0.25 z₃ + N(0, 0.3²)
/// ```
///
/// 64 training and 256 validation examples, all from the data stream of the run's seed, so
/// two runs of one seed see the same data whatever else differs.
public struct TuningProblem: Sendable {
  /// Raw training inputs `[64, 3]` and targets `[64, 1]`.
  public let trainingInputs: Tensor
  public let trainingTargets: Tensor
  /// Raw validation inputs `[256, 3]` and targets `[256, 1]`.
  public let validationInputs: Tensor
  public let validationTargets: Tensor

  /// The means and spreads of the raw features.
  public static let rawMeans = [500.0, 0.02, -3]
  public static let rawScales = [100.0, 0.01, 5]
  /// The standard deviation of the noise on the targets: the validation loss of a perfect
  /// model is about its square, 0.09 (this chapter's runs end near 0.15: 64 noisy training
  /// examples do not pin the function down).
  public static let noise = 0.3
}

extension TuningProblem {
  /// The same problem with only the first `count` training examples (the validation split
  /// unchanged): Stewart's shrink-the-problem step. Provided.
  ///
  /// Stops with a message unless `1 <= count <= 64`.
  public func shrunk(to count: Int) -> TuningProblem {
    let available = trainingInputs.shape[0]
    check(
      count >= 1 && count <= available,
      "TuningProblem.shrunk: count must be in 1...\(available), got \(count)")
    let rows = Array(0..<count)
    return TuningProblem(
      trainingInputs: selectRows(trainingInputs, rows),
      trainingTargets: selectRows(trainingTargets, rows), validationInputs: validationInputs,
      validationTargets: validationTargets)
  }
}

/// The problem of the run of `seed` (its data stream). Provided.
public func makeTuningProblem(seed: UInt64) -> TuningProblem {
  var generator = streamGenerator(seed: seed, for: .data)
  func sample(_ count: Int) -> (Tensor, Tensor) {
    var inputs: [Double] = []
    var targets: [Double] = []
    for _ in 0..<count {
      let z = (0..<3).map { _ in generator.normal() }
      for j in 0..<3 {
        inputs.append(TuningProblem.rawMeans[j] + TuningProblem.rawScales[j] * z[j])
      }
      targets.append(
        z[0] - 0.5 * z[1] + 0.25 * z[2] + TuningProblem.noise * generator.normal())
    }
    return (
      Tensor(shape: [count, 3], scalars: inputs), Tensor(shape: [count, 1], scalars: targets)
    )
  }
  let training = sample(64)
  let validation = sample(256)
  return TuningProblem(
    trainingInputs: training.0, trainingTargets: training.1, validationInputs: validation.0,
    validationTargets: validation.1)
}

/// The network of a configuration: `Linear(3, hiddenUnits) → Tanh → Linear(hiddenUnits, 1)`,
/// Xavier-normal weights from the initialisation stream of `config.seed`, zero biases.
/// Provided.
public func makeTuningModel(_ config: TuningConfig) -> Sequential {
  var generator = streamGenerator(seed: config.seed, for: .initialisation)
  let first = makeLinear(
    inputs: 3, outputs: config.hiddenUnits, initializer: .xavierNormal(), using: &generator)
  let second = makeLinear(
    inputs: config.hiddenUnits, outputs: 1, initializer: .xavierNormal(), using: &generator)
  return Sequential(first, Tanh(), second)
}

/// What one training run produced. Provided.
public struct TuningRunResult: @unchecked Sendable {
  /// The configuration it ran.
  public let config: TuningConfig
  /// The data it ran on (raw units).
  public let problem: TuningProblem
  /// The trained network; it expects standardised inputs.
  public let model: Sequential
  /// The standardiser fitted on the raw training inputs: the preprocessing the model was
  /// trained with.
  public let standardizer: Standardizer
  /// The loss of every mini-batch step, and the rate of each.
  public let telemetry: Telemetry
  /// The mean squared error on the validation split, preprocessed as in training.
  public let validationLoss: Double
}

/// Trains one configuration. Provided: the run every exercise of this chapter tunes.
///
/// ```
/// problem      = makeTuningProblem(seed: config.seed)                  the data stream
/// standardizer = Standardizer.fit(raw training inputs)                 chapter 9
/// model        = makeTuningModel(config)                               the initialisation stream
/// each epoch   : a permutation of the 64 examples (the shuffle stream), cut into batches
/// each step    : plain SGD on one batch's MSE at decayedLearningRate(step, ...)
/// ```
///
/// ```swift
/// let run = trainTuningRun(.baseline)
/// run.validationLoss    // 0.15483621055510954 for seed 1
/// trainTuningRun(.baseline).validationLoss == run.validationLoss   // true: bit-identical
/// ```
///
/// The rate schedule calls `decayedLearningRate` (24.4) only when `decayFraction > 0`, so the
/// constant-rate runs work before 24.4 is written; a rate that is not finite and >= 0 is
/// taken as 0 (the run then learns nothing, which the tests notice).
public func trainTuningRun(_ config: TuningConfig, on data: TuningProblem? = nil) -> TuningRunResult
{
  let problem = data ?? makeTuningProblem(seed: config.seed)
  let standardizer = Standardizer.fit(problem.trainingInputs)
  let inputs = standardizer.apply(problem.trainingInputs)
  let model = makeTuningModel(config)
  let count = inputs.shape[0]
  let batchSize = Swift.min(config.batchSize, count)
  let perEpoch = count / batchSize
  var shuffler = streamGenerator(seed: config.seed, for: .shuffle)
  var order: [Int] = []
  let optimizer = SGD(parameters: model.parameters, learningRate: config.learningRate)
  let schedule: ((Int) -> Double)? =
    config.decayFraction > 0
    ? { step in
      let rate = decayedLearningRate(
        step: step, steps: config.steps, base: config.learningRate,
        decayFraction: config.decayFraction)
      // A rate that is not a number (24.4's stub) trains nothing rather than stopping.
      return rate.isFinite && rate >= 0 ? rate : 0
    } : nil
  let telemetry = trainSteps(
    model, optimizer: optimizer, steps: config.steps, schedule: schedule
  ) { step in
    if step % perEpoch == 0 { order = shuffler.permutation(count) }
    let start = (step % perEpoch) * batchSize
    let rows = Array(order[start..<start + batchSize])
    return meanSquaredError(
      model(Variable(selectRows(inputs, rows))), selectRows(problem.trainingTargets, rows))
  }
  let validation = model(Variable(standardizer.apply(problem.validationInputs)))
  let loss = meanSquaredError(validation, problem.validationTargets).value.scalar
  return TuningRunResult(
    config: config, problem: problem, model: model, standardizer: standardizer,
    telemetry: telemetry, validationLoss: loss)
}

/// The rows `rows` of a matrix, in that order. Provided.
public func selectRows(_ matrix: Tensor, _ rows: [Int]) -> Tensor {
  let width = matrix.shape[1]
  var scalars: [Double] = []
  scalars.reserveCapacity(rows.count * width)
  for row in rows { scalars += matrix.scalars[row * width..<(row + 1) * width] }
  return Tensor(shape: [rows.count, width], scalars: scalars)
}

/// The validation loss of `config` on each seed: the same configuration, one run per seed.
/// Provided.
public func validationLossesOverSeeds(
  _ config: TuningConfig, seeds: [UInt64], on data: TuningProblem
)
  -> [Double]
{
  seeds.map { trainTuningRun(config.with(\.seed, $0), on: data).validationLoss }
}

/// The comparisons of this chapter: a baseline configuration against a candidate, each
/// trained on the same seeds. Provided.
public enum ImprovementRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Broken: the candidate changes only the hidden width (8 → 9), which this linear problem
  /// does not care about. It wins on some seeds by luck, so one seed can make it look like a
  /// gain; over 5 seeds the mean gain is far inside the spread.
  case unimportantChange
  /// Healthy: the baseline has 2 hidden units, the candidate 8. A real gain, larger than the
  /// spread on most comparisons (on seeds 0-11 it is 0.7 to 2.8 spreads).
  case widerLayer
  /// Decoy, a real gain on noisy runs: batches of 1 at rate 0.1 (a spread over seeds several
  /// times the baseline's), and the candidate decays the rate over the last 50% of the steps.
  /// A rule with a fixed tolerance tuned on the baseline's quiet runs would accept a gain of
  /// that size from any change of such noisy runs; the spread rule scales with the runs.
  case decayNearTheEnd

  /// The baseline configuration (its seed is replaced by each seed of the comparison).
  public var baseline: TuningConfig {
    switch self {
    case .unimportantChange: .baseline
    case .widerLayer: TuningConfig.baseline.with(\.hiddenUnits, 2)
    case .decayNearTheEnd: TuningConfig.baseline.with(\.batchSize, 1).with(\.learningRate, 0.1)
    }
  }

  /// The candidate configuration.
  public var candidate: TuningConfig {
    switch self {
    case .unimportantChange: baseline.with(\.hiddenUnits, 9)
    case .widerLayer: baseline.with(\.hiddenUnits, 8)
    case .decayNearTheEnd: baseline.with(\.decayFraction, 0.5)
    }
  }

  /// True when the candidate is not really better.
  public var isBroken: Bool { self == .unimportantChange }

  public var description: String {
    switch self {
    case .unimportantChange: "broken: an unimportant change (8 -> 9 units)"
    case .widerLayer: "healthy: a wider layer (2 -> 8 units)"
    case .decayNearTheEnd: "decoy: noisy runs, a real gain (batch 1, decay)"
    }
  }
}

/// What a comparison produced. Provided.
public struct ImprovementRunResult: Sendable {
  public let kind: ImprovementRun
  /// The seeds both configurations ran on.
  public let seeds: [UInt64]
  /// The validation loss of the baseline and of the candidate on each seed.
  public let baseline: [Double]
  public let candidate: [Double]
}

/// The number of seeds of a comparison: Google's tuning playbook and this chapter's rule ask
/// for at least 5. Provided.
public let comparisonSeedCount = 5

/// Trains both configurations of `kind` on the data of `seed` (`makeTuningProblem(seed:)`),
/// each with the 5 training seeds `5·seed ..< 5·seed + 5` (the initial weights and the
/// shuffles): the data set is fixed, as in a real comparison, and only the training
/// randomness varies. Two comparisons of different seeds share no run. Provided.
///
/// ```swift
/// let comparison = makeImprovementRun(.widerLayer, seed: 1)
/// comparison.seeds        // [5, 6, 7, 8, 9]
/// judgeImprovement(baseline: comparison.baseline, candidate: comparison.candidate)   // []
/// ```
public func makeImprovementRun(_ kind: ImprovementRun, seed: UInt64) -> ImprovementRunResult {
  let count = UInt64(comparisonSeedCount)
  let seeds = Array((seed &* count)..<(seed &* count &+ count))
  let data = makeTuningProblem(seed: seed)
  return ImprovementRunResult(
    kind: kind, seeds: seeds,
    baseline: validationLossesOverSeeds(kind.baseline, seeds: seeds, on: data),
    candidate: validationLossesOverSeeds(kind.candidate, seeds: seeds, on: data))
}
