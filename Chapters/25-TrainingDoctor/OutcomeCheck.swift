import CheckingResults
import DataInspection
import Regularisation
import ReproducibleTuning
import Tensors
import Training
import Width

/// After the run: is the model better than knowing nothing, and does it generalise? In this
/// order:
///
/// ```
/// a classification whose run has at least 2 · WidthThresholds.plateauWindow steps:
///     diagnoseCapacity(telemetry, trainingAccuracy: training, target: fittedScore (0.9))
///                                                              chapter 21: too few units
/// a classification: checkResults(ResultsSummary(...))         chapter 12: misaligned labels,
///                                                              at chance, baselines by their
///                                                              binomial standard errors;
///     its .misalignedLabels kept only when training - validation > generalisationGap
///     (0.15): a model barely above chance on both splits has memorised nothing
/// margin = validation - max(majorityBaseline, zeroedInputBaseline)
/// spread = sampleStandardDeviation(seedScores) (chapter 24; 0 for a single seed)
/// margin < spread + DoctorThresholds.minimumMargin (0.02)     .notBeyondBaselines
///     Evidence("margin over the best baseline", at: .run, measured: margin,
///              threshold: spread + 0.02, .below)
/// gap = training - validation > DoctorThresholds.generalisationGap (0.15)
///     .overfitting (chapter 14's symptom)
///     Evidence("training - validation score", at: .run, measured: gap, threshold: 0.15,
///              .above)
/// a classification with training logits, when the margin rule did not fire:
///     suspiciousLabelFindings(logits:labels:)                  chapter 23 (a model that
///                                                              learned nothing says nothing
///                                                              about which labels are wrong)
/// ```
///
/// The margin rule is the doctor's definition of "healthy": a model that does not beat the
/// best of the two baselines by at least the spread between seeds (+ 0.02) has not shown that
/// it learned anything a rerun would keep (Karpathy's input-independent baseline; the tuning
/// playbook's seed spread).
///
/// What it cannot tell: a validation split that leaks the training data (the scores are then
/// good; the data stage looks for that), or a model that is good on average and bad on a
/// class that matters.
///
/// Stops with a message naming `outcomeFindings` unless there is at least one seed score and
/// every score is finite.
///
/// Exercise 25.5.
public func outcomeFindings(_ outcome: Outcome, telemetry: Telemetry) -> [Finding] {
  // TODO(25.5): your code here (README.md, exercise 25.5).
  return [.notWritten("25.5")]
}
