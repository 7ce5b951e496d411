import DataPipeline
import Foundation
import Tensors
import Training
import WorkbookSupport

/// The data report: every check's findings, and a rendering a person reads. Provided, except
/// `inspectData` (exercise 23.6).
public struct DataReport: Sendable {
  /// The checks' findings, in the order of `DataReport.sections`.
  public let findings: [Finding]

  public init(findings: [Finding]) { self.findings = findings }

  /// The symptoms found, each once.
  public var symptoms: [Symptom] { findings.symptoms }

  /// The report's lines, one section per symptom it can name, in order. Non-finite values
  /// come first: a NaN makes every other statistic of its row unreliable.
  public static let sections: [(symptom: Symptom, title: String)] = [
    (.nonFiniteInputs, "non-finite values"),
    (.duplicateExamples, "duplicates in training"),
    (.leakAcrossSplits, "training rows in validation"),
    (.featureWithoutSpread, "features without spread"),
    (.featureOutliers, "outliers"),
    (.classImbalance, "class balance"),
    (.singleLabelBatches, "single-label batches"),
    (.suspiciousLabels, "suspicious labels"),
    (.distributionShift, "train/validation shift"),
  ]

  /// The report for a person, within 80 columns: one line per check ("ok" or the number of
  /// places and the first three pieces of evidence), then the likely cause and the fix of
  /// each finding.
  ///
  /// ```
  /// non-finite values ............. ok
  /// duplicates in training ........ 30 places
  ///     example 41: copies of an earlier row 1, above the threshold 0
  ///     ...
  /// ```
  public func rendered() -> String {
    var lines: [String] = []
    let known = Set(Self.sections.map(\.symptom))
    for finding in findings where !known.contains(finding.symptom) {
      lines.append("\(finding.symptom): \(finding.likelyCause)")
    }
    for (symptom, title) in Self.sections {
      let dots = String(repeating: ".", count: Swift.max(2, 30 - title.count))
      guard let finding = findings.first(where: { $0.symptom == symptom }) else {
        lines.append("\(title) \(dots) ok")
        continue
      }
      let places = finding.evidence.count
      lines.append("\(title) \(dots) \(places) place\(places == 1 ? "" : "s")")
      for evidence in finding.evidence.prefix(3) {
        lines.append(String("    \(evidence)".prefix(80)))
      }
      if places > 3 { lines.append("    ...") }
      lines.append(String("    cause: \(finding.likelyCause)".prefix(80)))
      lines.append(String("    fix: \(finding.fix)".prefix(80)))
    }
    return lines.joined(separator: "\n")
  }
}

/// Runs every check of the chapter on a pair of splits and collects their findings into one
/// report:
///
/// ```
/// duplicateFindings(training:validation:)              23.1
/// featureFindings(training.inputs)                     23.4
/// labelBalanceFindings(training.labels, classes:, batchSize:)   23.3
/// suspiciousLabelFindings(logits:labels:)              23.2, only when trainingLogits is given
/// distributionShiftFindings(training:validation:)      23.5
/// ```
///
/// The findings are then put in the order of `DataReport.sections` (a stable order, whatever
/// order the checks ran in). `trainingLogits` are a trained model's logits on the training
/// split (`trainedLogits`): the label check needs a model, the others only the data.
///
/// ```swift
/// let run = makeDataRun(.leakage, .broken, seed: 0)
/// inspectData(training: run.training, validation: run.validation, classes: 3,
///             batchSize: 8).symptoms   // [leak across splits]
/// ```
///
/// Exercise 23.6.
public func inspectData(
  training: Dataset, validation: Dataset, classes: Int, batchSize: Int,
  trainingLogits: Tensor? = nil
) -> DataReport {
  // BEGIN EXERCISE 23.6
  // STUB: return DataReport(findings: [.notWritten("23.6")])
  var findings = duplicateFindings(training: training, validation: validation)
  findings += featureFindings(training.inputs)
  findings += labelBalanceFindings(training.labels, classes: classes, batchSize: batchSize)
  if let trainingLogits {
    findings += suspiciousLabelFindings(logits: trainingLogits, labels: training.labels)
  }
  findings += distributionShiftFindings(training: training, validation: validation)
  let order = DataReport.sections.map(\.symptom)
  let ranked = findings.sorted {
    (order.firstIndex(of: $0.symptom) ?? order.count)
      < (order.firstIndex(of: $1.symptom) ?? order.count)
  }
  return DataReport(findings: ranked)
  // END EXERCISE 23.6
}
