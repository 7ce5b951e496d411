import Autodiff
import Layers
import Tensors
import WorkbookSupport

/// Inverted dropout: in training mode, each element of the input is zeroed with probability
/// `p` and the survivors are scaled up by `1 / (1 - p)`; in evaluation mode the layer is the
/// identity.
///
/// ```
/// training:    m ~ Bernoulli(1 - p), one draw per element   (1 = keep, 0 = drop)
///              y = x * m / (1 - p)
///              dL/dx = g * m / (1 - p)                      (the SAME mask as the forward pass)
/// evaluation:  y = x,   dL/dx = g
/// ```
///
/// Why the scale: a unit that survives with probability `1 - p` contributes
/// `E[x * m] = (1 - p) x` on average. Dividing by `1 - p` while training makes the expectation
/// `x` again, so the layers after the dropout see inputs of the same size in both modes and
/// evaluation needs no correction at all. (The original paper scaled the weights by `1 - p` at
/// test time instead; every modern framework scales during training: "inverted" dropout.)
///
/// Each call in training mode draws a fresh mask from the layer's own seeded generator, so two
/// training passes over the same input differ, while a layer created with the same seed
/// produces the same sequence of masks: a training run can be repeated exactly.
///
/// ```swift
/// let dropout = Dropout(probability: 0.5, seed: 6)
/// let x = Variable(Tensor([1, 2, 3, 4, 5, 6]))
/// dropout(x).value   // [0.0, 4.0, 6.0, 8.0, 0.0, 0.0]    kept elements doubled
/// dropout(x).value   // [2.0, 4.0, 6.0, 0.0, 10.0, 12.0]  a new mask
/// dropout.eval()
/// dropout(x).value   // [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]    the identity
/// ```
///
/// Srivastava, Hinton, Krizhevsky, Sutskever and Salakhutdinov, "Dropout: A Simple Way to
/// Prevent Neural Networks from Overfitting" (JMLR 2014); PyTorch's `nn.Dropout` (`p` is the
/// probability of dropping, default 0.5); CS231n's notes on inverted dropout.
public final class Dropout: Module {
  /// The probability `p` that an element is dropped (set to zero) in training mode, in [0, 1).
  public let probability: Double

  /// The layer's own stream of random numbers, one draw per element per training pass.
  private var generator: SeededGenerator

  /// Creates a dropout layer, in training mode.
  ///
  /// Stops with a message naming the value when `probability` is not in [0, 1): a negative
  /// probability means nothing, and `p = 1` would drop everything and divide by zero.
  ///
  /// - Parameters:
  ///   - probability: The probability `p` of dropping each element. `p = 0` makes the layer
  ///     the identity in both modes.
  ///   - seed: Seeds the layer's generator: the same seed gives the same masks, in the same
  ///     order.
  ///
  /// Exercise 8.1 (the check of `probability`).
  public init(probability: Double = 0.5, seed: UInt64) {
    // TODO(8.1): your code here (README.md, exercise 8.1).
    self.probability = probability
    self.generator = SeededGenerator(seed: seed)
  }

  /// `Dropout(p: 0.5)`.
  override public var description: String { "Dropout(p: \(probability))" }

  /// The forward pass: the identity in evaluation mode (and for `p = 0`); in training mode the
  /// input times a fresh random mask, scaled by `1 / (1 - p)`, with a backward rule that sends
  /// the gradient through that same mask.
  ///
  /// Draw one keep-or-drop decision per element, in order (element 0 first), with
  /// `generator.bernoulli(probability: 1 - p)`, so that the masks depend on the seed alone.
  /// The scaled mask (`1 / (1 - p)` where kept, `0` where dropped) has the input's shape, any
  /// rank.
  ///
  /// The backward rule must reuse the mask of the forward pass, captured by the closure: a
  /// rule that draws a new mask sends the gradient to the elements that were *not* used.
  ///
  /// Exercise 8.1.
  override public func callAsFunction(_ input: Variable) -> Variable {
    // TODO(8.1): your code here (README.md, exercise 8.1).
    return Variable(Tensor(shape: input.shape, repeating: .nan))
  }
}
