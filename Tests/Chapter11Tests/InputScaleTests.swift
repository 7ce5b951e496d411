import DataPipeline
import Normalisation
import Tensors
import TestSupport
import Testing
import Training

@Suite("11.1 Input statistics per feature")
struct InputScaleTests {
  @Test(
    "raw 0-255 pixels are unscaled inputs: all 64 features, by mean and by spread",
    arguments: testSeeds)
  func flagsRawPixels(seed: UInt64) {
    let inputs = makePixelData(.broken, seed: seed).training.inputs
    let findings = inputScaleFindings(inputs)
    #expect(
      findings.symptoms == [.unscaledInputs] && findings.count == 1,
      """
      seed \(seed): raw pixels (mean about 100 and spread about 90 per feature) must give \
      exactly one finding, unscaled inputs, with every feature as evidence; got \
      \(findings.report)
      """)
    guard let finding = findings.finding(.unscaledInputs) else { return }
    let expected = (0..<64).flatMap { feature -> [Location] in
      [.feature(feature), .feature(feature)]
    }
    #expect(
      finding.evidence.map(\.location) == expected,
      """
      seed \(seed): expected two pieces of evidence per feature (|mean|, then standard \
      deviation), features 0 to 63 in order, each at .feature(j); got \
      \(finding.evidence.map(\.location))
      """)
    for (index, evidence) in finding.evidence.enumerated() {
      guard case .feature(let feature) = evidence.location, feature < 64 else { continue }
      let (mean, spread) = columnStatistics(inputs, feature)
      let isMean = index % 2 == 0
      let measured = isMean ? Swift.abs(mean) : spread
      let threshold =
        isMean ? ScaleThresholds.maximumAbsoluteMean : ScaleThresholds.maximumStandardDeviation
      #expect(
        evidence.quantity == (isMean ? "|mean|" : "standard deviation")
          && isClose(evidence.measured, measured, tolerance: 1e-9)
          && evidence.threshold == threshold && evidence.side == .above,
        """
        seed \(seed): \(evidence) should be the \(isMean ? "|mean|" : "standard deviation") \
        of feature \(feature), \(measured), above the threshold \(threshold) \
        (ScaleThresholds); the spread is the population standard deviation (divide by N)
        """)
    }
  }

  @Test(
    "standardised pixels are quiet, though over a third of their values lie outside [-1, 1]",
    arguments: testSeeds)
  func quietOnStandardisedPixels(seed: UInt64) {
    let inputs = makePixelData(.healthy, seed: seed).training.inputs
    let outside = Double(inputs.scalars.filter { Swift.abs($0) > 1 }.count) / Double(inputs.count)
    #expect(outside > 0.3, "premise: the healthy run has values well outside [-1, 1]")
    let findings = inputScaleFindings(inputs)
    #expect(
      findings.isEmpty,
      """
      seed \(seed): every feature has mean 0 and standard deviation 1, yet \(findings.count) \
      finding(s): \(findings.report). Judge each feature by its mean and spread, never by \
      its range: \(Int(100 * outside))% of these values lie outside [-1, 1], as they must \
      for standardised data (UMLAUT's range rule flagged all 49 standardised CIFAR-10 models)
      """)
  }

  @Test(
    "the decoy: nothing unscaled; feature 64 is named as constant and feature 65 as tiny",
    arguments: testSeeds)
  func decoyNamesTheOtherProblems(seed: UInt64) {
    let inputs = makePixelData(.decoy, seed: seed).training.inputs
    let findings = inputScaleFindings(inputs)
    #expect(
      findings.finding(.unscaledInputs) == nil,
      """
      seed \(seed): the decoy's pixels are standardised and its two extra columns are a \
      constant (feature 64) and noise in 0...0.001 (feature 65): neither is an unscaled \
      input. Got \(findings.report)
      """)
    #expect(
      findings.finding(.constantFeature)?.evidence.map(\.location) == [
        .feature(decoyConstantFeature)
      ],
      """
      seed \(seed): feature 64 is 1 in every example: one constantFeature finding naming it \
      (and only it) was expected; got \(findings.report)
      """)
    #expect(
      findings.finding(.tinyFeature)?.evidence.map(\.location) == [.feature(decoyTinyFeature)],
      """
      seed \(seed): feature 65 has a spread of about 0.0003, below \
      ScaleThresholds.minimumStandardDeviation: one tinyFeature finding naming it was \
      expected; got \(findings.report)
      """)
  }

  @Test("one 0-255 feature among standardised ones: only it is named, with its mean and spread")
  func namesTheOneLoudFeature() {
    let count = 200
    let pixels = uniformColumn(count, in: 0...255, seed: 11).map { $0.rounded() }
    let inputs = matrix(columns: [
      standardisedColumn(normalColumn(count, seed: 12)), pixels,
      standardisedColumn(uniformColumn(count, in: 0...1, seed: 13)),
    ])
    let findings = inputScaleFindings(inputs)
    let (mean, spread) = columnStatistics(inputs, 1)
    guard let finding = findings.finding(.unscaledInputs), findings.count == 1 else {
      Issue.record(
        """
        feature 1 (0-255, mean \(mean), spread \(spread)) must give one unscaled-inputs \
        finding and nothing else; got \(findings.report)
        """)
      return
    }
    #expect(
      finding.evidence.count == 2 && finding.evidence.allSatisfy { $0.location == .feature(1) },
      "only feature 1 is unscaled, named twice (mean, spread); got \(finding.evidence)")
    guard finding.evidence.count == 2 else { return }
    let (meanEvidence, spreadEvidence) = (finding.evidence[0], finding.evidence[1])
    #expect(
      meanEvidence.quantity == "|mean|" && isClose(meanEvidence.measured, mean)
        && evidenceProblem(meanEvidence, threshold: ScaleThresholds.maximumAbsoluteMean) == nil,
      "first the |mean| \(mean) against maximumAbsoluteMean; got \(meanEvidence)")
    #expect(
      spreadEvidence.quantity == "standard deviation" && isClose(spreadEvidence.measured, spread)
        && evidenceProblem(spreadEvidence, threshold: ScaleThresholds.maximumStandardDeviation)
          == nil,
      """
      then the population standard deviation \(spread) against maximumStandardDeviation; got \
      \(spreadEvidence)
      """)
  }

  @Test("an offset alone is enough: years (2000-2024) and an elevation of -430 m, by |mean|")
  func offsetAloneIsUnscaled() {
    let years = uniformColumn(100, in: 2000...2024, seed: 21).map { $0.rounded() }
    let elevation = normalColumn(100, mean: -430, spread: 5, seed: 23)
    let inputs = matrix(columns: [
      standardisedColumn(normalColumn(100, seed: 22)), years, elevation,
    ])
    let findings = inputScaleFindings(inputs)
    let evidence = findings.finding(.unscaledInputs)?.evidence ?? []
    #expect(
      findings.symptoms == [.unscaledInputs]
        && evidence.map(\.location) == [.feature(1), .feature(2)]
        && evidence.allSatisfy { $0.quantity == "|mean|" && $0.measured > 400 },
      """
      feature 1 (near 2012, spread about 7) and feature 2 (near -430, spread 5) are offset, \
      not loud: one piece of evidence each, its |mean| (the absolute value: an offset of \
      -430 is as far from 0 as one of +430), was expected; their spreads are under the \
      threshold. Got \(findings.report)
      """)
  }

  @Test("a spread alone is enough: a centred feature of spread 50 is named by its spread")
  func spreadAloneIsUnscaled() {
    let loud = standardisedColumn(normalColumn(100, seed: 31)).map { 50 * $0 }
    let findings = inputScaleFindings(matrix(columns: [loud]))
    let evidence = findings.finding(.unscaledInputs)?.evidence ?? []
    #expect(
      findings.symptoms == [.unscaledInputs] && evidence.count == 1
        && evidence.first?.quantity == "standard deviation"
        && evidence.first.map { isClose($0.measured, 50) } == true,
      """
      a feature of mean 0 and spread 50 must be named once, by its standard deviation of 50 \
      (its mean is fine); got \(findings.report)
      """)
  }

  @Test("a feature living in 0...0.001 is tiny, not unscaled; data in 0...1 is fine")
  func tinyFeatureIsTiny() {
    let inputs = matrix(columns: [
      uniformColumn(200, in: 0...0.001, seed: 41), uniformColumn(200, in: 0...1, seed: 42),
    ])
    let findings = inputScaleFindings(inputs)
    let (_, spread) = columnStatistics(inputs, 0)
    #expect(
      findings.symptoms == [.tinyFeature]
        && findings.first?.evidence.map(\.location) == [.feature(0)],
      """
      feature 0 (spread \(spread)) is below ScaleThresholds.minimumStandardDeviation and must \
      be reported as a tiny feature (noise or a signal in the wrong unit: the statistics \
      cannot say which), feature 1 (0...1, spread 0.29) not at all; got \(findings.report)
      """)
    if let evidence = findings.first?.evidence.first {
      #expect(
        evidence.quantity == "standard deviation" && isClose(evidence.measured, spread)
          && evidenceProblem(evidence, threshold: ScaleThresholds.minimumStandardDeviation)
            == nil,
        "the evidence is the spread \(spread), below minimumStandardDeviation; got \(evidence)")
    }
  }

  @Test("a constant feature is named as constant, whatever its value, and as nothing else")
  func constantFeatureIsOnlyConstant() {
    let inputs = matrix(columns: [
      Array(repeating: 255, count: 50), standardisedColumn(normalColumn(50, seed: 51)),
      Array(repeating: 0.1, count: 50),
    ])
    let findings = inputScaleFindings(inputs)
    #expect(
      findings.symptoms == [.constantFeature]
        && findings.first?.evidence.map(\.location) == [.feature(0), .feature(2)],
      """
      features 0 (always 255) and 2 (always 0.1) have no spread: one constantFeature finding \
      naming both was expected, and no unscaled or tiny finding (a constant's mean says \
      nothing, and it has no spread to divide by); got \(findings.report)
      """)
    for evidence in findings.first?.evidence ?? [] {
      #expect(
        evidence.quantity == "standard deviation" && evidence.side == .below
          && evidence.measured < 1e-12,
        "a constant's evidence is its spread, about 0, below the tolerance; got \(evidence)")
    }
  }

  @Test("a single example stops with a message: one row has no spread to measure")
  func oneExampleIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = inputScaleFindings(Tensor([[1, 2, 3]]))
    }
    expectMessage(
      result, contains: ["inputScaleFindings", "[1, 3]"],
      "check the shape first: at least 2 examples and 1 feature")
  }

  @Test("a non-finite value stops with a message naming its feature and example")
  func nonFiniteIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      a NaN at feature 1 of example 2 must stop inputScaleFindings: NaN is not infinite, so \
      test !isFinite (not isInfinite). A NaN makes the mean and spread NaN, and NaN crosses no \
      threshold: the check would report nothing
      """
    ) {
      _ = inputScaleFindings(Tensor([[1, 2], [3, 4], [5, .nan]]))
    }
    expectMessage(
      result, contains: ["inputScaleFindings", "feature 1", "example 2", "nan"],
      "a NaN makes every mean and spread NaN, and NaN crosses no threshold: stop instead")
  }
}
