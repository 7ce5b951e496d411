import LearningRate
import TestSupport
import Testing
import Training

@Suite("16.2 The divide-by-3 search")
struct RateSearchTests {
  @Test("from 1.0, a run that explodes above 0.05 is divided by 3 down to 1/27")
  func dividesByThreeUntilStable() {
    let search = searchStableRate(startingAt: 1, train: fakeRun(edge: 0.05))
    let rates = search.tries.map(\.rate)
    let expected = [1, 1.0 / 3, 1.0 / 9, 1.0 / 27]
    #expect(
      rates.count == 4 && zip(rates, expected).allSatisfy { isClose($0, $1, tolerance: 1e-12) },
      "the rates tried should be \(expected) (start, then divided by 3 each time), got \(rates)")
    #expect(
      search.tries.map(\.exploded) == [true, true, true, false],
      """
      each try records whether its run exploded (hasExploded): expected [true, true, true, \
      false], got \(search.tries.map(\.exploded)). Stop at the first rate that does not explode
      """)
    #expect(isClose(search.stableRate ?? .nan, 1.0 / 27, tolerance: 1e-12))
  }

  @Test("a start that does not explode is tried once and kept")
  func stableStartIsKept() {
    let search = searchStableRate(startingAt: 0.01, train: fakeRun(edge: 0.05))
    #expect(
      search.tries == [RateSearch.Try(rate: 0.01, exploded: false)],
      """
      the start 0.01 is below the edge 0.05: one try, kept as it is; got \(search.tries). Try \
      the start itself first, and divide only after a run that exploded
      """)
  }

  @Test("after maxTries explosions it gives up: no stable rate")
  func givesUpAfterMaxTries() {
    let search = searchStableRate(startingAt: 1, maxTries: 5, train: fakeRun(edge: 0))
    #expect(
      search.tries.count == 5 && search.stableRate == nil,
      """
      every run explodes, so the search must stop after maxTries = 5 runs with no stable rate, \
      got \(search.tries.count) tries and stable rate \(String(describing: search.stableRate))
      """)
    #expect(isClose(search.tries.last?.rate ?? .nan, 1.0 / 81, tolerance: 1e-12))
  }

  @Test("an explosion is any NaN or any loss above 100x the first, even if the run recovers")
  func explosionIsJudgedByHasExploded() {
    // Above 0.5: NaN. Above 0.2: a spike to 150x, then back down. Below: a 50x bump, fine.
    let search = searchStableRate(startingAt: 1, divisor: 2) { rate in
      telemetry(losses: rate > 0.5 ? [1, .nan] : rate > 0.2 ? [1, 150, 2] : [1, 50, 0.5])
    }
    #expect(
      search.tries.map(\.exploded) == [true, true, true, false]
        && isClose(search.stableRate ?? .nan, 0.125, tolerance: 1e-12),
      """
      with divisor 2 the rates are 1, 0.5, 0.25, 0.125; the first three explode (a NaN, then \
      a spike to 150x that recovers) and 0.125 (a 50x bump) does not. Got \
      \(search.tries.map { ($0.rate, $0.exploded) }). Judge each run with hasExploded, which \
      looks at every loss, not only the last
      """)
  }

  @Test("the exact case: from 1.0 the search ends between 2/λ_max / 3 and 2/λ_max")
  func exactCaseEndsBelowTheEdge() {
    for seed: UInt64 in [1, 2, 3] {
      let data = makeLinearRegressionData(seed: seed)
      let edge = oracleEdge(data)
      let search = searchStableRate(startingAt: 1) { rate in
        trainLinearRegression(data, learningRate: rate, steps: 100)
      }
      let found = search.stableRate ?? .nan
      #expect(
        found <= edge && found > edge / 3,
        """
        seed \(seed): gradient descent on linear regression diverges exactly above 2/λ_max = \
        \(edge), so the first rate that does not explode must be at or below it, and above a \
        third of it (the rate before it exploded). Got \(found) after \
        \(search.tries.map(\.rate))
        """)
    }
  }

  @Test("clipping off: from the too-high 1.0 the search finds a rate that trains the network")
  func searchWithoutClippingFindsATrainableRate() throws {
    let problem = makeRateProblem(seed: 1)
    let search = searchStableRate(startingAt: 1) { rate in
      problem.train(learningRate: rate, steps: 100, probeEvery: 0)
    }
    let rate = try #require(search.stableRate, "the search found no stable rate: \(search)")
    let final = problem.train(learningRate: rate, steps: 300, probeEvery: 0).losses.last ?? .nan
    #expect(
      search.tries.count >= 2 && final < 0.06,
      """
      1.0 explodes on this network; the search should end below it at a rate that trains \
      (final loss below 0.06 after 300 steps), got rate \(rate) after \(search.tries.count) \
      tries and final loss \(final)
      """)
  }

  @Test("clipping on hides the too-high rate: the search accepts 1.0, which then trains badly")
  func clippingHidesTheTooHighRate() {
    let problem = makeRateProblem(seed: 1)
    let search = searchStableRate(startingAt: 1) { rate in
      problem.train(learningRate: rate, steps: 100, clipNorm: 1, probeEvery: 0)
    }
    let final =
      problem.train(learningRate: 1, steps: 300, clipNorm: 1, probeEvery: 0).losses.last ?? .nan
    #expect(
      search.tries == [RateSearch.Try(rate: 1, exploded: false)] && final > 0.1,
      """
      with the gradient clipped to norm 1, no update is larger than 1.0 x 1, so the loss does \
      not explode and the search stops at once, at a rate far too high (final loss \(final) \
      against about 0.02 for a good rate). Got \(search.tries). Search with clipping off
      """)
  }

  @Test("a divisor of 1 stops with a message naming it")
  func divisorOneIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "dividing by 1 never lowers the rate: check divisor > 1"
    ) {
      _ = searchStableRate(startingAt: 1, divisor: 1) { _ in Telemetry() }
    }
    expectMessage(
      result, contains: ["searchStableRate", "divisor", "1.0"],
      "dividing by 1 never lowers the rate: the loop would try the same rate maxTries times")
  }

  @Test("a start of 0 stops with a message naming it")
  func zeroStartIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = searchStableRate(startingAt: 0) { _ in Telemetry() }
    }
    expectMessage(result, contains: ["searchStableRate", "start", "0.0"])
  }
}
