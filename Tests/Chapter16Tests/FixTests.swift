import Foundation
import LearningRate
import TestSupport
import Testing
import Training

/// The retuned rate of the first two diagnostic seeds and the 300-step run at it, clipping off.
enum Retuned {
  static let seeds = Array(diagnosticSeeds.prefix(2))
  static let runs: [(seed: UInt64, rate: Double, finalLoss: Double)] = seeds.map { seed in
    let problem = makeRateProblem(seed: seed)
    let rate = retunedLearningRate(for: problem)
    guard rate.isFinite && rate > 0 else { return (seed, rate, .nan) }
    let losses = problem.train(learningRate: rate, steps: rateRunSteps, probeEvery: 0).losses
    return (seed, rate, losses.last ?? .nan)
  }
}

/// The final loss the fixed runs must reach and no broken run does: the healthy runs end near
/// 0.02 (the noise alone is 0.01), the broken ones at 0.16 or more, or NaN.
let fixTarget = 0.06

@Suite("16.5 The fix: measure the rate")
struct FixTests {
  @Test("the retuned rate is the range test's suggestion, well below the too-high 1.0")
  func retunedRateIsSensible() {
    for run in Retuned.runs {
      #expect(
        run.rate > 1e-3 && run.rate < 0.3,
        """
        seed \(run.seed): the range test's suggestion, checked by the divide-by-3 search, \
        should be a rate that trains (about 0.01-0.1 here), got \(run.rate). NaN: is the \
        range test (16.3) written, and does the search (16.2) find a stable rate? Return the \
        search's stableRate, not the rate that exploded
        """)
      // On these seeds the range test's suggestion does not explode, so the search keeps it.
      guard let telemetry = makeRateProblem(seed: run.seed).rangeTest() else { continue }
      let result = analyseRangeTest(telemetry)
      let suggestion = result.suggestedRate
      // Which start would the search have divided by 3 down to the rate returned?
      func reached(from start: Double) -> Bool {
        let k = log(start / run.rate) / log(3)
        return k > -1e-9 && abs(k - k.rounded()) < 1e-6
      }
      let cause =
        isClose(run.rate, suggestion, tolerance: 1e-12)
        ? ""
        : reached(from: result.minimumRate)
          ? ": the search started at the range test's minimum instead of its suggestion"
          : reached(from: result.minimumRate * RangeTestResult.suggestionDivisor)
            ? ": the search started at the minimum's rate multiplied instead of divided by 10"
            : reached(from: 1)
              ? ": the search started at the broken run's rate, 1, and returned the edge"
              : ""
      #expect(
        isClose(run.rate, suggestion, tolerance: 1e-12),
        """
        seed \(run.seed): the range test suggests \(suggestion) (the rate at its minimum, \
        \(result.minimumRate), divided by 10), and a 100-step run at it does not explode, so \
        the search keeps it: expected \(suggestion), got \(run.rate)\(cause)
        """)
    }
  }

  @Test(
    "the retuned rate reaches a loss the broken run cannot, on the same seeds",
    arguments: [RateRun.tooHigh, .clippedTooHigh, .tooLow])
  func fixBeatsTheBrokenRun(kind: RateRun) {
    for (index, run) in Retuned.runs.enumerated() {
      let broken = Runs.of(kind)[index]
      #expect(broken.problem.seed == run.seed)
      #expect(
        run.finalLoss < fixTarget,
        """
        seed \(run.seed): 300 steps at the retuned rate \(run.rate), clipping off, should end \
        below \(fixTarget), got \(run.finalLoss)
        """)
      #expect(
        !(broken.finalLoss < fixTarget),
        """
        seed \(run.seed): the broken run (\(kind)) should end at or above \(fixTarget) (or \
        diverge), got \(broken.finalLoss): the runs are provided, so this means the data or \
        the engine changed
        """)
    }
  }
}
