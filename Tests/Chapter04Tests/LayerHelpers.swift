import Autodiff
import AutodiffTestSupport
import Foundation
import Gradients
import Layers
import Tensors
import TestSupport
import Testing
import WorkbookSupport

// Helpers shared by the chapter's suites. Graph nodes are built with the public initializer of
// chapter 3, and modules with the provided initializers, so that the suites of 4.4 and 4.5 do
// not depend on the forward passes of 4.1-4.3.

/// A Linear layer with seeded random values (the tests' own, not the layer's initialisation).
func randomLinear(inputs: Int, outputs: Int, bias: Bool = true, seed: UInt64) -> Linear {
  Linear(
    weight: randomTensor([outputs, inputs], seed: seed),
    bias: bias ? randomTensor([outputs], seed: seed &+ 1) : nil)
}

/// True when the two tensors have the same shape and every element is close.
func allClose(_ a: Tensor, _ b: Tensor, tolerance: Double = 1e-9) -> Bool {
  a.shape == b.shape
    && zip(a.scalars, b.scalars).allSatisfy { isClose($0, $1, tolerance: tolerance) }
}

/// Checks the gradient that `operation` sends to its input against the tests' own central
/// differences (never the learner's chapter 2 checker), for the loss
/// `sum(operation(x) * weights)` with random weights.
func expectGradientMatchesNumerical(
  _ label: String, at input: Tensor, seed: UInt64,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ operation: @escaping (Variable) -> Variable
) {
  let weights = signedTensor(operation(Variable(input)).shape, seed: seed)
  let x = Variable(input)
  weightedSum(operation(x), weights).backward()
  let loss: (Tensor) -> Double = { (operation(Variable($0)).value * weights).sum() }
  let numerical = centralDifference(loss, at: input)
  let (error, worst) = worstRelativeError(x.grad, numerical)
  #expect(
    error < rightGradientThreshold,
    """
    \(label): the backward rule disagrees with the numerical gradient (relative error \
    \(error) at \(worst); a right gradient stays below \(rightGradientThreshold)).
    analytic:  \(x.grad)
    numerical: \(numerical)
    """,
    sourceLocation: sourceLocation)
}

/// Names parameters for messages: `labels` maps each known variable to a label such as
/// `"a.weight"`; unknown ones print as `"?"`.
func describe(_ parameters: [Variable], _ labels: [(String, Variable)]) -> String {
  let names = parameters.map { parameter in
    labels.first { $0.1 === parameter }?.0 ?? "?"
  }
  return "[" + names.joined(separator: ", ") + "]"
}

/// The labels of a Linear layer's parameters: `name.weight`, `name.bias`.
func labels(_ layers: [(String, Linear)]) -> [(String, Variable)] {
  layers.flatMap { name, layer in
    [(name + ".weight", layer.weight)] + (layer.bias.map { [(name + ".bias", $0)] } ?? [])
  }
}

/// True when `a` and `b` hold the same Variable objects in the same order.
func sameObjects(_ a: [Variable], _ b: [Variable]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { $0 === $1 }
}

/// A parameterless module that remembers nothing but its mode: doubles its input in training
/// mode and passes it through in evaluation mode, the way dropout (chapter 8) behaves
/// differently in the two modes.
final class ModeProbe: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    isTraining ? input * 2 : input
  }
}

/// A module that owns one given variable (so that two modules can share, "tie", one weight)
/// and multiplies its input by it.
final class Scale: Module {
  let factor: Variable
  init(_ factor: Variable) { self.factor = factor }
  override var ownParameters: [Variable] { [factor] }
  override func callAsFunction(_ input: Variable) -> Variable { input * factor }
}

/// A composite module written the way later chapters write theirs: one parameter of its own
/// (a gate) and one child, `y = x + gate * inner(x)`.
final class GatedResidual: Module {
  let gate: Variable
  let inner: Module
  init(gate: Double, inner: Module) {
    self.gate = Variable(Tensor(gate), name: "gate")
    self.inner = inner
  }
  override var ownParameters: [Variable] { [gate] }
  override var children: [Module] { [inner] }
  override func callAsFunction(_ input: Variable) -> Variable { input + gate * inner(input) }
}

/// Every module of `model`, each once, depth first: the tests' own walk over `children`, so
/// that the tests of 4.5 never grade `modules` or `setTraining` with the learner's `modules`.
func allModules(_ model: Module) -> [Module] {
  var result: [Module] = []
  var seen: Set<ObjectIdentifier> = []
  func visit(_ module: Module) {
    guard seen.insert(ObjectIdentifier(module)).inserted else { return }
    result.append(module)
    for child in module.children { visit(child) }
  }
  visit(model)
  return result
}
