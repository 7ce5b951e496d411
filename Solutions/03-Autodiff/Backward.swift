import Tensors

extension Variable {
  /// Computes the gradient of this node (the loss) with respect to every node it depends on,
  /// and adds it to their `grad`.
  ///
  /// The chain rule, applied in reverse topological order:
  ///
  /// ```
  /// dL/dL = 1                                        (the seed)
  /// for node in topologicalOrder().reversed():
  ///     g = the sum of what node's children sent it in this pass
  ///     node.grad += g
  ///     send node.backwardRule(g)[i] to node.parents[i]
  /// ```
  ///
  /// Two different sums, both essential:
  ///
  /// - *Within one pass*, a node used by several children (a diamond `a -> b`, `a -> c`,
  ///   `b + c -> d`, or `x * x`) receives one gradient from each use, and they add up: that is
  ///   the multivariate chain rule. Keep them in a dictionary local to the pass, keyed by
  ///   `ObjectIdentifier(node)`, and send a node's total back only when its turn comes (the
  ///   reverse topological order guarantees that every child has been handled by then).
  /// - *Across passes*, the result is added to `grad` (`+=`), never assigned. This is what
  ///   PyTorch does, and why training loops call `zero_grad()`: calling `backward()` twice on
  ///   the same loss gives exactly twice the gradient. The accumulation is deliberate: a batch
  ///   too large for memory can be split into k micro-batches, each with its own forward and
  ///   backward pass, and the gradients add up to the gradient of the whole batch's summed
  ///   loss (see `accumulateGradients`). The price is that forgetting to zero the gradients
  ///   silently mixes in every earlier step.
  ///
  /// The gradient sent to the parents is the one of *this pass*, never `node.grad` (which may
  /// still hold earlier passes). micrograd's rules read `out.grad`; that works there because
  /// each training step builds a fresh graph whose inner nodes start at zero, but a second
  /// `backward()` on the same graph would send the first pass back again.
  ///
  /// Stops with a message when this node holds more than one element (reduce it first, for
  /// example with `sum()` or `mean()`), and when a backward rule returns the wrong number of
  /// gradients or a gradient whose shape is not its parent's (a gradient always has the shape
  /// of what it differentiates; a broadcast in the forward pass is summed away with
  /// `unbroadcast`).
  ///
  /// Exercise 3.2.
  public func backward() {
    // BEGIN EXERCISE 3.2
    check(
      value.count == 1,
      "backward: the output must hold exactly one element (a scalar loss), got shape \(shape); "
        + "reduce it first, for example with sum() or mean()")
    var pending: [ObjectIdentifier: Tensor] = [
      ObjectIdentifier(self): Tensor(shape: shape, repeating: 1)
    ]
    for node in topologicalOrder().reversed() {
      guard let upstream = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
      // Accumulate: grad += upstream (a node without a gradient yet simply takes it).
      node.grad = node.hasGradient ? node.grad + upstream : upstream
      let gradients = node.backwardRule(upstream)
      check(
        gradients.count == node.parents.count,
        "backward: the rule of '\(node.operation)' returned \(gradients.count) gradients "
          + "for \(node.parents.count) parents")
      for (index, (parent, gradient)) in zip(node.parents, gradients).enumerated() {
        check(
          gradient.shape == parent.shape,
          "backward: the rule of '\(node.operation)' returned a gradient of shape "
            + "\(gradient.shape) for parent \(index), which has shape \(parent.shape) "
            + "(was it broadcast in the forward pass? sum it back with unbroadcast)")
        let key = ObjectIdentifier(parent)
        pending[key] = pending[key].map { $0 + gradient } ?? gradient
      }
    }
    // END EXERCISE 3.2
  }

  /// Sets `grad` to zeros of `value`'s shape, before the next backward pass adds to it.
  ///
  /// PyTorch's `optimizer.zero_grad()` does this for every parameter. Forgetting it is one of
  /// the classic silent mistakes: each step then follows the sum of every gradient so far,
  /// and training drifts or diverges instead of converging.
  ///
  /// Exercise 3.2.
  public func zeroGrad() {
    // BEGIN EXERCISE 3.2
    grad = Tensor.zeros(value.shape)
    // END EXERCISE 3.2
  }
}
