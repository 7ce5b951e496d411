import ReproducibleTuning
import TestSupport
import Testing
import Training

@Suite("24.6 Believe an improvement only beyond the seed spread")
struct ImprovementTests {
  @Test("the unimportant change is flagged: its gain is inside the seed spread")
  func unimportantChangeIsFlagged() {
    for run in Comparisons.unimportantChange {
      let findings = judgeImprovement(baseline: run.baseline, candidate: run.candidate)
      let spread = max(
        sampleStandardDeviation(run.baseline), sampleStandardDeviation(run.candidate))
      let gain = (run.baseline.reduce(0, +) - run.candidate.reduce(0, +)) / 5
      #expect(
        findings.symptoms == [.improvementWithinSeedSpread],
        Comment(
          rawValue:
            "seeds \(run.seeds): gain \(gain), spread \(spread); expected [within the spread], "
            + "got:\n\(findings.report)"))
      let evidence = findings.first?.evidence.first
      #expect(
        evidence?.quantity == "mean gain" && evidence?.location == .run
          && abs((evidence?.measured ?? .nan) - gain) < 1e-12
          && abs((evidence?.threshold ?? .nan) - spread) < 1e-12,
        """
        expected Evidence("mean gain", at: .run, measured: \(gain), threshold: \(spread) (the \
        larger sample standard deviation, n - 1), .below); got \(String(describing: evidence))
        """)
    }
  }

  @Test("the healthy comparison is believed: its gain beats the spread")
  func realGainIsBelieved() {
    for run in Comparisons.widerLayer {
      let findings = judgeImprovement(baseline: run.baseline, candidate: run.candidate)
      #expect(
        findings.isEmpty,
        Comment(
          rawValue:
            "seeds \(run.seeds): baseline \(run.baseline), candidate \(run.candidate); expected [], "
            + "got:\n\(findings.report)"))
    }
  }

  @Test("the decoy: a real gain on noisy runs is believed on these seeds")
  func smallRealGain() {
    for run in Comparisons.decayNearTheEnd {
      let findings = judgeImprovement(baseline: run.baseline, candidate: run.candidate)
      #expect(
        findings.isEmpty,
        """
        seeds \(run.seeds): baseline \(run.baseline), candidate \(run.candidate); the gain is \
        about 1-2 spreads; expected [], got:\n\(findings.report). Is the spread the standard \
        deviation of one configuration (n - 1), not the range max - min?
        """)
    }
  }

  @Test("fewer than 5 seeds: too few to judge")
  func tooFewSeeds() {
    let findings = judgeImprovement(baseline: [0.5, 0.4, 0.6], candidate: [0.1, 0.1, 0.1])
    let evidence = findings.first?.evidence.first
    #expect(
      findings.symptoms == [.tooFewSeeds] && evidence?.measured == 3 && evidence?.threshold == 5,
      Comment(
        rawValue:
          "3 seeds, however large the gain: expected [too few seeds] with Evidence(\"seeds\", "
          + "measured: 3, threshold: 5, .below); got:\n\(findings.report)"))
  }

  @Test("a worse candidate is not believed, and identical runs are not a gain")
  func worseOrSame() {
    let worse = judgeImprovement(
      baseline: [0.10, 0.11, 0.12, 0.10, 0.11], candidate: [0.30, 0.31, 0.29, 0.30, 0.32])
    #expect(
      worse.symptoms == [.improvementWithinSeedSpread],
      Comment(
        rawValue:
          "a candidate worse on every seed has a negative gain: flag it (the sign matters, not "
          + "|gain|); got:\n\(worse.report)"))
    let same = judgeImprovement(
      baseline: [0.2, 0.2, 0.2, 0.2, 0.2], candidate: [0.2, 0.2, 0.2, 0.2, 0.2])
    #expect(
      same.symptoms == [.improvementWithinSeedSpread],
      "no gain at all, no spread: not an improvement; got:\n\(same.report)")
  }

  @Test("a consistent gain beyond the spread is believed even when it is small")
  func smallConsistentGain() {
    let findings = judgeImprovement(
      baseline: [0.100, 0.101, 0.102, 0.101, 0.100], candidate: [0.090, 0.091, 0.092, 0.091, 0.090])
    #expect(
      findings.isEmpty,
      Comment(
        rawValue:
          "gain 0.01 against a spread of 0.0008: believed, whatever its absolute size; got:\n"
          + findings.report))
  }

  @Test("lists of different lengths stop with a message")
  func mismatchedLengths() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = judgeImprovement(baseline: [1, 2, 3, 4, 5], candidate: [1, 2, 3])
    }
    expectMessage(result, contains: ["judgeImprovement", "5", "3"])
  }
}
