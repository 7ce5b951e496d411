import Foundation
import Training
import WorkbookSupport

/// The calibration of this chapter's diagnostic: `checkResults` over many seeds of every run.
/// Provided; `workbook calibrate 12` runs it over 50 seeds and writes the tables into the
/// lesson.
///
/// Two tables, one per question the check answers:
/// - "misaligned labels": should fire on the broken run only. On the healthy run and the
///   honest-but-hard decoy *any* finding counts as a false alarm; on the imbalanced decoy only
///   a misaligned-labels finding does (it should name the other problem instead).
/// - "no better than the majority class": should fire on the imbalanced decoy, never on the
///   healthy run or the hard decoy.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var findings: [ResultsRun: [UInt64: [Symptom]]] = [:]
  for kind in ResultsRun.allCases {
    for seed in seeds {
      findings[kind, default: [:]][seed] =
        checkResults(makeResultsRun(kind, seed: seed).summary)
        .symptoms
    }
  }
  func symptoms(_ name: String, _ seed: UInt64) -> (ResultsRun, [Symptom]) {
    let kind = ResultsRun.allCases.first { $0.title == name } ?? .healthy
    return (kind, findings[kind]?[seed] ?? [])
  }
  let misaligned = CalibrationTable(
    diagnostic: "checkResults: misaligned labels",
    kinds: ResultsRun.allCases.map { .init($0.title, shouldFlag: $0 == .broken) }, seeds: seeds
  ) { kind, seed in
    let (run, found) = symptoms(kind.name, seed)
    switch run {
    case .healthy, .hard: return !found.isEmpty
    case .broken, .imbalanced: return found.contains(.misalignedLabels)
    }
  }
  let majority = CalibrationTable(
    diagnostic: "checkResults: no better than the majority class",
    kinds: [ResultsRun.imbalanced, .healthy, .hard].map {
      .init($0.title, shouldFlag: $0 == .imbalanced)
    }, seeds: seeds
  ) { kind, seed in symptoms(kind.name, seed).1.contains(.noBetterThanMajorityClass) }
  return [misaligned, majority]
}
