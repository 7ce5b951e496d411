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
/// their rows, the order they are stored in, which is several times faster for large matrices.
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
  a.scalars.withUnsafeBufferPointer { a in
    b.scalars.withUnsafeBufferPointer { b in
      c.withUnsafeMutableBufferPointer { c in
        for i in 0..<m {
          for k in 0..<n {
            let aik = a[i * n + k]
            for j in 0..<p {
              c[i * p + j] += aik * b[k * p + j]
            }
          }
        }
      }
    }
  }
  return Tensor(shape: [m, p], scalars: c)
  // END EXERCISE 1.4
}
