import Training
import WorkbookSupport

/// The calibration of this chapter's diagnostic, one table per symptom, over `seeds` of every
/// run. Provided: `workbook calibrate 19` prints it into the lesson.
///
/// The diagnostic reads each run's initial network and its data (the probe), so no run is
/// trained here. Each table should fire on its own broken run only.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var findings: [InitialisationRun: [UInt64: [Symptom]]] = [:]
  for kind in InitialisationRun.allCases {
    for seed in seeds {
      let model = makeInitialisationModel(kind, seed: seed)
      let probe = makeInitialisationData(seed: seed).inputs
      findings[kind, default: [:]][seed] = diagnoseInitialisation(model, probe: probe).symptoms
    }
  }
  func table(_ symptom: Symptom, flagged: InitialisationRun) -> CalibrationTable {
    let kinds = InitialisationRun.allCases.map {
      CalibrationTable.Kind($0.description, shouldFlag: $0 == flagged)
    }
    return CalibrationTable(
      diagnostic: "diagnoseInitialisation: \(symptom)", kinds: kinds, seeds: seeds
    ) { kind, seed in
      let run = InitialisationRun.allCases.first { $0.description == kind.name }!
      return findings[run]?[seed]?.contains(symptom) ?? false
    }
  }
  return [
    table(.symmetricInitialisation, flagged: .zeros),
    table(.initialisationTooSmall, flagged: .tooSmall),
    table(.initialisationTooLarge, flagged: .tooLarge),
  ]
}
