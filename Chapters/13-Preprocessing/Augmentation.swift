import Tensors
import WorkbookSupport

/// A data augmentation: a change to a batch of examples that should not change what they
/// are, with the labels it gives them. Provided.
///
/// `apply` transforms every row of the batch it is given, each row on its own (row i of the
/// result comes from row i of the input alone). A training loop that augments "with
/// probability 0.5" applies it to a random half of the rows (`augmentingRandomHalf`); a
/// check applies it to every row, so that its effect on each class is measured in full.
///
/// ```swift
/// let flip = Augmentation.naiveFlip            // the bug: flips the points, keeps the labels
/// let (inputs, labels) = flip.apply(batch.inputs, batch.labels)
/// ```
public struct Augmentation: Sendable {
  /// What it does, in a few words: "left-right flip, labels unchanged".
  public let name: String
  /// Transforms a batch: `[examples, features]` inputs and their labels in, the augmented
  /// inputs (same shape) and their labels out.
  public let apply: @Sendable (_ inputs: Tensor, _ labels: [Int]) -> (inputs: Tensor, labels: [Int])

  public init(
    name: String,
    apply:
      @escaping @Sendable (_ inputs: Tensor, _ labels: [Int]) -> (
        inputs: Tensor, labels: [Int]
      )
  ) {
    self.name = name
    self.apply = apply
  }

  /// Nothing changes.
  public static let identity = Augmentation(name: "identity") { ($0, $1) }

  /// The silent bug: every point's x is negated (a mirror image, like flipping a picture left
  /// to right) and the labels are left as they were. Harmless for classes that look the same
  /// in a mirror (an arrow pointing up); wrong for those that do not (an arrow pointing right
  /// becomes one pointing left, still labelled "right").
  public static let naiveFlip = Augmentation(name: "left-right flip, labels unchanged") {
    inputs, labels in
    check(
      inputs.rank == 2 && inputs.shape[1] % 2 == 0,
      "naiveFlip: expected [examples, 2 * points] coordinates, got shape \(inputs.shape)")
    var scalars = inputs.scalars
    for index in stride(from: 0, to: scalars.count, by: 2) { scalars[index] = -scalars[index] }
    return (Tensor(shape: inputs.shape, scalars: scalars), labels)
  }

  /// The left-right flip that also mirrors the labels (`labelAwareFlip`): class c becomes
  /// class `mirror[c]`.
  public static func labelAwareFlip(mirror: [Int]) -> Augmentation {
    Augmentation(name: "left-right flip, labels mirrored") { inputs, labels in
      Preprocessing.labelAwareFlip(inputs, labels: labels, mirror: mirror)
    }
  }
}

/// The batch a training step sees when `augmentation` is applied to each example with
/// probability `probability`: the augmented row and its label where a coin said so, the
/// original elsewhere. Provided.
///
/// ```swift
/// var generator = SeededGenerator(seed: 7)
/// let batch = augmentingRandomHalf(inputs, labels, with: .naiveFlip, using: &generator)
/// ```
public func augmentingRandomHalf(
  _ inputs: Tensor, _ labels: [Int], with augmentation: Augmentation, probability: Double = 0.5,
  using generator: inout SeededGenerator
) -> (inputs: Tensor, labels: [Int]) {
  let augmented = augmentation.apply(inputs, labels)
  check(
    augmented.inputs.shape == inputs.shape && augmented.labels.count == labels.count,
    "augmentingRandomHalf: \(augmentation.name) turned inputs \(inputs.shape) and "
      + "\(labels.count) labels into \(augmented.inputs.shape) and \(augmented.labels.count)")
  let features = inputs.rank == 2 ? inputs.shape[1] : 0
  var scalars = inputs.scalars
  var newLabels = labels
  for row in labels.indices where generator.bernoulli(probability: probability) {
    let range = (row * features)..<((row + 1) * features)
    scalars.replaceSubrange(range, with: augmented.inputs.scalars[range])
    newLabels[row] = augmented.labels[row]
  }
  return (Tensor(shape: inputs.shape, scalars: scalars), newLabels)
}
