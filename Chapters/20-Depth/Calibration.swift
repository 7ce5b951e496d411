import Training
import WorkbookSupport

/// The calibration of this chapter's diagnostic, one table per symptom, over `seeds` of every
/// run. Provided: `workbook calibrate 20` prints it into the lesson.
///
/// The vanishing table should fire on the 20 sigmoid layers only; the exploding table on the
/// 20 tanh layers with large weights only. The decoys should be quiet: the ReLU net because
/// its gradient flows, the Adam net because its loss falls although its gradient vanishes.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var findings: [DepthRun: [UInt64: [Symptom]]] = [:]
  for kind in DepthRun.allCases {
    for seed in seeds {
      findings[kind, default: [:]][seed] =
        diagnoseGradientFlow(makeDepthRun(kind, seed: seed).telemetry).symptoms
    }
  }
  func table(_ symptom: Symptom, flagged: Set<DepthRun>) -> CalibrationTable {
    let kinds = DepthRun.allCases.map {
      CalibrationTable.Kind($0.description, shouldFlag: flagged.contains($0))
    }
    return CalibrationTable(
      diagnostic: "diagnoseGradientFlow: \(symptom)", kinds: kinds, seeds: seeds
    ) { kind, seed in
      let run = DepthRun.allCases.first { $0.description == kind.name }!
      return findings[run]?[seed]?.contains(symptom) ?? false
    }
  }
  return [
    table(.vanishingGradients, flagged: [.tooDeep]),
    table(.explodingGradients, flagged: [.exploding]),
  ]
}
