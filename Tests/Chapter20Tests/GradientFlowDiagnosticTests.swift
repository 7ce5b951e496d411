import Depth
import TestSupport
import Testing
import Training

@Suite("20.2 Diagnosing vanishing and exploding gradients")
struct GradientFlowDiagnosticTests {
  @Test("20 sigmoid layers: vanishing at layer 0, ratio below 1e-3 and norm below 1e-4, stalled")
  func tooDeepIsVanishing() {
    for run in Runs.tooDeep {
      let findings = diagnoseGradientFlow(run.telemetry)
      #expect(
        findings.symptoms == [.vanishingGradients],
        "seed \(run.seed): expected [vanishing gradients], got:\n\(findings.report)")
      let evidence = findings.first?.evidence ?? []
      let first = run.telemetry.probes[0].layers.first!.gradientNorm
      let ratio = first / run.telemetry.probes[0].layers.last!.gradientNorm
      #expect(
        evidence.count == 3
          && evidence[0]
            == Evidence(
              "gradient norm, first / last layer", at: .layer(0), measured: ratio,
              threshold: 1e-3, .below)
          && evidence[1]
            == Evidence(
              "gradient norm of the first layer", at: .layer(0), measured: first,
              threshold: 1e-4, .below),
        """
        seed \(run.seed): the evidence should be, in order, the ratio at the first probe \
        (step 0) at .layer(0), \(ratio), threshold 1e-3, .below; the first layer's norm \
        \(first), threshold 1e-4, .below; then the stall. Got:
        \(evidence.map(\.description).joined(separator: "\n"))
        """)
      let stall = evidence.last
      #expect(
        stall?.quantity == "loss, end / half-way" && stall?.location == .run
          && stall?.threshold == 0.9
          && isClose(stall?.measured ?? 0, secondHalfProgress(run.telemetry)),
        """
        seed \(run.seed): the last evidence is the stall: Evidence("loss, end / half-way", at: \
        .run, measured: mean of the last 10 losses / mean of the 10 before the half-way step \
        (\(secondHalfProgress(run.telemetry))), threshold: 0.9, .above); got \
        \(String(describing: stall))
        """)
    }
  }

  @Test("the ratio is read at the first probe (step 0), not a later one")
  func ratioAtTheFirstProbe() {
    let run = telemetry(losses: stalledLosses(), first: [1e-9, 1e-3], later: [1e-9, 1e-9])
    let findings = diagnoseGradientFlow(run)
    #expect(
      findings.symptoms == [.vanishingGradients]
        && findings.first?.evidence.first.map { isClose($0.measured, 1e-6) } == true,
      """
      step 0 has norms 1e-9 (first) and 1e-3 (last): ratio 1e-6, vanishing. Later probes \
      have 1e-9 and 1e-9 (ratio 1: both vanished once the run stalled). The first probe \
      decides; got:
      \(findings.report)
      """)
  }

  @Test("20 tanh layers with large weights: exploding at layer 0 when the loss has stalled")
  func explodingIsFlagged() {
    var stalledSeeds = 0
    for run in Runs.exploding {
      let progress = secondHalfProgress(run.telemetry)
      let findings = diagnoseGradientFlow(run.telemetry)
      let ratio = gradientFlowRatioAtStepZero(run)
      guard progress > 0.9 else {
        #expect(
          findings.isEmpty,
          """
          seed \(run.seed): the loss fell to \(progress)x its half-way value: not stalled, so \
          nothing is reported however large the ratio (\(ratio)); got:
          \(findings.report)
          """)
        continue
      }
      stalledSeeds += 1
      let evidence = findings.first?.evidence ?? []
      #expect(
        findings.symptoms == [.explodingGradients] && evidence.count == 2
          && evidence.first
            == Evidence(
              "gradient norm, first / last layer", at: .layer(0), measured: ratio,
              threshold: 70, .above)
          && evidence.last?.quantity == "loss, end / half-way",
        """
        seed \(run.seed): at step 0 the first layer's gradient is \(ratio)x the last's (above \
        70) and the loss has stalled (\(progress) > 0.9): expected [exploding gradients] with \
        the ratio's evidence at .layer(0), threshold 70, .above, then the stall; got:
        \(findings.report)
        """)
    }
    #expect(stalledSeeds >= 1, "the exploding runs should stall on most seeds")
  }

  @Test("quiet on the healthy run: 3 sigmoid layers", arguments: [0, 1])
  func quietOnHealthy(index: Int) {
    let run = Runs.healthy[index]
    let findings = diagnoseGradientFlow(run.telemetry)
    #expect(
      findings.isEmpty,
      "seed \(run.seed): 3 sigmoid layers solve XOR; expected nothing, got:\n\(findings.report)")
  }

  @Test("quiet on the decoy: 8 ReLU layers with He weights train fine")
  func quietOnDeepReLU() {
    for run in Runs.deepReLU {
      let findings = diagnoseGradientFlow(run.telemetry)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): 8 layers is deep for XOR, but with ReLU and He weights the ratio is \
        \(gradientFlowRatioAtStepZero(run)) and the loss falls to \(run.finalLoss); depth \
        alone is not a symptom. Got:
        \(findings.report)
        """)
    }
  }

  @Test("quiet on the decoy: 8 sigmoid layers with Adam, a tiny ratio but a falling loss")
  func quietOnDeepAdamWhileItLearns() {
    var falling = 0
    for run in Runs.deepAdam where secondHalfProgress(run.telemetry) < 0.9 {
      falling += 1
      let findings = diagnoseGradientFlow(run.telemetry)
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): the ratio is \(gradientFlowRatioAtStepZero(run)), far below 1e-3, \
        yet Adam's loss still falls (end / half-way \(secondHalfProgress(run.telemetry))): not \
        stalled, so nothing is reported (AUTOTRAINER's rule). Got:
        \(findings.report)
        """)
    }
    #expect(falling >= 1, "at least one Adam decoy run should still be learning")
  }

  @Test("a vanishing ratio is not reported while the loss still falls: no stall, no finding")
  func noStallNoFinding() {
    let run = telemetry(losses: fallingLosses(), first: [1e-10, 1])
    let findings = diagnoseGradientFlow(run)
    #expect(
      findings.isEmpty,
      """
      ratio 1e-10 and first-layer norm 1e-10, but the loss falls by 2% a step: training has \
      not stalled, so nothing is reported; got:
      \(findings.report)
      """)
  }

  @Test("the stall compares the end with the half-way point, not with the start")
  func stallAgainstTheHalfWayPoint() {
    let run = telemetry(losses: stalledLosses(), first: [1e-10, 1])
    let findings = diagnoseGradientFlow(run)
    #expect(
      findings.symptoms == [.vanishingGradients]
        && findings.first?.evidence.last.map { isClose($0.measured, 1) } == true,
      """
      the loss falls from 2 to 0.7 in 20 steps, then stays at 0.7 for 80: the second half \
      took nothing off (end / half-way = 1), so it has stalled. Against the start it fell to \
      0.35x, which is why the stall is measured from the half-way step. Got:
      \(findings.report)
      """)
  }

  @Test("vanishing needs both: a small ratio next to a first-layer norm above 1e-4 is not")
  func vanishingNeedsBothConditions() {
    let run = telemetry(losses: stalledLosses(), first: [1e-3, 10])
    let findings = diagnoseGradientFlow(run)
    #expect(
      findings.isEmpty,
      """
      ratio 1e-3 / 10 = 1e-4 is below 1e-3, but the first layer's gradient norm (1e-3) is \
      above 1e-4: it still moves; vanishing needs both conditions. Got:
      \(findings.report)
      """)
  }

  @Test(
    "the thresholds: ratio 71 explodes and 69 does not; 9e-4 with norm 9e-5 vanishes, 1.1e-3 not",
    arguments: [
      (71.0, 1.0, Symptom.explodingGradients), (69.0, 1.0, nil), (9e-5, 0.1, .vanishingGradients),
      (1.1e-4, 0.1, nil),
    ] as [(Double, Double, Symptom?)])
  func thresholds(first: Double, last: Double, expected: Symptom?) {
    let findings = diagnoseGradientFlow(telemetry(losses: stalledLosses(), first: [first, last]))
    #expect(
      findings.symptoms == (expected.map { [$0] } ?? []),
      """
      stalled run, first-layer norm \(first), last \(last) (ratio \(first / last)): exploding \
      above 70, vanishing below 1e-3 with the first norm below 1e-4; expected \
      \(expected.map(\.rawValue) ?? "nothing"), got:
      \(findings.report)
      """)
  }

  @Test("a run shorter than 40 steps is not judged")
  func shortRunIsNotJudged() {
    let run = telemetry(losses: Array(repeating: 0.7, count: 30), first: [1e-10, 1])
    let findings = diagnoseGradientFlow(run)
    #expect(
      findings.isEmpty,
      """
      30 steps of a flat loss and a ratio of 1e-10: halves of 15 steps are too short to call \
      a stall (minimumSteps = 40), so nothing is reported; got:
      \(findings.report)
      """)
  }

  @Test("an empty telemetry stops with a message")
  func emptyTelemetryIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = diagnoseGradientFlow(Telemetry())
    }
    expectMessage(result, contains: ["diagnoseGradientFlow"])
  }
}

/// The first-to-last ratio at step 0, from the telemetry itself.
func gradientFlowRatioAtStepZero(_ run: DepthRunResult) -> Double {
  let layers = run.telemetry.probes[0].layers
  return layers.first!.gradientNorm / layers.last!.gradientNorm
}
