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
  // BEGIN EXERCISE 22.2
  // STUB: return [.notWritten("22.2")]
  guard let anomaly = run.anomaly else { return [] }
  let location = Location.step(anomaly.step)
  let elements = Evidence(
    "non-finite elements", at: location, measured: Double(anomaly.count), threshold: 0, .above)
  let named = "\(anomaly.operation) at step \(anomaly.step) (\(anomaly.phase))"
  if anomaly.phase == .backward {
    return [
      Finding(
        .nonFiniteGradient, evidence: [elements],
        likelyCause: "a backward rule produced \(anomaly.kind) in the gradient of "
          + "\(anomaly.name ?? anomaly.operation) while the forward pass was finite",
        fix: "find the operation whose derivative is unbounded there (1/x near 0, a square "
          + "root at 0) and move its input away from the singularity with an epsilon")
    ]
  }
  if anomaly.phase == .forward {
    switch anomaly.operation {
    case "log":
      return [
        Finding(
          .logOfZero, evidence: [elements],
          likelyCause: "\(named): the log of a probability that rounded to 0",
          fix: "compute the loss from logits (log-softmax, binary cross-entropy with "
            + "logits) instead of taking the log of a probability")
      ]
    case "exp":
      return [
        Finding(
          .softmaxOverflow, evidence: [elements],
          likelyCause: "\(named): exp of a logit above 709 overflows (an unstable softmax)",
          fix: "subtract the row max before exp (log-sum-exp), or use cross-entropy from logits")
      ]
    case "divide":
      return [
        Finding(
          .divisionByZero, evidence: [elements],
          likelyCause: "\(named): a denominator of 0",
          fix: "add a small epsilon to the denominator (x / (s + 1e-8))")
      ]
    default:
      break
    }
  }
  if let firstNorm = run.gradientNorms.first,
    firstNorm > NaNThresholds.explodingGradientNorm
  {
    return [
      Finding(
        .gradientExplodedToNaN,
        evidence: [
          Evidence(
            "gradient norm at step 0", at: location, measured: firstNorm,
            threshold: NaNThresholds.explodingGradientNorm, .above)
        ],
        likelyCause: "\(named) after gradients far too large from the first step (a "
          + "repeated multiplication)",
        fix: "clip the gradients by their global norm")
    ]
  }
  let finite = run.losses.filter(\.isFinite)
  if let first = finite.first, first > 0, let largest = finite.max(),
    largest / first > NaNThresholds.lossGrowth
  {
    return [
      Finding(
        .rateDivergedToNaN,
        evidence: [
          Evidence(
            "loss growth before the anomaly", at: location, measured: largest / first,
            threshold: NaNThresholds.lossGrowth, .above)
        ],
        likelyCause: "\(named) after the loss grew step after step: a learning rate too high",
        fix: "divide the learning rate by 3 until the run stays finite")
    ]
  }
  return [
    Finding(
      .nonFiniteValue, evidence: [elements],
      likelyCause: "\(named), with no growth before it: a non-finite input or parameter?",
      fix: "check the data and the parameters for NaN and infinity before training")
  ]
  // END EXERCISE 22.2
}
