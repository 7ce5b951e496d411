import Tensors
import WorkbookSupport

/// A labelled classification data set: one row of `inputs` per example and its class.
///
/// Row i of `inputs` and `labels[i]` are one example. Every operation of this chapter (a
/// subset, a shuffle, a split, an oversampling) must move the two together: a shuffle that
/// reorders the inputs but not the labels leaves a data set of the right size, the right class
/// counts and the right value ranges, on which no model can ever learn anything.
///
/// ```swift
/// let data = Dataset(inputs: Tensor([[0, 1], [2, 3], [4, 5]]), labels: [0, 1, 1])
/// data.count                 // 3
/// data.subset([2, 0]).labels  // [1, 0]
/// ```
public struct Dataset: Sendable {
  /// The features, `[count, features]`: one row per example.
  public var inputs: Tensor
  /// The class of each example; `labels[i]` belongs to row i of `inputs`.
  public var labels: [Int]

  /// Creates a data set from a `[count, features]` matrix and one label per row.
  ///
  /// Stops with a message when `inputs` is not a matrix, when the counts disagree, or when a
  /// label is negative (labels are class indices 0, 1, 2, ...).
  public init(inputs: Tensor, labels: [Int]) {
    check(
      inputs.rank == 2,
      "Dataset: inputs must be a [count, features] matrix, got shape \(inputs.shape)")
    check(
      inputs.shape[0] == labels.count,
      "Dataset: \(inputs.shape[0]) rows of inputs (shape \(inputs.shape)) but "
        + "\(labels.count) labels")
    if let row = labels.firstIndex(where: { $0 < 0 }) {
      check(false, "Dataset: label \(labels[row]) at row \(row) is negative")
    }
    self.inputs = inputs
    self.labels = labels
  }

  /// Creates a data set from one of the synthetic `Datasets` (spirals, blobs, moons, digits...).
  ///
  /// Stops with a message when the rows do not all have the same length.
  public init(_ set: ClassificationSet) {
    let features = set.inputs.first?.count ?? 0
    if let row = set.inputs.firstIndex(where: { $0.count != features }) {
      check(
        false,
        "Dataset: row \(row) of the set has \(set.inputs[row].count) features but row 0 "
          + "has \(features)")
    }
    self.init(
      inputs: Tensor(shape: [set.count, features], scalars: set.inputs.flatMap { $0 }),
      labels: set.labels)
  }

  /// The number of examples.
  public var count: Int { labels.count }

  /// The number of features of each example (the width of `inputs`).
  public var featureCount: Int { inputs.shape.count == 2 ? inputs.shape[1] : 0 }

  /// The examples at `indices`, in that order: row k of the result is row `indices[k]` of
  /// `inputs`, with label `labels[indices[k]]`.
  ///
  /// Indices may repeat (oversampling copies examples this way) and may be in any order (a
  /// shuffle is a subset with a permutation). An empty list gives an empty data set with the
  /// same number of features.
  ///
  /// ```swift
  /// let data = Dataset(inputs: Tensor([[0, 1], [2, 3], [4, 5]]), labels: [7, 8, 9])
  /// let picked = data.subset([2, 0, 2])
  /// picked.inputs   // [[4.0, 5.0], [0.0, 1.0], [4.0, 5.0]]
  /// picked.labels   // [9, 7, 9]
  /// ```
  ///
  /// Stops with a message naming `Dataset.subset`, the index and the count when an index is out
  /// of range.
  ///
  /// Exercise 9.1.
  public func subset(_ indices: [Int]) -> Dataset {
    // TODO(9.1): your code here (README.md, exercise 9.1).
    return Dataset(inputs: Tensor(shape: [0, featureCount], scalars: []), labels: [])
  }
}

/// One mini-batch: a `[size, features]` slice of a data set's inputs and the matching labels.
public struct Batch: Sendable {
  /// The features of the batch's examples, `[count, features]`.
  public let inputs: Tensor
  /// The label of each row of `inputs`.
  public let labels: [Int]

  /// Creates a batch; stops with a message when `inputs` is not a matrix with one row per
  /// label.
  public init(inputs: Tensor, labels: [Int]) {
    check(
      inputs.rank == 2 && inputs.shape[0] == labels.count,
      "Batch: inputs of shape \(inputs.shape) need one row per label, got \(labels.count) "
        + "labels")
    self.inputs = inputs
    self.labels = labels
  }

  /// The number of examples in the batch.
  public var count: Int { labels.count }
}
