import Tensors

// Backward rules of the two products (exercise 2.2).

/// The gradients of the elementwise product `c = a * b` (same shapes, no broadcasting).
///
/// Each element of `c` depends on one element of `a` and one of `b`:
/// `dc_i/da_i = b_i` and `dc_i/db_i = a_i`. With `g = dL/dc`:
///
/// ```
/// dL/da = g * b
/// dL/db = g * a
/// ```
///
/// Each input's gradient is the upstream gradient times the *other* input.
///
/// ```
/// multiplyBackward(Tensor([1, 10]), Tensor([2, 3]), Tensor([4, 5]))
/// // (a: [4.0, 50.0], b: [2.0, 30.0])
/// ```
///
/// Stops with a message when the three shapes are not all the same.
///
/// Exercise 2.2.
public func multiplyBackward(
  _ upstream: Tensor, _ a: Tensor, _ b: Tensor
) -> (a: Tensor, b: Tensor) {
  // BEGIN EXERCISE 2.2
  // STUB: let nan = Tensor(shape: a.shape, repeating: .nan)
  // STUB: return (nan, Tensor(shape: b.shape, repeating: .nan))
  checkSameShape(a, b, "multiplyBackward", names: ("a", "b"))
  checkSameShape(upstream, a, "multiplyBackward", names: ("upstream", "a"))
  return (upstream * b, upstream * a)
  // END EXERCISE 2.2
}

/// The gradients of the matrix product `C = A B`, with `A` of shape `[m, n]`, `B` of shape
/// `[n, p]` and `G = dL/dC` of shape `[m, p]`:
///
/// ```
/// dL/dA = G Bᵀ     [m, p] x [p, n] = [m, n], the shape of A
/// dL/dB = Aᵀ G     [n, m] x [m, p] = [n, p], the shape of B
/// ```
///
/// Why: `C[i, j] = sum over k of A[i, k] B[k, j]`, so `A[i, k]` reaches the loss through every
/// `C[i, j]` of row i, each time multiplied by `B[k, j]`:
/// `dL/dA[i, k] = sum over j of G[i, j] B[k, j]`, which is row i of G times row k of B, the
/// entry (i, k) of `G Bᵀ`. The same reasoning on `B[k, j]` gives `Aᵀ G`.
///
/// A gradient always has the shape of what it differentiates, and that alone fixes where the
/// transposes go: there is only one way to multiply G with B (or A) that gives A's (or B's)
/// shape.
///
/// Stops with a message when `a` or `b` is not a matrix, their inner dimensions differ, or the
/// upstream gradient does not have the shape `[m, p]` of their product.
///
/// Exercise 2.2.
public func matmulBackward(
  _ upstream: Tensor, _ a: Tensor, _ b: Tensor
) -> (a: Tensor, b: Tensor) {
  // BEGIN EXERCISE 2.2
  // STUB: let nan = Tensor(shape: a.shape, repeating: .nan)
  // STUB: return (nan, Tensor(shape: b.shape, repeating: .nan))
  check(
    a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
    "matmulBackward: cannot multiply a \(a.shape) by b \(b.shape)")
  let productShape = [a.shape[0], b.shape[1]]
  check(
    upstream.shape == productShape,
    "matmulBackward: upstream has shape \(upstream.shape) but a x b has shape \(productShape)")
  return (matmul(upstream, b.transposed()), matmul(a.transposed(), upstream))
  // END EXERCISE 2.2
}
