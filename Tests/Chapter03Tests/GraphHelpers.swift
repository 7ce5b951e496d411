import Autodiff
import AutodiffTestSupport
import Foundation
import Gradients
import Tensors
import TestSupport
import Testing
import WorkbookSupport

// Helpers shared by the chapter's suites. The first three build graph nodes with the public
// initializer, so that the tests of 3.1 and 3.2 do not depend on the arithmetic of 3.4. Their
// rules capture numbers and tensors only, never variables (as the chapter's own rules do).

/// `factor * x`, with the rule `g -> [factor * g]`.
func scaled(_ x: Variable, by factor: Double) -> Variable {
  Variable(value: x.value * factor, parents: [x], operation: "scale") { g in [g * factor] }
}

/// `a + b` for operands of the same shape, with the rule `g -> [g, g]`.
func added(_ a: Variable, _ b: Variable) -> Variable {
  Variable(value: a.value + b.value, parents: [a, b], operation: "plus") { g in [g, g] }
}

/// A tensor of positive elements in `range` (for `log`).
func positiveTensor(_ shape: [Int], seed: UInt64, in range: ClosedRange<Double> = 0.5...3)
  -> Tensor
{
  var generator = SeededGenerator(seed: seed)
  return Tensor.randomUniform(shape, in: range, using: &generator)
}

/// Checks the gradients that `operation` sends to each of its inputs against the tests' own
/// central differences (`centralDifference` of the test support, never the learner's chapter 2
/// checker, so that a bug there cannot make these tests pass or fail falsely).
///
/// The loss is `sum(operation(inputs) * weights)` with random weights. For input `i`, the
/// analytic gradient comes from `backward()`; the numerical one nudges each element of input
/// `i` and recomputes the forward pass.
func expectGradientsMatchNumerical(
  _ label: String, at inputs: [Tensor], seed: UInt64,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ operation: @escaping ([Variable]) -> Variable
) {
  let outputShape = operation(inputs.map { Variable($0) }).shape
  let weights = signedTensor(outputShape, seed: seed &+ 1000)
  let variables = inputs.map { Variable($0) }
  weightedSum(operation(variables), weights).backward()
  for (index, input) in inputs.enumerated() {
    let analytic = variables[index].grad
    guard analytic.shape == input.shape else {
      Issue.record(
        """
        \(label): the gradient of input \(index) has shape \(analytic.shape), but the input \
        has shape \(input.shape): a gradient always has the shape of what it \
        differentiates (sum over broadcast axes with unbroadcast)
        """,
        sourceLocation: sourceLocation)
      continue
    }
    let loss: (Tensor) -> Double = { nudged in
      var point = inputs
      point[index] = nudged
      return (operation(point.map { Variable($0) }).value * weights).sum()
    }
    let numerical = centralDifference(loss, at: input)
    let (error, worst) = worstRelativeError(analytic, numerical)
    #expect(
      error < rightGradientThreshold,
      """
      \(label): the backward rule disagrees with the numerical gradient for input \(index) \
      (relative error \(error) at \(worst); a right gradient stays below \
      \(rightGradientThreshold)).\(constantFactor(analytic, numerical))
      analytic:  \(analytic)
      numerical: \(numerical)
      """,
      sourceLocation: sourceLocation)
  }
}

/// What a wrong gradient that is a constant multiple of the right one most likely means, or "".
func constantFactor(_ analytic: Tensor, _ numerical: Tensor) -> String {
  guard
    let index = numerical.scalars.indices.max(by: {
      abs(numerical.scalars[$0]) < abs(numerical.scalars[$1])
    }),
    abs(numerical.scalars[index]) > 1e-6
  else { return "" }
  let factor = analytic.scalars[index] / numerical.scalars[index]
  guard factor.isFinite, abs(factor - 1) > 1e-3,
    zip(analytic.scalars, numerical.scalars).allSatisfy({
      abs($0 - factor * $1) <= 1e-6 * Swift.max(1, abs($0))
    })
  else { return "" }
  if abs(factor + 1) < 1e-6 { return " The sign is flipped everywhere: check the rule's sign." }
  return """
     The analytic gradient is \(factor) times the numerical one everywhere: a constant \
    factor, such as a 1/N left out or applied twice.
    """
}

/// Runs `body` on a new thread with a stack of `stackSize` bytes and returns its result.
///
/// Test threads on Linux have 8 MB stacks, on which even a deep recursion may survive; 512 KB
/// is the default for secondary threads on macOS (and for Swift's concurrent tasks there), so
/// a recursive graph walk that works on one machine would crash on another. This makes the
/// depth tests behave the same everywhere.
func onSmallStack<Result>(
  bytes stackSize: Int = 512 * 1024, _ body: @escaping () -> Result
) -> Result {
  let box = ThreadBox<Result>()
  box.body = body
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.result = box.body?()
    box.body = nil
    done.signal()
  }
  thread.stackSize = stackSize
  thread.start()
  done.wait()
  return box.result!
}

/// Hands a closure to another thread and its result back. Safe without a lock: the thread
/// runs the closure while the caller waits on a semaphore, so the two never touch it at once.
private final class ThreadBox<Result>: @unchecked Sendable {
  var body: (() -> Result)?
  var result: Result?
}
