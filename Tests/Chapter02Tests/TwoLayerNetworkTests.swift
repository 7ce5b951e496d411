import Gradients
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("2.5 A two-layer network by hand")
struct TwoLayerNetworkTests {
  /// A seeded network with small random biases, a batch of 6 inputs and their labels.
  static func problem(
    inputs: Int, hidden: Int, classes: Int, seed: UInt64
  ) -> (network: TwoLayerNetwork, x: Tensor, labels: [Int]) {
    var generator = SeededGenerator(seed: seed)
    let initial = TwoLayerNetwork(
      inputs: inputs, hidden: hidden, classes: classes, using: &generator)
    let network = TwoLayerNetwork(
      w1: initial.w1, b1: 0.1 * randomTensor([hidden], seed: seed + 1),
      w2: initial.w2, b2: 0.1 * randomTensor([classes], seed: seed + 2))
    let x = randomTensor([6, inputs], seed: seed + 3)
    let labels = (0..<6).map { _ in generator.integer(below: classes) }
    return (network, x, labels)
  }

  /// The numerical gradient of the loss with respect to one parameter, the others fixed.
  static func numeric(
    _ network: TwoLayerNetwork, _ x: Tensor, _ labels: [Int],
    _ parameter: WritableKeyPath<TwoLayerNetwork, Tensor>
  ) -> Tensor {
    centralDifference(
      { value in
        var copy = network
        copy[keyPath: parameter] = value
        return copy.loss(x, labels: labels)
      }, at: network[keyPath: parameter])
  }

