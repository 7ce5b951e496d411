import Foundation
import Tensors

/// A learning rate for each epoch: set `optimizer.learningRate` from it at the start of every
/// epoch.
///
/// ```swift
/// let schedule = StepDecay(initial: 0.1, every: 10, after: 20)
/// for epoch in 0..<epochs {
///   optimizer.learningRate = schedule.learningRate(epoch: epoch)
///   // ... one epoch of zeroGrad, backward, step ...
/// }
/// ```
///
/// Epochs count from 0. A schedule is a value (a struct) that only computes: it holds no
/// state, so asking twice for the same epoch gives the same rate, and one schedule can be
/// shared by several runs.
public protocol LearningRateSchedule: Sendable {
  /// The learning rate for `epoch` (0, 1, 2, ...). Stops with a message when `epoch` < 0.
  func learningRate(epoch: Int) -> Double
}

/// Stops with a message unless `rate` is finite and not negative.
func checkRate(_ rate: Double, _ name: String, for schedule: String) {
  check(rate >= 0 && rate.isFinite, "\(schedule): \(name) must be finite and >= 0, got \(rate)")
}

/// Stops with a message when `epoch` is negative.
func checkEpoch(_ epoch: Int, for schedule: String) {
  check(epoch >= 0, "\(schedule).learningRate: epochs count from 0, got epoch \(epoch)")
}

/// The same rate at every epoch.
///
/// ```swift
/// ConstantSchedule(0.1).learningRate(epoch: 99)   // 0.1
/// ```
public struct ConstantSchedule: LearningRateSchedule {
  /// The rate returned for every epoch.
  public let rate: Double

  /// Creates the schedule. Stops with a message unless `rate` is finite and >= 0.
  public init(_ rate: Double) {
    checkRate(rate, "rate", for: "ConstantSchedule")
    self.rate = rate
  }

  /// `rate`, whatever the epoch.
  public func learningRate(epoch: Int) -> Double {
    checkEpoch(epoch, for: "ConstantSchedule")
    return rate
  }
}

/// Step decay: the initial rate until epoch k, then divided by `divisor` at epoch k and again
/// every n epochs.
///
/// ```
/// divisions = 0                         if epoch < k
///           = (epoch - k) / n + 1       otherwise (integer division)
/// rate = initial / divisor^divisions
/// ```
///
/// With `StepDecay(initial: 0.1, divisor: 1.5, every: 10, after: 20)`:
///
/// ```
/// epochs  0-19   0.1
/// epochs 20-29   0.0667     (0.1 / 1.5)
/// epochs 30-39   0.0444     (0.1 / 1.5²)
/// ```
///
/// The boundaries are where off-by-one mistakes hide: epoch k - 1 still has the initial rate,
/// epoch k has the first division, epoch k + n the second.
///
/// PyTorch's `StepLR(optimizer, step_size=n, gamma=γ)` gives `lr · γ^(epoch // n)`: its first
/// multiplication is at epoch n, so it is this schedule with `after:` equal to `every:` and a
/// divisor of 1/γ:
///
/// ```swift
/// // StepLR(optimizer, step_size=10, gamma=2/3) on lr = 0.1
/// StepDecay(initial: 0.1, divisor: 1.5, every: 10, after: 10)
/// // epochs 0-9 0.1, 10-19 0.0667, 20-29 0.0444
/// ```
///
/// With `after:` different from `every:`, k is a first milestone StepLR cannot express
/// (`MultiStepLR(milestones=[k, k + n, k + 2n, ...], gamma=γ)` can).
public struct StepDecay: LearningRateSchedule {
  /// The rate before the first division.
  public let initial: Double
  /// What the rate is divided by at each boundary (> 1).
  public let divisor: Double
  /// n, the number of epochs between two divisions.
  public let interval: Int
  /// k, the first epoch with a divided rate.
  public let start: Int

  /// Creates the schedule.
  ///
  /// - Parameters:
  ///   - initial: The rate of epochs 0 ..< k.
  ///   - divisor: What the rate is divided by at each boundary.
  ///   - every: n, the epochs between two divisions.
  ///   - after: k, the epoch of the first division.
  ///
  /// Stops with a message unless `initial` is finite and >= 0, `divisor` is finite and > 1,
  /// n >= 1 and k >= 0.
  ///
  /// Exercise 7.5 (the checks).
  public init(initial: Double, divisor: Double = 1.5, every: Int, after: Int) {
    // BEGIN EXERCISE 7.5
    checkRate(initial, "initial", for: "StepDecay")
    check(
      divisor > 1 && divisor.isFinite, "StepDecay: divisor must be finite and > 1, got \(divisor)"
    )
    check(every >= 1, "StepDecay: every must be at least 1 epoch, got \(every)")
    check(after >= 0, "StepDecay: after must be >= 0, got \(after)")
    // END EXERCISE 7.5
    self.initial = initial
    self.divisor = divisor
    self.interval = every
    self.start = after
  }

