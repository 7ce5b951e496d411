import Initialisation
import Initializers
import Layers
import Tensors
import TestSupport
import Testing

@Suite("19.2 The symmetry test")
struct SymmetryTests {
  @Test("three equal rows are one; a row that differs in one column makes two")
  func countsDistinctRows() {
    let same = distinctRowCount(Tensor([[1, 2], [1, 2], [1, 2]]))
    let two = distinctRowCount(Tensor([[1, 2], [1, 3], [1, 2]]))
    #expect(
      same == 1 && two == 2,
      """
      [[1, 2], [1, 2], [1, 2]] has 1 distinct row and [[1, 2], [1, 3], [1, 2]] has 2 (the \
      rows differ in their second column); got \(same) and \(two). Compare every column of \
      the rows, and count each different row once
      """)
  }

  @Test("rows are compared, not columns")
  func rowsNotColumns() {
    let count = distinctRowCount(Tensor([[1, 1, 1], [2, 2, 2]]))
    #expect(
      count == 2,
      """
      [[1, 1, 1], [2, 2, 2]] has 2 distinct rows (its 3 columns are all equal): a row is one \
      unit's weights, row j = scalars[j * columns ..< (j + 1) * columns]; got \(count)
      """)
  }

  @Test("rows one bit apart are different: symmetry is exact")
  func bitForBit() {
    let count = distinctRowCount(Tensor([[0.5, 1], [0.5, 1.0.nextUp], [0.5, 1]]))
    #expect(
      count == 2,
      """
      1 and 1.0.nextUp differ in the last bit: symmetric units are bit-identical, and units \
      a rounding error apart are not (the gradient can grow the difference). Compare \
      bitPattern, not within a tolerance: expected 2 distinct rows, got \(count)
      """)
  }

  @Test("the rows of a zero-initialised layer stay bit-identical after training")
  func zerosStaySymmetric() {
    let run = Trained.zeros
    let counts = run.weights.map(distinctRowCount)
    #expect(
      counts == [1, 1, 1, 1, 1, 1],
      """
      after \(run.telemetry.stepCount) steps of SGD from all-zero weights, every unit of a \
      layer has received the same gradient at every step, so every layer still has exactly 1 \
      distinct row; got \(counts)
      """)
  }

  @Test(
    "a constant start (0.05 everywhere) moves the weights, yet every hidden row stays identical")
  func constantStaysSymmetric() {
    let data = makeInitialisationData(seed: 1)
    let model = network(.relu, .constant(0.05), seed: 1)
    _ = trainInitialisationModel(model, on: data, steps: 30)
    let hidden = linears(model).dropLast().map(\.weight.value)
    let moved = hidden.allSatisfy { $0.scalars.contains { $0 != 0.05 } }
    let counts = hidden.map(distinctRowCount)
    #expect(
      moved, "the run should have moved every layer's weights from 0.05 (the engine changed?)")
    #expect(
      counts == [1, 1, 1, 1, 1],
      """
      a constant start is as symmetric as zeros: every hidden unit of a layer gets the same \
      gradient, the weights move, and each hidden layer keeps exactly 1 distinct row; got \
      \(counts). (The output layer's 3 rows do part: each class has its own error.)
      """)
  }

  @Test("a He layer has one distinct row per unit")
  func heRowsAreDistinct() {
    let counts = linears(makeInitialisationModel(.healthy, seed: 1)).map {
      distinctRowCount($0.weight.value)
    }
    #expect(
      counts == [32, 32, 32, 32, 32, 3],
      """
      random weights make every row different: expected one distinct row per unit, \
      [32, 32, 32, 32, 32, 3], got \(counts)
      """)
  }

  @Test("a tensor that is not a matrix stops with a message")
  func notAMatrixStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = distinctRowCount(Tensor([1, 2, 3]))
    }
    expectMessage(result, contains: ["distinctRowCount", "[3]"])
  }
}
