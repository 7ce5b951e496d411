import Tensors
import TestSupport
import Testing

@Suite("1.1 Strides and indexing")
struct StridesAndIndexingTests {
  @Test(
    "row-major strides: the last dimension moves by 1, each earlier one by the size after it",
    arguments: [
      ([2, 3, 4], [12, 4, 1]), ([5], [1]), ([3, 1, 2], [2, 2, 1]), ([2, 2, 2, 2], [8, 4, 2, 1]),
    ])
  func strides(shape: [Int], expected: [Int]) {
    let got = Tensor.strides(for: shape)
    var columnMajor = [Int]()
    for dimension in shape.indices { columnMajor.append(shape[..<dimension].reduce(1, *)) }
    let diagnosis =
      got == columnMajor && got != expected
      ? "these are column-major (Fortran order) strides, where the FIRST dimension moves by 1; "
        + "row-major means the last one does: walk the dimensions from the last"
      : got.last.map { $0 != 1 } ?? false
        ? "the last dimension must have stride 1: each stride is the product of the dimensions "
          + "after it, not of its own dimension too (store the running product, then multiply)"
        : "walk the dimensions from the last, multiplying as you go"
    expectEqual(got, expected, "strides(for: \(shape))", "\(diagnosis)")
  }

  @Test("offset(of:) is the dot product of index and strides")
  func offsetKnownAnswers() {
    let x = Tensor.zeros([2, 3, 4])
    #expect(x.offset(of: [0, 0, 1]) == 1)
    #expect(x.offset(of: [0, 1, 0]) == 4)
    #expect(x.offset(of: [1, 0, 0]) == 12)
    #expect(x.offset(of: [1, 2, 3]) == 23, "1*12 + 2*4 + 3*1 = 23")
  }

  @Test(
    "every index maps to a different position, covering all of scalars",
    arguments: [[2, 3], [4, 1, 5], [3, 2, 2, 2]])
  func offsetIsABijection(shape: [Int]) {
    let x = Tensor.zeros(shape)
    var seen = Set<Int>()
    for flat in 0..<x.count { seen.insert(x.offset(of: multiIndex(flat, shape: shape))) }
    let outside = seen.filter { !(0..<x.count).contains($0) }.sorted()
    #expect(
      seen.count == x.count && outside.isEmpty,
      """
      offset(of:) must send the \(x.count) indices of a \(shape) tensor to the \(x.count) \
      positions 0 ..< \(x.count), each exactly once; they reached \(seen.count) different \
      positions\(outside.isEmpty ? "" : ", among them \(outside.prefix(5)) outside the storage")
      """)
  }

  @Test("subscript reads and writes the element at its row-major position")
  func subscriptReadsAndWrites() {
    var x = Tensor([[1, 2, 3], [4, 5, 6]])
    #expect(x[0, 2] == 3)
    #expect(x[1, 0] == 4, "row 1 starts after the 3 elements of row 0")
    x[1, 1] = 50
    expectEqual(
      x.scalars, [1, 2, 3, 4, 50, 6], "the scalars after x[1, 1] = 50 on [[1, 2, 3], [4, 5, 6]]",
      "a write goes to the same row-major position a read comes from")
  }

  @Test("an index out of bounds stops with a message naming the index and the shape")
  func outOfBoundsStops() async {
    let hint: Comment = """
      offset(of:) must stop when a component is out of bounds (0 <= index[d] < shape[d], so \
      the last valid index is shape[d] - 1): without the check [0, 3] silently reads [1, 0]
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      let x = Tensor.zeros([2, 3])
      _ = x.offset(of: [0, 3])
    }
    expectMessage(
      result, from: "offset(of: [0, 3]) on shape [2, 3]", contains: ["[0, 3]", "[2, 3]"], hint)
  }

  @Test("an index of the wrong rank stops with a message naming the index and the shape")
  func wrongRankStops() async {
    let hint: Comment = """
      offset(of:) must first check that the index has one component per dimension (its rank): \
      [1] is not an index of a [2, 3] tensor
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      let x = Tensor.zeros([2, 3])
      _ = x.offset(of: [1])
    }
    expectMessage(
      result, from: "offset(of: [1]) on shape [2, 3]", contains: ["[1]", "[2, 3]"], hint)
  }
}
