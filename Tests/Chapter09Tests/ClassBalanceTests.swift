import DataPipeline
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("9.4 Class imbalance: counts, weights and oversampling")
struct ClassBalanceTests {
  /// Seeded labels of 4 classes with probabilities of about 0.6, 0.25, 0.1 and 0.05.
  static func imbalancedLabels(_ count: Int, seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
      let u = generator.uniform()
      return u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : 3
    }
  }

  @Test("classCounts counts every class, including the ones that never occur")
  func countsByHand() {
    #expect(classCounts([0, 2, 0, 0, 3], classes: 5) == [3, 0, 1, 1, 0])
    let labels = Self.imbalancedLabels(500, seed: 1)
    let counts = classCounts(labels, classes: 4)
    #expect(counts.reduce(0, +) == 500, "every label is counted once: \(counts)")
    #expect(counts == (0..<4).map { c in labels.count(where: { $0 == c }) })
  }

  @Test("a label outside 0..<classes stops classCounts with a message naming the label")
  func labelOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = classCounts([0, 1, 4], classes: 3)
    }
    expectMessage(
      result, contains: ["classCounts", "4", "3"],
      """
      check label >= 0 && label < classes before counting, and name the label and the number \
      of classes: Swift's "Index out of range" names neither
      """)
  }

  @Test("inverse-frequency weights by hand: N / (K n_c) for counts 6, 3 and 1")
  func weightsByHand() {
    let labels = Array(repeating: 0, count: 6) + Array(repeating: 1, count: 3) + [2]
    let weights = inverseFrequencyWeights(labels, classes: 3)
    expectClose(
      Tensor(weights), Tensor([10.0 / 18, 10.0 / 9, 10.0 / 3]), tolerance: 1e-12,
      "w_c = N / (K * n_c) with N = 10 examples and K = 3 classes: the rare class weighs most")
  }

  @Test("weights sum sensibly: N over all examples, N / K for every class")
  func weightsSumToN() {
    let labels = Self.imbalancedLabels(300, seed: 2)
    let weights = inverseFrequencyWeights(labels, classes: 4)
    #expect(weights.count == 4)
    guard weights.count == 4 else { return }
    let total = labels.reduce(0) { $0 + weights[$1] }
    #expect(
      isClose(total, 300, tolerance: 1e-12),
      """
      the weights of all 300 examples sum to \(total), expected 300, so a weighted mean loss \
      keeps the scale of the unweighted one (1 / n_c alone sums to K, normalising the \
      weights to sum to 1 gives tiny losses)
      """)
    let counts = (0..<4).map { c in labels.count(where: { $0 == c }) }
    for c in 0..<4 {
      #expect(
        isClose(Double(counts[c]) * weights[c], 75, tolerance: 1e-12),
        "class \(c) (\(counts[c]) examples) carries \(Double(counts[c]) * weights[c]), not 300/4")
    }
  }

  @Test("a class that never occurs gets weight 0, and the others still sum to N")
  func absentClassWeight() {
    let weights = inverseFrequencyWeights([0, 0, 0, 2], classes: 3)
    expectClose(
      Tensor(weights), Tensor([4.0 / 6, 0, 2]), tolerance: 1e-12,
      "K counts the classes that occur (2 here); an absent class gets 0, never infinity")
  }

  @Test("oversample balances every present class to the largest one and keeps the originals")
  func oversampleBalances() {
    let (data, _) = TestData.sortedClasses([8, 3, 1])
    let balanced = oversample(data, classes: 3, seed: 1)
    #expect(
      (0..<3).map { c in balanced.labels.count(where: { $0 == c }) } == [8, 8, 8],
      """
      every class as large as the largest (8), its copies drawn from its own class \
      (members[label]): \(balanced.labels)
      """)
    #expect(
      Array(balanced.labels.prefix(12)) == data.labels
        && Array(balanced.inputs.scalars.prefix(24)) == data.inputs.scalars,
      "the original examples come first, in their original order")

    let (gappy, _) = TestData.sortedClasses([5, 0, 2])
    let filled = oversample(gappy, classes: 3, seed: 1)
    #expect(
      (0..<3).map { c in filled.labels.count(where: { $0 == c }) } == [5, 0, 5],
      "a class with no examples stays empty: there is nothing to copy")
  }

  @Test("oversampling copies examples with their own labels: every row is a real example")
  func copiesKeepLabels() {
    let (data, classOf) = TestData.sortedClasses([20, 6, 2])
    let balanced = oversample(data, classes: 3, seed: 2)
    #expect(balanced.count == 60)
    for row in 0..<balanced.count {
      let id = Int(exactly: balanced.inputs.scalars[2 * row]) ?? -1
      let real =
        classOf.indices.contains(id) && balanced.inputs.scalars[2 * row + 1] == Double(1000 + id)
      #expect(
        real && balanced.labels[row] == classOf[id],
        """
        row \(row) has inputs of example \(id) (class \(real ? classOf[id] : -1)) but label \
        \(balanced.labels[row]): copy a minority example WITH its label, from its own class
        """)
    }
  }

  @Test("the copies follow the documented draws: reproducible, and spread over the class")
  func oversampleDraws() {
    let (data, _) = TestData.sortedClasses([40, 5])
    let balanced = oversample(data, classes: 2, seed: 3)
    var generator = SeededGenerator(seed: 3)
    let copies = (0..<35).map { _ in 40 + generator.integer(below: 5) }
    #expect(
      balanced.inputs.scalars.count == 160
        && stride(from: 90, to: 160, by: 2).map { Int(exactly: balanced.inputs.scalars[$0]) }
          == copies,
      """
      the 35 copies of class 1 are members[generator.integer(below: 5)] for one \
      SeededGenerator(seed: 3), drawn in order
      """)
    #expect(Set(copies).count == 5, "uniform draws with replacement reach all 5 examples")
    let again = oversample(data, classes: 2, seed: 3)
    let other = oversample(data, classes: 2, seed: 4)
    #expect(again.inputs == balanced.inputs && other.inputs != balanced.inputs)
  }

  /// The validation rows whose inputs are also a row of the training split: copies it has seen.
  static func seenInTraining(_ validation: Dataset, _ training: Dataset) -> [Int] {
    let width = training.featureCount
    let rows = { (data: Dataset, row: Int) in
      Array(data.inputs.scalars[(row * width)..<((row + 1) * width)])
    }
    let seen = Set((0..<training.count).map { rows(training, $0) })
    return (0..<validation.count).filter { seen.contains(rows(validation, $0)) }
  }

  @Test("oversampling before the split leaks copies into validation; after it, none")
  func oversamplingBeforeTheSplitLeaks() throws {
    let (data, _) = TestData.sortedClasses([200, 20])  // every row distinct
    let first = split(oversample(data, classes: 2, seed: 5), fractions: [0.8, 0.2], seed: 6)
    let after = split(data, fractions: [0.8, 0.2], seed: 6)
    try #require(
      first.count == 2 && after.count == 2, "split must return one data set per fraction")
    let training = oversample(after[0], classes: 2, seed: 5)

    let leakedRare = Self.seenInTraining(first[1], first[0]).filter { first[1].labels[$0] == 1 }
    let rareInValidation = first[1].labels.count(where: { $0 == 1 })
    #expect(
      rareInValidation >= 20 && leakedRare.count >= rareInValidation - 2,
      """
      oversampling the 220 examples first makes 180 copies of the 20 rare ones, about 10 of \
      each, and the split then puts copies on both sides: the validation split should hold \
      dozens of rare rows, nearly all with a twin in training (a model that remembers its \
      training rows "recognises" them). Seen: \(rareInValidation) rare rows, \
      \(leakedRare.count) of them also in training. Oversample copies examples, with their labels.
      """)
    let leakedAfter = Self.seenInTraining(after[1], training)
    #expect(
      leakedAfter.isEmpty && after[1].count == 44 && training.count > after[0].count,
      """
      split first, then oversample the training split only: the 44 validation rows are \
      genuine, none of them a copy of a training row (seen \(leakedAfter.count)), while the \
      training split grows from \(after[0].count) to \(training.count) rows
      """)
  }
}
