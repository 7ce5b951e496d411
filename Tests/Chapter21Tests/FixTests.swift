import Testing
import Width

/// The width the sweep chooses on seeds 0-9, computed once.
enum Swept {
  static let seeds: [UInt64] = Array(0..<10)
  static let width = widthFromSweep(seeds: seeds)
}

@Suite("21.4 The fix: the width from the sweep")
struct FixTests {
  @Test("seeds 0-9: the sweep chooses 4 units, the smallest width that fits every seed")
  func sweepChoosesFour() {
    #expect(
      Swept.width == 4,
      """
      expected 4: one unit never fits XOR, two units reach 100% on only 8 of the 10 seeds (they \
      miss seeds 5 and 8), four fit every seed; got \(String(describing: Swept.width)). 2: the \
      sweep did not ask for every seed (requiredFraction 1, all the seeds); 1: the target is \
      below 100%; larger or nil: train each width with the runs' recipe (300 steps at 0.5)
      """)
  }

  @Test("the swept width reaches 100% on the broken run's seeds, where one unit stops at 75%")
  func fixBeatsTheBrokenRun() {
    guard let width = Swept.width else {
      Issue.record("widthFromSweep returned nil: no width up to 64 fit. Is 21.2 written?")
      return
    }
    for broken in Runs.tooFewUnits {
      let fixed = broken.problem.train(width: width)
      #expect(
        fixed.trainingAccuracy >= target,
        """
        seed \(broken.problem.seed): \(width) units should fit the training data (at least \
        \(target)); got \(fixed.trainingAccuracy)
        """)
      #expect(
        broken.trainingAccuracy < target,
        """
        seed \(broken.problem.seed): the broken run (1 unit) should stay below \(target), got \
        \(broken.trainingAccuracy): the runs are provided, so this means the data or the \
        engine changed
        """)
    }
  }
}
