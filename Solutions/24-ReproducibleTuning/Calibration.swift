import Training
import WorkbookSupport

/// The calibration of this chapter's diagnostic over `seeds` of every comparison (each seed
/// is 5 training seeds per configuration). Provided: `workbook calibrate 24` prints it into
/// the lesson.
///
/// The table should fire on the unimportant change only.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var flagged: [ImprovementRun: [UInt64: Bool]] = [:]
  for kind in ImprovementRun.allCases {
    for seed in seeds {
      let run = makeImprovementRun(kind, seed: seed)
      flagged[kind, default: [:]][seed] =
        judgeImprovement(baseline: run.baseline, candidate: run.candidate).symptoms
        .contains(.improvementWithinSeedSpread)
    }
  }
  let kinds = ImprovementRun.allCases.map {
    CalibrationTable.Kind($0.description, shouldFlag: $0.isBroken)
  }
  return [
    CalibrationTable(
      diagnostic: "judgeImprovement: \(Symptom.improvementWithinSeedSpread)", kinds: kinds,
      seeds: seeds
    ) { kind, seed in
      let run = ImprovementRun.allCases.first { $0.description == kind.name }!
      return flagged[run]?[seed] ?? false
    }
  ]
}
