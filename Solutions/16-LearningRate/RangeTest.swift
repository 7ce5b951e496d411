import Foundation
import Tensors
import Training

/// The rate of step `step` of a learning-rate range test: growing exponentially from
/// `minimum` at step 0 to `maximum` at the last step.
///
/// ```
/// rate(k) = minimum * (maximum / minimum)^(k / (steps - 1))      k = 0 ..< steps
/// ```
///
/// Every step multiplies the rate by the same factor, `(maximum / minimum)^(1 / (steps - 1))`:
/// 1.205 for the defaults (1e-7 to 10 in 100 steps, fastai's `lr_find`), so each decade of
/// rates gets the same number of steps.
///
/// ```swift
/// rangeTestRate(step: 0, steps: 100)    // 1e-7
/// rangeTestRate(step: 99, steps: 100)   // 10.0
/// rangeTestRate(step: 1, steps: 100)    // 1.205e-7
/// ```
///
/// Stops with a message naming the values unless `steps` >= 2, `0 <= step < steps`, and
/// `0 < minimum < maximum`, both finite.
///
/// Exercise 16.3 (with `analyseRangeTest`).
public func rangeTestRate(
  step: Int, steps: Int, from minimum: Double = 1e-7, to maximum: Double = 10
) -> Double {
  // BEGIN EXERCISE 16.3
  // STUB: return .nan
  check(
    steps >= 2 && step >= 0 && step < steps,
    "rangeTestRate: need steps >= 2 and 0 <= step < steps, got step \(step), steps \(steps)")
  check(
    minimum > 0 && minimum < maximum && maximum.isFinite,
    "rangeTestRate: need 0 < minimum < maximum, finite, got minimum \(minimum), maximum \(maximum)"
  )
  return minimum * pow(maximum / minimum, Double(step) / Double(steps - 1))
  // END EXERCISE 16.3
}

/// What a learning-rate range test found.
public struct RangeTestResult: Equatable, Sendable {
  /// The test stops when the smoothed loss passes this many times its best (fastai).
  public static let stopFactor = 4.0
  /// The suggestion is the rate at the minimum of the smoothed loss divided by this: well
  /// below the minimum, where the loss still falls fast and nothing is close to the cliff.
  public static let suggestionDivisor = 10.0

  /// The rate of each step, up to and including the stop.
  public let rates: [Double]
  /// The smoothed loss of each step, up to and including the stop.
  public let smoothedLosses: [Double]
  /// The step where the test stopped: the smoothed loss was not finite, or above
  /// `stopFactor` times its best so far. Nil when it never did.
  public let stopStep: Int?
  /// The step of the lowest smoothed loss, before the stop.
  public let minimumStep: Int

  public init(rates: [Double], smoothedLosses: [Double], stopStep: Int?, minimumStep: Int) {
    self.rates = rates
    self.smoothedLosses = smoothedLosses
    self.stopStep = stopStep
    self.minimumStep = minimumStep
  }

  /// The rate at the lowest smoothed loss.
  public var minimumRate: Double { rates.indices.contains(minimumStep) ? rates[minimumStep] : .nan }
  /// The suggested rate: `minimumRate / suggestionDivisor`.
  public var suggestedRate: Double { minimumRate / Self.suggestionDivisor }
}

