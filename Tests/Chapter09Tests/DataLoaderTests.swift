import DataPipeline
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("9.1 Mini-batches that keep inputs and labels together")
struct DataLoaderTests {
  /// The labels of one epoch's batches, batch by batch.
  static func labels(_ batches: some Sequence<Batch>) -> [[Int]] {
    batches.map(\.labels)
  }

  @Test("subset gathers rows and labels at the given indices, in order, repeats allowed")
  func subsetGathers() {
    let data = Dataset(inputs: Tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), labels: [5, 6, 7])
    let picked = data.subset([2, 0, 2])
    #expect(
      picked.inputs == Tensor([[7, 8, 9], [1, 2, 3], [7, 8, 9]]),
      "row k of the subset is row indices[k] of the inputs: \(picked.inputs)")
    #expect(picked.labels == [7, 5, 7], "label k of the subset is labels[indices[k]]")
    let none = data.subset([])
    #expect(none.count == 0 && none.inputs.shape == [0, 3], "an empty subset keeps 3 features")
  }

  @Test("subset with an index out of range stops with a message naming the index and count")
  func subsetOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let data = Dataset(inputs: Tensor.zeros([10, 2]), labels: Array(repeating: 0, count: 10))
      _ = data.subset([3, 12])
    }
    expectMessage(result, contains: ["Dataset.subset", "12", "10"])
  }

  @Test("every (input, label) pair survives a shuffled epoch, and each example comes once")
  func pairsSurviveShuffle() {
    let loader = DataLoader(TestData.numbered(23), batchSize: 5, seed: 3)
    var seen: [Int] = []
    for batch in loader {
      #expect(
        TestData.pairsIntact(batch.inputs, batch.labels),
        """
        a row of the batch is not next to its own label: \(batch.labels) with \
        \(batch.inputs). Shuffle ONE list of indices and take inputs AND labels at those \
        indices (Dataset.subset), never shuffle the two separately
        """)
      seen += batch.labels
    }
    #expect(seen.sorted() == Array(0..<23), "one epoch visits every example exactly once")
    #expect(seen != Array(0..<23), "shuffle: true must change the order")
  }

  @Test("an epoch's batches follow order(epoch:), the documented permutation of (seed, epoch)")
  func documentedOrder() {
    let loader = DataLoader(TestData.numbered(12), batchSize: 5, seed: 11)
    func expected(_ epoch: Int) -> [Int] {
      var generator = SeededGenerator(seed: DataLoader.shuffleSeed(11, epoch: epoch))
      return generator.permutation(12)
    }
    #expect(
      loader.order(epoch: 0) == expected(0) && loader.order(epoch: 2) == expected(2),
      """
      order(epoch:) is SeededGenerator(seed: DataLoader.shuffleSeed(seed, epoch: epoch)) \
      .permutation(count)
      """)
    let epoch2 = Self.labels(IteratorSequence(loader.batches(epoch: 2)))
    #expect(
      epoch2 == [Array(expected(2)[0..<5]), Array(expected(2)[5..<10]), Array(expected(2)[10...])],
      "batch k holds order[k * batchSize ..< (k + 1) * batchSize]: \(epoch2)")
    #expect(Self.labels(loader).joined().elementsEqual(expected(0)), "the first loop is epoch 0")
  }

  @Test("each epoch reshuffles, and a new loader with the same seed repeats the epochs")
  func reshuffleEveryEpoch() {
    let loader = DataLoader(TestData.numbered(30), batchSize: 10, seed: 5)
    let first = Self.labels(loader)
    let second = Self.labels(loader)
    #expect(first.count == 3 && second.count == 3)
    #expect(
      first != second,
      """
      two epochs served the same batches in the same order: each makeIterator() is a new \
      epoch, shuffled with DataLoader.shuffleSeed(seed, epoch: epoch), not with the seed alone
      """)
    #expect(loader.epochsStarted == 2)
    let again = DataLoader(TestData.numbered(30), batchSize: 10, seed: 5)
    #expect(Self.labels(again) == first && Self.labels(again) == second, "same seed, same run")
    let other = DataLoader(TestData.numbered(30), batchSize: 10, seed: 6)
    #expect(Self.labels(other) != first, "another seed gives another order")
  }

  @Test("shuffle: false serves the stored order, the same every epoch")
  func noShuffle() {
    let loader = DataLoader(TestData.numbered(7), batchSize: 3, shuffle: false, seed: 1)
    let expected = [[0, 1, 2], [3, 4, 5], [6]]
    let served = Self.labels(loader)
    #expect(
      served == expected,
      "shuffle: false serves the stored order 0, 1, 2, ... (order(epoch:) = 0..<count): \(served)")
    #expect(Self.labels(loader) == expected, "without shuffling every epoch is the same")
    #expect(loader.order(epoch: 4) == Array(0..<7))
  }

  @Test("without dropLast the last partial batch is kept: 10 examples by 4 give 4, 4, 2")
  func keepLastPartialBatch() {
    let loader = DataLoader(TestData.numbered(10), batchSize: 4, seed: 2)
    let batches = Array(loader)
    #expect(
      batches.map(\.count) == [4, 4, 2],
      "the last 2 examples form a smaller batch; losing them means 2 examples are never seen")
    #expect(loader.batchCount == 3, "ceil(10 / 4) = 3")
    #expect(batches.flatMap(\.labels).sorted() == Array(0..<10))
    #expect(batches.allSatisfy { TestData.pairsIntact($0.inputs, $0.labels) })
  }

  @Test("dropLast drops only an incomplete last batch, never a full one")
  func dropLastBatch() {
    let loader = DataLoader(TestData.numbered(10), batchSize: 4, dropLast: true, seed: 2)
    let batches = Array(loader)
    #expect(batches.map(\.count) == [4, 4], "dropLast: the batch of 2 is dropped")
    #expect(loader.batchCount == 2, "floor(10 / 4) = 2")
    #expect(
      batches.flatMap(\.labels) == Array(loader.order(epoch: 0).prefix(8)),
      "the dropped examples are the last 2 of the epoch's order")

    for dropLast in [false, true] {
      let even = DataLoader(TestData.numbered(8), batchSize: 4, dropLast: dropLast, seed: 2)
      #expect(
        Array(even).map(\.count) == [4, 4] && even.batchCount == 2,
        "8 examples in batches of 4: two full batches, no empty third (dropLast \(dropLast))")
    }
    let small = DataLoader(TestData.numbered(3), batchSize: 4, seed: 2)
    let smallDropped = DataLoader(TestData.numbered(3), batchSize: 4, dropLast: true, seed: 2)
    #expect(Array(small).map(\.count) == [3] && small.batchCount == 1)
    #expect(Array(smallDropped).isEmpty && smallDropped.batchCount == 0)
  }

  @Test("taking the first batch builds one batch, not the whole epoch")
  func firstBatchIsCheap() {
    let loader = DataLoader(TestData.numbered(1000), batchSize: 10, seed: 4)
    let peeked = loader.first
    #expect(
      loader.batchesBuilt == 1,
      """
      first built \(loader.batchesBuilt) batches: next() must build only the batch it returns \
      (with loader.batch(_:)), not the whole epoch up front
      """)
    #expect(peeked?.labels == Array(loader.order(epoch: 0).prefix(10)))
    #expect(loader.epochsStarted == 0, "peeking does not start an epoch")

    var iterator = loader.makeIterator()
    let opening = iterator.next()
    #expect(opening?.labels == peeked?.labels, "the next epoch starts with the peeked batch")
    #expect(loader.batchesBuilt == 2 && iterator.position == 10)
  }
}
