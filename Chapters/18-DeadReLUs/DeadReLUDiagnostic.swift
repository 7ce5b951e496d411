import Tensors
import Training

/// Reads a run's telemetry and says whether dead ReLUs have stalled it.
///
/// A healthy ReLU network always has some dead units: that alone is no symptom. The finding
/// needs both a stall and a layer that has lost most of its units, measured per unit:
///
/// ```
/// n = telemetry.stepCount; judge only when n >= stallWindow + averagedSteps (110)
/// stalled:  mean(losses[n-10 ..< n]) / mean(losses[n-110 ..< n-100]) > stalledFraction (0.99)
///     Evidence("loss / loss 100 steps before", at: .run, measured: ratio,
///              threshold: 0.99, .above)
/// at the LAST probe, for each layer, in order, whose activation's deadFraction > 0.5:
///     Evidence("dead fraction", at: .layer(i), measured: deadFraction,
///              threshold: 0.5, .above)
///     and, when that layer's gradientNorm < vanishedGradientNorm (1e-8), right after it:
///     Evidence("gradient norm", at: .layer(i), measured: gradientNorm,
///              threshold: 1e-8, .below)
/// ```
///
/// One `Finding(.deadReLUs, ...)` with the stall evidence first, when the run is stalled and
/// at least one layer is dead; `[]` otherwise (a run too short to judge included).
/// `deadFraction` is the telemetry's: a unit is dead when it is 0 on *every* example of the
/// probe batch (a unit that is 0 on half the examples is doing its job).
///
/// What it cannot tell: a stall with tiny updates and no dead layer (a rate too low, chapter
/// 16) is not reported; nor is a zero gradient that comes from the loss rather than the
/// units (`zeroGradientFindings` looks there). A run that has converged, and then stopped
/// moving, with most units of a layer dead would be reported: read the loss too.
///
/// ```swift
/// diagnoseDeadReLUs(makeDeadReLURun(.deadAtInit, seed: 1).telemetry).report
/// // dead ReLUs: the run: loss / loss 100 steps before 1, above the threshold 0.99;
/// //   layer 0: dead fraction 1, above the threshold 0.5; layer 0: gradient norm 0, ...
/// diagnoseDeadReLUs(makeDeadReLURun(.healthy, seed: 1).telemetry)   // []
/// ```
///
/// Stops with a message when no probe of the telemetry has activation statistics (the run
/// was not given a probe batch: nothing to count dead units on).
///
/// Exercise 18.1.
public func diagnoseDeadReLUs(_ telemetry: Telemetry) -> [Finding] {
  // TODO(18.1): your code here (README.md, exercise 18.1).
  return [.notWritten("18.1")]
}
