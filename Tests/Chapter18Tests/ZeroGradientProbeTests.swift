import Autodiff
import DeadReLUs
import Foundation
import Losses
import Tensors
import TestSupport
import Testing
import Training

/// Each example's plain cross-entropy under `logits`.
func perExampleCrossEntropy(_ logits: Tensor, labels: [Int]) -> [Double] {
  let classes = logits.shape[1]
  return labels.enumerated().map { row, label in
    let z = (0..<classes).map { logits.scalars[row * classes + $0] }
    let top = z.max()!
    return top + log(z.map { exp($0 - top) }.reduce(0, +)) - z[label]
  }
}

@Suite("18.2 The zero-gradient probe")
struct ZeroGradientProbeTests {
  @Test("the clipped loss: flagged, and the examples cut off are exactly those above the clip")
  func clippedLossIsFlagged() {
    for run in Runs.clippedLoss {
      let findings = run.lossPathFindings
      let logits = run.model(Variable(run.inputs)).value
      let losses = perExampleCrossEntropy(logits, labels: run.labels)
      let above = Double(losses.filter { $0 > 1 }.count) / Double(losses.count)
      let evidence = findings.first?.evidence ?? []
      #expect(
        findings.symptoms == [.zeroGradientInLossPath] && evidence.count == 2,
        Comment(
          rawValue:
            "seed \(run.seed): every example whose loss is above the clip 1 gets no gradient; "
            + "expected one zero-gradient finding with 2 pieces of evidence, got:\n\(findings.report)"
        ))
      guard evidence.count == 2 else { continue }
      #expect(
        evidence[0].location == .run && isClose(evidence[0].measured, above, tolerance: 1e-12),
        """
        seed \(run.seed): \(Int(above * 150)) of the 150 examples have a loss above 1, each \
        with gradient exactly 0 and room to improve: expected the fraction \(above) at the \
        run, got \(evidence[0]). Did you test the gradient of EVERY example (row), and only \
        count those that would improve?
        """)
      if case .example(let worst) = evidence[1].location {
        #expect(
          losses[worst] > 1,
          """
          seed \(run.seed): the example reported must be one the clip cuts off (loss above \
          1), got example \(worst) with loss \(losses[worst])
          """)
      } else {
        Issue.record("the second evidence belongs at .example(i), got \(evidence[1])")
      }
    }
  }

  @Test("quiet on the healthy run's cross-entropy: no example's gradient is zero")
  func quietOnHealthy() {
    for run in Runs.healthy {
      let findings = run.lossPathFindings
      #expect(
        findings.isEmpty,
        Comment(
          rawValue:
            "seed \(run.seed): plain cross-entropy has a non-zero gradient on every example; "
            + "expected [], got:\n\(findings.report)"))
    }
  }

  @Test("quiet on the hinge loss: its zero gradients belong to examples at their minimum")
  func quietOnHinge() {
    for run in Runs.healthy {
      let logits = run.model(Variable(run.inputs)).value
      let findings = zeroGradientFindings(
        predictions: logits, ideal: confidentLogits(labels: run.labels, classes: 3)
      ) { multiclassHingeLoss(logits: $0, labels: run.labels) }
      #expect(
        findings.isEmpty,
        """
        seed \(run.seed): the well-classified examples have hinge loss 0 and gradient 0, but \
        predicting them ideally lowers the loss by nothing: they are at their minimum, not \
        cut off. Count an example only when its gradient is 0 AND the loss would fall. Got:
        \(findings.report)
        """)
    }
  }

  @Test("a clamp in the loss path: the clamped example is cut off, the other is not")
  func clampIsFound() {
    let targets = Tensor([[0.5], [0.0]])
    let findings = zeroGradientFindings(predictions: Tensor([[3.0], [0.2]]), ideal: targets) {
      meanSquaredError($0.clamped(to: -1...1), targets)
    }
    let evidence = findings.first?.evidence ?? []
    #expect(
      findings.symptoms == [.zeroGradientInLossPath] && evidence.count == 2
        && isClose(evidence[0].measured, 0.5) && evidence[1].location == .example(0)
        && isClose(evidence[1].measured, 0.125, tolerance: 1e-12),
      """
      the prediction 3 is clamped to 1 (gradient 0) against a target of 0.5; replacing it by \
      the target lowers the mean squared error from 0.145 to 0.02: expected 'examples cut \
      off' 0.5 at the run and a decrease of 0.125 at example 0, got \(evidence)
      """)
  }

  @Test("rounding in the loss path: every example not already at its target is cut off")
  func roundingIsFound() {
    let predictions = Tensor([[0.2], [1.4], [2.0], [-0.7]])
    let targets = Tensor([[0.6], [1.0], [2.0], [-0.4]])
    let findings = zeroGradientFindings(predictions: predictions, ideal: targets) {
      meanSquaredError($0.rounded(), targets)
    }
    // Rounded: 0, 1, 2, -1. Errors 0.6, 0, 0, 0.6; replacing example 0 by its target gives
    // round(0.6) = 1: error 0.4, a decrease of (0.36 - 0.16) / 4 = 0.05. Example 1 rounds to
    // its target's rounding: no decrease. Example 3 (-0.4 rounds to -0): the same 0.05.
    let evidence = findings.first?.evidence ?? []
    #expect(
      evidence.count == 2 && isClose(evidence[0].measured, 0.5)
        && evidence[1].location == .example(0) && isClose(evidence[1].measured, 0.05),
      """
      round() has gradient 0 everywhere; only examples 0 and 3 would improve (0.05 each): \
      expected 'examples cut off' 0.5 and example 0 (the first of the tie), got \(evidence)
      """)
  }

  @Test("the example reported is the one that would gain most")
  func worstExampleIsReported() {
    let targets = Tensor([[0.5], [0.0], [0.0]])
    let findings = zeroGradientFindings(
      predictions: Tensor([[2.0], [0.5], [-4.0]]), ideal: targets
    ) { meanSquaredError($0.clamped(to: -1...1), targets) }
    let evidence = findings.first?.evidence ?? []
    #expect(
      evidence.count == 2 && isClose(evidence[0].measured, 2.0 / 3)
        && evidence[1].location == .example(2) && isClose(evidence[1].measured, 1.0 / 3),
      """
      examples 0 and 2 are clamped (to 1 and -1), 0.5 and 1 away from their targets: both are \
      cut off, and example 2 would lower the mean most (by 1/3; example 0 by 0.25/3). Example \
      1 has a gradient. Expected 2/3 cut off and example 2; got \(evidence)
      """)
  }

  @Test("an example already at its target has gradient 0 but is not cut off")
  func exampleAtItsMinimumIsNotCutOff() {
    let targets = Tensor([[1.0, 2.0], [0.0, 0.0]])
    let findings = zeroGradientFindings(
      predictions: Tensor([[1.0, 2.0], [0.3, -0.2]]), ideal: targets
    ) { meanSquaredError($0, targets) }
    #expect(
      findings.isEmpty,
      """
      the first example is exactly at its target: its gradient is 0, and so is what it could \
      gain; the second has a gradient. Expected [], got \(findings.report)
      """)
  }

  @Test("predictions and ideal of different shapes stop with a message")
  func shapeMismatchStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = zeroGradientFindings(predictions: Tensor([[1.0], [2.0]]), ideal: Tensor([[1.0]])) {
        $0.sum()
      }
    }
    expectMessage(result, contains: ["zeroGradientFindings", "[1, 1]", "[2, 1]"])
  }

  @Test("a loss that is not finite stops with a message")
  func nonFiniteLossStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = zeroGradientFindings(predictions: Tensor([[1.0]]), ideal: Tensor([[1.0]])) {
        $0.sum() * .nan
      }
    }
    expectMessage(result, contains: ["zeroGradientFindings", "finite"])
  }
}
