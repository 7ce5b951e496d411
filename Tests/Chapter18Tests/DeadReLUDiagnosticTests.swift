import DeadReLUs
import Foundation
import TestSupport
import Testing
import Training

@Suite("18.1 Diagnosing dead ReLUs")
struct DeadReLUDiagnosticTests {
  @Test("biases at -5: flagged, both hidden layers fully dead with a gradient of exactly 0")
  func deadAtInitIsFlagged() {
    for run in Runs.deadAtInit {
      let findings = diagnoseDeadReLUs(run.telemetry)
      #expect(
        findings.symptoms == [.deadReLUs],
        Comment(
          rawValue:
            "seed \(run.seed): every hidden unit is dead and the loss frozen; expected [dead ReLUs], "
            + "got:\n\(findings.report)"))
      let losses = run.telemetry.losses
      let drift = losses.map { abs($0 - losses[0]) }.max() ?? .nan
      #expect(
        drift < 1e-12 && isClose(losses[0], log(3), tolerance: 1e-9),
        "seed \(run.seed): with every unit dead the loss stays at ln 3 to 1e-12, got a drift of \(drift)"
      )
      let evidence = findings.first?.evidence ?? []
      let expected: [(String, Location, Double)] = [
        ("loss / loss 100 steps before", .run, 1), ("dead fraction", .layer(0), 1),
        ("gradient norm", .layer(0), 0), ("dead fraction", .layer(2), 1),
        ("gradient norm", .layer(2), 0),
      ]
      #expect(
        evidence.count == expected.count
          && zip(evidence, expected).allSatisfy {
            $0.quantity == $1.0 && $0.location == $1.1
              && isClose($0.measured, $1.2, tolerance: 1e-9)
          },
        """
        seed \(run.seed): expected the stall (the run: 1, the loss did not move), then for each \
        dead layer in order its dead fraction (1: every unit is 0 on every example) and its \
        gradient norm (exactly 0); got \(evidence)
        """)
      #expect(
        evidence.first?.threshold == DeadReLUThresholds.stalledFraction
          && evidence.dropFirst().first?.threshold == DeadReLUThresholds.deadFraction,
        "the stall's threshold is 0.99 and the dead fraction's 0.5, got \(evidence)")
    }
  }

  @Test("a rate of 5: flagged, units killed during training, the last hidden layer fully dead")
  func killedByRateIsFlagged() {
    for run in Runs.killedByRate {
      let findings = diagnoseDeadReLUs(run.telemetry)
      let evidence = findings.first?.evidence ?? []
      let layer2 = evidence.filter { $0.location == .layer(2) }.map(\.quantity)
      #expect(
        findings.symptoms == [.deadReLUs] && layer2 == ["dead fraction", "gradient norm"],
        """
        seed \(run.seed): the first steps at rate 5 threw the units below zero for good; at the \
        LAST probe layer 2 is dead (fraction 1, gradient norm 0) and the loss has stalled. \
        Expected a dead ReLUs finding with both at layer 2, got:\n\(findings.report)
        """)
    }
  }

  @Test("quiet on the healthy run: a few dead units are normal")
  func quietOnHealthy() {
    for run in Runs.healthy {
      let findings = diagnoseDeadReLUs(run.telemetry)
      #expect(
        findings.isEmpty,
        Comment(
          rawValue:
            "seed \(run.seed): the loss falls and at most a sixth of a layer is dead: expected [], "
            + "got:\n\(findings.report)"))
    }
  }

  @Test("quiet on the decoy: many dead units, but the loss still falls (gated on a stall)")
  func quietOnManyDeadButLearning() {
    for run in Runs.manyDeadButLearning {
      let findings = diagnoseDeadReLUs(run.telemetry)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): up to half of a layer is dead, yet the loss is still falling, so \
        nothing has stalled: report dead units only when training has also stalled (loss / \
        loss 100 steps before above 0.99). Got:\n\(findings.report)
        """)
    }
  }

  @Test(
    "quiet on a stall with no dead layer (rate too low, clipped loss): the dead fraction decides",
    arguments: [DeadReLURun.rateTooLow, .clippedLoss])
  func quietOnStallWithoutDeadLayer(kind: DeadReLURun) {
    for run in Runs.of(kind) {
      let findings = diagnoseDeadReLUs(run.telemetry)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed), \(kind): the loss has stalled but no layer has more than half of its \
        units dead (their gradient norms are far from 0): this is not dead ReLUs. A dead layer \
        needs a dead fraction above 0.5 at the last probe. Got:\n\(findings.report)
        """)
    }
  }

  @Test("the dead fraction must be above 0.5: 0.5 is quiet, 0.55 is flagged")
  func deadFractionBoundary() {
    let quiet = diagnoseDeadReLUs(
      telemetry(losses: losses(plateau: 0.9), dead: [0.5, 0], gradientNorms: [0.1, 0.1]))
    let flagged = diagnoseDeadReLUs(
      telemetry(losses: losses(plateau: 0.9), dead: [0, 0.55], gradientNorms: [0.1, 0.1]))
    #expect(
      quiet.isEmpty,
      "a layer with exactly half its units dead is not above the threshold 0.5; got \(quiet.report)"
    )
    #expect(
      flagged.first?.evidence.map(\.location) == [.run, .layer(2)]
        && flagged.first?.evidence.last.map { isClose($0.measured, 0.55) } == true,
      """
      stalled, and layer 2 has 55% of its units dead (gradient norm 0.1, not vanished): \
      expected the stall and one dead-fraction evidence at layer 2, got \(flagged.report)
      """)
  }

  @Test("the stall compares the last 10 losses with the 10 losses 100 steps before")
  func stallWindow() {
    // Falls from 1 to 0.6 early, then flat: stalled, though far below its start.
    let flat = diagnoseDeadReLUs(
      telemetry(losses: losses(plateau: 0.6), dead: [1, 1], gradientNorms: [0, 0]))
    #expect(
      flat.symptoms == [.deadReLUs],
      """
      the loss fell early and has not moved for 110 steps: stalled (ratio 1 > 0.99), with \
      both layers dead; expected [dead ReLUs], got \(flat.report). Compare the mean of the \
      last 10 with the mean of the 10 steps 100 before, not with the first loss
      """)
    // Still falling by 2% over the last 100 steps: not stalled.
    let falling = (0..<200).map { 1 - 0.0002 * Double($0) }
    let moving = diagnoseDeadReLUs(
      telemetry(losses: falling, dead: [1, 1], gradientNorms: [0, 0]))
    #expect(
      moving.isEmpty,
      "a loss that fell by 2% over the last 100 steps (ratio 0.98, not above 0.99) has not stalled; got \(moving.report)"
    )
  }

  @Test("a run shorter than 110 steps is not judged")
  func shortRunIsNotJudged() {
    let findings = diagnoseDeadReLUs(
      telemetry(
        losses: [Double](repeating: 1, count: 100), dead: [1, 1], gradientNorms: [0, 0]))
    #expect(
      findings.isEmpty,
      Comment(
        rawValue: "100 steps cannot show a stall over 100 steps plus 10 averaged; expected [], got "
          + findings.report))
  }

  @Test("a telemetry without activation statistics stops with a message")
  func noProbeBatchStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var telemetry = Telemetry()
      telemetry.losses = [Double](repeating: 1, count: 200)
      _ = diagnoseDeadReLUs(telemetry)
    }
    expectMessage(result, contains: ["diagnoseDeadReLUs", "probe"])
  }
}
