import Tensors
import WorkbookSupport

/// A classifier with one hidden ReLU layer, written out by hand (exercise 2.5):
///
/// ```
/// z1 = x w1ᵀ + b1        [batch, hidden]    pre-activation of the hidden layer
/// h  = relu(z1)          [batch, hidden]
/// z2 = h w2ᵀ + b2        [batch, classes]   the logits
/// L  = softmaxCrossEntropy(z2, labels)      a scalar, the mean over the batch
/// ```
///
/// Weights are stored `[out, in]`, as in PyTorch's `nn.Linear`, so the forward pass multiplies
/// by their transposes. The biases are vectors, broadcast over the batch.
///
/// There is no autodiff here: `gradients` runs the backward pass by hand, one rule of this
/// chapter per step of the forward pass, in reverse order. Chapter 3 automates exactly this.
public struct TwoLayerNetwork: Sendable {
  /// The hidden layer's weight, `[hidden, inputs]`.
  public var w1: Tensor
  /// The hidden layer's bias, `[hidden]`.
  public var b1: Tensor
  /// The output layer's weight, `[classes, hidden]`.
  public var w2: Tensor
  /// The output layer's bias, `[classes]`.
  public var b2: Tensor

  /// The gradient of the loss with respect to each parameter; each has its parameter's shape.
  public struct Gradients: Sendable {
    /// dL/dw1, `[hidden, inputs]`.
    public var w1: Tensor
    /// dL/db1, `[hidden]`.
    public var b1: Tensor
    /// dL/dw2, `[classes, hidden]`.
    public var w2: Tensor
    /// dL/db2, `[classes]`.
    public var b2: Tensor

    /// Creates a set of gradients from its four tensors.
    public init(w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) {
      self.w1 = w1
      self.b1 = b1
      self.w2 = w2
      self.b2 = b2
    }
  }

  /// A network with normally drawn weights and zero biases, scaled to its nonlinearities.
  ///
  /// The hidden layer's weights are drawn from N(0, 2 / fan_in), fan_in being the number of
  /// inputs of the layer: He's rule, the scale that keeps the size of the activations steady
  /// through a ReLU (He et al. 2015; chapter 6 explains why). No ReLU follows the output
  /// layer, so its weights use gain 1, N(0, 1 / fan_in): with He's factor 2 there as well, the
  /// logits start √2 times too large and the first loss well above ln C (chapter 10 checks the
  /// loss at initialisation).
  ///
  /// Stops with a message when a size is not positive.
  public init(inputs: Int, hidden: Int, classes: Int, using generator: inout SeededGenerator) {
    check(
      inputs > 0 && hidden > 0 && classes > 0,
      "TwoLayerNetwork: sizes must be positive, got inputs \(inputs), hidden \(hidden), "
        + "classes \(classes)")
    w1 = Tensor.randomNormal(
      [hidden, inputs], standardDeviation: (2 / Double(inputs)).squareRoot(), using: &generator)
    b1 = Tensor.zeros([hidden])
    w2 = Tensor.randomNormal(
      [classes, hidden], standardDeviation: (1 / Double(hidden)).squareRoot(), using: &generator)
    b2 = Tensor.zeros([classes])
  }

  /// A network with the given parameters.
  ///
  /// Stops with a message when the shapes do not fit together: `w1` `[hidden, inputs]`, `b1`
  /// `[hidden]`, `w2` `[classes, hidden]`, `b2` `[classes]`.
  public init(w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) {
    check(
      w1.rank == 2 && w2.rank == 2 && b1.shape == [w1.shape[0]]
        && w2.shape[1] == w1.shape[0] && b2.shape == [w2.shape[0]],
      "TwoLayerNetwork: parameter shapes do not fit: w1 \(w1.shape), b1 \(b1.shape), "
        + "w2 \(w2.shape), b2 \(b2.shape) (expected [hidden, inputs], [hidden], "
        + "[classes, hidden], [classes])")
    self.w1 = w1
    self.b1 = b1
    self.w2 = w2
    self.b2 = b2
  }

  /// The logits `relu(x w1ᵀ + b1) w2ᵀ + b2` for a `[batch, inputs]` batch: `[batch, classes]`.
  public func logits(_ x: Tensor) -> Tensor {
    checkInput(x)
    let hidden = relu(matmul(x, w1.transposed()) + b1)
    return matmul(hidden, w2.transposed()) + b2
  }

  /// The mean softmax cross-entropy of the batch `x` with one label per row.
  public func loss(_ x: Tensor, labels: [Int]) -> Double {
    softmaxCrossEntropy(logits: logits(x), labels: labels)
  }

  /// The gradient of `loss(x, labels:)` with respect to each of the four parameters, by hand.
  ///
  /// Run the forward pass again, keeping what the backward rules need (z1, h, z2), then go
  /// backwards, each line undoing one forward line:
  ///
  /// ```
  /// dz2 = softmaxCrossEntropyBackward(z2, labels)    [batch, classes]
  /// dw2 = dz2ᵀ h,   db2 = dz2 summed over the batch  (z2 = h w2ᵀ + b2)
  /// dh  = dz2 w2
  /// dz1 = reluBackward(dh, input: z1)                 the mask comes from z1, this layer's own
  /// dw1 = dz1ᵀ x,   db1 = dz1 summed over the batch
  /// ```
  ///
  /// A bias is added to every row of the batch, so it receives the gradient of every row: the
  /// sum over the batch axis (the mean over the batch is already inside `dz2`'s 1/N).
  ///
  /// Exercise 2.5.
  public func gradients(_ x: Tensor, labels: [Int]) -> Gradients {
    // BEGIN EXERCISE 2.5
    // STUB: let nan = { (shape: [Int]) in Tensor(shape: shape, repeating: .nan) }
    // STUB: let (nanW1, nanB1) = (nan(w1.shape), nan(b1.shape))
    // STUB: return Gradients(w1: nanW1, b1: nanB1, w2: nan(w2.shape), b2: nan(b2.shape))
    checkInput(x)
    let z1 = matmul(x, w1.transposed()) + b1
    let h = relu(z1)
    let z2 = matmul(h, w2.transposed()) + b2

    let dz2 = softmaxCrossEntropyBackward(logits: z2, labels: labels)
    // z2 = h · w2ᵀ: the second factor is w2ᵀ, so its gradient comes back transposed.
    let (dh, dw2Transposed) = matmulBackward(dz2, h, w2.transposed())
    let db2 = dz2.sum(alongAxis: 0)
    let dz1 = reluBackward(dh, input: z1)
    let (_, dw1Transposed) = matmulBackward(dz1, x, w1.transposed())
    let db1 = dz1.sum(alongAxis: 0)
    return Gradients(
      w1: dw1Transposed.transposed(), b1: db1, w2: dw2Transposed.transposed(), b2: db2)
    // END EXERCISE 2.5
  }

  /// Stops with a message unless `x` is a `[batch, inputs]` matrix for this network.
  private func checkInput(_ x: Tensor) {
    check(
      x.rank == 2 && x.shape[1] == w1.shape[1],
      "TwoLayerNetwork: input must be [batch, \(w1.shape[1])], got shape \(x.shape)")
  }
}
