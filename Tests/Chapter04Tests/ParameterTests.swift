import Autodiff
import AutodiffTestSupport
import Foundation
import Layers
import Tensors
import TestSupport
import Testing

@Suite("4.4 Collecting every parameter")
struct ParameterTests {
  @Test("a Linear lists [weight, bias], the very Variables it uses; without a bias, [weight]")
  func linearParameters() {
    let layer = randomLinear(inputs: 3, outputs: 2, seed: 61)
    let noBias = randomLinear(inputs: 3, outputs: 2, bias: false, seed: 62)
    let named = labels([("layer", layer), ("noBias", noBias)])
    #expect(
      sameObjects(layer.parameters, [layer.weight, layer.bias!]),
      """
      layer.parameters should be [layer.weight, layer.bias], got \
      \(describe(layer.parameters, named)): start from the module's own ownParameters
      """)
    #expect(
      sameObjects(noBias.parameters, [noBias.weight]),
      "a layer without bias has only its weight, got \(describe(noBias.parameters, named))")
  }

  @Test("a Sequential lists its layers' parameters in order; activations add none")
  func sequentialInOrder() {
    let (a, b) = (
      randomLinear(inputs: 2, outputs: 3, seed: 63), randomLinear(inputs: 3, outputs: 1, seed: 64)
    )
    let model = Sequential(a, ReLU(), b, Tanh())
    let expected = [a.weight, a.bias!, b.weight, b.bias!]
    #expect(
      sameObjects(model.parameters, expected),
      """
      expected [a.weight, a.bias, b.weight, b.bias], got \
      \(describe(model.parameters, labels([("a", a), ("b", b)]))). A container has no \
      parameters of its own: they are its children's, collected in the children's order
      """)
  }

  @Test("parameters are collected at every depth, not just one level down")
  func everyDepth() {
    let a = randomLinear(inputs: 2, outputs: 2, seed: 65)
    let b = randomLinear(inputs: 2, outputs: 2, seed: 66)
    let c = randomLinear(inputs: 2, outputs: 2, seed: 67)
    let model = Sequential(a, Sequential(ReLU(), b, Sequential(c)))
    let found = model.parameters
    #expect(
      sameObjects(found, [a.weight, a.bias!, b.weight, b.bias!, c.weight, c.bias!]),
      """
      expected all 6 tensors of a, b and c (c is a great-grandchild), got \
      \(describe(found, labels([("a", a), ("b", b), ("c", c)]))). Collect recursively: \
      a child's parameters include ITS children's. A tensor missing here is never trained
      """)
  }

  @Test("a layer used twice in a model yields its parameters once")
  func sharedLayerOnce() {
    let shared = randomLinear(inputs: 2, outputs: 2, seed: 68)
    let model = Sequential(shared, ReLU(), shared, Sequential(shared))
    let found = model.parameters
    #expect(
      sameObjects(found, [shared.weight, shared.bias!]),
      """
      expected [shared.weight, shared.bias] once, got \
      \(describe(found, labels([("shared", shared)]))). A layer applied at three places is \
      one layer: listed three times, an optimizer would update it three times per step. \
      Remember what you have visited by identity (Set<ObjectIdentifier>)
      """)
    #expect(model.parameterCount == 6, "2 x 2 weights + 2 biases, counted once")
  }

  @Test("one Variable owned by two modules (tied weights) is listed once")
  func tiedVariableOnce() {
    let tied = Variable(Tensor(3), name: "tied")
    let other = Variable(Tensor(-1), name: "other")
    let twin = Variable(Tensor(3), name: "twin")
    let model = Sequential(Scale(tied), Scale(other), Scale(tied))
    let found = model.parameters
    let named = [("tied", tied), ("other", other), ("twin", twin)]
    #expect(
      sameObjects(found, [tied, other]),
      """
      expected [tied, other], got \(describe(found, named)). \
      Two different modules own the same Variable: skipping modules already seen is not \
      enough, skip Variables already listed (by ObjectIdentifier, not by value)
      """)
    let twins = Sequential(Scale(tied), Scale(twin)).parameters
    #expect(
      sameObjects(twins, [tied, twin]),
      """
      tied and twin are two different Variables that both hold 3: expected [tied, twin], got \
      \(describe(twins, named)). Recognise a Variable by identity (ObjectIdentifier), not by \
      value: equal values are not the same parameter, and the one left out never trains
      """)
  }

  @Test("a module's own parameters come before its children's, at every level")
  func ownBeforeChildren() {
    let inner = randomLinear(inputs: 2, outputs: 2, seed: 69)
    let block = GatedResidual(gate: 0.5, inner: inner)
    let second = GatedResidual(gate: 2, inner: Identity())
    let model = Sequential(block, second)
    let found = model.parameters
    let named =
      labels([("inner", inner)]) + [("block.gate", block.gate), ("second gate", second.gate)]
    #expect(
      sameObjects(found, [block.gate, inner.weight, inner.bias!, second.gate]),
      """
      expected [block.gate, inner.weight, inner.bias, second gate], got \
      \(describe(found, named)): a custom module's ownParameters first, then its children's
      """)
  }

  @Test("a frozen module contributes no parameters, and neither does anything inside it")
  func frozenSkipped() {
    let a = randomLinear(inputs: 2, outputs: 2, seed: 70)
    let b = randomLinear(inputs: 2, outputs: 2, seed: 71)
    let c = randomLinear(inputs: 2, outputs: 2, seed: 72)
    let d = randomLinear(inputs: 2, outputs: 2, seed: 73)
    let block = Sequential(b, ReLU(), c)
    let model = Sequential(a, block, d)
    let named = labels([("a", a), ("b", b), ("c", c), ("d", d)])
    block.isFrozen = true
    #expect(
      sameObjects(model.parameters, [a.weight, a.bias!, d.weight, d.bias!]),
      """
      with block = Sequential(b, ReLU(), c) frozen, expected [a.weight, a.bias, d.weight, \
      d.bias], got \(describe(model.parameters, named)). b and c are not frozen themselves, \
      but they are inside a frozen module: do not look inside it
      """)
    block.isFrozen = false
    c.isFrozen = true
    #expect(
      sameObjects(model.parameters, [a.weight, a.bias!, b.weight, b.bias!, d.weight, d.bias!]),
      "with only c frozen, everything but c: got \(describe(model.parameters, named))")
    model.isFrozen = true
    #expect(model.parameters.isEmpty, "a frozen model has nothing to train")
  }

  @Test("after one SGD step every trainable tensor has changed and every frozen one is identical")
  func sgdStep() {
    let frozen = randomLinear(inputs: 3, outputs: 4, seed: 74)
    let deep = randomLinear(inputs: 4, outputs: 4, seed: 75)
    let shared = randomLinear(inputs: 4, outputs: 4, seed: 76)
    let model = Sequential(frozen, ReLU(), Sequential(shared, Sequential(deep)), shared)
    frozen.isFrozen = true
    let all = [("frozen", frozen), ("deep", deep), ("shared", shared)]
    // The loss touches every tensor of the model, frozen or not, so every gradient is nonzero.
    var loss: Variable?
    for (index, (_, layer)) in all.enumerated() {
      for (offset, tensor) in layer.ownParameters.enumerated() {
        let term = weightedSum(
          tensor, signedTensor(tensor.shape, seed: UInt64(80 + 2 * index + offset)))
        loss = loss.map { $0 + term } ?? term
      }
    }
    loss?.backward()
    let tensors = labels(all)
    let before = tensors.map(\.1.value)
    for parameter in model.parameters {
      parameter.value = parameter.value - 0.1 * parameter.grad
    }
    for ((name, tensor), old) in zip(tensors, before) {
      if name.hasPrefix("frozen") {
        #expect(
          tensor.value == old,
          "\(name) belongs to a frozen layer: the optimizer must never see it, yet it changed")
      } else {
        #expect(
          tensor.value != old,
          """
          \(name) did not change after the step: model.parameters missed it, so an optimizer \
          would never train it (deep sits two containers down; shared is used twice)
          """)
        expectClose(
          tensor.value, old - 0.1 * tensor.grad, tolerance: 1e-12,
          "\(name) should move by exactly -0.1 * grad: moving twice as far means it was listed twice"
        )
      }
    }
  }

  @Test("parameterCount counts the trainable scalars: a 2 -> 3 -> 1 network has 13")
  func count() {
    let model = Sequential(
      randomLinear(inputs: 2, outputs: 3, seed: 90), ReLU(),
      randomLinear(inputs: 3, outputs: 1, seed: 91))
    #expect(
      model.parameterCount == 13,
      "(3 x 2 + 3) + (1 x 3 + 1) = 13 scalars, got \(model.parameterCount)")
  }
}
