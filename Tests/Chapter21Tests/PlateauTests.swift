import TestSupport
import Testing
import Training
import Width

@Suite("21.1 Has the loss stopped falling?")
struct PlateauTests {
  @Test("the drop compares the last window with the window just before it")
  func knownAnswers() {
    let short = relativeLossDrop(telemetry(losses: [1, 1, 0.8, 0.6]), window: 2)
    #expect(
      isClose(short, 0.3),
      "losses [1, 1, 0.8, 0.6], window 2: before = 1, last = 0.7, (1 - 0.7) / 1 = 0.3; got \(short)"
    )
    let long = relativeLossDrop(telemetry(losses: [5, 5, 5, 4, 4, 4, 2, 2, 2]), window: 3)
    #expect(
      isClose(long, 0.5),
      """
      losses [5, 5, 5, 4, 4, 4, 2, 2, 2], window 3: the last window (2) against the window \
      before the last (4), not the first window of the run (5): (4 - 2) / 4 = 0.5; got \(long)
      """)
  }

  @Test("the drop is relative to the window before: (before - last) / before")
  func dividesByTheWindowBefore() {
    let drop = relativeLossDrop(telemetry(losses: [4, 4, 2, 2]), window: 2)
    #expect(
      isClose(drop, 0.5),
      """
      losses [4, 4, 2, 2], window 2: a relative drop, (4 - 2) / 4 = 0.5, divided by the mean of \
      the window before (the earlier one); got \(drop). 1: divided by the last window; 2: not \
      divided at all
      """)
  }

  @Test("a loss that rose gives a negative drop")
  func risingLossIsNegative() {
    let drop = relativeLossDrop(telemetry(losses: [1, 1, 2, 2]), window: 2)
    #expect(
      isClose(drop, -1),
      "losses [1, 1, 2, 2]: the loss doubled, so the drop is negative when it rose: (1 - 2) / 1 = -1; got \(drop)"
    )
  }

  @Test("no drop to measure: NaN for a NaN in a window or a window of zero losses")
  func nothingToMeasure() {
    let flat = relativeLossDrop(telemetry(losses: [3, 3, 3, 3]), window: 2)
    let nan = relativeLossDrop(telemetry(losses: [1, 1, .nan, 1]), window: 2)
    let zero = relativeLossDrop(telemetry(losses: [0, 0, 0, 0]), window: 2)
    #expect(flat == 0, "a flat loss has a drop of exactly 0 (a plateau); got \(flat)")
    #expect(nan.isNaN, "a NaN loss in a window: the drop is NaN, got \(nan)")
    #expect(zero.isNaN, "before = 0: a drop relative to nothing is NaN, got \(zero)")
  }

  @Test("the default window is 50 steps: the one-unit run has stopped, the healthy one has not")
  func theRunsOfTheChapter() {
    for (broken, healthy) in zip(Runs.tooFewUnits, Runs.healthy) {
      let stopped = relativeLossDrop(broken.telemetry)
      let falling = relativeLossDrop(healthy.telemetry)
      #expect(
        stopped.isFinite && stopped >= 0 && stopped < 0.03,
        """
        seed \(broken.problem.seed): one unit, 75% accuracy: its loss is on a plateau near 0.48, \
        between steps 200-249 and 250-299 it fell by about 1%; got \(stopped)
        """)
      #expect(
        falling > 0.15,
        """
        seed \(healthy.problem.seed): sixteen units: the cross-entropy of a separable problem \
        keeps falling, by about a fifth between steps 200-249 and 250-299; got \(falling)
        """)
    }
  }

  @Test("a window below 1 stops with a message")
  func windowBelowOneIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "a window of 0 steps holds no loss: stop with a message"
    ) {
      _ = relativeLossDrop(telemetry(losses: [1, 1, 1, 1]), window: 0)
    }
    expectMessage(result, contains: ["relativeLossDrop", "0"], "check the window first")
  }

  @Test("a run shorter than two windows stops with a message naming both lengths")
  func shortRunIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "a run of 3 steps is too short for two windows of 2: stop with a message"
    ) {
      _ = relativeLossDrop(telemetry(losses: [1, 1, 1]), window: 2)
    }
    expectMessage(
      result, contains: ["relativeLossDrop", "2", "3"],
      "two windows of 2 steps need 4 steps; a run of 3 steps is too short to compare")
  }
}
