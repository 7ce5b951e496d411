import Autodiff
import Foundation
import Layers
import Tensors
import TestSupport
import Testing

@Suite("4.5 Training and evaluation modes")
struct ModeTests {
  /// The modules of `model` still in the wrong mode, for messages.
  static func wrong(_ model: Module, expected training: Bool) -> [String] {
    allModules(model).filter { $0.isTraining != training }.map(\.description)
  }

  @Test("modules lists the model and every module inside it once, depth first, frozen too")
  func modulesWalksTheTree() {
    let shared = randomLinear(inputs: 2, outputs: 2, seed: 104)
    let probe = ModeProbe()
    let frozenBlock = Sequential(probe, Identity())
    frozenBlock.isFrozen = true
    let inner = Sequential(ReLU(), frozenBlock)
    let model = Sequential(shared, inner, Tanh(), shared)
    let expected = allModules(model)
    let got = model.modules
    let names = { (list: [Module]) in "[" + list.map(\.description).joined(separator: ", ") + "]" }
    guard got.count != expected.count || !zip(got, expected).allSatisfy({ $0 === $1 }) else {
      return
    }
    let unique = Set(got.map(ObjectIdentifier.init)).count
    let diagnosis: String
    if got.isEmpty {
      diagnosis = "It is empty: start the walk with the model itself."
    } else if unique < got.count {
      diagnosis =
        "A module appears more than once: the shared Linear is one module, list it once "
        + "(a Set<ObjectIdentifier> of the modules already seen)."
    } else if !got.contains(where: { $0 === probe }) {
      diagnosis =
        "The ModeProbe is missing: it sits inside a frozen block, and modules lists frozen "
        + "modules too (only `parameters` skips them), at every depth."
    } else if got.count == expected.count {
      diagnosis =
        "The right modules in the wrong order: depth first, a module before its children "
        + "and the children in order (push them on the stack reversed)."
    } else {
      diagnosis = "Walk every depth: the children's children, and theirs."
    }
    Issue.record(
      """
      modules of Sequential(shared Linear, Sequential(ReLU, frozen Sequential(ModeProbe, \
      Identity)), Tanh, shared Linear) should be the \(expected.count) modules \
      \(names(expected)), each once, depth first; got \(got.count): \(names(got)). \
      \(diagnosis)
      """)
  }

  @Test("a new module is in training mode; eval() switches it and its children off")
  func evalSwitchesChildren() {
    let model = Sequential(randomLinear(inputs: 2, outputs: 2, seed: 101), ReLU())
    let startsTraining = allModules(model).allSatisfy { $0.isTraining }
    #expect(startsTraining, "modules start in training mode")
    model.eval()
    #expect(
      Self.wrong(model, expected: false).isEmpty,
      """
      after model.eval() these are still training: \(Self.wrong(model, expected: false)). \
      eval() must set isTraining = false on the model AND on every module inside it
      """)
    model.eval()
    #expect(
      Self.wrong(model, expected: false).isEmpty,
      """
      a second model.eval() put these back in training: \(Self.wrong(model, expected: false)). \
      setTraining(false) sets the mode, it does not toggle it: assign training, never \
      !isTraining
      """)
  }

  @Test("eval() reaches a grandchild, and train() brings every module back")
  func grandchild() {
    let probe = ModeProbe()
    let block = Sequential(Identity(), Sequential(probe))
    let model = Sequential(randomLinear(inputs: 2, outputs: 2, seed: 102), block)
    model.eval()
    #expect(
      !probe.isTraining && !block.isTraining,
      """
      the ModeProbe two containers down is still training after model.eval() \
      (still training: \(Self.wrong(model, expected: false))). Setting the mode on the \
      direct children only is the classic bug: a Dropout inside a block would keep \
      dropping at evaluation time. Walk every descendant (loop over `modules`)
      """)
    model.train()
    #expect(
      Self.wrong(model, expected: true).isEmpty,
      "after model.train(), still in evaluation mode: \(Self.wrong(model, expected: true))")
  }

  @Test("setTraining(false) on a block changes the block and everything inside it, not its parent")
  func onlyDownwards() {
    let inner = ModeProbe()
    let block = Sequential(inner, Identity())
    let sibling = ModeProbe()
    let model = Sequential(block, sibling)
    block.setTraining(false)
    #expect(
      !block.isTraining && !inner.isTraining,
      "block.setTraining(false) must switch the block and its children to evaluation mode")
    #expect(
      model.isTraining && sibling.isTraining,
      "the mode goes down the tree only: the block's parent and its sibling stay in training")
  }

  @Test("eval() reaches frozen modules and what is inside them: freezing and modes are independent")
  func frozenFollowsMode() {
    let probe = ModeProbe()
    let frozenBlock = Sequential(randomLinear(inputs: 2, outputs: 2, seed: 103), probe)
    frozenBlock.isFrozen = true
    let model = Sequential(frozenBlock, ReLU())
    model.eval()
    #expect(
      Self.wrong(model, expected: false).isEmpty,
      """
      still training after eval(): \(Self.wrong(model, expected: false)). A frozen module is \
      excluded from `parameters`, not from the mode: a frozen block with dropout inside must \
      stop dropping at evaluation time too. Do not reuse the parameter walk that skips frozen \
      modules here
      """)
  }

  @Test("a layer that reads isTraining changes its output after model.eval(), even if shared")
  func behaviourFollowsMode() {
    let probe = ModeProbe()
    let model = Sequential(probe, Sequential(Identity(), probe))
    let x = Variable(Tensor([1, -2]))
    model.eval()
    expectClose(
      probe(x).value, Tensor([1, -2]),
      """
      the probe doubles its input in training mode and passes it through in evaluation mode; \
      after model.eval() it still doubles. It appears twice in the model (shared): it must be \
      switched, and switching it once is enough
      """)
    model.setTraining(true)
    expectClose(
      probe(x).value, Tensor([2, -4]), "after setTraining(true) the probe doubles again")
  }
}
