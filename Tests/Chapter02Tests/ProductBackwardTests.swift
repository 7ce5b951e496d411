import Gradients
import Tensors
import TestSupport
import Testing

@Suite("2.2 Products")
struct ProductBackwardTests {
  @Test("multiply sends each input the upstream gradient times the other input")
  func multiplyByHand() {
    let (g, a, b) = (Tensor([1, 10, -2]), Tensor([2, 3, 4]), Tensor([4, 5, 0.5]))
    let (da, db) = multiplyBackward(g, a, b)
    let noUpstream =
      da == b
      ? " You returned b alone: multiply it by the upstream gradient g (the chain rule)." : ""
    expectClose(
      da, Tensor([4, 50, -1]), "dL/da = g * b: a's gradient uses the OTHER factor, b.\(noUpstream)")
    expectClose(db, Tensor([2, 30, -8]), "dL/db = g * a: b's gradient uses the OTHER factor, a")
  }

  // The 2x3 times 3x4 product is not square anywhere, so a gradient with its transposes in the
  // wrong place cannot even have the right shape.
  @Test("matmul: dL/dA = G Bᵀ and dL/dB = Aᵀ G, by hand on a 2x3 times 3x4 product")
  func matmulByHand() {
    let a = Tensor([[1, 0, 2], [0, 1, -1]])
    let b = Tensor([[1, 2, 0, 1], [0, 1, 1, 0], [2, 0, 1, 1]])
    // G picks C[0, 0] + C[1, 2]: dL/dA[0, k] = B[k, 0], dL/dA[1, k] = B[k, 2], and column 0
    // (column 2) of dL/dB is row 0 (row 1) of A.
    let g = Tensor([[1, 0, 0, 0], [0, 0, 1, 0]])
    let (da, db) = matmulBackward(g, a, b)
    expectClose(
      da, Tensor([[1, 0, 2], [0, 1, 1]]),
      "dL/dA must have A's shape [2, 3]: G [2, 4] times Bᵀ [4, 3]")
    expectClose(
      db, Tensor([[1, 0, 0, 0], [0, 0, 1, 0], [2, 0, -1, 0]]),
      """
      dL/dB must have B's shape [3, 4]: Aᵀ [3, 2] times G [2, 4]. A [4, 3] result is its \
      transpose (did you compute Gᵀ A?)
      """
    )
  }

  @Test(
    "matmul gradients match central differences on seeded random 2x3 and 3x4 matrices",
    arguments: [1, 2] as [UInt64])
  func matmulAgainstCentralDifferences(seed: UInt64) {
    let a = randomTensor([2, 3], seed: seed)
    let b = randomTensor([3, 4], seed: seed + 10)
    let g = randomTensor([2, 4], seed: seed + 20)
    let (da, db) = matmulBackward(g, a, b)
    // L = sum(G * (A B)) has dL/dC = G.
    expectClose(
      da, centralDifference({ (g * matmul($0, b)).sum() }, at: a), tolerance: 1e-7,
      "dL/dA = G Bᵀ: entry (i, k) is row i of G dotted with row k of B")
    expectClose(
      db, centralDifference({ (g * matmul(a, $0)).sum() }, at: b), tolerance: 1e-7,
      "dL/dB = Aᵀ G: entry (k, j) is column k of A dotted with column j of G")
  }

  @Test("an upstream gradient that does not have the product's shape stops with a message")
  func upstreamShapeStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmulBackward(Tensor.zeros([4, 2]), Tensor.zeros([2, 3]), Tensor.zeros([3, 4]))
    }
    expectMessage(
      result, from: "matmulBackward with a [4, 2] upstream gradient for a [2, 3] x [3, 4] product",
      contains: ["matmulBackward", "[4, 2]"],
      "check that the upstream gradient has the shape [m, p] of a x b, and name both shapes")
  }
}
