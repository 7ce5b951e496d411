import NaNHunting
import Testing
import Training

@Suite("22.3 The clipping threshold")
struct ClippingTests {
  @Test("the 90th percentile interpolates between the sorted norms, as NumPy does")
  func interpolation() {
    let threshold = clippingThreshold(loggedNorms: [1, 2, 3, 4])
    #expect(
      abs(threshold - 3.7) <= 1e-12,
      Comment(
        rawValue:
          "the 90th percentile of [1, 2, 3, 4]: rank 0.9 · 3 = 2.7, so 3 + 0.7 · (4 - 3) = 3.7; got "
          + "\(threshold) (3 is the nearest rank without interpolation)"))
    let eleven = clippingThreshold(loggedNorms: (1...11).map(Double.init))
    #expect(abs(eleven - 10) <= 1e-12, "the 90th percentile of 1...11 is 10, got \(eleven)")
  }

  @Test("the percentile is taken over the norms sorted, not in the order they were logged")
  func sorted() {
    let threshold = clippingThreshold(loggedNorms: [4, 1, 3, 2])
    #expect(
      abs(threshold - 3.7) <= 1e-12,
      "[4, 1, 3, 2] sorted is [1, 2, 3, 4]: 3.7; got \(threshold) (did you sort the norms?)")
  }

  @Test("p = 0 and p = 1 give the smallest and the largest norm; one norm is its own percentile")
  func ends() {
    let norms: [Double] = [5, 2, 9, 7]
    let low = clippingThreshold(loggedNorms: norms, percentile: 0)
    let high = clippingThreshold(loggedNorms: norms, percentile: 1)
    let single = clippingThreshold(loggedNorms: [0.3])
    #expect(
      low == 2 && high == 9 && single == 0.3,
      Comment(
        rawValue:
          "percentiles 0 and 1 of [5, 2, 9, 7] are 2 and 9, and of [0.3] it is 0.3; got \(low), "
          + "\(high), \(single)"))
  }

  @Test("at the 90th percentile of its own norms, the healthy run clips about one step in ten")
  func healthy() {
    for (seed, run) in zip(testSeeds, Runs.healthy) {
      let threshold = clippingThreshold(loggedNorms: run.gradientNorms)
      let fraction =
        Double(run.gradientNorms.filter { $0 > threshold }.count)
        / Double(run.gradientNorms.count)
      let findings = diagnoseClipping(gradientNorms: run.gradientNorms, threshold: threshold)
      #expect(
        (0.05...0.15).contains(fraction) && findings.isEmpty,
        Comment(
          rawValue:
            "healthy, seed \(seed): at its 90th percentile \(threshold), \(fraction) of the steps "
            + "are clipped (about 0.1), so no finding; got \(findings.symptoms)"))
    }
  }

  @Test("clipping that fires on most steps of a too-high rate is flagged, with its fraction")
  func mostSteps() {
    for (seed, run) in zip(testSeeds, Runs.clippedTooHigh) {
      let threshold = run.clipNorm!
      let fraction =
        Double(run.gradientNorms.filter { $0 > threshold }.count)
        / Double(run.gradientNorms.count)
      let findings = diagnoseClipping(gradientNorms: run.gradientNorms, threshold: threshold)
      let evidence = findings.first?.evidence.first
      #expect(
        findings.symptoms == [.clippingMostSteps] && evidence?.measured == fraction
          && evidence?.threshold == 0.5 && evidence?.location == .run,
        Comment(
          rawValue:
            "rate too high, clipped, seed \(seed): \(fraction) of the steps are clipped, more than "
            + "half: expected [.clippingMostSteps] with that fraction against 0.5 at the run; "
            + "got \(findings.symptoms) \(findings.first?.evidence ?? [])"))
    }
  }

  @Test("exactly half the steps clipped is not more than half; a norm at the threshold is kept")
  func boundaries() {
    let half = diagnoseClipping(gradientNorms: [1, 2, 3, 4], threshold: 2.5)
    let equal = diagnoseClipping(gradientNorms: [2, 2, 2, 3], threshold: 2)
    #expect(
      half.isEmpty,
      Comment(
        rawValue:
          "[1, 2, 3, 4] at 2.5: 2 of 4 clipped, a fraction of 0.5, which is not MORE than half; "
          + "got \(half.symptoms)"))
    #expect(
      equal.isEmpty,
      Comment(
        rawValue:
          "[2, 2, 2, 3] at 2: a norm equal to the threshold is not clipped (clipGradientNorm "
          + "leaves it), so 1 of 4; got \(equal.symptoms)"))
  }

  @Test("the fix: clipping to norm 1 takes the recurrence to its target, and not most steps")
  func recurrenceFix() {
    for (seed, (clipped, broken)) in zip(
      testSeeds, zip(Runs.clippedRecurrence, Runs.explodingRecurrence))
    {
      let findings = diagnoseClipping(gradientNorms: clipped.gradientNorms, threshold: 1)
      #expect(
        clipped.losses.last! < 1e-6 && !broken.losses.last!.isFinite && findings.isEmpty,
        Comment(
          rawValue:
            "recurrence, seed \(seed): clipped to norm 1 it reaches \(clipped.losses.last!) "
            + "(below 1e-6) where the unclipped run ends at \(broken.losses.last!); it clips "
            + "about a third of its steps, not most, so no finding: got \(findings.symptoms)"))
    }
  }

  @Test("no logged norm stops with a message")
  func empty() async {
    await #expect(processExitsWith: .failure) { _ = clippingThreshold(loggedNorms: []) }
  }

  @Test("a NaN norm stops with a message: it has no rank")
  func nanNorm() async {
    await #expect(processExitsWith: .failure) { _ = clippingThreshold(loggedNorms: [1, .nan]) }
  }

  @Test("a threshold of 0 stops with a message naming it")
  func zeroThreshold() async {
    await #expect(processExitsWith: .failure) {
      _ = diagnoseClipping(gradientNorms: [1], threshold: 0)
    }
  }
}
