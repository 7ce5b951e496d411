import Tensors
import WorkbookSupport

/// The number of different rows of a weight matrix, comparing rows **bit for bit**.
///
/// Row `j` of a `Linear` weight `[units, inputs]` is everything unit `j` knows. Two units whose
/// rows (and biases) are identical compute the same output on every example, so they receive
/// the same gradient and take the same step: they stay identical for ever, whatever the data,
/// the learning rate or the optimiser. That is the symmetry an all-zero or constant
/// initialisation never breaks, and why a layer of 32 such units is one unit copied 32 times.
///
/// ```swift
/// distinctRowCount(Tensor([[1, 2], [1, 2], [1, 2]]))   // 1: symmetric
/// distinctRowCount(Tensor([[1, 2], [1, 3], [1, 2]]))   // 2
/// distinctRowCount(Tensor([[0.5, 1], [0.5, 1.0000000000000002]]))   // 2: one bit apart
/// ```
///
/// Bit for bit (`Double.bitPattern`), not within a tolerance: symmetric units stay exactly
/// equal, and two units a rounding error apart are no longer symmetric (their difference is
/// what the gradient can amplify). Stops with a message unless the tensor is a matrix with at
/// least one row.
///
/// Exercise 19.2.
public func distinctRowCount(_ weight: Tensor) -> Int {
  // BEGIN EXERCISE 19.2
  // STUB: return 0
  check(
    weight.rank == 2 && weight.shape[0] >= 1,
    "distinctRowCount: expected a [rows, columns] matrix with at least one row, got shape "
      + "\(weight.shape)")
  let columns = weight.shape[1]
  var rows = Set<[UInt64]>()
  for row in 0..<weight.shape[0] {
    rows.insert(weight.scalars[row * columns..<(row + 1) * columns].map(\.bitPattern))
  }
  return rows.count
  // END EXERCISE 19.2
}
