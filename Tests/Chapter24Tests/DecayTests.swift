import ReproducibleTuning
import TestSupport
import Testing

@Suite("24.4 Decay near the end")
struct DecayTests {
  @Test("constant, then linear towards 0 over the last fraction of the steps")
  func schedule() {
    let rates = (0..<10).map {
      decayedLearningRate(step: $0, steps: 10, base: 1, decayFraction: 0.4)
    }
    let expected = [1, 1, 1, 1, 1, 1, 1, 0.75, 0.5, 0.25]
    #expect(
      zip(rates, expected).allSatisfy { abs($0 - $1) < 1e-12 },
      """
      steps 10, decayFraction 0.4: a constant base rate for 6 steps, then 4 decayed steps, base * (steps - step) / 4 from step 6: \
      expected \(expected), got \(rates). The first decayed step keeps the base rate and the \
      last is base / decaySteps, never 0
      """)
  }

  @Test("decayFraction 0 is a constant rate, 1 decays from the first step")
  func extremes() {
    let constant = (0..<5).map {
      decayedLearningRate(step: $0, steps: 5, base: 0.2, decayFraction: 0)
    }
    let full = (0..<5).map { decayedLearningRate(step: $0, steps: 5, base: 1, decayFraction: 1) }
    #expect(constant == [0.2, 0.2, 0.2, 0.2, 0.2], "fraction 0: constant 0.2, got \(constant)")
    #expect(
      zip(full, [1, 0.8, 0.6, 0.4, 0.2]).allSatisfy { abs($0 - $1) < 1e-12 },
      "fraction 1: 1, 0.8, 0.6, 0.4, 0.2, got \(full)")
  }

  @Test("the fix: decaying at the end lowers the mean validation loss of noisy SGD")
  func decayHelps() {
    let constant = TuningConfig.baseline.with(\.batchSize, 1).with(\.learningRate, 0.1)
    let decayed = constant.with(\.decayFraction, 0.5)
    let data = makeTuningProblem(seed: 1)
    let seeds: [UInt64] = [1, 2, 3, 4, 5]
    let before = validationLossesOverSeeds(constant, seeds: seeds, on: data)
    let after = validationLossesOverSeeds(decayed, seeds: seeds, on: data)
    let meanBefore = before.reduce(0, +) / 5
    let meanAfter = after.reduce(0, +) / 5
    #expect(
      meanAfter < 0.9 * meanBefore,
      """
      batch 1, rate 0.1: a constant rate keeps jumping around the minimum; decaying over the \
      last 50% should lower the mean validation loss by 10% or more. Constant \(before), \
      decayed \(after)
      """)
  }

  @Test("a step outside the run stops with a message")
  func badStep() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "step 10 of a 10-step run does not exist: check 0 <= step < steps"
    ) {
      _ = decayedLearningRate(step: 10, steps: 10, base: 1, decayFraction: 0.5)
    }
    expectMessage(result, contains: ["decayedLearningRate", "step", "10"])
  }
}
