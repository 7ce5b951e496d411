import Layers
import Tensors
import Training
import WorkbookSupport

/// The calibration of this chapter's diagnostic, one table per symptom, over `seeds` of every
/// run, and two simpler rules for comparison. Provided: `workbook calibrate 17` prints them
/// into the lesson.
///
/// The data are the same for every seed (64 points of x); the seed draws the initial weights,
/// so the trained networks differ. The two comparison rules are the ones the lesson warns
/// against: "a bounded final activation on a regression" (it needs no targets at all) and the
/// spread rule applied to the untrained network instead of the trained one.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  var findings: [OutputRun: [UInt64: [Symptom]]] = [:]
  var atInitialisation: [OutputRun: [UInt64: [Symptom]]] = [:]
  for kind in OutputRun.allCases {
    for seed in seeds {
      let run = makeOutputRun(kind, seed: seed)
      findings[kind, default: [:]][seed] =
        diagnoseFinalActivation(run.model, inputs: run.inputs, targets: run.targets).symptoms
      atInitialisation[kind, default: [:]][seed] =
        diagnoseFinalActivation(
          makeOutputModel(kind, seed: seed), inputs: run.inputs, targets: run.targets
        ).symptoms
    }
  }
  func table(
    _ name: String, flagged: Set<OutputRun>, flags: @escaping (OutputRun, UInt64) -> Bool
  ) -> CalibrationTable {
    let kinds = OutputRun.allCases.map {
      CalibrationTable.Kind($0.description, shouldFlag: flagged.contains($0))
    }
    return CalibrationTable(diagnostic: name, kinds: kinds, seeds: seeds) { kind, seed in
      flags(OutputRun.allCases.first { $0.description == kind.name }!, seed)
    }
  }
  let visible: Set<OutputRun> = [.reluOutput, .sigmoidOutput, .tanhOutput, .clippedOutput]
  return [
    table("diagnoseFinalActivation: \(Symptom.outputCannotReachTargets)", flagged: visible) {
      findings[$0]?[$1]?.contains(.outputCannotReachTargets) ?? false
    },
    table("diagnoseFinalActivation: \(Symptom.outputSpreadMismatch)", flagged: [.reluInForward]) {
      findings[$0]?[$1]?.contains(.outputSpreadMismatch) ?? false
    },
    table(
      "for comparison, a range rule: a bounded final activation on a regression",
      flagged: visible
    ) { kind, seed in
      outputRange(of: makeOutputModel(kind, seed: seed)).isBounded
    },
    table(
      "for comparison, the spread rule on the untrained network", flagged: [.reluInForward]
    ) {
      atInitialisation[$0]?[$1]?.contains(.outputSpreadMismatch) ?? false
    },
  ]
}
