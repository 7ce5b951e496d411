import DataInspection
import DataPipeline
import Foundation
import Tensors
import Training

// Helpers shared by the chapter's suites.

/// The seeds the tests try each data set on (the calibration in the lesson uses 50).
let testSeeds: [UInt64] = [0, 1, 2]

/// Data sets made once and shared by the suites.
enum Runs {
  static let cache = RunCache()

  static func run(_ check: DataCheck, _ variant: DataVariant, seed: UInt64) -> DataRun {
    cache.run(check, variant, seed: seed)
  }
}

/// A thread-safe memo of `makeDataRun` (the suites run in parallel).
final class RunCache: @unchecked Sendable {
  private var runs: [String: DataRun] = [:]
  private let lock = NSLock()

  func run(_ check: DataCheck, _ variant: DataVariant, seed: UInt64) -> DataRun {
    let key = "\(check)-\(variant)-\(seed)"
    lock.lock()
    defer { lock.unlock() }
    if let run = runs[key] { return run }
    let run = makeDataRun(check, variant, seed: seed)
    runs[key] = run
    return run
  }
}

/// Row `index` of a data set.
func row(_ dataset: Dataset, _ index: Int) -> [Double] {
  let columns = dataset.featureCount
  return Array(dataset.inputs.scalars[(index * columns)..<((index + 1) * columns)])
}

/// The finite values of column `feature` of a matrix.
func finiteColumn(_ inputs: Tensor, _ feature: Int) -> [Double] {
  let (rows, columns) = (inputs.shape[0], inputs.shape[1])
  return (0..<rows).map { inputs.scalars[$0 * columns + feature] }.filter(\.isFinite)
}

/// The median of `values` (the mean of the two middle ones for an even count).
func medianOf(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The robust score of the farthest value of a column: max |x - median| / (1.4826 MAD).
func robustScore(_ values: [Double]) -> Double {
  let centre = medianOf(values)
  let deviations = values.map { Swift.abs($0 - centre) }
  return (deviations.max() ?? 0) / (1.4826 * medianOf(deviations))
}

/// The cross-entropy of each example alone, computed here (independently of the chapter).
func perExampleLosses(_ logits: Tensor, _ labels: [Int]) -> [Double] {
  let classes = logits.shape[1]
  return labels.enumerated().map { example, label in
    let row = (0..<classes).map { logits.scalars[example * classes + $0] }
    let top = row.max() ?? 0
    return top + Foundation.log(row.map { Foundation.exp($0 - top) }.reduce(0, +)) - row[label]
  }
}

extension Array where Element == Finding {
  /// The one finding with `symptom`, or nil.
  func finding(_ symptom: Symptom) -> Finding? { first { $0.symptom == symptom } }
}
