import Autodiff
import Optimizers
import Tensors
import TestSupport
import Testing

@Suite("7.6 Gradient clipping")
struct ClippingTests {
  @Test("clipGradientNorm returns the global norm and scales every gradient by one factor")
  func globalNorm() {
    let a = parameter([0, 0], gradient: [3, 4])
    let b = parameter([0], gradient: [12])
    let norm = clipGradientNorm([a, b], maxNorm: 6.5)
    let squares =
      norm == 169 ? " 169 is the sum of squares: the norm is its square root." : ""
    #expect(
      norm == 13,
      """
      the norm before clipping is √(3² + 4² + 12²) = 13 over ALL gradients together, got \
      \(norm).\(squares)
      """)
    let factor = 6.5 / (13 + 1e-6)
    expectClose(
      a.grad, Tensor([3 * factor, 4 * factor]), tolerance: 1e-14,
      """
      every gradient is multiplied by the same c = maxNorm / (norm + 1e-6) ≈ 0.5. The first \
      tensor's own norm is 5 < 6.5: clipping each tensor on its own would leave it alone, and \
      turn the step.
      """)
    expectClose(b.grad, Tensor([12 * factor]), tolerance: 1e-14)
  }

  @Test("after clipping the step keeps its direction and its global norm is maxNorm")
  func directionKept() {
    let shapes = [[3, 4], [4], [2, 2]]
    let parameters = shapes.enumerated().map { index, shape in
      let variable = Variable(Tensor.zeros(shape))
      variable.grad = randomTensor(shape, seed: UInt64(10 + index)) * 5
      return variable
    }
    let before = parameters.flatMap(\.grad.scalars)
    let norm = clipGradientNorm(parameters, maxNorm: 1)
    let after = parameters.flatMap(\.grad.scalars)
    let oracleNorm = before.map { $0 * $0 }.reduce(0, +).squareRoot()
    let clippedNorm = after.map { $0 * $0 }.reduce(0, +).squareRoot()
    let cosine = zip(before, after).map(*).reduce(0, +) / (oracleNorm * clippedNorm)
    #expect(isClose(norm, oracleNorm, tolerance: 1e-12), "returned \(norm), expected \(oracleNorm)")
    #expect(
      isClose(clippedNorm, 1, tolerance: 1e-5) && clippedNorm <= 1,
      "the clipped gradients' global norm should be just below maxNorm = 1, got \(clippedNorm)")
    #expect(
      isClose(cosine, 1, tolerance: 1e-12),
      """
      the clipped step must point exactly where the gradient did (cosine \(cosine)): one \
      factor for all the tensors, never one per tensor
      """)
  }

  @Test("below maxNorm the gradients are left exactly as they are, and the norm is returned")
  func belowThreshold() {
    let a = parameter([0, 0], gradient: [0.3, -0.4])
    let b = parameter([0], gradient: [1.2])
    let norm = clipGradientNorm([a, b], maxNorm: 2)
    #expect(
      isClose(norm, 1.3, tolerance: 1e-14), "the norm is √(0.09 + 0.16 + 1.44) = 1.3, got \(norm)")
    #expect(
      a.grad == Tensor([0.3, -0.4]) && b.grad == Tensor([1.2]),
      """
      with c = maxNorm / (norm + 1e-6) >= 1 nothing changes (bit for bit): clipping never \
      lengthens a step
      """)
  }

  @Test("clipGradientValue clamps each element to [-limit, limit], changing the direction")
  func valueClipping() {
    let a = parameter([0, 0], gradient: [10, 1])
    let b = parameter([0, 0], gradient: [-0.5, -7])
    clipGradientValue([a, b], limit: 1)
    #expect(
      a.grad == Tensor([1, 1]) && b.grad == Tensor([-0.5, -1]),
      """
      every element is clamped on its own, on both sides, min(max(g, -limit), limit): [10, 1] \
      becomes [1, 1] (a step at 45 degrees to the gradient) and [-0.5, -7] becomes \
      [-0.5, -1]; got \(a.grad) and \(b.grad)
      """)
  }

  @Test("a maxNorm of 0 stops with a message")
  func maxNormMustBePositive() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      clipGradientNorm(maxNorm: 0) was accepted: it would set every gradient to 0, so check \
      maxNorm > 0
      """
    ) {
      let p = Variable(Tensor([1]))
      _ = clipGradientNorm([p], maxNorm: 0)
    }
    expectMessage(result, contains: ["clipGradientNorm", "maxNorm", "0"])
  }
}
