extension Variable {
  /// Every node this one was computed from, directly or not, each exactly once, with every
  /// node after all of its parents and `self` last.
  ///
  /// ```
  /// let a = Variable(Tensor(2), name: "a")
  /// let b = a * a              // parents [a, a]
  /// let c = b + a              // parents [b, a]
  /// c.topologicalOrder()       // [a, b, c]: a once, although three edges lead to it
  /// ```
  ///
  /// The backward pass walks this list from the end, so that a node is handled only after
  /// every node that uses it has sent back its share of the gradient.
  ///
  /// How: a depth-first search that appends a node once all of its parents are appended
  /// (post-order). Nodes are recognised by identity (`ObjectIdentifier`), not by value: two
  /// different nodes may hold equal tensors.
  ///
  /// The search must be iterative, with an explicit stack of "node, next parent to visit"
  /// pairs. The recursive version is shorter (micrograd's `build_topo` is five lines), but each
  /// level of a deep graph then costs a level of the call stack, and a chain of 10,000
  /// operations (an unrolled recurrence, a long training graph) overflows it. Python stops
  /// such a recursion at 1,000 levels; Swift simply crashes.
  ///
  /// Complexity: O(nodes + edges).
  ///
  /// Exercise 3.1.
  public func topologicalOrder() -> [Variable] {
    // TODO(3.1): your code here (README.md, exercise 3.1).
    return []
  }
}
