import Autodiff
import AutodiffTestSupport
import Foundation
import Gradients
import Tensors
import TestSupport
import Testing

/// The elementwise functions of exercise 3.5, as test arguments.
enum ElementwiseFunction: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case relu, tanh, sigmoid, exp, log

  var testDescription: String { rawValue }

  func callAsFunction(_ x: Variable) -> Variable {
    switch self {
    case .relu: x.relu()
    case .tanh: x.tanh()
    case .sigmoid: x.sigmoid()
    case .exp: x.exp()
    case .log: x.log()
    }
  }

  /// Inputs inside the function's domain: positive for log, and away from ReLU's kink at 0
  /// (a nudge of h across 0 would make the numerical gradient meaningless there).
  func input(_ shape: [Int], seed: UInt64) -> Tensor {
    self == .log ? positiveTensor(shape, seed: seed) : signedTensor(shape, seed: seed)
  }
}

@Suite("3.5 Matmul and elementwise functions")
struct FunctionTests {
  @Test(
    "each function's rule matches the numerical gradient",
    arguments: ElementwiseFunction.allCases, [1, 2] as [UInt64])
  func functionAgainstNumerical(function: ElementwiseFunction, seed: UInt64) {
    let x = function.input([3, 4], seed: seed)
    expectGradientsMatchNumerical("\(function.rawValue)", at: [x], seed: seed &+ 50) {
      function($0[0])
    }
  }

  @Test(
    "matmul's rule matches the numerical gradient for non-square shapes",
    arguments: [([2, 3], [3, 4]), ([4, 1], [1, 3]), ([1, 5], [5, 2])])
  func matmulAgainstNumerical(shapes: ([Int], [Int])) {
    let a = signedTensor(shapes.0, seed: 61)
    let b = signedTensor(shapes.1, seed: 62)
    expectGradientsMatchNumerical("matmul \(shapes.0) x \(shapes.1)", at: [a, b], seed: 63) {
      matmul($0[0], $0[1])
    }
  }

  @Test("your chapter 2 gradient checker agrees with the tests' own on tanh(A B)")
  func learnersCheckerAgrees() {
    // Every other backward test of chapters 3-5 grades with the tests' own central
    // differences, so a bug in 2.4 can neither hide nor fake a bug here; this one test shows
    // that the checker you wrote gives the same verdict on a right rule.
    let a = signedTensor([2, 3], seed: 81)
    let b = signedTensor([3, 2], seed: 82)
    let weights = signedTensor([2, 2], seed: 83)
    let variable = Variable(a)
    weightedSum(matmul(variable, Variable(b)).tanh(), weights).backward()
    let loss: (Tensor) -> Double = {
      (matmul(Variable($0), Variable(b)).tanh().value * weights).sum()
    }
    let oracle = centralDifference(loss, at: a)
    let supportError = largestRelativeError(variable.grad, oracle)
    guard supportError < rightGradientThreshold else {
      Issue.record(
        """
        the gradient of tanh(A B) with respect to A disagrees with the tests' own central \
        differences (relative error \(supportError)): fix matmul's and tanh's rules first \
        (the other tests of 3.5 say which)
        analytic:  \(variable.grad)
        numerical: \(oracle)
        """)
      return
    }
    let yours = numericalGradient(of: loss, at: a)
    let check = checkGradient(of: loss, analytic: variable.grad, at: a)
    #expect(
      largestRelativeError(yours, oracle) < 1e-8 && check.verdict == .good,
      """
      the rules are right (the tests' central differences agree to \(supportError)), but your \
      chapter 2 checker says otherwise: numericalGradient gave \(yours) where central \
      differences give \(oracle), and checkGradient's verdict is \(check.verdict.rawValue) \
      (relative error \(check.maxRelativeError)). Exercise 2.4 has a bug: run chapter 2's \
      tests (swift test --filter Chapter02)
      """)
  }

  @Test("matmul sends G Bᵀ to A and Aᵀ G to B, each with its operand's shape")
  func matmulGradientFormulas() throws {
    let a = Variable(randomTensor([2, 3], seed: 71), name: "A")
    let b = Variable(randomTensor([3, 4], seed: 72), name: "B")
    let g = randomTensor([2, 4], seed: 73)
    // The rule is called directly: through backward(), a gradient of the wrong shape would
    // stop the whole test process.
    let gradients = matmul(a, b).backwardRule(g)
    try #require(gradients.count == 2, "matmul has two parents: return [dL/dA, dL/dB]")
    expectClose(
      gradients[0], naiveMatmul(g, b.value.transposed()), tolerance: 1e-12,
      "dL/dA = G Bᵀ: [2, 4] x [4, 3] = [2, 3], the shape of A")
    expectClose(
      gradients[1], naiveMatmul(a.value.transposed(), g), tolerance: 1e-12,
      """
      dL/dB = Aᵀ G: [3, 2] x [2, 4] = [3, 4], the shape of B (Gᵀ A is its transpose, [4, 3]). \
      With square matrices a transpose in the wrong place keeps the shape; these shapes are \
      all different
      """)
  }

  @Test("relu passes the gradient where the input is positive and blocks it elsewhere")
  func reluGates() {
    let x = Variable(Tensor([-2, -0.5, 0.5, 3]), name: "x")
    weightedSum(x.relu(), Tensor([1, 2, 3, 4])).backward()
    expectClose(
      x.grad, Tensor([0, 0, 3, 4]),
      "the upstream gradient times 1 where x > 0 and times 0 where x <= 0")
  }

  @Test("tanh, sigmoid and exp take their slope from the output y, not from the input x")
  func slopesFromOutput() {
    let input = Tensor([1, -0.5])
    let weights = Tensor([1, 3])
    let y = Variable(input).tanh().value
    let s = Variable(input).sigmoid().value
    let e = Variable(input).exp().value
    let cases: [(String, (Variable) -> Variable, Tensor)] = [
      ("tanh: 1 - y^2", { $0.tanh() }, weights * (1 - y * y)),
      ("sigmoid: y (1 - y)", { $0.sigmoid() }, weights * s * (1 - s)),
      ("exp: y", { $0.exp() }, weights * e),
    ]
    for (label, function, expected) in cases {
      let x = Variable(input)
      weightedSum(function(x), weights).backward()
      expectClose(
        x.grad, expected, tolerance: 1e-12,
        """
        \(label), with y the function's OUTPUT: chapter 2's tanhBackward, sigmoidBackward \
        and expBackward take the output, so pass them the forward result, not the input
        """)
    }
  }
}
