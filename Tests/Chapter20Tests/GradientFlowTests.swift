import Depth
import TestSupport
import Testing
import Training

@Suite("20.1 Gradient flow per probed step")
struct GradientFlowTests {
  @Test("20 sigmoid layers at step 0: the first layer (0) gets below 1e-6 of the last (38)")
  func tooDeepAtStepZero() {
    for run in Runs.tooDeep {
      let probe = run.telemetry.probes[0]
      let flow = gradientFlow(at: probe)
      #expect(
        flow?.firstLayer == 0 && flow?.lastLayer == 38 && flow?.step == 0,
        """
        seed \(run.seed): the first layer with parameters is at index 0 and the output layer \
        at 38 (20 Linear layers with an activation between each two); use the FIRST and the \
        LAST entry of probe.layers and their .index, got \(String(describing: flow))
        """)
      #expect(
        flow?.firstNorm == probe.layers.first!.gradientNorm
          && flow?.lastNorm == probe.layers.last!.gradientNorm,
        """
        seed \(run.seed): firstNorm and lastNorm are the gradientNorm of the first and last \
        layer (\(probe.layers.first!.gradientNorm), \(probe.layers.last!.gradientNorm)), got \
        \(String(describing: flow))
        """)
      #expect(
        (flow?.ratio ?? 1) < 1e-6,
        """
        seed \(run.seed): through 19 sigmoid layers the gradient shrinks by about 4x per \
        layer, so first / last is far below 1e-6; got \(String(describing: flow?.ratio))
        """)
    }
  }

  @Test("3 sigmoid layers at step 0: the ratio is between 0.01 and 1")
  func healthyAtStepZero() {
    for run in Runs.healthy {
      let flow = gradientFlow(at: run.telemetry.probes[0])
      #expect(
        flow?.lastLayer == 4 && (flow?.ratio ?? 0) > 0.01 && (flow?.ratio ?? 0) < 1,
        """
        seed \(run.seed): two sigmoid layers cost a factor of 10-50, not millions: expected \
        the output layer at index 4 and a first / last ratio in (0.01, 1), got \
        \(String(describing: flow))
        """)
    }
  }

  @Test("the first and the LAST layer, not the second or the largest")
  func firstAndLastOfMany() {
    let flow = gradientFlow(at: probe(step: 30, norms: [2e-6, 8, 4]))
    #expect(
      flow == GradientFlow(step: 30, firstLayer: 0, lastLayer: 4, firstNorm: 2e-6, lastNorm: 4),
      """
      layers 0, 2, 4 with gradient norms 2e-6, 8, 4 at step 30: expected first layer 0 \
      (2e-6), last layer 4 (4), step 30, got \(String(describing: flow)); the last layer is \
      probe.layers.last, not the largest norm nor layers[1]
      """)
    #expect(
      flow.map { isClose($0.ratio, 5e-7) } == true,
      "ratio = 2e-6 / 4 = 5e-7, got \(String(describing: flow?.ratio))")
  }

  @Test("a single layer has no flow to measure: nil")
  func singleLayerIsNil() {
    let flow = gradientFlow(at: probe(norms: [0.5]))
    #expect(
      flow == nil,
      """
      one layer is both the first and the last: there is no way back to measure, so the \
      answer is nil (a ratio of 1 would call it healthy); got \(String(describing: flow))
      """)
  }

  @Test("a last layer with a gradient of exactly zero gives nil, not a division by zero")
  func zeroLastGradientIsNil() {
    let flow = gradientFlow(at: probe(norms: [0, 1, 0]))
    #expect(
      flow == nil,
      """
      the output layer's gradient norm is exactly 0: nothing flows at all (a cut loss path, \
      chapter 18), and first / last would be 0 / 0 = NaN; expected nil, got \
      \(String(describing: flow))
      """)
  }

  @Test(
    "a gradient norm that is not finite gives nil",
    arguments: [[Double.nan, 1], [1, Double.infinity], [Double.infinity, 1]])
  func nonFiniteIsNil(norms: [Double]) {
    let flow = gradientFlow(at: probe(norms: norms))
    #expect(
      flow == nil,
      """
      gradient norms \(norms): a NaN or infinite norm is a numerical problem (chapters 16 and \
      22), not a measurable flow; check isFinite on both norms and return nil, got \
      \(String(describing: flow))
      """)
  }
}
