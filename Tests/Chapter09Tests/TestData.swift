import DataPipeline
import Tensors
import WorkbookSupport

/// Small data sets whose rows say who they are, so a test can tell whether an input still sits
/// next to its own label.
enum TestData {
  /// `count` examples; example i has label i and inputs `[i, 1000 + i]`. Any row of a batch
  /// can be checked on its own: its inputs must be `[label, 1000 + label]`.
  static func numbered(_ count: Int) -> Dataset {
    Dataset(
      inputs: Tensor(
        shape: [count, 2], scalars: (0..<count).flatMap { [Double($0), Double(1000 + $0)] }),
      labels: Array(0..<count))
  }

  /// True when every row of a batch (or data set) is `[label, 1000 + label]`.
  static func pairsIntact(_ inputs: Tensor, _ labels: [Int]) -> Bool {
    inputs.shape == [labels.count, 2]
      && labels.indices.allSatisfy {
        inputs.scalars[2 * $0] == Double(labels[$0])
          && inputs.scalars[2 * $0 + 1] == Double(1000 + labels[$0])
      }
  }

  /// Class-sorted examples (all of class 0 first, like every `Datasets` generator), with the
  /// given number of examples per class; example i has inputs `[i, 1000 + i]` and its class
  /// as label. `classOf[i]` is the class of the row whose first input is i.
  static func sortedClasses(_ sizes: [Int]) -> (data: Dataset, classOf: [Int]) {
    let labels = sizes.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element) }
    let inputs = Tensor(
      shape: [labels.count, 2],
      scalars: labels.indices.flatMap { [Double($0), Double(1000 + $0)] })
    return (Dataset(inputs: inputs, labels: labels), labels)
  }

  /// Columns of a `[rows, features]` tensor, as arrays.
  static func column(_ x: Tensor, _ feature: Int) -> [Double] {
    let width = x.shape[1]
    return (0..<x.shape[0]).map { x.scalars[$0 * width + feature] }
  }

  /// The mean and population standard deviation of a list.
  static func meanAndSpread(_ values: [Double]) -> (mean: Double, spread: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return (mean, variance.squareRoot())
  }
}
