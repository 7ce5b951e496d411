import Tensors
import Training

extension Symptom {
  /// An augmentation changes what some examples show without changing their label (or the
  /// other way round): the training set then contradicts itself.
  public static let augmentationChangesLabels = Symptom("augmentation changes the label")
  /// The labeller used to judge an augmentation disagrees with the labels before anything is
  /// augmented, so it cannot judge that class.
  public static let untrustedLabeller = Symptom("labeller disagrees with the labels")
}

/// The thresholds of `checkLabelPreservation`. Provided.
public enum LabelPreservationThresholds {
  /// The agreement with the labels, on the un-augmented examples of a class, below which the
  /// labeller cannot judge that class. Calibrated with a wide margin: the reference models and
  /// the arrow rule agree on 100% of the training examples of every class; a model trained
  /// with the broken augmentation agrees on about half of the left and right arrows.
  public static let trustedAgreement = 0.8

  /// The drop in agreement (before minus after augmenting) above which an augmentation changes
  /// the label of a class. From theory: applied to every example, a label-preserving
  /// augmentation leaves a trustworthy labeller's agreement where it was (a drop near 0), and
  /// one that turns the class into another sends it near 0 (a drop near 1). 0.5 means "more
  /// than half of the class now shows something other than its label".
  public static let agreementDrop = 0.5
}

/// Checks that `augmentation` keeps every label true: augment the batch, let a labeller you
/// trust read the augmented examples, and compare what it reads with the labels the
/// augmentation gave them, class by class.
///
/// ```
/// before_c = fraction of class c where labeller(x) == y                  un-augmented
/// after_c  = fraction of class c where labeller(x') == y'                (x', y') = augment(x, y)
/// drop_c   = before_c - after_c                                          c: the ORIGINAL label
/// ```
///
/// The labeller is a model trained *without* the augmentation, or a hand-written rule
/// (`arrowDirectionRule`). A class is judged only when the labeller agrees with its labels
/// before augmenting (`before_c >= trustedAgreement`); otherwise it says nothing about the
/// augmentation. A model trained *with* a broken augmentation is no judge of it: it learned
/// the contradiction.
///
/// ```swift
/// let run = makeFlipRun(.broken, seed: 1)
/// checkLabelPreservation(.naiveFlip, inputs: run.training.inputs,
///                        labels: run.training.labels, classes: 4,
///                        labeller: arrowDirectionRule()).report
/// // augmentation changes the label: target 0: labeller agreement lost by augmenting 1,
/// // above the threshold 0.5; target 1: labeller agreement lost by augmenting 1, above ...
/// ```
///
/// Returns, in this order and each only when it has evidence:
/// - `.augmentationChangesLabels`, one piece of evidence per judged class whose drop is above
///   `agreementDrop`: `"labeller agreement lost by augmenting"` at `.target(c)`, measured
///   `drop_c`;
/// - `.untrustedLabeller`, one per class with `before_c` below `trustedAgreement`:
///   `"labeller agreement before augmenting"` at `.target(c)`, measured `before_c`.
///
/// Classes are reported in increasing order; a class with no example in the batch is skipped.
/// `.target(c)` is class c, the model's output column c.
///
/// Stops with a message naming the operation and the values when the batch is empty, the
/// labels do not match the examples or are out of range, or the augmentation or the labeller
/// return the wrong number of rows.
///
/// Exercise 13.4.
public func checkLabelPreservation(
  _ augmentation: Augmentation, inputs: Tensor, labels: [Int], classes: Int,
  labeller: (Tensor) -> [Int]
) -> [Finding] {
  // BEGIN EXERCISE 13.4
  // STUB: return [.notWritten("13.4")]
  check(classes >= 1, "checkLabelPreservation: classes must be at least 1, got \(classes)")
  check(
    inputs.rank == 2 && inputs.shape[0] >= 1,
    "checkLabelPreservation: expected a non-empty [examples, features] batch, got shape "
      + "\(inputs.shape)")
  check(
    labels.count == inputs.shape[0],
    "checkLabelPreservation: \(labels.count) labels for \(inputs.shape[0]) examples")
  func checkRange(_ values: [Int], _ what: String) {
    if let row = values.firstIndex(where: { !(0..<classes).contains($0) }) {
      check(
        false,
        "checkLabelPreservation: \(what) \(values[row]) at row \(row) is out of range for "
          + "\(classes) classes")
    }
  }
  checkRange(labels, "label")
  let before = labeller(inputs)
  check(
    before.count == labels.count,
    "checkLabelPreservation: the labeller returned \(before.count) labels for "
      + "\(labels.count) examples")
  let augmented = augmentation.apply(inputs, labels)
  check(
    augmented.inputs.shape == inputs.shape && augmented.labels.count == labels.count,
    "checkLabelPreservation: \(augmentation.name) turned inputs \(inputs.shape) and "
      + "\(labels.count) labels into \(augmented.inputs.shape) and \(augmented.labels.count)")
  checkRange(augmented.labels, "augmented label")
  let after = labeller(augmented.inputs)
  check(
    after.count == labels.count,
    "checkLabelPreservation: the labeller returned \(after.count) labels for the "
      + "\(labels.count) augmented examples")
  var changed: [Evidence] = []
  var untrusted: [Evidence] = []
  for label in 0..<classes {
    let rows = labels.indices.filter { labels[$0] == label }
    guard !rows.isEmpty else { continue }
    let count = Double(rows.count)
    let agreeBefore = Double(rows.count { before[$0] == labels[$0] }) / count
    let agreeAfter = Double(rows.count { after[$0] == augmented.labels[$0] }) / count
    if agreeBefore < LabelPreservationThresholds.trustedAgreement {
      untrusted.append(
        Evidence(
          "labeller agreement before augmenting", at: .target(label), measured: agreeBefore,
          threshold: LabelPreservationThresholds.trustedAgreement, .below))
    } else if agreeBefore - agreeAfter > LabelPreservationThresholds.agreementDrop {
      changed.append(
        Evidence(
          "labeller agreement lost by augmenting", at: .target(label),
          measured: agreeBefore - agreeAfter, threshold: LabelPreservationThresholds.agreementDrop,
          .above))
    }
  }
  var findings: [Finding] = []
  if !changed.isEmpty {
    findings.append(
      Finding(
        .augmentationChangesLabels, evidence: changed,
        likelyCause:
          "the augmentation (\(augmentation.name)) changes what these classes show (a mirror "
          + "image of an arrow pointing right points left) but not their label, so the training "
          + "set contradicts itself",
        fix:
          "change the label with the input (labelAwareFlip with a mirror table), or do not "
          + "apply the augmentation to these classes"))
  }
  if !untrusted.isEmpty {
    findings.append(
      Finding(
        .untrustedLabeller, evidence: untrusted,
        likelyCause:
          "the labeller disagrees with the labels before anything is augmented, so it cannot "
          + "judge these classes (a model trained with the augmentation under test learned "
          + "its mistake; or the labels are wrong)",
        fix:
          "judge with a model trained without the augmentation, or with a hand-written rule "
          + "that agrees with the labels"))
  }
  return findings
  // END EXERCISE 13.4
}
