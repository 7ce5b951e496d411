import DeadReLUs
import Depth
import LearningRate
import NaNHunting
import Tensors
import Training

/// The live monitors: read the run's telemetry and collect what the diagnostics of Part II
/// and III say about it, plus four monitors of this chapter (the non-finite loss, the run's
/// curve, saturation, the gradient that does not shrink). In this order:
///
/// ```
/// the loss is not finite from step k on         .nonFiniteLoss
///     Evidence("non-finite losses", at: .step(k), measured: 1, threshold: 0, .above)
/// every loss finite and curveShape(losses) (25.2) is
///     .exploding        .lossCurve(.exploding)
///         Evidence("largest loss / first loss", at: .run, measured: ratio, threshold: 10,
///                  .above)
///     .rising or .oscillating      .lossCurve(shape)
///         Evidence("loss of the last tenth / first loss", at: .run, measured: ratio,
///                  threshold: 0.8, .above)
///     (a falling or flat curve is no finding here: the other monitors say why it is flat)
/// diagnoseLearningRate(telemetry)               chapter 16 (too high, too low)
/// diagnoseDeadReLUs(telemetry)                  chapter 18, only when a probe has
///                                               activation statistics
/// diagnoseGradientFlow(telemetry)               chapter 20
/// at the FIRST probe, each Tanh or Sigmoid layer whose saturatedFraction is above
/// DoctorThresholds.saturatedFraction (0.5)      .saturatedUnits, one piece of evidence each:
///     Evidence("saturated fraction", at: .layer(i), measured: fraction, threshold: 0.5, .above)
/// the probes' global gradient norms (finite ones, at least 2), q = max(1, count / 4):
///     growth = median of the last q / median of the first q
///     growth > DoctorThresholds.gradientGrowth (1.1), while the last finite loss is below
///     lossFallForGrowth (0.5) times the first                 .growingGradient
///     Evidence("gradient norm, last / first quarter", at: .step(step of the last probe),
///              measured: growth, threshold: 1.1, .above)
/// clipNorm given: diagnoseClipping(gradientNorms: the probes' norms, threshold: clipNorm)
///                                               chapter 22
/// ```
///
/// Why reuse: each of those diagnostics was calibrated on its own chapter's runs, with its
/// own stall condition (AUTOTRAINER's rule: a gradient symptom counts only when training is
/// also stalled). The doctor's benchmark is where they meet runs they were not tuned on.
///
/// The gradient rule is this chapter's: as a run fits, its gradients shrink (for a
/// cross-entropy, the gradient is p - y), so a gradient norm that has not shrunk while the
/// loss fell by half is the sum of every gradient so far: `zeroGrad()` was forgotten. Such a
/// run can look fine otherwise (a sum of gradients acts like heavy momentum).
///
/// What it cannot tell: the monitors see a probe every 10 steps, so a spike between two
/// probes is missed; and a gradient that grows because the run is sharpening (late in a
/// healthy run) reads like accumulated gradients: the doctor ranks, it does not prove.
///
/// Stops with a message naming `monitorFindings` when the telemetry has no step.
///
/// Exercise 25.4.
public func monitorFindings(_ telemetry: Telemetry, clipNorm: Double? = nil) -> [Finding] {
  // TODO(25.4): your code here (README.md, exercise 25.4).
  return [.notWritten("25.4")]
}
