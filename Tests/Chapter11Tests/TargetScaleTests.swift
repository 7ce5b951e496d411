import Normalisation
import Tensors
import TestSupport
import Testing
import Training

@Suite("11.2 Target scale")
struct TargetScaleTests {
  @Test(
    "0-255 colours as targets are unscaled: every column at .target(j), by mean and spread",
    arguments: testSeeds)
  func flagsRawColours(seed: UInt64) {
    let targets = makeColourData(.broken, seed: seed).trainingTargets
    let findings = targetScaleFindings(targets)
    #expect(
      findings.symptoms == [.unscaledTargets] && findings.count == 1,
      """
      seed \(seed): colours of 0-255 (means 60-130, spreads 50-90) against outputs near 0 \
      must give exactly one unscaled-targets finding; got \(findings.report)
      """)
    guard let finding = findings.finding(.unscaledTargets) else { return }
    let expected: [Location] = [
      .target(0), .target(0), .target(1), .target(1), .target(2), .target(2),
    ]
    #expect(
      finding.evidence.map(\.location) == expected,
      """
      seed \(seed): expected, per column in order, the |mean| then the standard deviation, \
      each at .target(j) (targets are not features); got \(finding.evidence.map(\.location))
      """)
    for (index, evidence) in finding.evidence.enumerated() {
      guard case .target(let column) = evidence.location, column < 3 else { continue }
      let (mean, spread) = columnStatistics(targets, column)
      let isMean = index % 2 == 0
      #expect(
        evidence.quantity == (isMean ? "|mean|" : "standard deviation")
          && isClose(evidence.measured, isMean ? Swift.abs(mean) : spread)
          && evidenceProblem(
            evidence,
            threshold: isMean
              ? ScaleThresholds.maximumAbsoluteMean : ScaleThresholds.maximumStandardDeviation)
            == nil,
        """
        seed \(seed): \(evidence) should be column \(column)'s \
        \(isMean ? "|mean| \(Swift.abs(mean))" : "standard deviation \(spread)"), above its \
        ScaleThresholds constant (the spread is the population standard deviation: divide by N)
        """)
    }
  }

  @Test("colours divided by 255 (targets in 0...1) are quiet", arguments: testSeeds)
  func quietOnScaledColours(seed: UInt64) {
    let findings = targetScaleFindings(makeColourData(.healthy, seed: seed).trainingTargets)
    #expect(
      findings.isEmpty,
      """
      seed \(seed): targets in 0...1 (means near 0.5, spreads near 0.3) are within an order \
      of magnitude of the unit scale; got \(findings.report)
      """)
  }

  @Test(
    "the decoy (raw positions, scaled colours) is quiet: its huge loss comes from the inputs",
    arguments: testSeeds)
  func quietOnTheDecoy(seed: UInt64) {
    let data = makeColourData(.decoy, seed: seed)
    #expect(columnStatistics(data.trainingInputs, 0).mean > 50, "premise: raw positions")
    let findings = targetScaleFindings(data.trainingTargets)
    #expect(
      findings.isEmpty,
      """
      seed \(seed): the decoy's targets are the healthy ones (colours / 255); only its inputs \
      are unscaled. Judge the targets by their own statistics, not by the loss or the inputs; \
      got \(findings.report)
      """)
  }

  @Test("standardised targets with values far beyond [-1, 1] are quiet")
  func quietOnStandardisedTargets() {
    let targets = matrix(columns: [
      standardisedColumn(normalColumn(300, seed: 61)),
      standardisedColumn(normalColumn(300, mean: 5, spread: 3, seed: 62).map { $0 * $0 * $0 }),
    ])
    let findings = targetScaleFindings(targets)
    #expect(
      findings.isEmpty,
      """
      two standardised target columns (mean 0, spread 1; the second heavy-tailed, with \
      values beyond 3) must not be flagged: judge the mean and spread, never the range; got \
      \(findings.report)
      """)
  }

  @Test("tiny targets (0...0.001) are unscaled too: their spread is below the minimum")
  func flagsTinyTargets() {
    let targets = matrix(columns: [
      uniformColumn(100, in: 0...0.001, seed: 71), uniformColumn(100, in: 0...1, seed: 72),
    ])
    let findings = targetScaleFindings(targets)
    let (_, spread) = columnStatistics(targets, 0)
    let evidence = findings.finding(.unscaledTargets)?.evidence ?? []
    #expect(
      findings.symptoms == [.unscaledTargets] && evidence.count == 1
        && evidence.first?.location == .target(0)
        && evidence.first?.quantity == "standard deviation"
        && evidence.first.map { isClose($0.measured, spread) && $0.side == .below } == true,
      """
      target 0 has a spread of \(spread): an untrained network's outputs are a thousand times \
      larger, and the loss is tiny whatever it predicts. One piece of evidence, its \
      standard deviation below ScaleThresholds.minimumStandardDeviation, was expected (target \
      1, in 0...1, is fine); got \(findings.report)
      """)
  }

  @Test("an offset alone is enough: kelvin (290 +- 5) is named by its |mean|, a constant too")
  func flagsOffsetAndConstant() {
    let kelvin = normalColumn(100, mean: 290, spread: 5, seed: 81)
    let targets = matrix(columns: [kelvin, Array(repeating: 0.5, count: 100)])
    let findings = targetScaleFindings(targets)
    let evidence = findings.finding(.unscaledTargets)?.evidence ?? []
    #expect(
      evidence.map(\.location) == [.target(0), .target(1)]
        && evidence.map(\.quantity) == ["|mean|", "standard deviation"]
        && evidence.map(\.side) == [.above, .below],
      """
      target 0 (mean 290, spread 5) is offset: its |mean| is the evidence; target 1 is \
      constant (spread 0, below the minimum: nothing to learn). Got \(findings.report)
      """)
  }

  @Test("a vector of targets stops with a message: targets are an [examples, outputs] matrix")
  func vectorIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = targetScaleFindings(Tensor([1, 2, 3, 4]))
    }
    expectMessage(result, contains: ["targetScaleFindings", "[4]"])
  }

  @Test("a non-finite target stops with a message naming its column and example")
  func nonFiniteIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = targetScaleFindings(Tensor([[1, 2], [.infinity, 4]]))
    }
    expectMessage(result, contains: ["targetScaleFindings", "target 0", "example 1", "inf"])
  }
}
