import Foundation
import Tensors
import Training

extension Symptom {
  /// Validation accuracy at chance while the training accuracy is far above it: the model
  /// memorised labels that do not belong to their inputs.
  public static let misalignedLabels = Symptom(
    "labels misaligned: training memorised, validation at chance")
  /// Validation accuracy at chance, and the training accuracy too: nothing was learned.
  public static let validationAtChance = Symptom("validation accuracy at chance")
  /// Validation accuracy above chance but not above always answering the training split's most
  /// frequent class.
  public static let noBetterThanMajorityClass = Symptom("no better than the majority class")
  /// Validation accuracy not above the same model trained and evaluated on zeroed inputs.
  public static let noBetterThanZeroedInputs = Symptom("no better than zeroed inputs")
}

/// The numbers a results check needs, measured after training. Provided.
///
/// ```swift
/// let run = makeResultsRun(.broken, seed: 1)
/// run.summary.trainingAccuracy     // 1.0: every training label memorised
/// run.summary.validationAccuracy   // 0.13: chance is 0.1
/// ```
public struct ResultsSummary: Sendable, Equatable {
  /// The number of classes, C.
  public let classes: Int
  /// The accuracy on the training split, measured in evaluation mode after training.
  public let trainingAccuracy: Double
  /// The number of training examples.
  public let trainingCount: Int
  /// The accuracy on the held-out validation split.
  public let validationAccuracy: Double
  /// The number of validation examples, n.
  public let validationCount: Int
  /// The majority-class baseline on the validation split (`majorityClassAccuracy`).
  public let majorityAccuracy: Double
  /// The input-independent baseline: the validation accuracy of the same model trained the
  /// same way on zeroed inputs, evaluated on zeroed validation inputs.
  public let zeroedInputAccuracy: Double

  /// Creates a summary from its numbers (checked by `checkResults`, not here).
  public init(
    classes: Int, trainingAccuracy: Double, trainingCount: Int, validationAccuracy: Double,
    validationCount: Int, majorityAccuracy: Double, zeroedInputAccuracy: Double
  ) {
    self.classes = classes
    self.trainingAccuracy = trainingAccuracy
    self.trainingCount = trainingCount
    self.validationAccuracy = validationAccuracy
    self.validationCount = validationCount
    self.majorityAccuracy = majorityAccuracy
    self.zeroedInputAccuracy = zeroedInputAccuracy
  }
}

