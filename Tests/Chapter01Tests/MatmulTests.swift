import Tensors
import TestSupport
import Testing

/// What a wrong product most likely came from, worked out from the value seen.
func matmulDiagnosis(_ a: Tensor, _ b: Tensor, _ c: Tensor) -> String? {
  let (m, n, p) = (a.shape[0], a.shape[1], b.shape[1])
  guard c.shape == [m, p] else { return nil }
  // Only the last term of each sum: `=` where `+=` was meant.
  var lastTerm = [Double]()
  for i in 0..<m {
    for j in 0..<p { lastTerm.append(a.scalars[i * n + n - 1] * b.scalars[(n - 1) * p + j]) }
  }
  if n > 1, zip(c.scalars, lastTerm).allSatisfy({ isClose($0, $1) }) {
    return """
      C[i, j] holds only the last term A[i, n-1] * B[n-1, j]: the sum over k must \
      accumulate (+=), not overwrite (=)
      """
  }
  // B[k, j] read at j * n + k, as if B were stored column by column.
  let columnMajorB = Tensor(
    shape: [n, p], scalars: (0..<(n * p)).map { b.scalars[($0 % p) * n + $0 / p] })
  if n > 1, p > 1, c.scalars == naiveMatmul(a, columnMajorB).scalars {
    return """
      B[k, j] was read at j * n + k, as if column j of B were contiguous: B is row-major, \
      so its column j is every p-th scalar, B[k, j] = b.scalars[k * p + j]
      """
  }
  return nil
}

@Suite("1.4 Matrix multiply")
struct MatmulTests {
  @Test("a 2x3 times a 3x2 matrix, by hand")
  func knownAnswer() {
    let a = Tensor([[1, 2, 3], [4, 5, 6]])
    let b = Tensor([[7, 8], [9, 10], [11, 12]])
    let c = matmul(a, b)
    expectClose(
      c, Tensor([[58, 64], [139, 154]]),
      "\(matmulDiagnosis(a, b, c) ?? "C[0, 0] = 1*7 + 2*9 + 3*11 = 58")")
  }

  @Test(
    "matches the textbook triple loop on random shapes",
    arguments: [(1, 1, 1), (2, 3, 4), (5, 1, 3), (7, 6, 2), (16, 9, 11), (4, 6, 20)])
  func againstOracle(m: Int, n: Int, p: Int) {
    let a = randomTensor([m, n], seed: UInt64(m * 100 + n))
    let b = randomTensor([n, p], seed: UInt64(n * 100 + p + 7))
    let c = matmul(a, b)
    expectClose(
      c, naiveMatmul(a, b), tolerance: 1e-12,
      "\(matmulDiagnosis(a, b, c) ?? "C[i, j] = sum over k of A[i, k] * B[k, j]")")
  }

  @Test("multiplying by the identity changes nothing")
  func identity() {
    let a = randomTensor([4, 4], seed: 3)
    var eye = Tensor.zeros([4, 4])
    for i in 0..<4 { eye.scalars[i * 4 + i] = 1 }
    expectClose(matmul(a, eye), a, tolerance: 0)
    expectClose(matmul(eye, a), a, tolerance: 0)
  }

  @Test("(AB)C equals A(BC) within rounding")
  func associativity() {
    let a = randomTensor([3, 5], seed: 21)
    let b = randomTensor([5, 4], seed: 22)
    let c = randomTensor([4, 2], seed: 23)
    expectClose(matmul(matmul(a, b), c), matmul(a, matmul(b, c)), tolerance: 1e-10)
  }

  @Test("(AB) transposed equals B transposed times A transposed")
  func transposeOfProduct() {
    let a = randomTensor([3, 5], seed: 31)
    let b = randomTensor([5, 2], seed: 32)
    expectClose(
      matmul(a, b).transposed(), matmul(b.transposed(), a.transposed()), tolerance: 1e-12)
  }

  @Test("inner dimensions that differ stop with a message naming both shapes")
  func innerMismatchStops() async {
    let hint: Comment = """
      matmul must check the inner dimensions, a.shape[1] == b.shape[0] (3 vs 4 here), before \
      it multiplies
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))
    }
    expectMessage(
      result, from: "matmul of a [2, 3] and a [4, 5] matrix",
      contains: ["matmul", "[2, 3]", "[4, 5]"], hint)
  }

  @Test("a vector is not a matrix: matmul stops and says so")
  func rankStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmul(Tensor([1, 2, 3]), Tensor.zeros([3, 1]))
    }
    expectMessage(
      result, from: "matmul of the vector [1, 2, 3] and a [3, 1] matrix",
      contains: ["matmul", "[3]"],
      "check that both operands are matrices (rank 2) before reading shape[1], and name the shapes"
    )
  }
}