  /// The rate for `epoch`, by the rule in the type's documentation.
  ///
  /// Exercise 7.5.
  public func learningRate(epoch: Int) -> Double {
    checkEpoch(epoch, for: "StepDecay")
    // BEGIN EXERCISE 7.5
    // STUB: return .nan
    guard epoch >= start else { return initial }
    let divisions = (epoch - start) / interval + 1
    return initial / pow(divisor, Double(divisions))
    // END EXERCISE 7.5
  }
}

/// Exponential decay: the rate is multiplied by γ at every epoch.
///
/// ```
/// rate = initial · γ^epoch
/// ```
///
/// PyTorch's `ExponentialLR`. With γ = 0.9 the rate halves about every 6.6 epochs.
public struct ExponentialDecay: LearningRateSchedule {
  /// The rate at epoch 0.
  public let initial: Double
  /// γ, the factor per epoch, in (0, 1].
  public let gamma: Double

  /// Creates the schedule. Stops with a message unless `initial` is finite and >= 0 and
  /// 0 < gamma <= 1.
  ///
  /// Exercise 7.5 (the checks).
  public init(initial: Double, gamma: Double) {
    // BEGIN EXERCISE 7.5
    checkRate(initial, "initial", for: "ExponentialDecay")
    check(gamma > 0 && gamma <= 1, "ExponentialDecay: gamma must be in (0, 1], got \(gamma)")
    // END EXERCISE 7.5
    self.initial = initial
    self.gamma = gamma
  }

  /// `initial · γ^epoch`.
  ///
  /// Exercise 7.5.
  public func learningRate(epoch: Int) -> Double {
    checkEpoch(epoch, for: "ExponentialDecay")
    // BEGIN EXERCISE 7.5
    // STUB: return .nan
    return initial * pow(gamma, Double(epoch))
    // END EXERCISE 7.5
  }
}

/// Cosine decay from `initial` to `minimum` over `totalEpochs` epochs, then `minimum`.
///
/// ```
/// rate = minimum + (initial - minimum) · (1 + cos(π · epoch / T)) / 2    for epoch < T
/// rate = minimum                                                           for epoch >= T
/// ```
///
/// The closed form of PyTorch's `CosineAnnealingLR` (η_min = minimum, T_max = T) for one
/// half-period: the rate starts at `initial`, is halfway at T / 2 and reaches `minimum` at
/// epoch T; it decays slowly at first and at the end, fastest in the middle.
///
/// After T the two differ, on purpose. PyTorch's scheduler keeps following the cosine: run it
/// past T_max and the rate climbs back, to `initial` again at epoch 2T. This one holds
/// `minimum` from epoch T on, so training a few epochs longer than planned never raises the
/// rate. To match PyTorch, stop at T (or set T to the number of epochs you train).
public struct CosineDecay: LearningRateSchedule {
  /// The rate at epoch 0.
  public let initial: Double
  /// The rate from epoch T on.
  public let minimum: Double
  /// T, the length of the decay in epochs.
  public let totalEpochs: Int

  /// Creates the schedule. Stops with a message unless 0 <= minimum <= initial (both finite)
  /// and totalEpochs >= 1.
  ///
  /// Exercise 7.5 (the checks).
  public init(initial: Double, minimum: Double = 0, totalEpochs: Int) {
    // BEGIN EXERCISE 7.5
    checkRate(initial, "initial", for: "CosineDecay")
    checkRate(minimum, "minimum", for: "CosineDecay")
    check(
      minimum <= initial,
      "CosineDecay: minimum must not exceed initial, got minimum \(minimum), initial \(initial)")
    check(totalEpochs >= 1, "CosineDecay: totalEpochs must be at least 1, got \(totalEpochs)")
    // END EXERCISE 7.5
    self.initial = initial
    self.minimum = minimum
    self.totalEpochs = totalEpochs
  }

  /// The rate for `epoch`, by the rule in the type's documentation.
  ///
  /// Exercise 7.5.
  public func learningRate(epoch: Int) -> Double {
    checkEpoch(epoch, for: "CosineDecay")
    // BEGIN EXERCISE 7.5
    // STUB: return .nan
    guard epoch < totalEpochs else { return minimum }
    let progress = Double(epoch) / Double(totalEpochs)
    return minimum + (initial - minimum) * (1 + cos(Double.pi * progress)) / 2
    // END EXERCISE 7.5
  }
}