/// Checks a trained classifier's results against what a model that learned nothing would
/// score, and returns what it finds (empty: nothing found).
///
/// Every bar is a baseline plus `standardErrorsRequired` binomial standard errors of the
/// validation set's size (`accuracyToBeat`), so a bar is higher on a small validation set:
///
/// ```
/// chance bar = accuracyToBeat(1 / C, n_validation)
/// if validation accuracy < chance bar:
///     if training accuracy > accuracyToBeat(1 / C, n_training):
///         misalignedLabels     evidence: validation accuracy (below), training accuracy (above)
///     else:
///         validationAtChance   evidence: validation accuracy (below)
///     stop here: a model at chance is no better than any baseline, and saying so adds nothing
/// if validation accuracy < accuracyToBeat(majority accuracy, n_validation):
///     noBetterThanMajorityClass
/// if validation accuracy < accuracyToBeat(zeroed-input accuracy, n_validation):
///     noBetterThanZeroedInputs
/// ```
///
/// Every piece of evidence is at `.run`, with the measured accuracy and its bar.
///
/// Why the training accuracy tells two causes apart: labels that were paired with the wrong
/// inputs once, in the data set, are still fixed labels, and a network memorises them as
/// easily as true ones (Zhang et al. 2017). The training loss falls, the training accuracy
/// reaches 100%, chapter 10's overfit check passes; only held-out data, whose misaligned labels
/// the memorised ones cannot predict, is at chance. A run at chance on both splits learned
/// nothing at all: a different problem (a learning rate of 0, disconnected inputs, ...).
///
/// ```swift
/// checkResults(makeResultsRun(.broken, seed: 1).summary).report
/// // labels misaligned: training memorised, validation at chance: the run: validation
/// // accuracy 0.13, below the threshold 0.19; the run: training accuracy 1, above the
/// // threshold 0.1636
/// //   likely cause: the labels do not belong to their inputs (...)
/// //   fix: pair each input with its label by an identifier, not by position, (...)
/// ```
///
/// Stops with a message naming `checkResults` unless there are at least 2 classes, both counts
/// are at least 1 and every accuracy is in [0, 1].
///
/// Exercise 12.2.
public func checkResults(_ summary: ResultsSummary) -> [Finding] {
  // BEGIN EXERCISE 12.2
  // STUB: return [.notWritten("12.2")]
  check(summary.classes >= 2, "checkResults: need at least 2 classes, got \(summary.classes)")
  check(
    summary.trainingCount >= 1 && summary.validationCount >= 1,
    "checkResults: need at least one training and one validation example, got "
      + "\(summary.trainingCount) and \(summary.validationCount)")
  let accuracies = [
    ("training accuracy", summary.trainingAccuracy),
    ("validation accuracy", summary.validationAccuracy),
    ("majority accuracy", summary.majorityAccuracy),
    ("zeroed-input accuracy", summary.zeroedInputAccuracy),
  ]
  for (name, value) in accuracies {
    check(value >= 0 && value <= 1, "checkResults: the \(name) must be in [0, 1], got \(value)")
  }
  let validation = summary.validationAccuracy
  let n = summary.validationCount
  let chance = chanceAccuracy(classes: summary.classes)
  let chanceBar = accuracyToBeat(baseline: chance, count: n)
  if validation < chanceBar {
    let atChance = Evidence(
      "validation accuracy", at: .run, measured: validation, threshold: chanceBar, .below)
    let trainingBar = accuracyToBeat(baseline: chance, count: summary.trainingCount)
    if summary.trainingAccuracy > trainingBar {
      let memorised = Evidence(
        "training accuracy", at: .run, measured: summary.trainingAccuracy,
        threshold: trainingBar, .above)
      return [
        Finding(
          .misalignedLabels, evidence: [atChance, memorised],
          likelyCause:
            "the labels do not belong to their inputs (an off-by-one or a shuffle of one "
            + "side only): the model memorised training labels that say nothing about new "
            + "inputs",
          fix:
            "pair each input with its label by an identifier, not by position, and look at "
            + "a few examples next to their labels")
      ]
    }
    return [
      Finding(
        .validationAtChance, evidence: [atChance],
        likelyCause:
          "the model learned nothing, not even on the training split (a learning rate of 0, "
          + "inputs that never reach it, a loss that is not minimised)",
        fix: "overfit one small batch first (chapter 10) and check the loss falls")
    ]
  }
  var findings: [Finding] = []
  let majorityBar = accuracyToBeat(baseline: summary.majorityAccuracy, count: n)
  if validation < majorityBar {
    findings.append(
      Finding(
        .noBetterThanMajorityClass,
        evidence: [
          Evidence(
            "validation accuracy", at: .run, measured: validation, threshold: majorityBar,
            .below)
        ],
        likelyCause:
          "the classes are imbalanced and the model (nearly) always answers the most "
          + "frequent one: a high accuracy that always answering it would match",
        fix:
          "compare with the majority class, look at the confusion matrix and the recall of "
          + "the rare classes, and weight or resample them (chapter 9)"))
  }
  let zeroedBar = accuracyToBeat(baseline: summary.zeroedInputAccuracy, count: n)
  if validation < zeroedBar {
    findings.append(
      Finding(
        .noBetterThanZeroedInputs,
        evidence: [
          Evidence(
            "validation accuracy", at: .run, measured: validation, threshold: zeroedBar,
            .below)
        ],
        likelyCause:
          "on held-out data the model does no better than one that never sees its inputs: "
          + "it learned the class frequencies, not the inputs",
        fix:
          "check that the inputs carry the signal (look at them), and that they reach the "
          + "model unchanged at training and at evaluation time"))
  }
  return findings
  // END EXERCISE 12.2
}
