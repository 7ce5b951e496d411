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
  // BEGIN EXERCISE 25.4
  // STUB: return [.notWritten("25.4")]
  check(telemetry.stepCount >= 1, "monitorFindings: the telemetry has no step")
  var findings: [Finding] = []
  if let step = telemetry.losses.firstIndex(where: { !$0.isFinite }) {
    findings.append(
      Finding(
        .nonFiniteLoss,
        evidence: [
          Evidence("non-finite losses", at: .step(step), measured: 1, threshold: 0, .above)
        ],
        likelyCause: "a value overflowed or was undefined: the rate, the inputs, or an operation",
        fix: "replay the run with the anomaly mode on (chapter 22) to find the first operation"))
  }
  let finiteLosses = Array(telemetry.losses.prefix { $0.isFinite })
  if finiteLosses.count >= 2, finiteLosses[0] > 0, finiteLosses.count == telemetry.stepCount {
    let shape = curveShape(finiteLosses)
    let first = finiteLosses[0]
    if shape == .exploding {
      let largest = finiteLosses.max()! / first
      findings.append(
        Finding(
          .lossCurve(.exploding),
          evidence: [
            Evidence(
              "largest loss / first loss", at: .run, measured: largest,
              threshold: DoctorThresholds.explosionFactor, .above)
          ],
          likelyCause: "the updates overshoot: the learning rate is too high",
          fix: Mistake.learningRateTooHigh.fix))
    } else if shape == .rising || shape == .oscillating {
      let window = Swift.max(1, finiteLosses.count / 10)
      let end = finiteLosses.suffix(window).reduce(0, +) / Double(window) / first
      findings.append(
        Finding(
          .lossCurve(shape),
          evidence: [
            Evidence(
              "loss of the last tenth / first loss", at: .run, measured: end,
              threshold: DoctorThresholds.plateauFraction, .above)
          ],
          likelyCause: shape == .rising
            ? "the loss goes up: a rate far too high, or a sign error in the update"
            : "the loss jumps around without coming down: the rate, or labels that disagree",
          fix: Mistake.learningRateTooHigh.fix))
    }
  }
  findings += diagnoseLearningRate(telemetry)
  if telemetry.probes.contains(where: { $0.layers.contains { $0.activation != nil } }) {
    findings += diagnoseDeadReLUs(telemetry)
  }
  findings += diagnoseGradientFlow(telemetry)
  if let first = telemetry.probes.first {
    let saturated = first.layers.compactMap { layer -> Evidence? in
      guard let activation = layer.activation, ["Tanh", "Sigmoid"].contains(activation.kind),
        activation.saturatedFraction > DoctorThresholds.saturatedFraction
      else { return nil }
      return Evidence(
        "saturated fraction", at: .layer(layer.index), measured: activation.saturatedFraction,
        threshold: DoctorThresholds.saturatedFraction, .above)
    }
    if !saturated.isEmpty {
      findings.append(
        Finding(
          .saturatedUnits, evidence: saturated,
          likelyCause:
            "the units start in the flat part of the activation: weights or inputs too large",
          fix: "Xavier initialisation and standardised inputs"))
    }
  }
  let probes = telemetry.probes.filter { $0.gradientNorm.isFinite }
  if probes.count >= 2 {
    let q = Swift.max(1, probes.count / 4)
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    let early = median(probes.prefix(q).map(\.gradientNorm))
    let late = median(probes.suffix(q).map(\.gradientNorm))
    let growth = late / early
    let finite = telemetry.losses.filter(\.isFinite)
    let fell = (finite.last ?? .nan) < DoctorThresholds.lossFallForGrowth * telemetry.losses[0]
    if early > 0, fell, growth > DoctorThresholds.gradientGrowth {
      findings.append(
        Finding(
          .growingGradient,
          evidence: [
            Evidence(
              "gradient norm, last / first quarter", at: .step(probes[probes.count - 1].step),
              measured: growth, threshold: DoctorThresholds.gradientGrowth, .above)
          ],
          likelyCause: "the gradients add up from step to step: zeroGrad() is not called",
          fix: Mistake.forgotZeroGrad.fix))
    }
  }
  if let clipNorm, !probes.isEmpty {
    findings += diagnoseClipping(gradientNorms: probes.map(\.gradientNorm), threshold: clipNorm)
  }
  return findings
  // END EXERCISE 25.4
}
