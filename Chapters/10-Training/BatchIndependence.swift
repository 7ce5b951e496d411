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
  // TODO(10.14): your code here (README.md, exercise 10.14).
  let nan = Double.nan
  return .init(example: example, ownGradientNorm: nan, leakingExamples: [], largestLeak: nan)
}

/// Every parameter of every module of `model`, frozen or not (a shared one may repeat).
func allParameters(of model: Module) -> [Variable] {
  model.modules.flatMap(\.ownParameters)
}
