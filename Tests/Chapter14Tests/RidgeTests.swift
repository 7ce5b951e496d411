import Foundation
import Regularisation
import Tensors
import TestSupport
import Testing

@Suite("14.1 Ridge regression")
struct RidgeTests {
  @Test("polynomial features are 1, x, x², ..., x^degree in each row")
  func polynomialFeaturesArePowers() {
    let x = Tensor([[2], [-1], [0.5]])
    expectClose(
      polynomialFeatures(x, degree: 3),
      Tensor([[1, 2, 4, 8], [1, -1, 1, -1], [1, 0.5, 0.25, 0.125]]), tolerance: 0,
      "row i is [1, x_i, x_i², x_i³]: column k holds x^k, starting with the constant column x^0")
    expectClose(
      polynomialFeatures(x, degree: 0), Tensor([[1], [1], [1]]), tolerance: 0,
      "degree 0 is the constant column alone")
  }

  @Test("with lambda = 0 it is least squares: the line through three collinear points")
  func lambdaZeroIsLeastSquares() {
    let x = Tensor([[-1], [0], [2]])
    let y = Tensor([[-1], [1], [5]])  // y = 1 + 2x
    let w = ridgeRegression(features: polynomialFeatures(x, degree: 1), targets: y, lambda: 0)
    expectClose(
      w, Tensor([[1], [2]]), tolerance: 1e-12,
      """
      the points lie on y = 1 + 2x, so least squares must give w = [1, 2]: solve \
      (XᵀX + n λ I) w = Xᵀy with the features X
      """)
  }

  @Test("lambda enters as n λ: (XᵀX + n λ I) w = Xᵀy for the mean squared error")
  func lambdaIsScaledByTheCount() {
    // X = [1, 1]ᵀ, y = [1, 3]ᵀ: XᵀX = 2, Xᵀy = 4, n = 2, so w = 4 / (2 + 2 λ).
    let w = ridgeRegression(
      features: Tensor([[1], [1]]), targets: Tensor([[1], [3]]), lambda: 1)
    let value = w.scalars.first ?? .nan
    #expect(
      w.shape == [1, 1] && isClose(value, 1, tolerance: 1e-12),
      """
      with X = [1, 1]ᵀ, y = [1, 3]ᵀ and λ = 1 the weight is 4 / (2 + 2·1) = 1, got \(value) \
      (shape \(w.shape)). 4/3 means λ was added without the factor n: the loss is the MEAN \
      squared error plus λ||w||², so the normal equations carry n λ; 2 means λ was ignored
      """)
  }

  @Test("the gradient of the ridge loss is zero at the weights it returns")
  func gradientVanishesAtTheSolution() {
    let x = randomTensor([12, 4], seed: 140)
    let y = randomTensor([12, 1], seed: 141)
    let lambda = 0.05
    let w = ridgeRegression(features: x, targets: y, lambda: lambda)
    // d/dw [(1/n)||Xw - y||² + λ||w||²] = (2/n) Xᵀ(Xw - y) + 2λw
    let residual = matmul(x, w) - y
    let gradient = (2.0 / 12) * matmul(x.transposed(), residual) + (2 * lambda) * w
    let largest = gradient.scalars.map { Swift.abs($0) }.max() ?? .nan
    #expect(
      w.shape == [4, 1] && largest < 1e-10,
      """
      at the minimum of (1/n)||Xw - y||² + λ||w||² the gradient (2/n)Xᵀ(Xw - y) + 2λw is 0, \
      but its largest element is \(largest) (weights of shape \(w.shape)): check the \
      transpose, the n λ on the diagonal, and that the right-hand side is Xᵀy
      """)
  }

  @Test(
    "lambda = 0: degree 9 passes through the 10 noisy points with a weight norm above 100",
    arguments: 0..<5 as Range<UInt64>)
  func unregularisedPolynomialInterpolates(seed: UInt64) {
    let fit = polynomialFit(lambda: 0, seed: seed)
    #expect(
      fit.trainingError < 1e-12,
      """
      10 coefficients for 10 points: the polynomial passes through every training point, \
      noise included, so the training error must be about 0, got \(fit.trainingError)
      """)
    #expect(
      fit.weightNorm > 100,
      """
      the interpolating polynomial needs huge coefficients that cancel between the points \
      (norm 137 to 350 on the reference), got a weight norm of \(fit.weightNorm)
      """)
  }

  @Test(
    "lambda = 1e-3 lowers the validation error and keeps the weight norm below 10",
    arguments: 0..<5 as Range<UInt64>)
  func smallLambdaGeneralisesBetter(seed: UInt64) {
    let plain = polynomialFit(lambda: 0, seed: seed)
    let ridge = polynomialFit(lambda: 1e-3, seed: seed)
    #expect(
      ridge.validationError < plain.validationError,
      """
      the penalty should trade a little training error for a smoother curve that is closer \
      to sin(x) between the points: validation error \(ridge.validationError) with λ = 1e-3 \
      against \(plain.validationError) with λ = 0
      """)
    #expect(
      ridge.weightNorm < 10 && ridge.trainingError > 1e-6,
      """
      with λ = 1e-3 the weights shrink (norm 3.9 to 5 on the reference, got \
      \(ridge.weightNorm)) and the curve no longer passes exactly through the training points \
      (training error \(ridge.trainingError)): is λ used at all?
      """)
  }

  @Test("the weight norm falls as lambda grows")
  func normFallsWithLambda() {
    let norms = [0, 1e-4, 1e-3, 1e-2, 1e-1, 1].map { polynomialFit(lambda: $0, seed: 3).weightNorm }
    #expect(
      zip(norms, norms.dropFirst()).allSatisfy { $0 > $1 },
      """
      a larger penalty must give smaller weights, every time; the norms for λ = 0, 1e-4, \
      1e-3, 1e-2, 0.1 and 1 were \(norms)
      """)
  }

  @Test("a negative lambda stops with a message naming the value")
  func negativeLambdaIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "a negative λ rewards large weights and can make XᵀX + nλI singular: check λ >= 0"
    ) {
      _ = ridgeRegression(features: Tensor([[1], [1]]), targets: Tensor([[1], [3]]), lambda: -0.5)
    }
    expectMessage(
      result, contains: ["ridgeRegression", "-0.5"],
      "a negative λ rewards large weights and can make XᵀX + nλI singular: check λ >= 0")
  }

  @Test("features and targets with different row counts stop with a message naming both shapes")
  func mismatchedShapesAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = ridgeRegression(
        features: Tensor(shape: [3, 2], repeating: 1),
        targets: Tensor(shape: [4, 1], repeating: 1),
        lambda: 0.1)
    }
    expectMessage(result, contains: ["ridgeRegression", "[3, 2]", "[4, 1]"])
  }

  @Test("polynomial features of a matrix that is not one column stop with a message")
  func featuresOfAMatrixAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = polynomialFeatures(Tensor(shape: [3, 2], repeating: 1), degree: 2)
    }
    expectMessage(result, contains: ["polynomialFeatures", "[3, 2]"])
  }

  @Test("a negative degree stops with a message naming it")
  func negativeDegreeIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = polynomialFeatures(Tensor([[1], [2]]), degree: -1)
    }
    expectMessage(result, contains: ["polynomialFeatures", "-1"])
  }
}
