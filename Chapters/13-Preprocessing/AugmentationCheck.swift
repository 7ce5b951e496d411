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
  // TODO(13.4): your code here (README.md, exercise 13.4).
  return [.notWritten("13.4")]
}
