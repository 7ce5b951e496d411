import Autodiff
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// The regression problem of every run in this chapter, and a way to build the same freshly
/// initialised network for it as often as a search needs. Provided.
///
/// The data: 64 points of `sin(x) + 0.1 noise` on `[-π, π]`. The network:
/// `Linear(1, 32) → Tanh → Linear(32, 32) → Tanh → Linear(32, 1)`, Xavier-normal weights,
/// zero biases. Every run is full-batch plain SGD on the mean squared error, so the only thing
/// that differs between two runs of one seed is the learning rate (and the clipping).
///
/// ```swift
/// let problem = makeRateProblem(seed: 1)
/// let telemetry = problem.train(learningRate: 0.03, steps: 300)
/// telemetry.losses.last   // 0.0211 (the noise alone is 0.01)
/// ```
public struct RateProblem: Sendable {
  /// The inputs, `[64, 1]`.
  public let inputs: Tensor
  /// The targets, `[64, 1]`.
  public let targets: Tensor
  /// The seed of the data and of the initial weights.
  public let seed: UInt64

  /// A network with the initial weights of this seed: the same numbers on every call.
  public func makeModel() -> Sequential {
    var generator = SeededGenerator(seed: seed &+ 1)
    let layer = { (inputs: Int, outputs: Int) in
      makeLinear(
        inputs: inputs, outputs: outputs, initializer: .xavierNormal(), using: &generator)
    }
    return Sequential(layer(1, 32), Tanh(), layer(32, 32), Tanh(), layer(32, 1))
  }

  /// The loss of `model` on the whole data set: the mean squared error.
  public func loss(_ model: Module) -> Variable {
    meanSquaredError(model(Variable(inputs)), targets)
  }

  /// Trains a fresh network (`makeModel()`) with plain SGD on the full batch and returns the
  /// telemetry, probed every `probeEvery` steps.
  ///
  /// Stops with a message when `learningRate` is not finite and > 0 (a search that divided by
  /// zero, or a stub's NaN).
  ///
  /// - Parameters:
  ///   - learningRate: SGD's step size.
  ///   - steps: The number of steps; the run ends early when the loss stops being finite.
  ///   - clipNorm: Clip the global gradient norm to this value before each update, if given.
  ///   - schedule: The learning rate of each step, if given (the range test's).
  ///   - probeEvery: Probe the per-layer statistics every this many steps (0: never).
  public func train(
    learningRate: Double, steps: Int, clipNorm: Double? = nil,
    schedule: ((_ step: Int) -> Double)? = nil, probeEvery: Int = 10
  ) -> Telemetry {
    check(
      learningRate.isFinite && learningRate > 0,
      "RateProblem.train: the learning rate must be finite and > 0, got \(learningRate)")
    let model = makeModel()
    let optimizer = SGD(parameters: model.parameters, learningRate: learningRate)
    return trainSteps(
      model, optimizer: optimizer, steps: steps, telemetry: TelemetryOptions(every: probeEvery),
      clipNorm: clipNorm, schedule: schedule
    ) { _ in loss(model) }
  }
}

/// The problem of seed `seed`: its data and its initial weights. Provided.
public func makeRateProblem(seed: UInt64) -> RateProblem {
  let set = Datasets.sine(count: 64, noise: 0.1, seed: seed)
  return RateProblem(inputs: Tensor(set.inputs), targets: Tensor(set.targets), seed: seed)
}

/// The runs of this chapter: one problem, five ways to set the learning rate. Provided.
public enum RateRun: String, CaseIterable, Sendable, CustomStringConvertible {
  /// SGD at 1.0, no clipping: the loss passes 100x its start within a few steps and stops
  /// being finite near step 100.
  case tooHigh
  /// The same rate with the gradient norm clipped to 1: nothing explodes, the loss oscillates
  /// and ends far above the healthy run's. Clipping hides the mistake; the update ratios do not.
  case clippedTooHigh
  /// SGD at 1e-6: after 300 steps the loss has not moved by 10%.
  case tooLow
  /// SGD at 0.03: update ratios around 1e-3, the loss near the noise floor after 300 steps.
  case healthy
  /// The decoy, healthy but unusual: SGD at 0.1, close to the edge. The loss may jump up in
  /// the first steps (up to about 30x), update ratios are a few times 1e-3, and on most seeds
  /// it converges as well as the healthy run. A detector that flags any rise of the loss, or
  /// any update ratio above 1e-3, fires on it.
  case largeButFine

  /// The learning rate of the run.
  public var learningRate: Double {
    switch self {
    case .tooHigh, .clippedTooHigh: 1.0
    case .tooLow: 1e-6
    case .healthy: 0.03
    case .largeButFine: 0.1
    }
  }

  /// The clipping of the global gradient norm, nil for none.
  public var clipNorm: Double? { self == .clippedTooHigh ? 1.0 : nil }

  /// True for the runs whose rate is wrong.
  public var isBroken: Bool { self == .tooHigh || self == .clippedTooHigh || self == .tooLow }

  public var description: String {
    switch self {
    case .tooHigh: "broken: too high (1.0)"
    case .clippedTooHigh: "broken: too high, clipped (1.0, clip 1)"
    case .tooLow: "broken: too low (1e-6)"
    case .healthy: "healthy (0.03)"
    case .largeButFine: "decoy: large but fine (0.1)"
    }
  }
}

/// What a run produced. Provided.
public struct RateRunResult: Sendable {
  public let kind: RateRun
  /// The problem it ran on (retrain it with `problem.train(...)`).
  public let problem: RateProblem
  /// The run's telemetry: every loss, and per-layer update ratios every 10 steps.
  public let telemetry: Telemetry

  /// The last loss of the run; not finite when it diverged.
  public var finalLoss: Double { telemetry.losses.last ?? .nan }
}

/// The number of steps of every run. Provided.
public let rateRunSteps = 300

/// Runs `kind` on the problem of `seed`: 300 full-batch SGD steps, probed every 10. Provided.
///
/// ```swift
/// let broken = makeRateRun(.tooHigh, seed: 1)
/// broken.telemetry.losses.prefix(3)      // [0.712, 29.7, 13065.2]
/// broken.telemetry.firstNonFiniteStep    // 103
/// makeRateRun(.healthy, seed: 1).finalLoss   // 0.0211
/// ```
public func makeRateRun(_ kind: RateRun, seed: UInt64) -> RateRunResult {
  let problem = makeRateProblem(seed: seed)
  let telemetry = problem.train(
    learningRate: kind.learningRate, steps: rateRunSteps, clipNorm: kind.clipNorm)
  return RateRunResult(kind: kind, problem: problem, telemetry: telemetry)
}
