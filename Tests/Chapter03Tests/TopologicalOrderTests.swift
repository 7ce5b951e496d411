import Autodiff
import Tensors
import Testing

@Suite("3.1 Topological order")
struct TopologicalOrderTests {
  /// The position of every node of `order`, by identity.
  func positions(_ order: [Variable]) -> [ObjectIdentifier: Int] {
    Dictionary(
      order.enumerated().map { (ObjectIdentifier($0.element), $0.offset) },
      uniquingKeysWith: { first, _ in first })
  }

  @Test("every node comes once, after all of its parents, and the output comes last")
  func parentsBeforeChildren() {
    let x = Variable(Tensor([1, 2]), name: "x")
    let y = Variable(Tensor([3, 4]), name: "y")
    let a = scaled(x, by: 2)
    let b = added(a, y)
    let c = added(b, a)
    let output = scaled(c, by: 3)
    let order = output.topologicalOrder()
    let position = positions(order)

    #expect(order.count == 6, "x, y, a, b, c and the output: six nodes, got \(order.count)")
    #expect(position.count == order.count, "a node appears twice: keep a set of visited nodes")
    #expect(
      order.last === output,
      """
      the node topologicalOrder() is called on comes last (parents before children; \
      backward() walks the order reversed)
      """)
    for node in [x, y, a, b, c, output] {
      #expect(position[ObjectIdentifier(node)] != nil, "\(node) is missing from the order")
    }
    for node in order {
      for parent in node.parents {
        let parentPosition = position[ObjectIdentifier(parent)] ?? Int.max
        let nodePosition = position[ObjectIdentifier(node)] ?? Int.min
        #expect(
          parentPosition < nodePosition,
          "\(parent) must come before its child \(node): append a node only after its parents")
      }
    }
  }

  @Test("a shared subexpression is visited once: the diamond a -> b, a -> c, b + c -> d")
  func diamondVisitsSharedNodeOnce() {
    let a = Variable(Tensor(1.5), name: "a")
    let b = scaled(a, by: 2)
    let c = scaled(a, by: 5)
    let d = added(b, c)
    let order = d.topologicalOrder()
    #expect(
      order.count == 4,
      "a, b, c, d: a is reached along two paths but must be listed once, got \(order.count) nodes")
    #expect(order.first === a, "a is the only leaf, so it must come first")
    #expect(order.last === d)
    #expect(order.filter { $0 === a }.count == 1)
  }

  @Test("a node used twice by one operation (parents [x, x], as in x * x) is listed once")
  func repeatedParent() {
    let x = Variable(Tensor([2, 3]), name: "x")
    let square = Variable(value: x.value * x.value, parents: [x, x], operation: "square") { g in
      [g, g]
    }
    let order = square.topologicalOrder()
    #expect(order.count == 2, "expected [x, square], got \(order)")
    #expect(order.first === x && order.last === square)
  }

  @Test("nodes are told apart by identity, not by value: two equal leaves are two nodes")
  func identityNotEquality() {
    let a = Variable(Tensor([1, 1]), name: "a")
    let b = Variable(Tensor([1, 1]), name: "b")
    let sum = added(a, b)
    let order = sum.topologicalOrder()
    #expect(
      order.count == 3,
      """
      a and b hold equal tensors but are different nodes; compare ObjectIdentifier(node), \
      not node.value (got \(order.count) nodes)
      """)
    #expect(order.contains { $0 === a } && order.contains { $0 === b })
  }

  @Test("a chain of 10_000 operations is ordered on a 512 KB stack, without overflowing it")
  func longChain() async {
    // Run in a child process: a recursive search overflows the stack and crashes, and a crash
    // here must fail this test with a reason instead of ending every other test too.
    let result = await #expect(
      processExitsWith: .success, observing: [\.standardOutputContent],
      """
      ordering a chain of 10,000 operations crashed (a stack overflow): a recursive search \
      uses one level of the call stack per node; keep your own stack of (node, index of the \
      next parent to visit) pairs in an array instead
      """
    ) {
      let leaf = Variable(Tensor(1.0), name: "leaf")
      var node = leaf
      for _ in 0..<10_000 {
        node = scaled(node, by: 1)
      }
      let output = node
      let order = onSmallStack { output.topologicalOrder() }
      print("ORDER \(order.count) \(order.first === leaf) \(order.last === output)")
    }
    guard let result else { return }
    let report = String(decoding: result.standardOutputContent, as: UTF8.self)
    #expect(
      report.contains("ORDER 10001 true true"),
      """
      expected 10,001 nodes with the leaf first and the output last; got (count, leaf first, \
      output last) = \(report.split(separator: "\n").last { $0.hasPrefix("ORDER") } ?? "nothing")
      """)
  }
}
