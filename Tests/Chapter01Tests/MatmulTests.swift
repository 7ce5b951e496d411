import Tensors
import TestSupport
import Testing

@Suite("1.4 Matrix multiply")
struct MatmulTests {
  @Test("a 2x3 times a 3x2 matrix, by hand")
  func knownAnswer() {
    let a = Tensor([[1, 2, 3], [4, 5, 6]])
    let b = Tensor([[7, 8], [9, 10], [11, 12]])
    expectClose(matmul(a, b), Tensor([[58, 64], [139, 154]]), "C[0, 0] = 1*7 + 2*9 + 3*11 = 58")
  }

  @Test(
    "matches the textbook triple loop on random shapes",
    arguments: [(1, 1, 1), (2, 3, 4), (5, 1, 3), (7, 6, 2), (16, 9, 11)])
  func againstOracle(m: Int, n: Int, p: Int) {
    let a = randomTensor([m, n], seed: UInt64(m * 100 + n))
    let b = randomTensor([n, p], seed: UInt64(n * 100 + p + 7))
    expectClose(matmul(a, b), naiveMatmul(a, b), tolerance: 1e-12)
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
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))
    }
    expectMessage(result, contains: ["matmul", "[2, 3]", "[4, 5]"])
  }

  @Test("a vector is not a matrix: matmul stops and says so")
  func rankStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmul(Tensor([1, 2, 3]), Tensor.zeros([3, 1]))
    }
    expectMessage(result, contains: ["matmul", "[3]"])
  }
}
