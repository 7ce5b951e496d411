import Training
import WorkbookSupport

/// The training accuracy the diagnostic is given as what the task allows: clean XOR allows
/// 100%; the target leaves room for two misclassified points of 40. Provided.
public let capacityTarget = 0.95

/// The calibration of this chapter's diagnostic over `seeds` of every run. Provided:
/// `workbook calibrate 21` prints it into the lesson.
///
/// It should fire on the one-unit run and on none of the others: not on the healthy run, not
/// on the very wide one (healthy, only slower), not on the rate too low (which also stalls).
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var flagged: [WidthRun: [UInt64: Bool]] = [:]
  for kind in WidthRun.allCases {
    for seed in seeds {
      let run = makeWidthRun(kind, seed: seed)
      flagged[kind, default: [:]][seed] = diagnoseCapacity(
        run.telemetry, trainingAccuracy: run.trainingAccuracy, target: capacityTarget
      ).symptoms.contains(.tooFewUnits)
    }
  }
  let kinds = WidthRun.allCases.map {
    CalibrationTable.Kind($0.description, shouldFlag: $0.isBroken)
  }
  return [
    CalibrationTable(
      diagnostic: "diagnoseCapacity: \(Symptom.tooFewUnits)", kinds: kinds, seeds: seeds
    ) { kind, seed in
      let run = WidthRun.allCases.first { $0.description == kind.name }!
      return flagged[run]?[seed] ?? false
    }
  ]
}
