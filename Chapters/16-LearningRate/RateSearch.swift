import Tensors
import Training

/// What the divide-by-3 search tried and where it stopped.
public struct RateSearch: Equatable, Sendable {
  /// One rate tried: the rate and whether its run exploded (`hasExploded`).
  public struct Try: Equatable, Sendable {
    public let rate: Double
    public let exploded: Bool

    public init(rate: Double, exploded: Bool) {
      self.rate = rate
      self.exploded = exploded
    }
  }

  /// Every rate tried, in order: the start, then each one divided by the divisor.
  public let tries: [Try]

  public init(tries: [Try]) { self.tries = tries }

  /// The first rate that did not explode, nil when every try did (or none was made).
  public var stableRate: Double? { tries.first { !$0.exploded }?.rate }

  /// The last rate that exploded before the stable one, nil when the start was already stable.
  public var explodedRate: Double? { tries.last { $0.exploded }?.rate }
}

/// The divide-by-3 search: from a rate that blows up, divide by `divisor` until a run no
/// longer explodes.
///
/// ```
/// rate ← start
/// repeat up to maxTries times:
///     telemetry ← train(rate)               a short run: about 100 steps, clipping OFF
///     record (rate, hasExploded(telemetry))
///     if it did not explode: stop           the first stable rate
///     rate ← rate / divisor
/// ```
///
/// The first stable rate is the *edge*: the largest of the rates tried that does not blow
/// up. The rate to train with is usually 1-10x below it (the search only says where the cliff
/// is). Run it with clipping off: clipping caps every update, so a rate far too high can look
/// stable (see the clipped run of this chapter).
///
/// ```swift
/// let problem = makeRateProblem(seed: 1)
/// let search = searchStableRate(startingAt: 1) { rate in
///   problem.train(learningRate: rate, steps: 100)
/// }
/// search.tries.map(\.rate)   // [1.0, 0.333, 0.111]
/// search.stableRate          // 0.111
/// ```
///
/// Stops with a message naming the value unless `start` is finite and > 0, `divisor` is
/// finite and > 1, and `maxTries` >= 1.
///
/// - Parameters:
///   - start: The first rate tried.
///   - divisor: What each rate that exploded is divided by.
///   - maxTries: At most this many runs.
///   - train: Runs the model with a rate and returns the telemetry.
///
/// Exercise 16.2.
public func searchStableRate(
  startingAt start: Double, divisor: Double = 3, maxTries: Int = 20,
  train: (_ rate: Double) -> Telemetry
) -> RateSearch {
  // TODO(16.2): your code here (README.md, exercise 16.2).
  return RateSearch(tries: [])
}
