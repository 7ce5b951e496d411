import Training
import WorkbookSupport

/// How often the generalisation-gap monitor is right, over many seeds of each run: one table
/// for the overfitting finding, one for the underfitting finding. Provided; the maintainers'
/// `workbook calibrate 14` runs it over 50 seeds and writes the tables into the lesson.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var symptoms: [OverfitRun: [UInt64: [Symptom]]] = [:]
  for kind in OverfitRun.allCases {
    for seed in seeds {
      let run = makeOverfitRun(kind, seed: seed)
      symptoms[kind, default: [:]][seed] =
        generalisationGap(run.curves, baselineLoss: run.baselineLoss).symptoms
    }
  }
  let names: [OverfitRun: String] = [
    .broken: "broken: no regularisation",
    .healthy: "healthy: dropout 0.2, weight decay 0.02",
    .overRegularised: "decoy: over-regularised, weight decay 1",
  ]
  func table(_ symptom: Symptom, flagging flagged: OverfitRun) -> CalibrationTable {
    let kinds = OverfitRun.allCases.map {
      CalibrationTable.Kind(names[$0]!, shouldFlag: $0 == flagged)
    }
    return CalibrationTable(
      diagnostic: "generalisationGap: \(symptom)", kinds: kinds, seeds: seeds
    ) { kind, seed in
      let run = OverfitRun.allCases.first { names[$0] == kind.name }!
      return symptoms[run]![seed]!.contains(symptom)
    }
  }
  return [table(.overfitting, flagging: .broken), table(.underfitting, flagging: .overRegularised)]
}
