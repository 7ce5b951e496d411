import LearningRate
import Tensors
import TestSupport
import Testing
import Training

@Suite("16.1 The largest stable rate of linear regression")
struct SharpnessTests {
  @Test("zero-mean orthogonal columns: H = diag(1, 4, 2), so λ_max = 4")
  func orthogonalColumns() {
    // A = [X | 1] has orthogonal columns with squared norms 2, 8 and 4; (2/n) AᵀA with n = 4.
    let x = Tensor([[1, 0], [-1, 0], [0, 2], [0, -2]])
    let value = largestHessianEigenvalue(ofLinearRegressionOn: x)
    #expect(
      isClose(value, 4, tolerance: 1e-9),
      """
      λ_max of H = (2/n) AᵀA should be 4 here, got \(value). 2 means the factor 2 of the \
      squared error is missing; 16 means no division by n = 4; NaN means the stub
      """)
  }

  @Test("the bias is a weight on a column of ones: a constant feature 3 gives 2 (9 + 1) = 20")
  func biasColumnCounts() {
    // A = [3 1] on every row: AᵀA = n [[9, 3], [3, 1]], whose largest eigenvalue is 10 n.
    let x = Tensor(shape: [5, 1], repeating: 3)
    let value = largestHessianEigenvalue(ofLinearRegressionOn: x)
    #expect(
      isClose(value, 20, tolerance: 1e-9),
      """
      λ_max should be 20, got \(value). 18 means the bias column (a column of ones in A) was \
      left out: the model has a bias, and its curvature couples with the weight's
      """)
  }

  @Test(
    "λ_max is the curvature of the engine's meanSquaredError (its gradients give H)",
    arguments: [1, 2, 3] as [UInt64])
  func matchesTheEngine(seed: UInt64) {
    let data = makeLinearRegressionData(seed: seed)
    let expected = oracleLargestEigenvalue(engineHessian(data))
    let value = largestHessianEigenvalue(ofLinearRegressionOn: data.inputs)
    #expect(
      isClose(value, expected, tolerance: 1e-6),
      """
      seed \(seed): λ_max is \(value), but the Hessian of the engine's meanSquaredError \
      (the mean over the n elements, so H = (2/n) AᵀA) has \(expected). A ratio of 2 or n \
      between them points at the factor; Aᵀ is the transpose of A (a reshape is not a \
      transpose); iterate until the value stops changing (1e-12)
      """)
  }

  @Test(
    "below the edge, 1.9 / λ_max converges: the loss falls at every step",
    arguments: [1, 2, 3] as [UInt64])
  func belowTheEdgeConverges(seed: UInt64) throws {
    let data = makeLinearRegressionData(seed: seed)
    let value = largestHessianEigenvalue(ofLinearRegressionOn: data.inputs)
    try #require(value.isFinite && value > 0, "λ_max must be finite and > 0, got \(value)")
    let losses = trainLinearRegression(data, learningRate: 1.9 / value, steps: 100).losses
    // Each error component is multiplied by |1 - η λ_i| <= 0.9 per step: the loss cannot rise.
    let rise = zip(losses.dropFirst(), losses).first { $0 > $1 * (1 + 1e-9) }
    #expect(
      rise == nil && losses.count == 100 && losses.last! < losses[0] / 100,
      """
      seed \(seed): at 1.9 / λ_max = \(1.9 / value) gradient descent must converge \
      monotonically (every |1 - ηλ_i| < 1), but the loss went \(losses[0]) → \
      \(losses.last ?? .nan) with a rise \(rise.map { "\($0.1) → \($0.0)" } ?? "nowhere"). \
      Is λ_max too small?
      """)
  }

  @Test(
    "above the edge, 2.1 / λ_max explodes: the loss passes 10^4 times its start in 100 steps",
    arguments: [1, 2, 3] as [UInt64])
  func aboveTheEdgeExplodes(seed: UInt64) throws {
    let data = makeLinearRegressionData(seed: seed)
    let value = largestHessianEigenvalue(ofLinearRegressionOn: data.inputs)
    try #require(value.isFinite && value > 0, "λ_max must be finite and > 0, got \(value)")
    let losses = trainLinearRegression(data, learningRate: 2.1 / value, steps: 100).losses
    // Along the top eigenvector the error grows by |1 - 2.1| = 1.1 per step: 1.1^200 in loss.
    let growth = (losses.last ?? .nan) / losses[0]
    #expect(
      !(growth <= 1e4),
      """
      seed \(seed): at 2.1 / λ_max = \(2.1 / value) the error along the top eigenvector grows \
      by 1.1 per step, so the loss must explode, but it grew only \(growth)x. Is λ_max too \
      large (a factor 2 or n too many)?
      """)
  }

  @Test("an empty data set stops with a message naming the shape")
  func emptyInputsAreRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "with no rows, (2/n) AᵀA divides by zero: check the shape first"
    ) {
      _ = largestHessianEigenvalue(ofLinearRegressionOn: Tensor(shape: [0, 3], scalars: []))
    }
    expectMessage(
      result, contains: ["largestHessianEigenvalue", "[0, 3]"],
      "with no rows, (2/n) AᵀA divides by zero: check the shape first")
  }

  @Test("a vector instead of a matrix stops with a message naming the shape")
  func vectorInputsAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = largestHessianEigenvalue(ofLinearRegressionOn: Tensor([1, 2, 3]))
    }
    expectMessage(result, contains: ["largestHessianEigenvalue", "[3]"])
  }
}
