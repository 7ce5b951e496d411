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
  // TODO(1.4): your code here (README.md, exercise 1.4).
  return Tensor(shape: [a.shape.first ?? 0, b.shape.last ?? 0], repeating: .nan)
}
