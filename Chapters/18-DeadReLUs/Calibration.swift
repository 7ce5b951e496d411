import Autodiff
import Training
import WorkbookSupport

/// The calibration of this chapter's checks over `seeds` of every run, and, for comparison,
/// of two simpler rules the lesson warns against. Provided: `workbook calibrate 18` prints it
/// into the lesson.
///
/// - `diagnoseDeadReLUs` should fire on the two dead runs only.
/// - `zeroGradientFindings` (on each trained model's logits, with the loss the run trained
///   on) should fire on the clipped loss only; one more kind, the healthy model probed with
///   the multi-class hinge loss, is a loss whose zero gradients are earned.
/// - "per activation": some ReLU layer has more than half of its outputs at 0 (every example,
///   every unit counted), DeepDiagnosis's way of counting.
/// - "per unit, no stall gate": some layer has more than half of its units dead at the last
///   probe, whether or not the loss still falls.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  struct Measured {
    var dead: Bool
    var lossPath: Bool
    var hinge: Bool
    var perActivation: Bool
    var ungated: Bool
  }
  var measured: [DeadReLURun: [UInt64: Measured]] = [:]
  for kind in DeadReLURun.allCases {
    for seed in seeds {
      let run = makeDeadReLURun(kind, seed: seed)
      var hinge = false
      if kind == .healthy {
        let logits = run.model(Variable(run.inputs)).value
        hinge = !zeroGradientFindings(
          predictions: logits, ideal: confidentLogits(labels: run.labels, classes: 3)
        ) { multiclassHingeLoss(logits: $0, labels: run.labels) }.isEmpty
      }
      let lastDead =
        run.telemetry.probes.last?.layers.compactMap { $0.activation?.deadFraction } ?? []
      measured[kind, default: [:]][seed] = Measured(
        dead: diagnoseDeadReLUs(run.telemetry).symptoms.contains(.deadReLUs),
        lossPath: run.lossPathFindings.symptoms.contains(.zeroGradientInLossPath),
        hinge: hinge,
        perActivation: run.zeroOutputFractions.contains { $0 > DeadReLUThresholds.deadFraction },
        ungated: lastDead.contains { $0 > DeadReLUThresholds.deadFraction })
    }
  }
  func table(
    _ name: String, flagged: Set<DeadReLURun>, extra: [CalibrationTable.Kind] = [],
    _ flags: @escaping (Measured) -> Bool
  ) -> CalibrationTable {
    let kinds =
      DeadReLURun.allCases.map {
        CalibrationTable.Kind($0.description, shouldFlag: flagged.contains($0))
      } + extra
    return CalibrationTable(diagnostic: name, kinds: kinds, seeds: seeds) { kind, seed in
      guard let run = DeadReLURun.allCases.first(where: { $0.description == kind.name }) else {
        return measured[.healthy]?[seed]?.hinge ?? false
      }
      return measured[run]?[seed].map(flags) ?? false
    }
  }
  let dead: Set<DeadReLURun> = [.deadAtInit, .killedByRate]
  return [
    table("diagnoseDeadReLUs: dead ReLUs", flagged: dead) { $0.dead },
    table(
      "zeroGradientFindings: zero gradient in the loss path", flagged: [.clippedLoss],
      extra: [.init("decoy: healthy model, hinge loss", shouldFlag: false)]
    ) { $0.lossPath },
    table("for comparison, per activation: over half of a layer's outputs 0", flagged: dead) {
      $0.perActivation
    },
    table("for comparison, per unit with no stall gate: over half dead", flagged: dead) {
      $0.ungated
    },
  ]
}
