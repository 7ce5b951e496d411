import Autodiff
import AutodiffTestSupport
import Tensors
import TestSupport
import Testing

@Suite("3.2 The backward pass and zeroGrad")
struct BackwardTests {
  @Test("the chain rule multiplies the local derivatives along a path; the seed is 1")
  func chainRule() {
    let x = Variable(Tensor([1, 2]), name: "x")
    let y = scaled(x, by: 3)
    let z = scaled(y, by: -2)
    let loss = weightedSum(z, Tensor([1, 10]))
    loss.backward()
    let seed = loss.grad.scalars.first ?? .nan
    let seedDiagnosis =
      seed == loss.value.scalar && seed != 1
      ? " It is the loss's own value: the seed is ones, whatever the loss."
      : seed == 0 ? " Nothing was seeded: the pass must start from ones." : ""
    expectClose(
      loss.grad, Tensor(1),
      """
      dL/dL is 1: seed the pass with a gradient of ones for the output before the walk, \
      Tensor(shape: shape, repeating: 1).\(seedDiagnosis)
      """)
    let onlyOutput =
      seed == 1 && [z, y, x].allSatisfy { $0.grad.scalars.allSatisfy { $0 == 0 } }
    expectClose(
      z.grad, Tensor([1, 10]),
      onlyOutput
        ? """
        only the output received a gradient; every other node kept zero. The walk went \
        parents first (topologicalOrder() as it comes), so each node's turn passed before its \
        children sent it anything: walk topologicalOrder().reversed(), the output first
        """
        : "z receives the weights of the weighted sum")
    expectClose(y.grad, Tensor([-2, -20]), "y receives -2 times z's gradient")
    expectClose(
      x.grad, Tensor([-6, -60]),
      """
      x receives 3 * (-2) * weights: walk the nodes in reverse topological order and send \
      each node's gradient through its rule to its parents
      """)
  }

  @Test("gradients reaching a node along several paths are summed: the diamond gives 2 + 5")
  func diamondSumsPaths() {
    let a = Variable(Tensor(1.5), name: "a")
    let d = added(scaled(a, by: 2), scaled(a, by: 5))
    d.backward()
    expectClose(
      a.grad, Tensor(7),
      """
      a reaches d through b = 2a and c = 5a, so dd/da = 2 + 5 = 7. A result of 2 or 5 means \
      one path overwrote the other: add each arriving gradient to the pass's running \
      total for that node instead of assigning it
      """)
  }

  @Test("a node used twice by one operation receives both gradients (x * x gives 2x)")
  func repeatedParentSums() {
    let x = Variable(Tensor([3, -1]), name: "x")
    let xValue = x.value
    let square = Variable(value: xValue * xValue, parents: [x, x], operation: "square") { g in
      [g * xValue, g * xValue]
    }
    weightedSum(square, Tensor([1, 2])).backward()
    expectClose(
      x.grad, Tensor([6, -4]),
      """
      d(x * x)/dx = 2x: the rule sends g * x to each of the two parents, both of them x, and \
      the two must add up (a dictionary keyed by ObjectIdentifier, summing)
      """)
  }

  @Test("backward twice gives exactly twice the gradient; after zeroGrad, exactly once again")
  func accumulatesAcrossPasses() {
    let x = Variable(Tensor([1, -2, 4]), name: "x")
    let loss = weightedSum(scaled(scaled(x, by: 3), by: 0.5), Tensor([2, 1, -1]))
    let once = Tensor([3, 1.5, -1.5])

    loss.backward()
    expectClose(x.grad, once, tolerance: 1e-15)
    loss.backward()
    let diagnosis =
      x.grad == once
      ? "It equals the first result: grad was overwritten (=) instead of accumulated (+=)."
      : "More than twice means a rule was given node.grad, which still holds the first pass, "
        + "instead of the gradient of this pass alone."
    #expect(
      x.grad == once * 2,
      """
      a second backward() must ADD its result to grad, giving exactly twice the gradient: \
      got \(x.grad), expected \(once * 2). \(diagnosis)
      """)
    x.zeroGrad()
    loss.backward()
    #expect(
      x.grad == once,
      "after zeroGrad() the next backward() starts from zero: got \(x.grad), expected \(once)")
  }

  @Test("zeroGrad sets grad to zeros of the value's shape")
  func zeroGradResets() {
    let w = Variable(Tensor([[1, 2, 3], [4, 5, 6]]), name: "w")
    w.grad = Tensor([[7, 7, 7], [7, 7, 7]])
    w.zeroGrad()
    expectClose(w.grad, Tensor.zeros([2, 3]), "zeroGrad must replace grad by zeros")
  }

  @Test("backward runs through a chain of 10_000 operations on a 512 KB stack")
  func longChain() async {
    // Run in a child process, so that a stack overflow fails this test with a reason instead
    // of ending every other test too.
    let result = await #expect(
      processExitsWith: .success, observing: [\.standardOutputContent],
      """
      backward() through a chain of 10,000 operations crashed (a stack overflow): a recursive \
      walk uses one level of the call stack per node; loop over topologicalOrder().reversed() \
      (and make topologicalOrder iterative)
      """
    ) {
      let leaf = Variable(Tensor([1, 2]), name: "leaf")
      var node = leaf
      for step in 0..<10_000 {
        node = scaled(node, by: step == 0 ? 3 : 1)
      }
      let output = weightedSum(node, Tensor([1, -1]))
      onSmallStack { output.backward() }
      print("GRADIENT \(leaf.grad.scalars)")
    }
    guard let result else { return }
    let report = String(decoding: result.standardOutputContent, as: UTF8.self)
    #expect(
      report.contains("GRADIENT [3.0, -3.0]"),
      """
      the gradient must reach the leaf of a deep graph: expected [3.0, -3.0], got \
      \(report.split(separator: "\n").last { $0.hasPrefix("GRADIENT") } ?? "nothing")
      """)
  }

  @Test("backward on an output with more than one element stops with a message naming its shape")
  func nonScalarStops() async {
    let hint: Comment = """
      backward() must stop when the output has more than one element: a gradient is the \
      derivative of one number, so the caller must reduce the output (sum, mean) first
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      let x = Variable(Tensor([[1, 2, 3], [4, 5, 6]]))
      scaled(x, by: 2).backward()
    }
    expectMessage(
      result, from: "backward() on an output of shape [2, 3]", contains: ["backward", "[2, 3]"],
      hint)
  }

  @Test("a rule that returns a gradient of the wrong shape stops with a message")
  func wrongShapeStops() async {
    let hint: Comment = """
      backward() must check that each gradient a rule returns has its parent's shape, and \
      name the operation and both shapes: a [4, 3] gradient cannot belong to a [3] bias
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      let bias = Variable(Tensor([1, 2, 3]))
      let broken = Variable(value: Tensor(6), parents: [bias], operation: "forgotUnbroadcast") {
        g in [Tensor(shape: [4, 3], repeating: g.scalar)]
      }
      broken.backward()
    }
    expectMessage(
      result, from: "backward() through a rule that returns a [4, 3] gradient for a [3] parent",
      contains: ["forgotUnbroadcast", "[4, 3]", "[3]"], hint)
  }
}
