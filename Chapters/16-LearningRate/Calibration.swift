import Training
import WorkbookSupport

/// The calibration of this chapter's diagnostic, one table per symptom, over `seeds` of every
/// run. Provided: `workbook calibrate 16` prints it into the lesson.
///
/// The too-high table should fire on both too-high runs (the plain one and the one clipping
/// hides) and on none of the others; the too-low table on the too-low run only.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var findings: [RateRun: [UInt64: [Symptom]]] = [:]
  for kind in RateRun.allCases {
    for seed in seeds {
      findings[kind, default: [:]][seed] =
        diagnoseLearningRate(makeRateRun(kind, seed: seed).telemetry).symptoms
    }
  }
  func table(_ symptom: Symptom, flagged: Set<RateRun>) -> CalibrationTable {
    let kinds = RateRun.allCases.map {
      CalibrationTable.Kind($0.description, shouldFlag: flagged.contains($0))
    }
    return CalibrationTable(
      diagnostic: "diagnoseLearningRate: \(symptom)", kinds: kinds, seeds: seeds
    ) { kind, seed in
      let run = RateRun.allCases.first { $0.description == kind.name }!
      return findings[run]?[seed]?.contains(symptom) ?? false
    }
  }
  return [
    table(.learningRateTooHigh, flagged: [.tooHigh, .clippedTooHigh]),
    table(.learningRateTooLow, flagged: [.tooLow]),
  ]
}
