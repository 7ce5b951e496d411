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
  @Test("the retuned rate is finite, positive and well below the too-high 1.0")
  func retunedRateIsSensible() {
    for run in Retuned.runs {
      #expect(
        run.rate > 1e-3 && run.rate < 0.3,
        """
        seed \(run.seed): the range test's suggestion, checked by the divide-by-3 search, \
        should be a rate that trains (about 0.01-0.1 here), got \(run.rate). NaN: is the \
        range test (16.3) written, and does the search (16.2) find a stable rate?
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
