import Normalisation
import Tensors
import Training
import WorkbookSupport

// Helpers shared by the chapter's suites.

/// The seeds the tests try each run on (the calibration in the lesson uses 50).
let testSeeds: [UInt64] = [0, 1, 2]

/// A `[rows, columns.count]` matrix whose column j holds `columns[j]` (all the same length).
func matrix(columns: [[Double]]) -> Tensor {
  let rows = columns.first?.count ?? 0
  precondition(columns.allSatisfy { $0.count == rows }, "matrix(columns:): ragged columns")
  var scalars: [Double] = []
  for row in 0..<rows {
    for column in columns { scalars.append(column[row]) }
  }
  return Tensor(shape: [rows, columns.count], scalars: scalars)
}

/// `count` values from a seeded stream: uniform in `range`.
func uniformColumn(_ count: Int, in range: ClosedRange<Double>, seed: UInt64) -> [Double] {
  var generator = SeededGenerator(seed: seed)
  return (0..<count).map { _ in generator.uniform(in: range) }
}

/// `count` values from a seeded stream: normal with the given mean and spread.
func normalColumn(_ count: Int, mean: Double = 0, spread: Double = 1, seed: UInt64) -> [Double] {
  var generator = SeededGenerator(seed: seed)
  return (0..<count).map { _ in generator.normal(mean: mean, standardDeviation: spread) }
}

/// `values` shifted and scaled to mean 0 and population standard deviation 1 exactly.
func standardisedColumn(_ values: [Double]) -> [Double] {
  let mean = values.reduce(0, +) / Double(values.count)
  let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
    .squareRoot()
  return values.map { ($0 - mean) / spread }
}

/// The mean and population standard deviation of column `column` of a matrix, computed here
/// (independently of chapter 9).
func columnStatistics(_ x: Tensor, _ column: Int) -> (mean: Double, spread: Double) {
  let (rows, columns) = (x.shape[0], x.shape[1])
  let values = (0..<rows).map { x.scalars[$0 * columns + column] }
  let mean = values.reduce(0, +) / Double(rows)
  let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rows)
  return (mean, variance.squareRoot())
}

extension Array where Element == Finding {
  /// The one finding with `symptom`, or nil.
  func finding(_ symptom: Symptom) -> Finding? { first { $0.symptom == symptom } }
}

/// Why `evidence` does not support its finding (its measured value not on the stated side of
/// its threshold, or a threshold other than `threshold`), or nil when it does.
func evidenceProblem(_ evidence: Evidence, threshold: Double? = nil) -> String? {
  let crossed =
    evidence.side == .above
    ? evidence.measured > evidence.threshold : evidence.measured < evidence.threshold
  if !crossed {
    return "\(evidence): the measured value is not \(evidence.side) its threshold"
  }
  if let threshold, evidence.threshold != threshold {
    return "\(evidence): the threshold should be \(threshold), the public constant"
  }
  return nil
}
