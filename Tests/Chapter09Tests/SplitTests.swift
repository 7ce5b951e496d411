import DataPipeline
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("9.2 Train, validation and test splits")
struct SplitTests {
  @Test("sizes are floor(fraction * N), the remainder handed out one each from the first part")
  func splitSizes() {
    let cases: [(count: Int, fractions: [Double], sizes: [Int])] = [
      (10, [0.7, 0.15, 0.15], [8, 1, 1]),
      (100, [0.8, 0.1, 0.1], [80, 10, 10]),
      (7, [0.5, 0.5], [4, 3]),
      (10, [0.5, 0, 0.5], [5, 0, 5]),
      (11, [0.3, 0.3, 0.4], [4, 3, 4]),
    ]
    for (count, fractions, sizes) in cases {
      let parts = split(TestData.numbered(count), fractions: fractions, seed: 1)
      #expect(
        parts.map(\.count) == sizes,
        """
        \(count) examples split by \(fractions): sizes \(parts.map(\.count)), expected \
        \(sizes) (floor each fraction * N, then give the left-over examples one each to \
        parts 0, 1, 2, ... in turn)
        """)
    }
  }

  @Test("the parts are disjoint, hold every example exactly once, and keep every pair intact")
  func partsCoverEverything() {
    let parts = split(TestData.numbered(50), fractions: [0.6, 0.2, 0.2], seed: 3)
    #expect(parts.count == 3)
    let all = parts.flatMap(\.labels)
    #expect(all.sorted() == Array(0..<50), "every example in exactly one part: \(all)")
    for (k, part) in parts.enumerated() {
      #expect(
        TestData.pairsIntact(part.inputs, part.labels),
        "part \(k) has an input next to another example's label")
    }
  }

  @Test("class-sorted data is shuffled before it is cut: every part holds every class")
  func shuffledBeforeCutting() {
    let (data, _) = TestData.sortedClasses([50, 50, 50])
    let parts = split(data, fractions: [0.6, 0.2, 0.2], seed: 4)
    #expect(parts.map(\.count) == [90, 30, 30])
    for (k, part) in parts.enumerated() {
      let counts = (0..<3).map { c in part.labels.count(where: { $0 == c }) }
      #expect(
        counts.allSatisfy { $0 >= 3 },
        """
        part \(k) has class counts \(counts): the rows arrive grouped by class, so cutting \
        them without shuffling gives a validation set of one class
        """)
    }
  }

  @Test("the split follows SeededGenerator(seed:).permutation: same seed, same parts")
  func reproducibleSplit() {
    let data = TestData.numbered(20)
    let parts = split(data, fractions: [0.75, 0.25], seed: 9)
    var generator = SeededGenerator(seed: 9)
    let order = generator.permutation(20)
    #expect(
      parts.map(\.labels) == [Array(order[0..<15]), Array(order[15..<20])],
      "part 0 is the first 15 examples of the permutation, part 1 the next 5")
    let again = split(data, fractions: [0.75, 0.25], seed: 9)
    #expect(again.map(\.labels) == parts.map(\.labels))
    let other = split(data, fractions: [0.75, 0.25], seed: 10)
    #expect(other.map(\.labels) != parts.map(\.labels), "another seed, another split")
  }

  @Test("fractions that do not sum to 1 stop with a message naming split and the fractions")
  func badFractions() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "fractions [0.5, 0.4] leave a tenth of the data in no split: check that they sum to 1"
    ) {
      _ = split(TestData.numbered(10), fractions: [0.5, 0.4], seed: 1)
    }
    expectMessage(result, contains: ["split", "[0.5, 0.4]"])
  }
}
