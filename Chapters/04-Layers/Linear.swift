import Autodiff
import Foundation
import Tensors
import WorkbookSupport

/// A fully connected (dense, affine) layer: every output is a weighted sum of every input plus
/// a bias.
///
/// ```
/// y = x Wᵀ + b       x: [batch, inputs]   W: [outputs, inputs]   b: [outputs]   y: [batch, outputs]
/// ```
///
/// The weight is stored `[outputs, inputs]`, row `o` holding the weights of output `o`, as in
/// PyTorch's `nn.Linear` and mlx-swift's `Linear`, so the forward pass multiplies by the
/// *transpose*. With as many inputs as outputs, `x W` has the right shape and the wrong values:
/// nothing crashes, the layer just computes something else.
///
/// Initialisation (PyTorch's default for `nn.Linear`, which its code spells as Kaiming-uniform
/// with `a = sqrt(5)`): every weight and bias is drawn from
///
/// ```
/// U(-k, k)   with k = 1 / sqrt(inputs)
/// ```
///
/// which keeps the scale of the outputs independent of the number of inputs. Chapter 6 measures
/// why that matters and offers better rules for deep ReLU networks.
public final class Linear: Module {
  /// The weights, `[outputs, inputs]`.
  public let weight: Variable

  /// The bias, `[outputs]`, or nil for a layer created with `bias: false`.
  public let bias: Variable?

  /// The size of the last dimension of the input: `weight.shape[1]`.
  public var inputs: Int { weight.shape[1] }

  /// The size of the last dimension of the output: `weight.shape[0]`.
  public var outputs: Int { weight.shape[0] }

  /// Creates a layer with PyTorch's default initialisation: weight and bias from
  /// `U(-1/sqrt(inputs), 1/sqrt(inputs))`, the weight drawn first, row by row.
  ///
  /// - Parameters:
  ///   - inputs: The number of input features (the input's last dimension), at least 1.
  ///   - outputs: The number of output features, at least 1.
  ///   - bias: Whether the layer adds a bias (a layer followed by a normalisation needs none).
  ///   - generator: The seeded stream the initial values come from.
  public init(inputs: Int, outputs: Int, bias: Bool = true, using generator: inout SeededGenerator)
  {
    check(
      inputs >= 1 && outputs >= 1,
      "Linear: inputs and outputs must be at least 1, got inputs \(inputs), outputs \(outputs)")
    let bound = 1 / Double(inputs).squareRoot()
    self.weight = Variable(
      Tensor.randomUniform([outputs, inputs], in: -bound...bound, using: &generator),
      name: "weight")
    self.bias =
      bias
      ? Variable(
        Tensor.randomUniform([outputs], in: -bound...bound, using: &generator), name: "bias")
      : nil
  }

  /// Creates a layer with the given values: `weight` of shape `[outputs, inputs]` and `bias`
  /// of shape `[outputs]` (or nil for no bias). Stops with a message naming both shapes when
  /// they do not fit together.
  ///
  /// ```swift
  /// let layer = Linear(weight: Tensor([[1, 2, 3], [4, 5, 6]]), bias: Tensor([10, 20]))
  /// layer.inputs    // 3
  /// layer.outputs   // 2
  /// ```
  public init(weight: Tensor, bias: Tensor?) {
    check(
      weight.rank == 2 && weight.count > 0,
      "Linear: weight must be a non-empty [outputs, inputs] matrix, got shape \(weight.shape)")
    if let bias {
      check(
        bias.shape == [weight.shape[0]],
        """
        Linear: bias must have shape [outputs] = [\(weight.shape[0])] for a weight of shape \
        \(weight.shape) ([outputs, inputs]), got \(bias.shape)
        """)
    }
    self.weight = Variable(weight, name: "weight")
    self.bias = bias.map { Variable($0, name: "bias") }
  }

  /// `[weight, bias]`, or `[weight]` without a bias.
  override public var ownParameters: [Variable] {
    if let bias { [weight, bias] } else { [weight] }
  }

  /// `Linear(3 -> 2)`, or `Linear(3 -> 2, no bias)`.
  override public var description: String {
    "Linear(\(inputs) -> \(outputs)\(bias == nil ? ", no bias" : ""))"
  }

  /// The forward pass, `y = x Wᵀ + b`, differentiable through chapter 3's operations.
  ///
  /// The input's last dimension must equal `inputs`; any dimensions before it are kept, so
  /// `[batch, inputs]` gives `[batch, outputs]` and a single example `[inputs]` gives
  /// `[outputs]`. Stops with a message naming the input's shape and the weight's shape
  /// otherwise.
  ///
  /// ```swift
  /// let layer = Linear(weight: Tensor([[1, 2, 3], [4, 5, 6]]), bias: Tensor([10, 20]))
  /// layer(Variable(Tensor([[1, 0, 0], [0, 1, 1]]))).value   // [[11.0, 24.0], [15.0, 31.0]]
  /// ```
  ///
  /// Exercise 4.1.
  override public func callAsFunction(_ input: Variable) -> Variable {
    // TODO(4.1): your code here (README.md, exercise 4.1).
    let shape = Array(input.shape.dropLast()) + [outputs]
    return Variable(Tensor(shape: shape, repeating: .nan))
  }
}