/// Reads a range-test run (a run whose rate grew by `rangeTestRate` each step): smooths the
/// loss, finds where it stopped and where it was lowest, and suggests a rate.
///
/// ```
/// average_k  = β average_(k-1) + (1 - β) loss_k          average_(-1) = 0
/// smoothed_k = average_k / (1 - β^(k+1))                  bias correction (as in Adam)
/// best_k     = min(smoothed_0 ... smoothed_k)
/// stop at the first k with smoothed_k not finite or smoothed_k > 4 best_k
/// minimum    = the step of the lowest smoothed loss before the stop
/// suggestion = rate(minimum) / 10
/// ```
///
/// Without the bias correction the first smoothed values are `(1 - β)` times too small (0.02
/// for β = 0.98), so "the best so far" would be a meaningless early value. The curve and the
/// rates are kept up to and including the stop step; what the run did after it is ignored
/// (Leslie Smith's range test; fastai's `lr_find`, whose loss is smoothed with β = 0.98 and
/// which stops at 4x the best loss).
///
/// ```swift
/// let result = analyseRangeTest(makeRateProblem(seed: 1).rangeTest()!)
/// result.stopStep        // 85 (rate 0.74): the smoothed loss ran away
/// result.minimumRate     // 0.509 (step 83)
/// result.suggestedRate   // 0.0509
/// ```
///
/// Stops with a message unless the telemetry has at least one step, one rate per loss, and
/// `0 <= smoothing < 1`.
///
/// Exercise 16.3.
public func analyseRangeTest(_ telemetry: Telemetry, smoothing: Double = 0.98) -> RangeTestResult {
  // BEGIN EXERCISE 16.3
  // STUB: return RangeTestResult(rates: [], smoothedLosses: [], stopStep: nil, minimumStep: -1)
  check(
    !telemetry.losses.isEmpty && telemetry.losses.count == telemetry.learningRates.count,
    "analyseRangeTest: need at least one step and one rate per loss, got "
      + "\(telemetry.losses.count) losses and \(telemetry.learningRates.count) rates")
  check(
    smoothing >= 0 && smoothing < 1,
    "analyseRangeTest: smoothing must be in [0, 1), got \(smoothing)")
  var average = 0.0
  var smoothed: [Double] = []
  var best = Double.infinity
  var minimumStep = 0
  var stopStep: Int?
  for (step, loss) in telemetry.losses.enumerated() {
    average = smoothing * average + (1 - smoothing) * loss
    let value = average / (1 - pow(smoothing, Double(step + 1)))
    smoothed.append(value)
    if value < best {
      best = value
      minimumStep = step
    }
    if !value.isFinite || value > RangeTestResult.stopFactor * best {
      stopStep = step
      break
    }
  }
  return RangeTestResult(
    rates: Array(telemetry.learningRates.prefix(smoothed.count)), smoothedLosses: smoothed,
    stopStep: stopStep, minimumStep: minimumStep)
  // END EXERCISE 16.3
}

/// The rates of a whole range test, from `rangeTestRate`; nil when one is not finite and > 0
/// (the exercise is still a stub), so that no run starts with a NaN rate. Provided.
public func rangeTestRates(steps: Int = 100, from minimum: Double = 1e-7, to maximum: Double = 10)
  -> [Double]?
{
  let rates = (0..<steps).map { rangeTestRate(step: $0, steps: steps, from: minimum, to: maximum) }
  return rates.allSatisfy({ $0.isFinite && $0 > 0 }) ? rates : nil
}

extension RateProblem {
  /// Runs a learning-rate range test on a fresh network (`makeModel()`): one full-batch SGD
  /// step at each rate of `rangeTestRates`, and returns the telemetry; nil when
  /// `rangeTestRate` (16.3) is still a stub. Read it with `analyseRangeTest`. Provided.
  public func rangeTest(steps: Int = 100, from minimum: Double = 1e-7, to maximum: Double = 10)
    -> Telemetry?
  {
    guard let rates = rangeTestRates(steps: steps, from: minimum, to: maximum) else { return nil }
    return train(
      learningRate: rates[0], steps: steps, schedule: { rates[$0] }, probeEvery: 0)
  }
}

/// A learning-rate range test on linear regression (`trainLinearRegression` with the rates of
/// `rangeTestRates`); nil when `rangeTestRate` (16.3) is still a stub. Provided.
public func rangeTestLinearRegression(
  _ data: LinearRegressionData, steps: Int = 100, from minimum: Double = 1e-7,
  to maximum: Double = 10
) -> Telemetry? {
  guard let rates = rangeTestRates(steps: steps, from: minimum, to: maximum) else { return nil }
  return trainLinearRegression(
    data, learningRate: rates[0], steps: steps, schedule: { rates[$0] })
}
