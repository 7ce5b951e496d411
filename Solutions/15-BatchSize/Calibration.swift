import Training
import WorkbookSupport

/// How often `diagnoseBatchSize` is right over many seeds of each run. Provided; the
/// maintainers' `workbook calibrate 15` runs it over 50 seeds and writes the table into the
/// lesson.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  let names: [BatchRun: String] = [
    .broken: "broken: full batch, 5 epochs, rate 0.1",
    .healthy: "healthy: batches of 8, 5 epochs, rate 0.1",
    .tunedLargeBatch: "decoy: full batch, rate 1, 100 epochs",
    .lowRate: "decoy: batches of 8, rate 0.001",
  ]
  let kinds = BatchRun.allCases.map {
    CalibrationTable.Kind(names[$0]!, shouldFlag: $0 == .broken)
  }
  return [
    CalibrationTable(diagnostic: "diagnoseBatchSize: too few updates", kinds: kinds, seeds: seeds) {
      kind, seed in
      let run = makeBatchRun(BatchRun.allCases.first { names[$0] == kind.name }!, seed: seed)
      return diagnoseBatchSize(run.telemetry, plan: run.plan).contains {
        $0.symptom == .tooFewUpdates
      }
    }
  ]
}
