import Autodiff
import Layers
import Tensors
import Training
import WorkbookSupport

extension Symptom {
  /// The final activation's range leaves out targets: no output it can produce gets the loss
  /// below a floor that is a sizeable share of the targets' variance.
  public static let outputCannotReachTargets = Symptom("output cannot reach the targets")
  /// The trained outputs do not spread over the targets: a sizeable share of the targets'
  /// variance lies outside the interval the outputs actually cover, although no layer of the
  /// model limits them.
  public static let outputSpreadMismatch = Symptom("outputs do not spread over the targets")
}

/// The thresholds of this chapter's diagnostic. Provided.
public enum FinalActivationThresholds {
  /// A target column is out of reach when the part of its variance that no output can explain
  /// (the loss floor of 17.2 over the column's variance) is above this: 1%, so that even a
  /// perfect network could not explain more than 99% of the variance (R² <= 0.99). The floor
  /// is exact, so the threshold is a choice of how much to care, not a margin for noise; the
  /// runs of this chapter measure 0 (reachable) or above 0.15 (not), see the lesson.
  public static let unreachableShare = 0.01
}

/// The share of a column's variance that a floor stands for: `floor / variance`, population
/// variance. A constant column (variance 0) gives 0 for a floor of 0 and infinity otherwise.
/// NaN when the floor is NaN. Provided.
///
/// ```swift
/// varianceShare(floor: 0.2461, of: outputRunTargets(.reluOutput))   // 0.5
/// ```
public func varianceShare(floor: Double, of column: Tensor) -> Double {
  guard !floor.isNaN else { return .nan }
  let mean = column.mean()
  let variance = column.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)
  guard variance > 0 else { return floor > 0 ? .infinity : 0 }
  return floor / variance
}

/// Column `j` of a matrix `[rows, columns]`, as a `[rows, 1]` matrix. Provided.
public func column(_ j: Int, of matrix: Tensor) -> Tensor {
  let (rows, columns) = (matrix.shape[0], matrix.shape[1])
  return Tensor(shape: [rows, 1], scalars: (0..<rows).map { matrix.scalars[$0 * columns + j] })
}

/// Checks a regression model's final activation against its targets, and its trained outputs
/// against the targets' spread.
///
/// For each target column j (`targets` is `[examples, outputs]`), with `unreachableShare` =
/// 0.01:
///
/// ```
/// range_j  = outputRange(of: model)                                   (17.1)
/// share_j  = varianceShare(floor: lossFloor(column j, range: range_j), of: column j)   (17.2)
/// share_j > 0.01
///     Evidence("unreachable share of the variance", at: .target(j), measured: share_j,
///              threshold: 0.01, .above)                      -> .outputCannotReachTargets
/// otherwise, with the model's outputs at `inputs` (evaluation mode), column j:
/// seen_j   = OutputRange(lower: min of the outputs, upper: max of the outputs)
/// missed_j = varianceShare(floor: lossFloor(column j, range: seen_j), of: column j)
/// missed_j > 0.01
///     Evidence("share of the variance outside the outputs", at: .target(j),
///              measured: missed_j, threshold: 0.01, .above)  -> .outputSpreadMismatch
/// ```
///
/// At most one finding per symptom, in that order, each with its evidence in column order;
/// `[]` when every column is reachable and covered. The first rule is theory: it needs no
/// training and cannot be wrong about the layers it can see. The second reads what the
/// trained network does, so it also catches an activation it cannot see (a ReLU applied
/// inside `forward`) and an output stuck at a bound; it is meant for a TRAINED model: an
/// untrained network's outputs cover almost nothing of any target (the `farAtInitialisation`
/// decoy).
///
/// What it cannot tell: a network whose outputs cover the targets' interval but fit them badly
/// (the check sees the interval, not the fit: the loss curve does); a bounded activation whose
/// range contains the targets is left alone, as it should be (a sigmoid on targets in (0, 1)).
///
/// ```swift
/// let run = makeOutputRun(.reluOutput, seed: 1)
/// diagnoseFinalActivation(run.model, inputs: run.inputs, targets: run.targets).report
/// // output cannot reach the targets: target 0: unreachable share of the variance 0.5, ...
/// ```
///
/// Stops with a message naming `diagnoseFinalActivation` unless `inputs` and `targets` are
/// matrices with the same number of rows (at least 2), the outputs have the shape of the
/// targets, and every target is finite.
///
/// Exercise 17.3.
public func diagnoseFinalActivation(_ model: Module, inputs: Tensor, targets: Tensor)
  -> [Finding]
{
  // BEGIN EXERCISE 17.3
  // STUB: return [.notWritten("17.3")]
  check(
    inputs.rank == 2 && targets.rank == 2 && inputs.shape[0] == targets.shape[0]
      && targets.shape[0] >= 2 && targets.shape[1] >= 1,
    "diagnoseFinalActivation: need inputs [n, d] and targets [n, k] with n >= 2, got "
      + "\(inputs.shape) and \(targets.shape)")
  check(targets.isFinite, "diagnoseFinalActivation: every target must be finite")
  let predictions = outputs(of: model, at: inputs)
  check(
    predictions.shape == targets.shape,
    "diagnoseFinalActivation: the outputs are \(predictions.shape), the targets "
      + "\(targets.shape)")
  let range = outputRange(of: model)
  let threshold = FinalActivationThresholds.unreachableShare
  var unreachable: [Evidence] = []
  var uncovered: [Evidence] = []
  for j in 0..<targets.shape[1] {
    let target = column(j, of: targets)
    let share = varianceShare(floor: lossFloor(target, range: range), of: target)
    if share > threshold {
      unreachable.append(
        Evidence(
          "unreachable share of the variance", at: .target(j), measured: share,
          threshold: threshold, .above))
      continue
    }
    let output = column(j, of: predictions).scalars
    guard let low = output.min(), let high = output.max(), low.isFinite, high.isFinite else {
      continue
    }
    let seen = OutputRange(lower: low, upper: high)
    let missed = varianceShare(floor: lossFloor(target, range: seen), of: target)
    if missed > threshold {
      uncovered.append(
        Evidence(
          "share of the variance outside the outputs", at: .target(j), measured: missed,
          threshold: threshold, .above))
    }
  }
  var findings: [Finding] = []
  if !unreachable.isEmpty {
    findings.append(
      Finding(
        .outputCannotReachTargets, evidence: unreachable,
        likelyCause: "the final activation's range \(range) leaves out targets: no network "
          + "with this output can get the loss below the floor",
        fix: "use no activation on the output of a regression (Identity), or rescale the "
          + "targets into the activation's range if the range is meant"))
  }
  if !uncovered.isEmpty {
    findings.append(
      Finding(
        .outputSpreadMismatch, evidence: uncovered,
        likelyCause: "the trained outputs never go where part of the targets are: an "
          + "activation applied inside forward(), outputs stuck at a bound, or an output "
          + "that has not learned the targets' scale",
        fix: "look for a clamp or an activation in forward() and remove it; check the loss "
          + "curve and the targets' scale"))
  }
  return findings
  // END EXERCISE 17.3
}
