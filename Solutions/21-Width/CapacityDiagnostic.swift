import Tensors
import Training

/// The median of the finite values, nil when there is none.
func finiteMedian(_ values: [Double]) -> Double? {
  let sorted = values.filter(\.isFinite).sorted()
  guard !sorted.isEmpty else { return nil }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Each layer's median update ratio `||Δθ|| / ||θ||` over the probed steps, skipping values
/// that are not finite; layers without a finite value are left out. In the order of the
/// layers. Provided (chapter 16 computes the same).
///
/// The median, as in chapter 16: a few large updates in the first steps, or a last infinite
/// one, do not decide it.
public func layerMedianUpdateRatios(_ telemetry: Telemetry) -> [(layer: Int, ratio: Double)] {
  var ratios: [Int: [Double]] = [:]
  var order: [Int] = []
  for probe in telemetry.probes {
    for layer in probe.layers {
      if ratios[layer.index] == nil { order.append(layer.index) }
      ratios[layer.index, default: []].append(layer.updateRatio)
    }
  }
  return order.compactMap { index in
    finiteMedian(ratios[index] ?? []).map { (index, $0) }
  }
}

/// Reads a run and says whether its network is too narrow for the task: it cannot fit even
/// its training data, although the optimisation is healthy.
///
/// **Too few units** (`.tooFewUnits`) when all four hold, with one piece of evidence each, in
/// this order:
///
/// ```
/// 1. trainingAccuracy < target                          (it does not fit)
///      Evidence("training accuracy", at: .run, measured: trainingAccuracy,
///               threshold: target, .below)
/// 2. relativeLossDrop(telemetry) < plateauDrop (0.05)   (and has stopped trying)
///      Evidence("relative loss drop", at: .run, measured: drop, threshold: 0.05, .below)
/// 3. the SMALLEST per-layer median update ratio > lowUpdateRatio (1e-4), at its layer i
///      Evidence("median update ratio", at: .layer(i), measured: ratio,
///               threshold: 1e-4, .above)              (every layer moves: not the rate)
/// 4. the LARGEST dead fraction at the last probe < deadFraction (0.5), at its layer j
///      Evidence("dead fraction", at: .layer(j), measured: fraction,
///               threshold: 0.5, .below)               (no layer is dead: not dead units)
/// ```
///
/// Otherwise `[]`. A run without probes, or whose last probe has no activation statistics,
/// cannot show a healthy optimisation: `[]`. So does a drop that is NaN. The update ratios
/// come from `layerMedianUpdateRatios`; the thresholds from `WidthThresholds`.
///
/// The smallest ratio, not the largest: "the optimisation is healthy" must hold for every
/// layer, and one frozen layer is a problem of its own (chapters 18 and 20). The dead
/// fractions of the last probe, not the first: units die during training.
///
/// What it cannot tell: the width is the usual cause of a healthy optimisation that cannot
/// fit, not the only one. Too much regularisation (chapter 14), a final activation that cannot
/// reach the targets (chapter 17) or labels no function can fit look the same here; the
/// capacity sweep (exercise 21.2) is the test: if a wider net fits, it was the width. And a
/// run that is stuck for another reason (a rate too low, a saddle its updates cannot leave)
/// is not reported at all.
///
/// ```swift
/// let run = makeWidthRun(.tooFewUnits, seed: 1)
/// diagnoseCapacity(run.telemetry, trainingAccuracy: run.trainingAccuracy, target: 0.95)
/// // too few units: the run: training accuracy 0.75, below the threshold 0.95; the run:
/// //   relative loss drop 0.004561, below the threshold 0.05; layer 0: median update ratio
/// //   0.002079, above the threshold 0.0001; layer 0: dead fraction 0, below ...
/// ```
///
/// - Parameters:
///   - telemetry: The run's telemetry, probed with a probe batch, at least
///     `2 · plateauWindow` (100) steps.
///   - trainingAccuracy: The accuracy on the training data at the end of the run.
///   - target: The training accuracy the task allows (a little below 1 for clean, separable
///     data such as this chapter's XOR; lower when the labels are noisy), in (0, 1].
///
/// Stops with a message when `trainingAccuracy` is not in [0, 1], `target` is not in (0, 1],
/// or the run is shorter than two plateau windows.
///
/// Exercise 21.3.
public func diagnoseCapacity(
  _ telemetry: Telemetry, trainingAccuracy: Double, target: Double
) -> [Finding] {
  // BEGIN EXERCISE 21.3
  // STUB: return [.notWritten("21.3")]
  check(
    trainingAccuracy >= 0 && trainingAccuracy <= 1,
    "diagnoseCapacity: trainingAccuracy must be in [0, 1], got \(trainingAccuracy)")
  check(target > 0 && target <= 1, "diagnoseCapacity: target must be in (0, 1], got \(target)")
  let drop = relativeLossDrop(telemetry)
  guard trainingAccuracy < target, drop < WidthThresholds.plateauDrop else { return [] }
  guard let slowest = layerMedianUpdateRatios(telemetry).min(by: { $0.ratio < $1.ratio }),
    slowest.ratio > WidthThresholds.lowUpdateRatio
  else { return [] }
  let layers = telemetry.probes.last?.layers ?? []
  guard !layers.isEmpty, layers.allSatisfy({ $0.activation != nil }),
    let deadest = layers.max(by: { $0.activation!.deadFraction < $1.activation!.deadFraction }),
    deadest.activation!.deadFraction < WidthThresholds.deadFraction
  else { return [] }
  return [
    Finding(
      .tooFewUnits,
      evidence: [
        Evidence(
          "training accuracy", at: .run, measured: trainingAccuracy, threshold: target, .below),
        Evidence(
          "relative loss drop", at: .run, measured: drop, threshold: WidthThresholds.plateauDrop,
          .below),
        Evidence(
          "median update ratio", at: .layer(slowest.layer), measured: slowest.ratio,
          threshold: WidthThresholds.lowUpdateRatio, .above),
        Evidence(
          "dead fraction", at: .layer(deadest.index), measured: deadest.activation!.deadFraction,
          threshold: WidthThresholds.deadFraction, .below),
      ],
      likelyCause:
        "every layer learns and none is dead, yet the loss stopped far from a fit: the network "
        + "has too few hidden units to express the task",
      fix:
        "run a capacity sweep (widths 1, 2, 4, 8, ... on a few seeds) and train the smallest "
        + "width that fits every seed, or start from 256-1024 units")
  ]
  // END EXERCISE 21.3
}
