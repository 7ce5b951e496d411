import DataPipeline
import Tensors
import Training
import WorkbookSupport

/// The check of the report that answers for `check`, run on one data set: does it report the
/// check's symptom? Provided.
public func checkFires(_ check: DataCheck, on run: DataRun, seed: UInt64) -> Bool {
  let (training, validation) = (run.training, run.validation)
  switch check {
  case .duplicates:
    return duplicateFindings(training: training, validation: validation).symptoms
      .contains(.duplicateExamples)
  case .leakage:
    return duplicateFindings(training: training, validation: validation).symptoms
      .contains(.leakAcrossSplits)
  case .labels:
    let logits = trainedLogits(training, classes: run.classes, seed: seed)
    return suspiciousLabelFindings(logits: logits, labels: training.labels).symptoms
      .contains(.suspiciousLabels)
  case .imbalance:
    return labelBalanceFindings(training.labels, classes: run.classes, batchSize: run.batchSize)
      .symptoms.contains(.classImbalance)
  case .batches:
    return labelBalanceFindings(training.labels, classes: run.classes, batchSize: run.batchSize)
      .symptoms.contains(.singleLabelBatches)
  case .outliers:
    return featureFindings(training.inputs).symptoms.contains(.featureOutliers)
  case .constant:
    return featureFindings(training.inputs).symptoms.contains(.featureWithoutSpread)
  case .nonFinite:
    return featureFindings(training.inputs).symptoms.contains(.nonFiniteInputs)
  case .shift:
    return distributionShiftFindings(training: training, validation: validation).symptoms
      .contains(.distributionShift)
  }
}

/// What each decoy is, in a few words, for the tables. Provided.
public func decoyName(_ check: DataCheck) -> String {
  switch check {
  case .duplicates: "10% near-duplicates, 1e-4 apart"
  case .leakage: "validation rows 1e-4 from training rows"
  case .labels: "a rare class, 5% of the rows"
  case .imbalance: "50/30/20 class counts"
  case .batches: "shuffled, 90/5/5 class counts"
  case .outliers: "a heavy-tailed feature (t, 3 dof)"
  case .constant: "a rare 0/1 flag (2% ones)"
  case .nonFinite: "a feature near 1e200"
  case .shift: "a validation split of 20 rows"
  }
}

/// What each broken data set is, in a few words. Provided.
public func brokenName(_ check: DataCheck) -> String {
  switch check {
  case .duplicates: "10% of the rows copied"
  case .leakage: "20% of validation copied from training"
  case .labels: "8% of the labels flipped"
  case .imbalance: "90/5/5 class counts"
  case .batches: "sorted by label, not shuffled"
  case .outliers: "-999 in 3 rows of a feature"
  case .constant: "a feature that is always 1"
  case .nonFinite: "NaN in 2 rows of a feature"
  case .shift: "validation feature 0 moved by 1.5 spreads"
  }
}

/// How often each check of the report is right, over many seeds of its broken, clean and
/// decoy data sets. Provided; `workbook calibrate 23` runs it over 50 seeds and writes the
/// tables into the lesson.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  func kinds(_ check: DataCheck) -> [(CalibrationTable.Kind, DataVariant)] {
    [
      (.init("broken: \(brokenName(check))", shouldFlag: true), .broken),
      (.init("clean", shouldFlag: false), .clean),
      (.init("decoy: \(decoyName(check))", shouldFlag: false), .decoy),
    ]
  }
  func table(_ name: String, _ check: DataCheck, flags: @escaping (DataRun, UInt64) -> Bool)
    -> CalibrationTable
  {
    let kinds = kinds(check)
    return CalibrationTable(diagnostic: name, kinds: kinds.map(\.0), seeds: seeds) {
      kind, seed in
      let variant = kinds.first { $0.0 == kind }!.1
      return flags(makeDataRun(check, variant, seed: seed), seed)
    }
  }
  let checks = DataCheck.allCases.map { check in
    table("\(check) check", check) { checkFires(check, on: $0, seed: $1) }
  }
  let comparisons = [
    table("for comparison, a near-duplicate rule: two rows within 1e-3", .duplicates) {
      run, _ in
      let rows = rowsOf(run.training)
      return rows.indices.contains { i in
        (0..<i).contains { j in zip(rows[i], rows[j]).allSatisfy { Swift.abs($0 - $1) < 1e-3 } }
      }
    },
    table("for comparison, a z-score rule: some |x - mean| > 5 standard deviations", .outliers) {
      run, _ in
      let scaler = Standardizer.fit(run.training.inputs)
      return scaler.apply(run.training.inputs).scalars.contains { Swift.abs($0) > 5 }
    },
    table("for comparison, a fixed rule: more than 10% single-label batches", .batches) {
      run, _ in
      let full = run.training.count / run.batchSize
      let single = (0..<full).filter { batch in
        Set(run.training.labels[(batch * run.batchSize)..<((batch + 1) * run.batchSize)]).count
          == 1
      }.count
      return Double(single) / Double(full) > 0.1
    },
    table("for comparison, a fixed rule: some mean moved by 0.3 spreads", .shift) { run, _ in
      let train = Standardizer.fit(run.training.inputs)
      let moved = train.apply(run.validation.inputs)
      let columns = run.training.featureCount
      return (0..<columns).contains { column in
        let values = (0..<run.validation.count).map { moved.scalars[$0 * columns + column] }
        return Swift.abs(values.reduce(0, +) / Double(values.count)) > 0.3
      }
    },
  ]
  return checks + comparisons
}
