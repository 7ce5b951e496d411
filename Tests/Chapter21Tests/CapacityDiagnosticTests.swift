import Tensors
import TestSupport
import Testing
import Training
import Width

@Suite("21.3 Diagnosing too few units")
struct CapacityDiagnosticTests {
  @Test("the one-unit run: flagged, with the accuracy and the plateau as evidence")
  func tooFewUnitsIsFlagged() {
    for run in Runs.tooFewUnits {
      let findings = diagnoseCapacity(
        run.telemetry, trainingAccuracy: run.trainingAccuracy, target: target)
      #expect(
        findings.symptoms == [.tooFewUnits],
        """
        seed \(run.problem.seed): one tanh unit stops at 75%, its loss flat over the last 50 \
        steps (relativeLossDrop about 0.01), every layer moving; expected [too few units], got:
        \(findings.report)
        """)
      let evidence = findings.first?.evidence ?? []
      #expect(
        evidence.map(\.quantity) == [
          "training accuracy", "relative loss drop", "median update ratio", "dead fraction",
        ],
        """
        seed \(run.problem.seed): one piece of evidence per rule, in this order: training \
        accuracy, relative loss drop, median update ratio, dead fraction; got \
        \(evidence.map(\.quantity))
        """)
      guard evidence.count == 4 else { continue }
      #expect(
        evidence[0].location == .run && evidence[0].measured == 0.75
          && evidence[0].threshold == target,
        "the accuracy evidence: at .run, measured 0.75, threshold the target \(target); got \(evidence[0])"
      )
      #expect(
        evidence[1].location == .run && evidence[1].measured < 0.03
          && evidence[1].threshold == WidthThresholds.plateauDrop,
        """
        the plateau evidence: relativeLossDrop over the last 50 steps (about 0.01 here), \
        threshold 0.05, at .run; got \(evidence[1])
        """)
    }
  }

  @Test("the one-unit run: every layer moves and none is dead, at the layers that show it")
  func healthyOptimisationIsTheEvidence() {
    for run in Runs.tooFewUnits {
      let evidence =
        diagnoseCapacity(run.telemetry, trainingAccuracy: run.trainingAccuracy, target: target)
        .first?.evidence ?? []
      let ratios = layerMedianUpdateRatios(run.telemetry)
      let slowest = ratios.min { $0.ratio < $1.ratio }!
      let ratio = evidence.first { $0.quantity == "median update ratio" }
      #expect(
        ratio?.location == .layer(slowest.layer) && ratio?.measured == slowest.ratio
          && ratio?.threshold == WidthThresholds.lowUpdateRatio,
        """
        seed \(run.problem.seed): "every layer moves" is shown by the SMALLEST per-layer median \
        update ratio, layer \(slowest.layer) at \(slowest.ratio), above 1e-4; got \
        \(String(describing: ratio))
        """)
      let dead = evidence.first { $0.quantity == "dead fraction" }
      #expect(
        dead?.measured == 0 && dead?.threshold == WidthThresholds.deadFraction
          && dead.map { if case .layer = $0.location { true } else { false } } == true,
        """
        seed \(run.problem.seed): tanh units are never dead: the largest dead fraction of the \
        last probe is 0, at a layer, below 0.5; got \(String(describing: dead))
        """)
    }
  }

  @Test("quiet on the healthy run", arguments: [0, 1, 2])
  func quietOnHealthy(index: Int) {
    let run = Runs.healthy[index]
    let findings = diagnoseCapacity(
      run.telemetry, trainingAccuracy: run.trainingAccuracy, target: target)
    #expect(
      findings.isEmpty,
      """
      seed \(run.problem.seed): sixteen units fit 100% of the training points; expected \
      nothing, got:
      \(findings.report)
      """)
  }

  @Test("quiet on the very wide decoy: 256 units fit too, they only cost more per step")
  func quietOnVeryWide() {
    for run in Runs.veryWide {
      let findings = diagnoseCapacity(
        run.telemetry, trainingAccuracy: run.trainingAccuracy, target: target)
      #expect(
        findings.isEmpty && run.trainingAccuracy == 1,
        """
        seed \(run.problem.seed): 256 units reach \(run.trainingAccuracy) with \
        \(run.training.parameterCount) parameters (16 units: 82): too many units are slow, not \
        a symptom. Expected nothing, got:
        \(findings.report)
        """)
    }
  }

  @Test("quiet on the rate-too-low decoy: it stalls too, but its updates are tiny")
  func quietOnRateTooLow() {
    for run in Runs.rateTooLow {
      let findings = diagnoseCapacity(
        run.telemetry, trainingAccuracy: run.trainingAccuracy, target: target)
      let slowest = layerMedianUpdateRatios(run.telemetry).map(\.ratio).min() ?? .nan
      #expect(
        findings.isEmpty,
        """
        seed \(run.problem.seed): accuracy \(run.trainingAccuracy) and a flat loss, like the \
        one-unit run, but the smallest median update ratio is \(slowest), below 1e-4: the rate \
        is too low, the optimisation is not healthy, so it is not a capacity problem. Expected \
        nothing, got:
        \(findings.report)
        """)
    }
  }

  @Test("a loss still falling is not a plateau: the run may only need more steps")
  func fallingLossIsNotJudged() {
    var run = Runs.tooFewUnits[0].telemetry
    run.losses = Runs.healthy[0].telemetry.losses
    let findings = diagnoseCapacity(run, trainingAccuracy: 0.75, target: target)
    #expect(
      findings.isEmpty,
      """
      the loss fell by about a fifth over the last 50 steps (relativeLossDrop about 0.2, above \
      0.05): not a plateau, nothing to report yet; got:
      \(findings.report)
      """)
  }

  @Test("an accuracy at or above the target is not a failure to fit")
  func targetDecides() {
    let run = Runs.tooFewUnits[0]
    for allowed in [0.7, 0.75] {
      let findings = diagnoseCapacity(run.telemetry, trainingAccuracy: 0.75, target: allowed)
      #expect(
        findings.isEmpty,
        """
        target \(allowed): an accuracy of 0.75 is not below it, so the run fits what the task \
        allows; got:
        \(findings.report)
        """)
    }
  }

  @Test("one frozen layer is not a healthy optimisation: every layer must move")
  func frozenLayerIsNotCapacity() {
    let run = Runs.tooFewUnits[0]
    let frozen = replacingLayer(0, in: run.telemetry) { layer($0, updateRatio: 1e-7) }
    let findings = diagnoseCapacity(frozen, trainingAccuracy: 0.75, target: target)
    #expect(
      findings.isEmpty,
      """
      layer 0's median update ratio is 1e-7 (frozen) while layer 2 moves at about 2e-3: the \
      rule needs every layer above 1e-4, so it takes the SMALLEST ratio, not the largest; got:
      \(findings.report)
      """)
  }

  @Test("a layer that is dead at the last probe is not a capacity problem")
  func deadLayerIsNotCapacity() {
    let run = Runs.tooFewUnits[0]
    let lastStep = run.telemetry.probes.last!.step
    let dead = ActivationSummary(kind: "ReLU", of: Tensor(shape: [4, 2], repeating: 0))
    let died = replacingLayer(2, in: run.telemetry, atStep: lastStep) {
      layer($0, activation: dead)
    }
    let findings = diagnoseCapacity(died, trainingAccuracy: 0.75, target: target)
    #expect(
      findings.isEmpty,
      """
      at the last probe layer 2's units are all dead (dead fraction 1, zero on every example): \
      the rule reads the LARGEST dead fraction over the layers of the LAST probe (units die \
      during training), and it must be below 0.5; got:
      \(findings.report)
      """)
  }

  @Test("a run without probes cannot show a healthy optimisation: nothing is reported")
  func noProbesNoFinding() {
    var run = Runs.tooFewUnits[0].telemetry
    run.probes = []
    let findings = diagnoseCapacity(run, trainingAccuracy: 0.75, target: target)
    #expect(
      findings.isEmpty,
      "without probes there are no update ratios and no dead fractions: expected [], got:\n\(findings.report)"
    )
  }

  @Test("an accuracy outside [0, 1] stops with a message")
  func badAccuracyIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "trainingAccuracy 75 is outside [0, 1]: stop with a message"
    ) {
      _ = diagnoseCapacity(
        telemetry(losses: Array(repeating: 1, count: 100)), trainingAccuracy: 75, target: 0.95)
    }
    expectMessage(
      result, contains: ["diagnoseCapacity", "75"],
      "an accuracy is a fraction: 75 is a percentage passed by mistake")
  }
}
