import Autodiff
import Tensors
import Training

/// Names the likely cause of a run's first anomaly, as a finding: the culprit, the evidence,
/// the fix. Empty when the run had no anomaly.
///
/// The rules, in this order (the first that applies gives the one finding):
///
/// 1. No anomaly: `[]`.
/// 2. The anomaly is in the **backward** phase: `.nonFiniteGradient` (every forward value was
///    finite; a backward rule blew up, such as 1/x at a tiny x, or a kink's derivative).
/// 3. In the **forward** phase, by the operation that wrote it:
///    `"log"` gives `.logOfZero`, `"exp"` gives `.softmaxOverflow`, `"divide"` gives
///    `.divisionByZero`.
/// 4. Otherwise (the update phase, or another forward operation such as a multiply or a
///    matmul, which overflow only when their inputs have grown):
///    - when the first logged gradient norm is above `NaNThresholds.explodingGradientNorm`:
///      `.gradientExplodedToNaN`, with the evidence `"gradient norm at step 0"`;
///    - else, when the largest finite loss before the anomaly is more than
///      `NaNThresholds.lossGrowth` times the first loss: `.rateDivergedToNaN`, with the
///      evidence `"loss growth before the anomaly"` (largest finite loss / first loss);
///    - else `.nonFiniteValue`.
///
/// The evidence of rules 2, 3 and the last case of 4 is `"non-finite elements"`: the
/// anomaly's count, above 0. Every piece of evidence is located at `.step(anomaly.step)`.
///
/// The operation is what decides in rule 3, not the step: a log of zero at step 40 is still a
/// log of zero. And a multiply that overflows names no cause by itself: it only says that
/// something grew, so rule 4 asks the logged history what did.
///
/// Exercise 22.2.
public func diagnoseNaN(_ run: WatchedRun) -> [Finding] {
  // TODO(22.2): your code here (README.md, exercise 22.2).
  return [.notWritten("22.2")]
}
