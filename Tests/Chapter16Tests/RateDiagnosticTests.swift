import LearningRate
import TestSupport
import Testing
import Training

@Suite("16.4 Diagnosing the learning rate")
struct RateDiagnosticTests {
  @Test("the too-high run: flagged because its loss passes 100x its start within a few steps")
  func tooHighIsFlaggedByTheLoss() {
    for run in Runs.tooHigh {
      let findings = diagnoseLearningRate(run.telemetry)
      #expect(
        findings.symptoms == [.learningRateTooHigh],
        "seed \(run.problem.seed): rate 1.0 explodes; expected [too high], got:\n\(findings.report)"
      )
      let rise = findings.first?.evidence.first { $0.quantity == "loss / first loss" }
      guard case .step(let step)? = rise?.location else {
        Issue.record(
          """
          seed \(run.problem.seed): the finding needs Evidence("loss / first loss", at: \
          .step(k), ...) for the first step k whose loss is above 100x the first; got \
          \(findings.report)
          """)
        continue
      }
      #expect(
        step < 10 && rise!.measured > RateThresholds.explosionFactor
          && rise!.threshold == RateThresholds.explosionFactor,
        """
        seed \(run.problem.seed): the loss passes 100x its start within the first steps; the \
        evidence should name the FIRST such step (not the peak just before the NaN) with \
        threshold 100, got \(rise!)
        """)
    }
  }

  @Test("the too-high run's updates are far above a tenth of the weights")
  func tooHighIsFlaggedByTheUpdates() {
    for run in Runs.tooHigh {
      let ratio = diagnoseLearningRate(run.telemetry).first?.evidence.first {
        $0.quantity == "median update ratio"
      }
      #expect(
        ratio.map { $0.measured > 1 && $0.threshold == RateThresholds.highUpdateRatio } == true,
        """
        seed \(run.problem.seed): its median update ratio is far above 0.1, so the too-high \
        finding should carry Evidence("median update ratio", at: .layer(i), ...) for the layer \
        with the largest median; got \(String(describing: ratio))
        """)
      if case .layer? = ratio?.location {
      } else {
        Issue.record(
          "the update-ratio evidence belongs at a layer, got \(String(describing: ratio))")
      }
    }
  }

  @Test("clipping hides the rate from the loss but not from the update ratios")
  func clippedTooHighIsFlaggedByTheUpdatesAlone() {
    for run in Runs.clippedTooHigh {
      let findings = diagnoseLearningRate(run.telemetry)
      let evidence = findings.first?.evidence ?? []
      #expect(
        findings.symptoms == [.learningRateTooHigh]
          && evidence.map(\.quantity) == ["median update ratio"]
          && evidence.allSatisfy { $0.measured > 0.5 },
        """
        seed \(run.problem.seed): with the gradient clipped to norm 1 the loss never explodes \
        (no NaN, no 100x rise), yet every step moves the weights by about their own size. The \
        only evidence should be the median update ratio (near 1, above 0.1); got:
        \(findings.report)
        """)
    }
  }

  @Test("the too-low run: the loss still above 0.9x its start, every layer below 1e-4")
  func tooLowIsFlagged() {
    for run in Runs.tooLow {
      let findings = diagnoseLearningRate(run.telemetry)
      let evidence = findings.first?.evidence ?? []
      let stall = evidence.first { $0.quantity == "last / first loss" }
      let ratio = evidence.first { $0.quantity == "median update ratio" }
      #expect(
        findings.symptoms == [.learningRateTooLow],
        "seed \(run.problem.seed): rate 1e-6; expected [too low], got:\n\(findings.report)")
      #expect(
        stall?.location == .run && (stall?.measured ?? 0) > 0.9
          && stall?.threshold == RateThresholds.stalledFraction,
        """
        seed \(run.problem.seed): the evidence should include the stall, \
        Evidence("last / first loss", at: .run, measured: (mean of the last 10) / (mean of the \
        first 10), threshold: 0.9, .above); got \(String(describing: stall))
        """)
      #expect(
        (ratio?.measured ?? 1) < 1e-5 && ratio?.threshold == RateThresholds.lowUpdateRatio,
        """
        seed \(run.problem.seed): and the LARGEST per-layer median update ratio (even the \
        fastest layer barely moves), below 1e-4; got \(String(describing: ratio))
        """)
    }
  }

  @Test("quiet on the healthy run", arguments: [0, 1, 2])
  func quietOnHealthy(index: Int) {
    let run = Runs.healthy[index]
    let findings = diagnoseLearningRate(run.telemetry)
    #expect(
      findings.isEmpty,
      "seed \(run.problem.seed): rate 0.03 trains well; expected nothing, got:\n\(findings.report)")
  }

  @Test("quiet on the decoy: a large rate (0.1) whose loss may jump at first, then converges")
  func quietOnDecoy() {
    for run in Runs.largeButFine {
      let findings = diagnoseLearningRate(run.telemetry)
      let losses = run.telemetry.losses
      #expect(
        findings.isEmpty,
        """
        seed \(run.problem.seed): the loss rose at most \(losses.max()! / losses[0])x and \
        converged to \(losses.last!); a rise of a few times, or update ratios of a few 1e-3, \
        are not a rate too high (the thresholds are 100x and 0.1: Karpathy's 1e-3 is the \
        healthy ratio, not the too-high line). Got:
        \(findings.report)
        """)
    }
  }

  @Test("a loss that is NaN before step 100 is flagged at that step")
  func earlyNaNIsFlagged() {
    let findings = diagnoseLearningRate(telemetry(losses: [1, 0.9, 0.8, .nan]))
    let evidence = findings.first?.evidence ?? []
    #expect(
      findings.symptoms == [.learningRateTooHigh]
        && evidence.contains {
          $0.quantity == "first non-finite step" && $0.location == .step(3) && $0.measured == 3
            && $0.threshold == 100
        },
      """
      the loss is NaN at step 3, before step 100: expected a too-high finding with \
      Evidence("first non-finite step", at: .step(3), measured: 3, threshold: 100, .below); \
      got:
      \(findings.report)
      """)
  }

  @Test("a rise to 150x its start is flagged at its step; a rise to 50x is not")
  func explosionThreshold() {
    let findings = diagnoseLearningRate(telemetry(losses: [2, 4, 100, 300, 20]))
    #expect(
      findings.first?.evidence.contains {
        $0.quantity == "loss / first loss" && $0.location == .step(3)
          && isClose($0.measured, 150)
      } == true,
      "300 / 2 = 150 > 100 at step 3 (100 / 2 = 50 at step 2 is not): got\n\(findings.report)")
    let quiet = diagnoseLearningRate(telemetry(losses: [2, 4, 100, 20]))
    #expect(quiet.isEmpty, "a rise to 50x is below the threshold 100x; got\n\(quiet.report)")
  }

  @Test("too low needs both: a stalled loss with healthy updates is not flagged, nor the reverse")
  func tooLowNeedsBothConditions() {
    let low = Runs.tooLow[0].telemetry
    let healthy = Runs.healthy[0].telemetry
    var stalledButMoving = healthy
    stalledButMoving.losses = low.losses
    var fallingButTiny = low
    fallingButTiny.losses = healthy.losses
    for (name, run) in [
      ("stalled loss, healthy updates", stalledButMoving),
      ("falling loss, tiny updates", fallingButTiny),
    ] {
      let findings = diagnoseLearningRate(run)
      #expect(
        findings.isEmpty,
        """
        \(name): too low needs the loss stalled above 0.9x its start AND every layer's median \
        update ratio below 1e-4; got:
        \(findings.report)
        """)
    }
  }

  @Test("a run shorter than 300 steps is not judged too low")
  func shortRunIsNotJudged() {
    var run = Runs.tooLow[0].telemetry
    run.losses = Array(run.losses.prefix(200))
    run.learningRates = Array(run.learningRates.prefix(200))
    run.probes = run.probes.filter { $0.step < 200 }
    let findings = diagnoseLearningRate(run)
    #expect(
      findings.isEmpty,
      "200 steps are too few to call a loss stalled (stallSteps = 300); got:\n\(findings.report)"
    )
  }

  @Test("an empty telemetry stops with a message")
  func emptyTelemetryIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = diagnoseLearningRate(Telemetry())
    }
    expectMessage(result, contains: ["diagnoseLearningRate"])
  }
}
