import Tensors
import Training

/// The sanity stage: chapter 10's two checks before a real run, read from their record.
///
/// ```
/// ratio = initialLoss / expectedInitialLoss
/// ratio > initialLossFactor (4)            .initialLossOff
///     Evidence("initial loss / expected", at: .run, measured: ratio, threshold: 4, .above)
/// ratio < 1 / initialLossFactor (0.25)     .initialLossOff
///     Evidence("initial loss / expected", at: .run, measured: ratio, threshold: 0.25, .below)
/// (a non-finite initial loss is left to the monitors: it is not "off", it is broken)
///
/// shape = curveShape(overfitLosses)
/// last / first overfit loss > overfitFraction (0.2), or not finite
///     .cannotOverfitOneBatch(shape)
///     Evidence("last / first loss on one batch", at: .run, measured: last / first
///              (infinity when not finite), threshold: 0.2, .above)
/// ```
///
/// Too high a start is a scale problem (weights, inputs or targets); too low a start is not a
/// leak (an untrained network's expected loss is ln C whatever its inputs) but a loss that
/// is computed wrongly. A model that cannot memorise 16 examples in 300 steps cannot learn:
/// the curve's shape says which way it fails, so it is part of the symptom. A batch that *is*
/// memorised proves less: labels misaligned once are memorised as easily as true ones.
///
/// ```swift
/// sanityFindings(SanityRecord(initialLoss: 1.1, expectedInitialLoss: log(3),
///                             overfitLosses: [1.1, 1.1, 1.09, 1.09])).symptoms
/// // [cannot overfit one batch (plateau)]
/// ```
///
/// An overfit record that curveShape cannot read (a single loss, or a first loss that is not
/// finite and > 0: the run stops at its first NaN) counts as `.exploding`, with the ratio
/// infinity when its last loss is not finite.
///
/// Stops with a message naming `sanityFindings` when there is no overfit loss, or an expected
/// loss that is not finite and > 0.
///
/// Exercise 25.3.
public func sanityFindings(_ sanity: SanityRecord) -> [Finding] {
  // TODO(25.3): your code here (README.md, exercise 25.3).
  return [.notWritten("25.3")]
}
