import Autodiff
import Optimizers
import Tensors
import TestSupport
import Testing

// Helpers shared by the chapter's suites. Gradients are assigned by hand (`p.grad = ...`), so
// that every update rule is tested on its own, with numbers that can be followed on paper.

/// An optimizer that updates nothing: the smallest type that gets `zeroGrad()` from the
/// protocol extension, so that exercise 7.1 is tested without any optimizer of 7.2-7.4.
final class InertOptimizer: Optimizer {
  let parameters: [Variable]
  var learningRate = 0.0
  init(_ parameters: [Variable]) { self.parameters = parameters }
  func step() {}
}

/// A leaf variable holding `values`, with the gradient `gradient`.
func parameter(_ values: [Double], gradient: [Double]) -> Variable {
  let variable = Variable(Tensor(values))
  variable.grad = Tensor(gradient)
  return variable
}

/// The ill-conditioned quadratic bowl `f(θ) = ½ ((θ₀ - 1)² + 100 (θ₁ + 2)²)`, started at
/// (-3, 2): its curvature is 100 times larger along θ₁, the situation momentum and
/// per-coordinate scaling are made for (plain SGD must keep the rate below 2/100 for the steep
/// direction and then crawls along the flat one). Its gradient is `(θ₀ - 1, 100 (θ₁ + 2))` and
/// its minimum (1, -2).
enum Bowl {
  static let curvature = Tensor([1, 100])
  static let minimum = Tensor([1, -2])

  /// Runs `steps` optimizer steps from (-3, 2) with the exact gradient, and returns the
  /// distance to the minimum at the end (NaN when the run went non-finite).
  static func distanceAfter(_ steps: Int, _ makeOptimizer: ([Variable]) -> any Optimizer)
    -> Double
  {
    let theta = Variable(Tensor([-3, 2]), name: "theta")
    let optimizer = makeOptimizer([theta])
    for _ in 0..<steps {
      optimizer.zeroGrad()
      theta.grad = curvature * (theta.value - minimum)
      optimizer.step()
    }
    let offset = theta.value - minimum
    return (offset * offset).sum().squareRoot()
  }
}

/// Checks that an optimizer keeps separate state for each parameter: two parameters of the
/// same shape, updated together for four steps, must end exactly where two optimizers that
/// each own one of them take them.
///
/// The gradients differ between the parameters and between the steps, so a single buffer
/// shared by all the parameters (or one per shape) mixes them and is caught.
func expectIndependentState(
  _ name: String, sourceLocation: SourceLocation = #_sourceLocation,
  _ makeOptimizer: ([Variable]) -> any Optimizer
) {
  let starts = [Tensor([1, -2, 0.5]), Tensor([-3, 0.25, 4])]
  func gradient(_ index: Int, step: Int, at value: Tensor) -> Tensor {
    value * Double(index + 1) + Tensor([1, -1, 2]) * Double(step * (index == 0 ? 1 : -3))
  }
  let together = starts.map { Variable($0) }
  let alone = starts.map { Variable($0) }
  let shared = makeOptimizer(together)
  let separate = alone.map { makeOptimizer([$0]) }
  for step in 0..<4 {
    for index in 0..<2 {
      together[index].grad = gradient(index, step: step, at: together[index].value)
      alone[index].grad = gradient(index, step: step, at: alone[index].value)
      separate[index].step()
    }
    shared.step()
  }
  for index in 0..<2 {
    expectClose(
      together[index].value, alone[index].value, tolerance: 1e-13,
      """
      \(name): parameter \(index) updated alongside another one of the same shape ended \
      elsewhere than when it is the only parameter. Keep the state (buffers, running \
      averages) per parameter, in an array indexed like `parameters`, never one shared \
      buffer or one per shape.
      """, sourceLocation: sourceLocation)
  }
  #expect(
    together[0].value != starts[0], "\(name): the parameters did not move at all",
    sourceLocation: sourceLocation)
}