  /// Ends the test (not the whole test process, as a broadcast of mismatched shapes would) when
  /// a gradient does not have its parameter's shape.
  static func requireParameterShapes(
    _ gradients: TwoLayerNetwork.Gradients, of network: TwoLayerNetwork
  ) throws {
    let pairs = [
      ("w1", gradients.w1, network.w1), ("b1", gradients.b1, network.b1),
      ("w2", gradients.w2, network.w2), ("b2", gradients.b2, network.b2),
    ]
    for (name, gradient, parameter) in pairs {
      try #require(
        gradient.shape == parameter.shape,
        """
        dL/d\(name) has shape \(gradient.shape) but \(name) has shape \(parameter.shape): a \
        gradient has its parameter's shape. Sum a bias gradient over the batch (axis 0); a \
        weight [out, in] gets dzᵀ times the layer's input, not its transpose.
        """)
    }
  }

  // The 3-3-3 network is square everywhere: a transposed weight gradient or a ReLU mask taken
  // from the wrong layer has the right shape there, and only the values can expose it.
  @Test(
    "all four gradients agree with central differences of the loss (relative error < 1e-6)",
    arguments: [(4, 5, 3, 1), (4, 5, 3, 2), (3, 3, 3, 3)] as [(Int, Int, Int, UInt64)])
  func againstCentralDifferences(inputs: Int, hidden: Int, classes: Int, seed: UInt64) throws {
    let (network, x, labels) = Self.problem(
      inputs: inputs, hidden: hidden, classes: classes, seed: seed)
    // ReLU has a kink at 0: keep every pre-activation far from it compared with the step 1e-5,
    // or the numerical gradient straddles the kink and disagrees for a correct gradient.
    let z1 = matmul(x, network.w1.transposed()) + network.b1
    try #require(z1.scalars.allSatisfy { abs($0) > 1e-3 }, "test data too close to the kink")

    let gradients = network.gradients(x, labels: labels)
    try Self.requireParameterShapes(gradients, of: network)
    let checks: [(String, Tensor, Tensor, String)] = [
      (
        "w1", gradients.w1, Self.numeric(network, x, labels, \.w1),
        """
        dw1 = dz1ᵀ x with dz1 = dh masked by z1 > 0 (z1 = x w1ᵀ + b1, the hidden \
        pre-activation; not the input, not the logits)
        """
      ),
      (
        "b1", gradients.b1, Self.numeric(network, x, labels, \.b1),
        "db1 = dz1 summed over the batch (axis 0)"
      ),
      (
        "w2", gradients.w2, Self.numeric(network, x, labels, \.w2),
        "dw2 = dz2ᵀ h, of w2's shape [classes, hidden] (hᵀ dz2 is its transpose)"
      ),
      (
        "b2", gradients.b2, Self.numeric(network, x, labels, \.b2),
        "db2 = dz2 summed over the batch (axis 0), with dz2 = (softmax - onehot) / N"
      ),
    ]
    for (name, analytic, numeric, hint) in checks {
      let error = largestRelativeError(analytic, numeric)
      #expect(
        error < 1e-6,
        """
        d loss / d \(name): relative error \(error) (shape \(analytic.shape), expected \
        \(numeric.shape)). \(hint). The forward pass inside gradients must be the one logits \
        computes, biases included.
        """
      )
    }
  }

  @Test("the ReLU mask comes from the hidden pre-activation: a dead unit gets no gradient")
  func reluMaskFromTheHiddenLayer() throws {
    // Unit 0 is active and unit 1 is dead for both examples (z1 = [2.1, -1.9], [2.6, -2.4]),
    // while every input and every logit is positive: a mask taken from x or from the logits
    // lets gradient into the dead unit.
    let network = TwoLayerNetwork(
      w1: Tensor([[1, 0.5], [-1, -0.5]]), b1: Tensor([0.1, 0.1]),
      w2: Tensor([[1, 2], [0.5, -1]]), b2: Tensor([0, 0.5]))
    let x = Tensor([[1, 2], [2, 1]])
    let labels = [1, 0]
    let gradients = network.gradients(x, labels: labels)
    try Self.requireParameterShapes(gradients, of: network)
    #expect(
      gradients.w1[1, 0] == 0 && gradients.w1[1, 1] == 0 && gradients.b1[1] == 0,
      """
      hidden unit 1 is dead (z1 < 0 on the whole batch): its weights and bias must get \
      exactly 0. Take the mask from z1 = x w1ᵀ + b1, not from x or from the logits.
      """
    )
    expectClose(
      gradients.w1, Self.numeric(network, x, labels, \.w1), tolerance: 1e-7,
      "dw1 = dz1ᵀ x with dz1 = dh * (z1 > 0)")
    expectClose(
      gradients.b1, Self.numeric(network, x, labels, \.b1), tolerance: 1e-7,
      "db1 = dz1 summed over the batch")
  }

  @Test("a batch of two copies of one example gives exactly that example's gradients")
  func duplicatedBatch() {
    let (network, x, labels) = Self.problem(inputs: 4, hidden: 5, classes: 3, seed: 11)
    let row = Tensor(shape: [1, 4], scalars: Array(x.scalars[0..<4]))
    let twice = Tensor(shape: [2, 4], scalars: row.scalars + row.scalars)
    let one = network.gradients(row, labels: [labels[0]])
    let two = network.gradients(twice, labels: [labels[0], labels[0]])
    // The loss is a mean, so it is the same for both batches, and so are its gradients: the
    // 1/N in dz2 halves each row's share and the sum over the batch adds the two halves back.
    let hint =
      """
      the loss is the MEAN over the batch: divide by N once (in dz2) and SUM each bias \
      gradient over the batch (averaging it again, or taking row 0 only, halves it here)
      """
    expectClose(two.b2, one.b2, tolerance: 1e-12, "b2: \(hint)")
    expectClose(two.b1, one.b1, tolerance: 1e-12, "b1: \(hint)")
    expectClose(two.w2, one.w2, tolerance: 1e-12, "w2: \(hint)")
    expectClose(two.w1, one.w1, tolerance: 1e-12, "w1: \(hint)")
  }

  @Test("one gradient-descent step with learning rate 0.1 lowers the loss")
  func oneStepLowersTheLoss() throws {
    let (network, x, labels) = Self.problem(inputs: 4, hidden: 8, classes: 3, seed: 21)
    let before = network.loss(x, labels: labels)
    let gradients = network.gradients(x, labels: labels)
    try Self.requireParameterShapes(gradients, of: network)
    var stepped = network
    stepped.w1 = network.w1 - 0.1 * gradients.w1
    stepped.b1 = network.b1 - 0.1 * gradients.b1
    stepped.w2 = network.w2 - 0.1 * gradients.w2
    stepped.b2 = network.b2 - 0.1 * gradients.b2
    let after = stepped.loss(x, labels: labels)
    #expect(
      after < before,
      """
      loss \(before) before the step, \(after) after: a step against the gradient must go \
      downhill. A loss that rises points at a sign error (p - t versus t - p).
      """
    )
  }
}
