import Foundation
import TestSupport
import Testing
import Width

/// A fake training run for the sweep: the accuracy of each width on each seed, from a table,
/// and a record of every call.
final class FakeTrainer: @unchecked Sendable {
  let table: [Int: [UInt64: Double]]
  private(set) var calls: [(width: Int, seed: UInt64)] = []

  init(_ table: [Int: [UInt64: Double]]) { self.table = table }

  func train(_ width: Int, _ seed: UInt64) -> Double {
    calls.append((width, seed))
    return table[width]?[seed] ?? 0
  }
}

/// Width 1 never fits, width 2 fits two seeds of three, width 4 and 8 fit all.
func edgeOfCapacity() -> FakeTrainer {
  FakeTrainer([
    1: [1: 0.75, 2: 0.75, 3: 0.75],
    2: [1: 1, 2: 0.5, 3: 1],
    4: [1: 1, 2: 1, 3: 1],
    8: [1: 1, 2: 1, 3: 1],
  ])
}

@Suite("21.2 The capacity sweep")
struct CapacitySweepTests {
  @Test("the smallest width that reaches the target on every seed")
  func smallestWidthOnEverySeed() {
    let fake = edgeOfCapacity()
    let sweep = capacitySweep(
      widths: [1, 2, 4, 8], seeds: [1, 2, 3], target: 1, train: fake.train)
    #expect(
      sweep.smallestWidth == 4,
      """
      width 2 reaches 100% on only 2 of the 3 seeds; with requiredFraction 1 every seed must \
      reach it, so the answer is 4; got \(String(describing: sweep.smallestWidth))
      """)
    #expect(
      sweep.entries.map(\.fractionReached).map { ($0 * 1000).rounded() / 1000 } == [0, 0.667, 1],
      """
      fractionReached is the fraction of the seeds whose accuracy reaches the target: 0, 2/3, 1 \
      for widths 1, 2, 4; got \(sweep.entries.map(\.fractionReached))
      """)
    #expect(
      sweep.entries.map(\.accuracies) == [[0.75, 0.75, 0.75], [1, 0.5, 1], [1, 1, 1]],
      "each entry keeps the accuracy of every seed, in the order of the seeds; got \(sweep.entries)"
    )
  }

  @Test("a smaller required fraction accepts a width that fits most seeds")
  func requiredFraction() {
    let sweep = capacitySweep(
      widths: [1, 2, 4, 8], seeds: [1, 2, 3], target: 1, requiredFraction: 0.6,
      train: edgeOfCapacity().train)
    #expect(
      sweep.smallestWidth == 2,
      """
      requiredFraction 0.6: width 2 reaches the target on 2/3 of the seeds, enough seeds; got \
      \(String(describing: sweep.smallestWidth))
      """)
  }

  @Test("reaching the target includes the target itself: 100% of a 100% target is a fit")
  func targetIsIncluded() {
    let sweep = capacitySweep(widths: [1, 2, 4, 8], seeds: [1, 2, 3], target: 0.75) {
      edgeOfCapacity().train($0, $1)
    }
    #expect(
      sweep.smallestWidth == 1,
      """
      target 0.75: width 1 reaches exactly 0.75 on every seed, and an accuracy that reaches \
      the target includes the target itself (>=, not >); got \
      \(String(describing: sweep.smallestWidth))
      """)
  }

  @Test("the sweep stops at the first width that fits: wider nets are never trained")
  func stopsAtTheFirstFit() {
    let fake = edgeOfCapacity()
    let sweep = capacitySweep(
      widths: [1, 2, 4, 8], seeds: [1, 2, 3], target: 1, train: fake.train)
    #expect(
      sweep.entries.map(\.width) == [1, 2, 4] && !fake.calls.contains { $0.width == 8 },
      """
      width 4 fits, so the sweep should stop there (each wider width costs more to train): \
      entries for [1, 2, 4] and no call for width 8; got entries \
      \(sweep.entries.map(\.width)), calls \(fake.calls.map(\.width))
      """)
    #expect(fake.calls.count == 9, "3 widths x 3 seeds = 9 trainings; got \(fake.calls.count)")
  }

  @Test("the fraction of the seeds counts, not the mean accuracy")
  func fractionNotMean() {
    let fake = FakeTrainer([
      1: [1: 0.89, 2: 0.89, 3: 0.89, 4: 0.89],
      2: [1: 1, 2: 1, 3: 0.5, 4: 0.5],
    ])
    let sweep = capacitySweep(
      widths: [1, 2], seeds: [1, 2, 3, 4], target: 0.9, requiredFraction: 0.5, train: fake.train)
    #expect(
      sweep.smallestWidth == 2,
      """
      width 2 reaches 0.9 on 2 of 4 seeds, the fraction of the seeds asked for (0.5), although \
      its mean accuracy is 0.75; width 1 reaches it on none (mean 0.89). Expected 2, got \
      \(String(describing: sweep.smallestWidth))
      """)
  }

  @Test("no width fits: nil, after trying every width")
  func noWidthFits() {
    let fake = edgeOfCapacity()
    let sweep = capacitySweep(widths: [1, 2], seeds: [1, 2, 3], target: 1, train: fake.train)
    #expect(
      sweep.smallestWidth == nil && sweep.entries.map(\.width) == [1, 2],
      """
      widths 1 and 2 never fit every seed: smallestWidth nil, entries for both widths; got \
      \(String(describing: sweep.smallestWidth)), \(sweep.entries.map(\.width))
      """)
  }

  @Test("on the chapter's XOR, seeds 1-3: one unit stops at 75%, two units fit")
  func theChaptersProblem() {
    let sweep = capacitySweep(widths: [1, 2, 4, 8], seeds: [1, 2, 3], target: 1) { width, seed in
      makeWidthProblem(seed: seed).train(width: width, probeEvery: 0).trainingAccuracy
    }
    #expect(
      sweep.smallestWidth == 2 && sweep.entries.first?.accuracies == [0.75, 0.75, 0.75],
      """
      one tanh unit draws a straight line, three of XOR's four clusters (75%); two units fit \
      seeds 1, 2 and 3. Expected width 2 after [0.75, 0.75, 0.75] for width 1; got \
      \(String(describing: sweep.smallestWidth)), \(sweep.entries)
      """)
  }

  @Test("widths that do not increase stop with a message")
  func unorderedWidthsAreRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "widths [4, 2]: the widths must increase strictly, or the first fit is not the smallest"
    ) {
      _ = capacitySweep(widths: [4, 2], seeds: [1], target: 1) { _, _ in 1 }
    }
    expectMessage(
      result, contains: ["capacitySweep", "[4, 2]"],
      "the widths must increase strictly, narrowest first: the first fit is the smallest")
  }

  @Test("a target or required fraction outside (0, 1] stops with a message")
  func badFractionsAreRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "requiredFraction 0 is outside (0, 1]: stop with a message"
    ) {
      _ = capacitySweep(widths: [1], seeds: [1], target: 1, requiredFraction: 0) { _, _ in 1 }
    }
    expectMessage(
      result, contains: ["capacitySweep", "requiredFraction", "0"],
      "requiredFraction 0 would accept a width that fits no seed")
  }
}
