import Autodiff
import NaNHunting
import Tensors
import Testing

@Suite("22.4 The epsilon in the custom layer")
struct SafeDivisionTests {
  static let counts = Tensor([[1, 3, 0, 4], [0, 0, 0, 0], [2, 2, 2, 2]])

  @Test("each row with words becomes frequencies that sum to 1")
  func frequencies() {
    let y = normaliseRows(Variable(Self.counts), epsilon: 1e-8).value
    for row in [0, 2] {
      let values = Array(y.scalars[4 * row..<4 * row + 4])
      let expected = Array(Self.counts.scalars[4 * row..<4 * row + 4]).map { $0 / 8 }
      let close = zip(values, expected).allSatisfy { abs($0 - $1) <= 1e-8 }
      #expect(
        close,
        Comment(
          rawValue: "row \(row) of \(Self.counts) sums to 8: its frequencies are \(expected), got "
            + "\(values) (divide each ROW by its own sum, so that each row sums to 1)"))
    }
  }

  @Test("an empty row gives zeros, not NaN")
  func emptyRow() {
    let y = normaliseRows(Variable(Self.counts), epsilon: 1e-8).value
    let values = Array(y.scalars[4..<8])
    #expect(
      values == [0, 0, 0, 0],
      Comment(
        rawValue:
          "the empty row [0, 0, 0, 0] divided by 0 + epsilon is zeros, got \(values) (the epsilon "
          + "belongs in the denominator, added to the sum)"))
  }

  @Test("the epsilon is added to the denominator, not multiplied into it")
  func added() {
    let y = normaliseRows(Variable(Tensor([[1, 1]])), epsilon: 0.5).value
    #expect(
      y.scalars.allSatisfy { abs($0 - 0.4) <= 1e-12 },
      Comment(
        rawValue:
          "[[1, 1]] with epsilon 0.5: 1 / (2 + 0.5) = 0.4 each, got \(y.scalars) (an epsilon "
          + "multiplied, s · (1 + ε), is still 0 for an empty row)"))
  }

  @Test("with epsilon 0 it is the plain division, and the empty row is 0 / 0 = NaN")
  func zeroEpsilon() {
    let y = normaliseRows(Variable(Self.counts), epsilon: 0).value
    #expect(
      y.scalars[0] == 1.0 / 8 && y.scalars[4].isNaN,
      Comment(
        rawValue:
          "epsilon 0 must reproduce x / Σx exactly: 1/8 for the first element and NaN (0/0) for "
          + "the empty row; got \(y.scalars[0]) and \(y.scalars[4])"))
  }

  @Test("the gradient through it is finite on the empty row and right on the others")
  func gradient() {
    let x = Variable(Self.counts, name: "counts")
    let weights = Tensor([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]])
    (normaliseRows(x, epsilon: 1e-8) * Variable(weights)).sum().backward()
    // d/dx_j of Σ_k c_k x_k / s = c_j / s - Σ_k c_k x_k / s² for row 0 (s = 8, Σ c x = 23).
    let expected = [1, 2, 3, 4].map { Double($0) / 8 - 23.0 / 64 }
    let row0 = Array(x.grad.scalars[0..<4])
    #expect(
      x.grad.isFinite && zip(row0, expected).allSatisfy { abs($0 - $1) <= 1e-6 },
      Comment(
        rawValue:
          "the gradient of the row-normalised counts: finite everywhere (the empty row too) and "
          + "c_j/s - Σc·x/s² = \(expected) on row 0; got \(x.grad.scalars) (build it from "
          + "sum(alongAxis: 1, keepingDimension: true), + epsilon and /, so the engine "
          + "differentiates it)"))
  }

  @Test("the fix: with epsilon the division run has no anomaly and learns; without, NaN at once")
  func fix() {
    for (seed, (fixed, broken)) in zip(testSeeds, zip(Runs.epsilonDivision, Runs.divisionByZero)) {
      #expect(
        fixed.anomaly == nil && fixed.losses.last! < 0.4 && broken.anomaly?.step == 0,
        Comment(
          rawValue:
            "division, seed \(seed): with epsilon 1e-8 no anomaly and a final loss below 0.4 (got "
            + "\(fixed.losses.last!), anomaly \(String(describing: fixed.anomaly))); without it "
            + "the empty documents give NaN at step 0"))
    }
  }

  @Test("a negative epsilon stops with a message naming it")
  func negativeEpsilon() async {
    await #expect(processExitsWith: .failure) {
      _ = normaliseRows(Variable(Tensor([[1, 2]])), epsilon: -1)
    }
  }

  @Test("a vector stops with a message: rows need a matrix")
  func vector() async {
    await #expect(processExitsWith: .failure) {
      _ = normaliseRows(Variable(Tensor([1, 2])), epsilon: 1e-8)
    }
  }
}
