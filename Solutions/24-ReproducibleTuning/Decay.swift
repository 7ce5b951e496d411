import Tensors

/// The learning rate of `step` when the rate is constant and then decays linearly over the
/// last `decayFraction` of the run:
///
/// ```
/// decaySteps = round(decayFraction · steps)           (Double.rounded(): half away from 0)
/// start      = steps - decaySteps
/// rate(step) = base                                    step < start
///            = base · (steps - step) / decaySteps      step >= start
/// ```
///
/// The first decayed step still uses `base` and the last one `base / decaySteps`: never 0,
/// since a step at rate 0 is a step wasted. With `decayFraction == 0` the rate is constant.
///
/// ```swift
/// (0..<10).map { decayedLearningRate(step: $0, steps: 10, base: 1, decayFraction: 0.4) }
/// // [1, 1, 1, 1, 1, 1, 1, 0.75, 0.5, 0.25]
/// ```
///
/// Why near the end: a constant rate with mini-batches never settles, it keeps jumping around
/// the minimum by an amount that grows with the rate and the gradient noise. Lowering the rate
/// at the end takes smaller and smaller jumps and lands close to the minimum, without the
/// slow start a small rate from the beginning would give.
///
/// Stops with a message naming `decayedLearningRate` and the value unless `steps >= 1`,
/// `0 <= step < steps`, `base` is finite and > 0, and `decayFraction` is in [0, 1].
///
/// Exercise 24.4.
public func decayedLearningRate(step: Int, steps: Int, base: Double, decayFraction: Double)
  -> Double
{
  // BEGIN EXERCISE 24.4
  // STUB: return .nan
  check(steps >= 1, "decayedLearningRate: steps must be at least 1, got \(steps)")
  check(
    step >= 0 && step < steps,
    "decayedLearningRate: step must be in 0..<\(steps), got \(step)")
  check(
    base.isFinite && base > 0, "decayedLearningRate: base must be finite and > 0, got \(base)")
  check(
    decayFraction >= 0 && decayFraction <= 1,
    "decayedLearningRate: decayFraction must be in [0, 1], got \(decayFraction)")
  let decaySteps = Int((decayFraction * Double(steps)).rounded())
  let start = steps - decaySteps
  guard step >= start else { return base }
  return base * Double(steps - step) / Double(decaySteps)
  // END EXERCISE 24.4
}