/// A linear warm-up over the first w epochs, then another schedule, shifted to start after it.
///
/// ```
/// rate = target · (s + (1 - s) · epoch / w)     for epoch < w, with target = schedule(0)
/// rate = schedule(epoch - w)                    for epoch >= w
/// ```
///
/// s is the start factor, the fraction of the target used at epoch 0. By default s = 1/(w + 1),
/// which makes the warm-up `target · (epoch + 1) / (w + 1)`: with
/// `LinearWarmup(warmupEpochs: 4, then: ConstantSchedule(0.1))` the rates are 0.02, 0.04, 0.06,
/// 0.08, then 0.1 from epoch 4 on, w + 1 equal steps up to the full rate, none of them zero (an
/// epoch at rate 0 would be wasted). The wrapped schedule begins its own epoch 0 when the
/// warm-up ends, so a decay is not eaten by the warm-up.
///
/// With a start factor this is PyTorch's `LinearLR(optimizer, start_factor=s, end_factor=1.0,
/// total_iters=w)` on a base rate of `target`, whose documented closed form is
/// `base · (s + (1 - s) · min(epoch, w) / w)`:
///
/// ```swift
/// LinearWarmup(warmupEpochs: 4, startFactor: 0.25, then: ConstantSchedule(0.1))
/// // 0.025, 0.04375, 0.0625, 0.08125, then 0.1   (LinearLR(opt, 0.25, 1.0, 4) at lr=0.1)
/// ```
///
/// Only the end factor 1 is expressible: the warm-up always ends at the wrapped schedule's
/// rate. (PyTorch's `LinearLR` also decays, with an end factor below the start factor.)
///
/// Adam's running averages, and a freshly initialised network's gradients, are least reliable
/// at the very start; a few epochs at a small rate keep the first steps from throwing the
/// parameters far away (Goyal et al., "Accurate, Large Minibatch SGD", 2017).
public struct LinearWarmup: LearningRateSchedule {
  /// w, the number of warm-up epochs (0 = no warm-up).
  public let warmupEpochs: Int
  /// s, the fraction of the target rate used at epoch 0, in (0, 1].
  public let startFactor: Double
  /// The schedule that takes over after the warm-up, counting its epochs from there.
  public let schedule: any LearningRateSchedule

  /// Creates the schedule.
  ///
  /// - Parameters:
  ///   - warmupEpochs: w, the number of warm-up epochs (0 = no warm-up).
  ///   - startFactor: s, the fraction of the target rate at epoch 0 (PyTorch's
  ///     `start_factor`); `nil`, the default, means 1/(w + 1).
  ///   - schedule: The schedule that takes over at epoch w, from its own epoch 0.
  ///
  /// Stops with a message when `warmupEpochs` < 0, or when `startFactor` is given and not in
  /// (0, 1] (PyTorch's `LinearLR` refuses the same values: a factor of 0 wastes the first
  /// epoch, one above 1 is a decay, not a warm-up).
  ///
  /// Exercise 7.5 (the checks).
  public init(
    warmupEpochs: Int, startFactor: Double? = nil, then schedule: any LearningRateSchedule
  ) {
    // BEGIN EXERCISE 7.5
    check(warmupEpochs >= 0, "LinearWarmup: warmupEpochs must be >= 0, got \(warmupEpochs)")
    if let startFactor {
      check(
        startFactor > 0 && startFactor <= 1,
        "LinearWarmup: startFactor must be in (0, 1], got \(startFactor)")
    }
    // END EXERCISE 7.5
    self.warmupEpochs = warmupEpochs
    self.startFactor = startFactor ?? 1 / Double(warmupEpochs + 1)
    self.schedule = schedule
  }

  /// The rate for `epoch`, by the rule in the type's documentation.
  ///
  /// Exercise 7.5.
  public func learningRate(epoch: Int) -> Double {
    checkEpoch(epoch, for: "LinearWarmup")
    // BEGIN EXERCISE 7.5
    // STUB: return .nan
    guard epoch < warmupEpochs else { return schedule.learningRate(epoch: epoch - warmupEpochs) }
    let progress = Double(epoch) / Double(warmupEpochs)
    return schedule.learningRate(epoch: 0) * (startFactor + (1 - startFactor) * progress)
    // END EXERCISE 7.5
  }
}
