import Autodiff
import Tensors

/// A container that applies its layers one after the other, each to the previous one's output.
///
/// ```
/// Sequential(f, g, h)(x) = h(g(f(x)))
/// ```
///
/// ```swift
/// let model = Sequential(
///   Linear(inputs: 2, outputs: 16, using: &generator), ReLU(),
///   Linear(inputs: 16, outputs: 3, using: &generator))
/// model(Variable(batch)).shape   // [batch size, 3]
/// ```
///
/// Its children are its layers, so `parameters`, `train()` and `eval()` reach everything inside,
/// including nested containers. The same layer object may appear more than once: it is then
/// applied at each position with the same weights, and its parameters are listed once. An empty
/// `Sequential()` is the identity. PyTorch's `nn.Sequential`, mlx-swift's `Sequential`.
public final class Sequential: Module {
  /// The layers, in the order they are applied.
  public let layers: [Module]

  /// Creates a container of `layers`, applied in that order.
  public init(_ layers: [Module]) {
    self.layers = layers
  }

  /// Creates a container of `layers`, applied in that order.
  public convenience init(_ layers: Module...) {
    self.init(layers)
  }

  /// The layers.
  override public var children: [Module] { layers }

  /// Applies the layers in order, each to the previous layer's output; the input itself when
  /// there are none.
  ///
  /// Every step must stay inside the graph: the result of one layer is the `Variable` handed to
  /// the next, never a new leaf built from its value (that would cut the gradient off from
  /// every earlier layer).
  ///
  /// Exercise 4.3.
  override public func callAsFunction(_ input: Variable) -> Variable {
    // TODO(4.3): your code here (README.md, exercise 4.3).
    return Variable(Tensor(shape: input.shape, repeating: .nan))
  }
}
