import Autodiff
import DropoutAndModes
import Foundation
import Layers
import Tensors

/// The result of `checkBatchIndependence`.
public struct BatchIndependenceCheck: SanityCheck {
  /// The example whose outputs the loss was made of.
  public let example: Int
  /// The norm of the gradient with respect to that example's own input: must be > 0, or the
  /// loss never reached the inputs and the check saw nothing.
  public let ownGradientNorm: Double
  /// The other examples whose input gradient is not exactly zero, in order.
  public let leakingExamples: [Int]
  /// The largest absolute gradient found in another example's input (0 when none leaks).
  public let largestLeak: Double

  /// Creates a result from its numbers.
  public init(example: Int, ownGradientNorm: Double, leakingExamples: [Int], largestLeak: Double) {
    self.example = example
    self.ownGradientNorm = ownGradientNorm
    self.leakingExamples = leakingExamples
    self.largestLeak = largestLeak
  }

  /// "batch independence".
  public var name: String { "batch independence" }

  /// Whether no other example leaks and the example's own gradient is not zero.
  public var passed: Bool { leakingExamples.isEmpty && ownGradientNorm > 0 }

  /// The numbers, and the likely cause when the check failed.
  public var summary: String {
    if !leakingExamples.isEmpty {
      return "the outputs of example \(example) depend on examples \(leakingExamples) "
        + "(largest gradient \(largestLeak)): something mixes the batch, e.g. a reshape used "
        + "where a transpose was meant"
    }
    if !(ownGradientNorm > 0) {
      return "the gradient with respect to example \(example)'s own input is \(ownGradientNorm):"
        + " the loss does not reach the inputs, so the check cannot see anything"
    }
    return "gradient only in example \(example)'s own input (norm "
      + "\(String(format: "%.3g", ownGradientNorm)))"
  }
}

/// Checks that the model's outputs for one example depend on that example's input alone, by
/// backpropagating from those outputs to the inputs.
///
/// ```
/// x = Variable(inputs)                      [N, ...], N >= 2
/// outputs = model(x)                        in evaluation mode
/// L = sum of outputs[example]               a loss made of one example's outputs only
/// L.backward()
/// x.grad[j] must be exactly 0 for every j != example, and x.grad[example] must not be 0
/// ```
///
/// Examples in a batch must not talk to each other (in evaluation mode; batch normalisation
/// mixes them on purpose while training). A forward pass that does mix them still runs, with
/// the right shapes: a `reshaped([N, F])` where `transposed()` was meant, a sum or softmax
/// along axis 0 instead of 1, a broadcast that lines up the batch with a feature. The
/// gradient finds it: an exact zero is exact, so any non-zero gradient in another row is a
/// leak (Karpathy's "use backprop to chart dependencies").
///
/// The model's parameter gradients are put back as they were.
///
/// ```swift
/// checkBatchIndependence(model, inputs: batch.inputs, example: 2).passed   // true
/// ```
///
/// - Parameters:
///   - model: A model whose output's first dimension is the batch.
///   - inputs: A batch of at least two examples, `[N, features...]`.
///   - example: The example the loss is made of, in 0 ..< N.
///
/// Exercise 10.14.
public func checkBatchIndependence(_ model: Module, inputs: Tensor, example: Int)
  -> BatchIndependenceCheck
{
  // BEGIN EXERCISE 10.14
  // STUB: let nan = Double.nan
  // STUB: return .init(example: example, ownGradientNorm: nan, leakingExamples: [], largestLeak: nan)
  check(
    inputs.rank >= 2 && inputs.shape[0] >= 2,
    "checkBatchIndependence: need a batch of at least 2 examples, got inputs of shape "
      + "\(inputs.shape)")
  let count = inputs.shape[0]
  check(
    example >= 0 && example < count,
    "checkBatchIndependence: example \(example) is out of range for a batch of \(count)")
  let saved = allParameters(of: model).map { ($0, $0.grad) }
  defer {
    for (parameter, grad) in saved { parameter.grad = grad }
  }
  let x = Variable(inputs, name: "inputs")
  let outputs = model.evaluating { model(x) }
  check(
    outputs.shape.first == count,
    "checkBatchIndependence: the output has shape \(outputs.shape); its first dimension "
      + "should be the batch (\(count))")
  let outputRow = outputs.value.count / count
  var mask = [Double](repeating: 0, count: outputs.value.count)
  for k in 0..<outputRow { mask[example * outputRow + k] = 1 }
  (outputs * Variable(Tensor(shape: outputs.shape, scalars: mask))).sum().backward()

  let inputRow = inputs.count / count
  var ownSumOfSquares = 0.0
  var leaking: [Int] = []
  var largestLeak = 0.0
  for j in 0..<count {
    let row = x.grad.scalars[(j * inputRow)..<((j + 1) * inputRow)]
    if j == example {
      ownSumOfSquares = row.reduce(0) { $0 + $1 * $1 }
    } else if let largest = row.map(Swift.abs).max(), largest != 0 {
      leaking.append(j)
      largestLeak = Swift.max(largestLeak, largest)
    }
  }
  return BatchIndependenceCheck(
    example: example, ownGradientNorm: ownSumOfSquares.squareRoot(), leakingExamples: leaking,
    largestLeak: largestLeak)
  // END EXERCISE 10.14
}

/// Every parameter of every module of `model`, frozen or not (a shared one may repeat).
func allParameters(of model: Module) -> [Variable] {
  model.modules.flatMap(\.ownParameters)
}
