import Training
import WorkbookSupport

/// The calibration of this chapter's diagnostics, one table per symptom, over `seeds` of every
/// run. Provided: `workbook calibrate 22` prints it into the lesson.
///
/// Each culprit's table should fire on its own run only; the clipping table on the too-high
/// rate clipped at the healthy run's 90th percentile, and not on the healthy run clipped at
/// its own 90th percentile nor on the recurrence clipped to norm 1.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var runs: [NaNRun: [UInt64: WatchedRun]] = [:]
  var nanSymptoms: [NaNRun: [UInt64: [Symptom]]] = [:]
  for kind in NaNRun.allCases {
    for seed in seeds {
      let run = makeNaNRun(kind, seed: seed)
      runs[kind, default: [:]][seed] = run
      nanSymptoms[kind, default: [:]][seed] = diagnoseNaN(run).symptoms
    }
  }
  func run(named name: String) -> NaNRun {
    NaNRun.allCases.first { $0.description == name }!
  }
  func table(_ symptom: Symptom, flagged: NaNRun) -> CalibrationTable {
    let kinds = NaNRun.allCases.map {
      CalibrationTable.Kind($0.description, shouldFlag: $0 == flagged)
    }
    return CalibrationTable(diagnostic: "diagnoseNaN: \(symptom)", kinds: kinds, seeds: seeds) {
      kind, seed in
      nanSymptoms[run(named: kind.name)]?[seed]?.contains(symptom) ?? false
    }
  }
  let clippingKinds: [(NaNRun, Bool)] = [
    (.clippedTooHigh, true), (.healthy, false), (.clippedRecurrence, false),
  ]
  let clipping = CalibrationTable(
    diagnostic: "diagnoseClipping: \(Symptom.clippingMostSteps)",
    kinds: clippingKinds.map { CalibrationTable.Kind($0.0.description, shouldFlag: $0.1) },
    seeds: seeds
  ) { kind, seed in
    let watched = runs[run(named: kind.name)]![seed]!
    // The healthy run is clipped (in thought) at the 90th percentile of its own norms.
    let threshold = watched.clipNorm ?? clippingThreshold(loggedNorms: watched.gradientNorms)
    return diagnoseClipping(gradientNorms: watched.gradientNorms, threshold: threshold)
      .symptoms.contains(.clippingMostSteps)
  }
  return [
    table(.rateDivergedToNaN, flagged: .rateTooHigh),
    table(.logOfZero, flagged: .logOfZero),
    table(.softmaxOverflow, flagged: .unstableSoftmax),
    table(.divisionByZero, flagged: .divisionByZero),
    table(.gradientExplodedToNaN, flagged: .explodingRecurrence),
    clipping,
  ]
}
