import FinalActivation
import Layers
import Tensors
import TestSupport
import Testing
import Training

@Suite("17.3 Diagnosing the final activation")
struct DiagnosticTests {
  @Test(
    "ReLU, sigmoid, tanh and clip outputs: cannot reach the targets, with the unreachable share",
    arguments: visiblyBroken)
  func visiblyBrokenRunsAreFlagged(kind: OutputRun) {
    for run in Runs.of(kind) {
      let findings = diagnoseFinalActivation(run.model, inputs: run.inputs, targets: run.targets)
      let oracle = oracleRange(kind.activation)
      let share =
        oracleFloor(run.targets.scalars, lower: oracle.lower, upper: oracle.upper)
        / variance(run.targets.scalars)
      #expect(
        findings.symptoms == [.outputCannotReachTargets],
        """
        \(kind), seed \(run.seed): the \(kind.activation) output's range leaves out part of \
        the targets; expected [output cannot reach the targets] only (the spread rule is \
        for columns the range rule did not flag), got:
        \(findings.report)
        """)
      let evidence = findings.first?.evidence ?? []
      #expect(
        evidence.count == 1 && evidence[0].location == .target(0)
          && isClose(evidence[0].measured, share, tolerance: 1e-9)
          && evidence[0].threshold == FinalActivationThresholds.unreachableShare,
        """
        \(kind), seed \(run.seed): expected one Evidence at target 0 measuring the floor over \
        the targets' variance, \(share), with threshold 0.01; got \(evidence). The floor \
        alone would be \(share * variance(run.targets.scalars))
        """)
    }
  }

  @Test("ReLU inside forward(): no layer shows it, the outputs do: they do not spread")
  func hiddenReLUIsSeenInTheOutputs() {
    for run in Runs.reluInForward {
      let findings = diagnoseFinalActivation(run.model, inputs: run.inputs, targets: run.targets)
      let outputs = run.predictions.scalars
      let expected =
        oracleFloor(run.targets.scalars, lower: outputs.min()!, upper: outputs.max()!)
        / variance(run.targets.scalars)
      let evidence = findings.first?.evidence.first
      #expect(
        findings.symptoms == [.outputSpreadMismatch] && evidence?.location == .target(0)
          && isClose(evidence?.measured ?? .nan, expected, tolerance: 1e-9),
        """
        seed \(run.seed): the model's layers end with a linear layer, so its range looks \
        unbounded, but its trained outputs are never negative. Expected [outputs do not \
        spread over the targets] with the share of the variance outside [min, max] of the \
        outputs, \(expected), at target 0; got:
        \(findings.report)
        """)
    }
  }

  @Test("quiet on the healthy run: an identity output fits sin(x)")
  func quietOnHealthy() {
    for run in Runs.healthy {
      let findings = diagnoseFinalActivation(run.model, inputs: run.inputs, targets: run.targets)
      #expect(
        findings.isEmpty,
        "seed \(run.seed): identity output, final loss \(run.finalLoss); got:\n\(findings.report)"
      )
    }
  }

  @Test(
    "quiet on the decoys: a bounded output whose range holds every target, targets far only at first",
    arguments: [OutputRun.sigmoidInsideRange, .reluNonNegative, .farAtInitialisation])
  func quietOnDecoys(kind: OutputRun) {
    for run in Runs.of(kind) {
      let findings = diagnoseFinalActivation(run.model, inputs: run.inputs, targets: run.targets)
      #expect(
        findings.isEmpty,
        """
        \(kind), seed \(run.seed): every target is inside the output's range, and the trained \
        outputs cover them (final loss \(run.finalLoss)); a bounded activation is not a \
        mistake in itself. Judge the range against the targets, and the spread of the \
        TRAINED outputs. Got:
        \(findings.report)
        """)
    }
  }

  @Test("the spread rule reads the outputs: an untrained network misses the far targets")
  func untrainedNetworkMissesFarTargets() {
    let targets = outputRunTargets(.farAtInitialisation)
    let model = makeOutputModel(.farAtInitialisation, seed: 1)
    let findings = diagnoseFinalActivation(model, inputs: outputRunInputs, targets: targets)
    #expect(
      findings.symptoms == [.outputSpreadMismatch],
      """
      the untrained network's outputs sit near 0, the targets 3 + 2 sin(x) between 1 and 5: \
      most of their variance lies outside the outputs' interval, so the rule fires (which is \
      why it is meant for a trained model); got:
      \(findings.report)
      """)
  }

  @Test("a share of 0.5% of the variance is not flagged, 2% is (threshold 1%)")
  func thresholdOfOnePercent() {
    // Targets alternate -1 and 1 (variance 1); a clip at c misses half of them by 1 - c, so
    // the share is (1 - c)² / 2: 0.005 for c = 0.9, 0.02 for c = 0.8. The inputs are the
    // targets, so the outputs are the targets clamped.
    let targets = columnTensor((0..<20).map { $0 % 2 == 0 ? -1 : 1 })
    for (upper, flagged) in [(0.9, false), (0.8, true)] {
      let model = Sequential(passThrough(), Clip(lower: -1, upper: upper))
      let findings = diagnoseFinalActivation(model, inputs: targets, targets: targets)
      let share = (1 - upper) * (1 - upper) / 2
      #expect(
        findings.symptoms == (flagged ? [.outputCannotReachTargets] : []),
        """
        clip to [-1, \(upper)] on targets ±1: the unreachable share of the variance is \
        \(share), \(flagged ? "above" : "below") the threshold 0.01 (the floor over the \
        variance, not the floor alone, nor the fraction of targets outside); got:
        \(findings.report)
        """)
    }
  }

  @Test("each target column is judged on its own: only the unreachable one is named")
  func columnsAreJudgedSeparately() {
    // Two outputs, both x through a ReLU; target 0 is x (reachable), target 1 is -x (not).
    let xs: [Double] = (0..<10).map { Double($0) / 9 }
    let model = Sequential(Linear(weight: Tensor([[1], [1]]), bias: Tensor([0, 0])), ReLU())
    let targets = Tensor(shape: [10, 2], scalars: xs.flatMap { [$0, -$0] })
    let findings = diagnoseFinalActivation(model, inputs: columnTensor(xs), targets: targets)
    let locations = findings.flatMap(\.evidence).map(\.location)
    #expect(
      findings.symptoms == [.outputCannotReachTargets] && locations == [.target(1)],
      """
      target 0 is x in [0, 1], inside ReLU's range; target 1 is -x, outside it: one finding \
      with evidence at target 1 only (each column's floor over its own variance); got:
      \(findings.report)
      """)
  }

  @Test("inputs and targets with different numbers of rows stop with a message")
  func mismatchedRowsAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = diagnoseFinalActivation(
        Sequential(passThrough()), inputs: columnTensor([1, 2, 3]), targets: columnTensor([1, 2]))
    }
    expectMessage(result, contains: ["diagnoseFinalActivation", "[3, 1]", "[2, 1]"])
  }
}
