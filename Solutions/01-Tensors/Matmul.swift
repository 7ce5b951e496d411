/// The matrix product of an `m x n` and an `n x p` matrix: an `m x p` matrix with
///
/// ```
/// C[i, j] = sum over k of A[i, k] * B[k, j]
/// ```
///
/// Stops with a message naming both shapes when either is not a matrix or the inner
/// dimensions differ.
///
/// Performance note: looping `i, k, j` (rather than `i, j, k`) walks both `B` and `C` along
/// their rows, the order they are stored in, which is several times faster for large matrices;
/// for a result only a few columns wide, dot products against a transposed `B` are faster
/// still (measured: 4x for a [100, 900] x [900, 2] weight gradient).
///
/// Exercise 1.4.
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
  // BEGIN EXERCISE 1.4
  // STUB: return Tensor(shape: [a.shape.first ?? 0, b.shape.last ?? 0], repeating: .nan)
  check(
    a.rank == 2 && b.rank == 2,
    "matmul: needs two matrices (rank 2), got shapes \(a.shape) and \(b.shape)")
  let (m, n, p) = (a.shape[0], a.shape[1], b.shape[1])
  check(
    b.shape[0] == n,
    "matmul: inner dimensions do not match: \(a.shape) x \(b.shape) (\(n) vs \(b.shape[0]))")
  var c = [Double](repeating: 0, count: m * p)
  if p < 16 {
    // A narrow result (a few classes, a weight gradient of a 2-feature input): the j loop
    // would be too short to pay for itself, so compute each C[i, j] as one dot product of
    // row i of A with column j of B, read from a transposed copy so both are contiguous.
    let bt = b.transposed().scalars
    a.scalars.withUnsafeBufferPointer { a in
      bt.withUnsafeBufferPointer { bt in
        // Four running sums instead of one: each addition must wait for the one before it
        // in the same sum, so a single sum runs at the adder's latency, while four independent
        // ones keep it busy (the order of the additions changes, within rounding).
        let blocked = n - n % 4
        for i in 0..<m {
          for j in 0..<p {
            let row = i * n
            let column = j * n
            var sums = (0.0, 0.0, 0.0, 0.0)
            for k in stride(from: 0, to: blocked, by: 4) {
              sums.0 += a[row + k] * bt[column + k]
              sums.1 += a[row + k + 1] * bt[column + k + 1]
              sums.2 += a[row + k + 2] * bt[column + k + 2]
              sums.3 += a[row + k + 3] * bt[column + k + 3]
            }
            var total = (sums.0 + sums.1) + (sums.2 + sums.3)
            for k in blocked..<n { total += a[row + k] * bt[column + k] }
            c[i * p + j] = total
          }
        }
      }
    }
    return Tensor(shape: [m, p], scalars: c)
  }
  // Otherwise loop i, k, j: row i of C gets A[i, k] times row k of B, for every k. Both rows
  // are contiguous, and working on whole rows through pointers lets the compiler vectorise.
  a.scalars.withUnsafeBufferPointer { a in
    b.scalars.withUnsafeBufferPointer { b in
      c.withUnsafeMutableBufferPointer { c in
        guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
        for i in 0..<m {
          let cRow = c + i * p
          for k in 0..<n {
            let aik = a[i * n + k]
            let bRow = b + k * p
            for j in 0..<p { cRow[j] += aik * bRow[j] }
          }
        }
      }
    }
  }
  return Tensor(shape: [m, p], scalars: c)
  // END EXERCISE 1.4
}
