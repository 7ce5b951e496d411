import Foundation
import LearningRate
import TestSupport
import Testing
import Training

@Suite("16.3 The learning-rate range test")
struct RangeTestTests {
  @Test("the rate grows exponentially from 1e-7 at step 0 to 10 at step 99")
  func ratesGrowExponentially() {
    let rates = (0..<100).map { rangeTestRate(step: $0, steps: 100) }
    let factor = pow(1e8, 1.0 / 99)
    #expect(
      isClose(rates[0], 1e-7, tolerance: 1e-9) && isClose(rates[99], 10, tolerance: 1e-9),
      "the first rate must be 1e-7 and the last 10, got \(rates[0]) and \(rates[99])")
    let uneven = (1..<100).first { !isClose(rates[$0] / rates[$0 - 1], factor, tolerance: 1e-9) }
    #expect(
      uneven == nil,
      """
      every step multiplies the rate by the same factor (1e8)^(1/99) = \(factor); step \
      \(uneven ?? 0) multiplied it by \(uneven.map { rates[$0] / rates[$0 - 1] } ?? 0). \
      Exponential, not linear: rate(k) = minimum * (maximum / minimum)^(k / (steps - 1))
      """)
  }

  @Test("other bounds: 1e-4 to 1 in 5 steps is one decade per step")
  func otherBounds() {
    let rates = (0..<5).map { rangeTestRate(step: $0, steps: 5, from: 1e-4, to: 1) }
    let expected = [1e-4, 1e-3, 1e-2, 1e-1, 1]
    #expect(
      zip(rates, expected).allSatisfy { isClose($0, $1, tolerance: 1e-9) },
      "from 1e-4 to 1 in 5 steps the rates are \(expected), got \(rates)")
  }

  @Test("the smoothing is bias-corrected: a constant loss of 2 stays 2 from the first step")
  func constantLossStaysConstant() {
    let result = analyseRangeTest(telemetry(losses: [Double](repeating: 2, count: 20)))
    #expect(
      result.smoothedLosses.count == 20
        && result.smoothedLosses.allSatisfy { isClose($0, 2, tolerance: 1e-12) },
      """
      the smoothed loss of a constant 2 must be 2 at every step, got \
      \(result.smoothedLosses.prefix(3))... Without the bias correction (dividing the average \
      by 1 - β^(k+1)) the first values are 0.04, 0.079, ...
      """)
    #expect(result.stopStep == nil, "a constant loss never runs away: no stop step")
  }

  @Test("the smoothing is an exponential average: losses 1, 3 with β = 0.75 give 1, 15/7")
  func smoothingByHand() {
    let result = analyseRangeTest(telemetry(losses: [1, 3]), smoothing: 0.75)
    // average: 0.25, then 0.75 * 0.25 + 0.25 * 3 = 0.9375; corrected: 0.25 / 0.25 = 1,
    // 0.9375 / (1 - 0.75²) = 15/7.
    let expected = [1, 15.0 / 7]
    #expect(
      result.smoothedLosses.count == 2
        && zip(result.smoothedLosses, expected).allSatisfy { isClose($0, $1, tolerance: 1e-12) },
      """
      average_k = β average_(k-1) + (1 - β) loss_k from 0, smoothed_k = average_k / \
      (1 - β^(k+1)): expected \(expected), got \(result.smoothedLosses). β weighs the OLD \
      average
      """)
  }

  @Test("it stops at the first loss above 4x the best so far, and the minimum is before it")
  func stopsAtFourTimesTheBest() {
    var run = telemetry(losses: [5, 4, 2, 1, 3, 3.9, 10, 0.1])
    run.learningRates = (0..<8).map { pow(10, Double($0) - 7) }
    let result = analyseRangeTest(run, smoothing: 0)
    let neverStopped =
      result.stopStep == nil
      ? ". nil: the test never stopped; stop at the first value above stopFactor times the best"
      : ""
    #expect(
      result.stopStep == 6 && result.minimumStep == 3,
      """
      with no smoothing the best loss is 1 at step 3; 3.9 is below 4x it, 10 (step 6) above: \
      expected stop 6 and minimum 3, got stop \(String(describing: result.stopStep)) and \
      minimum \(result.minimumStep). The 0.1 after the stop must be ignored\(neverStopped)
      """)
    #expect(
      result.smoothedLosses.count == 7 && result.rates.count == 7,
      "the curve keeps the steps up to and including the stop: 7, got \(result.rates.count)")
    #expect(
      isClose(result.suggestedRate, 1e-5, tolerance: 1e-12),
      "the suggestion is the rate at the minimum (1e-4) / 10, got \(result.suggestedRate)")
  }

  @Test("a NaN loss stops the test at once")
  func nanStops() {
    let result = analyseRangeTest(telemetry(losses: [2, 1, 0.5, .nan, 0.1]), smoothing: 0)
    #expect(
      result.stopStep == 3 && result.minimumStep == 2,
      """
      the loss is NaN at step 3: stop there (a NaN compares false with everything, so test \
      isFinite explicitly); expected stop 3 and minimum 2, got \
      \(String(describing: result.stopStep)) and \(result.minimumStep)
      """)
  }

  @Test(
    "the exact case: on linear regression the suggestion is below 2/λ_max, within 100x",
    arguments: [1, 2, 3] as [UInt64])
  func exactCaseSuggestionIsBelowTheEdge(seed: UInt64) throws {
    let data = makeLinearRegressionData(seed: seed)
    let edge = oracleEdge(data)
    let run = try #require(
      rangeTestLinearRegression(data), "rangeTestRate gave a rate that is not finite and > 0")
    let result = analyseRangeTest(run)
    #expect(
      result.stopStep != nil && result.suggestedRate < edge && result.suggestedRate > edge / 100,
      """
      seed \(seed): the rates pass 2/λ_max = \(edge), where the loss explodes, so the test must \
      stop, and the suggestion (minimum / 10) must be below the edge and not absurdly far \
      below it; got stop \(String(describing: result.stopStep)), minimum rate \
      \(result.minimumRate), suggestion \(result.suggestedRate)
      """)
  }

  @Test("on the network the test stops and suggests a rate between 0.005 and 0.15")
  func networkSuggestion() throws {
    let run = try #require(
      makeRateProblem(seed: 1).rangeTest(),
      "rangeTestRate gave a rate that is not finite and > 0")
    let result = analyseRangeTest(run)
    #expect(
      result.stopStep != nil && result.suggestedRate > 0.005 && result.suggestedRate < 0.15,
      """
      the network's loss runs away near a rate of 1 and trains well around 0.03: expected a \
      stop and a suggestion in (0.005, 0.15), got stop \(String(describing: result.stopStep)), \
      suggestion \(result.suggestedRate) (minimum at \(result.minimumRate))
      """)
  }

  @Test("an empty run stops with a message")
  func emptyRunIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = analyseRangeTest(Telemetry())
    }
    expectMessage(result, contains: ["analyseRangeTest", "0 losses"])
  }

  @Test("a smoothing of 1 stops with a message naming it")
  func smoothingOneIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var run = Telemetry()
      run.losses = [1, 2]
      run.learningRates = [0.1, 0.2]
      _ = analyseRangeTest(run, smoothing: 1)
    }
    expectMessage(
      result, contains: ["analyseRangeTest", "smoothing", "1.0"],
      "with β = 1 the average never moves and the bias correction divides by 0")
  }

  @Test("a range test of one step stops with a message naming it")
  func oneStepIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = rangeTestRate(step: 0, steps: 1)
    }
    expectMessage(result, contains: ["rangeTestRate", "steps 1"])
  }

  @Test("a minimum of 0 stops with a message naming it")
  func zeroMinimumIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = rangeTestRate(step: 0, steps: 100, from: 0, to: 10)
    }
    expectMessage(result, contains: ["rangeTestRate", "minimum 0.0"])
  }
}
