import Tensors
import Training

/// The median of the finite values, nil when there is none. Provided.
public func finiteMedian(_ values: [Double]) -> Double? {
  let sorted = values.filter(\.isFinite).sorted()
  guard !sorted.isEmpty else { return nil }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Each layer's median update ratio `||Δθ|| / ||θ||` over the probed steps, skipping values
/// that are not finite; layers without a finite value are left out. In the order of the
/// layers. Provided.
///
/// The median, not the mean or the first value: a large but healthy rate makes a few big
/// updates in the first steps and small ones after, and a diverging run ends with infinite
/// ones. Either would decide a mean.
public func medianUpdateRatios(_ telemetry: Telemetry) -> [(layer: Int, ratio: Double)] {
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

/// Reads a run's telemetry and says whether its learning rate is too high or too low.
///
/// **Too high** (`.learningRateTooHigh`), one piece of evidence for each rule that fires:
///
/// ```
/// the loss is not finite at a step k < nonFiniteWithin (100)
///     Evidence("first non-finite step", at: .step(k), measured: k, threshold: 100, .below)
/// a finite loss is above explosionFactor (100) times the first loss; k is the first such step
///     Evidence("loss / first loss", at: .step(k), measured: loss_k / loss_0,
///              threshold: 100, .above)
/// the largest per-layer median update ratio is above highUpdateRatio (0.1)
///     Evidence("median update ratio", at: .layer(i), measured: ratio,
///              threshold: 0.1, .above)
/// ```
///
/// **Too low** (`.learningRateTooLow`), only when the run is at least `stallSteps` (300) long
/// and has probes, and both hold:
///
/// ```
/// mean of the last 10 losses / mean of the first 10 > stalledFraction (0.9)
///     Evidence("last / first loss", at: .run, measured: ratio, threshold: 0.9, .above)
/// every layer's median update ratio < lowUpdateRatio (1e-4); the evidence is the largest
///     Evidence("median update ratio", at: .layer(i), measured: ratio,
///              threshold: 1e-4, .below)
/// ```
///
/// A run with neither symptom gives `[]`. The update ratios come from `medianUpdateRatios`;
/// the thresholds from `RateThresholds`. The too-high finding comes first.
///
/// What it cannot tell: a loss that stalls with tiny updates for another reason (dead ReLUs,
/// vanishing gradients) looks like a rate too low; the gradient norms of chapters 18 and 20
/// tell them apart. A NaN late in a run, after a healthy start, is probably not the rate.
///
/// ```swift
/// diagnoseLearningRate(makeRateRun(.tooHigh, seed: 1).telemetry).report
/// // learning rate too high: step 2: loss / first loss 1.835e+04, above the threshold 100;
/// //   layer 4: median update ratio 33.5, above the threshold 0.1 ...
/// diagnoseLearningRate(makeRateRun(.healthy, seed: 1).telemetry)   // []
/// ```
///
/// Stops with a message when the telemetry has no step.
///
/// Exercise 16.4.
public func diagnoseLearningRate(_ telemetry: Telemetry) -> [Finding] {
  // TODO(16.4): your code here (README.md, exercise 16.4).
  return [.notWritten("16.4")]
}
