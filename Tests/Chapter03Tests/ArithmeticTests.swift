import Autodiff
import AutodiffTestSupport
import Tensors
import TestSupport
import Testing

/// The four binary operations of exercise 3.4, as test arguments.
enum BinaryOperation: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case add = "a + b"
  case subtract = "a - b"
  case multiply = "a * b"
  case divide = "a / b"

  var testDescription: String { rawValue }

  /// The rule, for the failure message.
  var rule: String {
    switch self {
    case .add: "dL/da = g, dL/db = g"
    case .subtract: "dL/da = g, dL/db = -g"
    case .multiply: "dL/da = g * b, dL/db = g * a: each operand gets the OTHER one"
    case .divide: "dL/da = g / b, dL/db = -g a / b²"
    }
  }

  func callAsFunction(_ a: Variable, _ b: Variable) -> Variable {
    switch self {
    case .add: a + b
    case .subtract: a - b
    case .multiply: a * b
    case .divide: a / b
    }
  }
}

/// The operations with a number on one side, and negation.
enum ScalarOperation: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case plusNumber = "x + 2"
  case numberPlus = "2 + x"
  case minusNumber = "x - 2"
  case numberMinus = "2 - x"
  case timesNumber = "x * 3"
  case numberTimes = "3 * x"
  case overNumber = "x / 4"
  case numberOver = "4 / x"
  case negate = "-x"

  var testDescription: String { rawValue }

  func callAsFunction(_ x: Variable) -> Variable {
    switch self {
    case .plusNumber: x + 2
    case .numberPlus: 2 + x
    case .minusNumber: x - 2
    case .numberMinus: 2 - x
    case .timesNumber: x * 3
    case .numberTimes: 3 * x
    case .overNumber: x / 4
    case .numberOver: 4 / x
    case .negate: -x
    }
  }
}

@Suite("3.4 Elementwise arithmetic with broadcasting")
struct ArithmeticTests {
  @Test(
    "each binary rule matches the numerical gradient, with and without broadcasting",
    arguments: BinaryOperation.allCases,
    [([4, 3], [4, 3]), ([4, 3], [3]), ([4, 1], [1, 3]), ([2, 3], [])])
  func binaryAgainstNumerical(operation: BinaryOperation, shapes: ([Int], [Int])) {
    let a = signedTensor(shapes.0, seed: 31)
    let b = signedTensor(shapes.1, seed: 32)
    expectGradientsMatchNumerical(
      "\(operation.rawValue), \(shapes.0) and \(shapes.1) (\(operation.rule), each summed back "
        + "to its operand's shape with unbroadcast)", at: [a, b], seed: 33
    ) {
      operation($0[0], $0[1])
    }
  }

  @Test(
    "with a number on either side, and negation, the rule matches the numerical gradient",
    arguments: ScalarOperation.allCases)
  func scalarAgainstNumerical(operation: ScalarOperation) {
    let x = signedTensor([2, 3], seed: 41)
    expectGradientsMatchNumerical(operation.rawValue, at: [x], seed: 42) { operation($0[0]) }
  }

  @Test("a [3] bias added to a [4, 3] batch gets a [3] gradient: the column sums")
  func biasGradientIsColumnSum() {
    let x = Variable(randomTensor([4, 3], seed: 51), name: "x")
    let bias = Variable(Tensor([0.1, 0.2, 0.3]), name: "bias")
    let weights = Tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
    weightedSum(x + bias, weights).backward()
    #expect(
      bias.grad.shape == [3],
      """
      the bias has shape [3], so its gradient must too: sum the [4, 3] upstream gradient over \
      the batch axis (unbroadcast), got shape \(bias.grad.shape)
      """)
    expectClose(
      bias.grad, Tensor([22, 26, 30]),
      "each bias element is used by all 4 rows: its gradient is the column sum")
    expectClose(x.grad, weights, "x was not broadcast: it receives the upstream gradient as is")
  }

  @Test("x * x gives 2x: both uses of x send their gradient back")
  func squareGivesTwoX() {
    let x = Variable(Tensor([3, -1, 0.5]), name: "x")
    weightedSum(x * x, Tensor([1, 1, 2])).backward()
    expectClose(
      x.grad, Tensor([6, -2, 2]),
      """
      d(x * x)/dx = 2x: the rule sends g * b to a and g * a to b, and both are x. Getting x \
      instead of 2x means the second gradient overwrote the first
      """)
  }

  @Test("a diamond of arithmetic sums its paths: d = a * 2 + a * 5 gives dd/da = 7")
  func arithmeticDiamond() {
    let a = Variable(Tensor([1, -3]), name: "a")
    weightedSum(a * 2 + a * 5, Tensor([1, 1])).backward()
    expectClose(a.grad, Tensor([7, 7]), "a reaches d along two paths, with slopes 2 and 5")
  }
}
