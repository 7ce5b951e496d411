import Autodiff
import Tensors

/// The scalar `sum(x * weights)`, with the rule `g -> [weights * g]`.
///
/// Ending a graph with random weights gives every element of the upstream gradient its own
/// value, so a backward rule that forgets to multiply by the upstream gradient, or sends it to
/// the wrong element, is caught; an all-ones upstream, as after a plain `sum()`, would hide it.
/// Built with chapter 3's public initializer, so it works whatever the state of 3.4-3.6.
public func weightedSum(_ x: Variable, _ weights: Tensor) -> Variable {
  Variable(value: Tensor((x.value * weights).sum()), parents: [x], operation: "weightedSum") {
    g in [weights * g.scalar]
  }
}
