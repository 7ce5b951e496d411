import TestSupport
import Testing
import Training
import TrainingDoctor

/// A diagnosis with these ranked causes, one root per cause, the i-th at step + 10 i.
func diagnosis(_ causes: [Mistake], step: Int = 0) -> Diagnosis {
  let finding = Finding(
    Symptom("test"), evidence: [Evidence("x", at: .run, measured: 1, threshold: 0, .above)],
    likelyCause: "", fix: "")
  return Diagnosis(
    findings: causes.enumerated().map {
      DoctorFinding(
        finding: finding, stage: .monitors, step: step + 10 * $0.offset, causes: [$0.element],
        foldedInto: nil)
    }, causes: causes)
}

@Suite("25.7 Scoring the doctor like the research tools")
struct ScorecardTests {
  let entries = [
    BenchmarkEntry(name: "a", truth: [.deadReLUs], diagnosis: diagnosis([.deadReLUs], step: 40)),
    BenchmarkEntry(
      name: "b", truth: [.deadReLUs], diagnosis: diagnosis([.tooDeep, .deadReLUs], step: 60)),
    BenchmarkEntry(name: "c", truth: [.tooDeep], diagnosis: diagnosis([.learningRateTooLow])),
    BenchmarkEntry(
      name: "d", truth: [.tooMuchRegularisation, .misalignedLabels],
      diagnosis: diagnosis(
        [.misalignedLabels, .noisyLabels, .overfitting, .tooMuchRegularisation], step: 10)),
    BenchmarkEntry(name: "e", truth: [], diagnosis: diagnosis([])),
    BenchmarkEntry(name: "f", truth: [], diagnosis: diagnosis([.overfitting], step: 5)),
    BenchmarkEntry(name: "g", truth: [], diagnosis: diagnosis([])),
  ]

  @Test("top-1, top-3 and false warnings are counted per run")
  func totals() {
    let card = scoreBenchmark(entries)
    #expect(
      card.brokenRuns == 4 && card.top1Hits == 2 && card.top3Hits == 2 && card.healthyRuns == 3
        && card.falseWarnings == 1,
      Comment(
        rawValue:
          "4 broken runs: a right first; b right second (top-3 only); c missed; d's first is one "
          + "of its two planted mistakes (top-1) but a top-3 needs every planted mistake in the "
          + "first three and its second is fourth: top-1 2 (a, d), top-3 2 (a, b). 3 healthy "
          + "runs, only f warned (a false warning is a healthy run NOT called healthy). Got "
          + "broken \(card.brokenRuns), top-1 \(card.top1Hits), top-3 \(card.top3Hits), healthy "
          + "\(card.healthyRuns), warnings \(card.falseWarnings)"))
  }

  @Test("a run with two planted mistakes counts in each of their rows; rows follow Mistake order")
  func rows() {
    let card = scoreBenchmark(entries)
    let names = card.rows.map(\.mistake)
    let dead = card.rows.first { $0.mistake == .deadReLUs }
    let regularisation = card.rows.first { $0.mistake == .tooMuchRegularisation }
    let misaligned = card.rows.first { $0.mistake == .misalignedLabels }
    #expect(
      names == [.misalignedLabels, .tooMuchRegularisation, .deadReLUs, .tooDeep]
        && dead?.runs == 2 && dead?.top1 == 1 && dead?.top3 == 2 && regularisation?.runs == 1
        && regularisation?.top1 == 0 && regularisation?.top3 == 0 && misaligned?.top1 == 1
        && misaligned?.top3 == 1,
      Comment(
        rawValue:
          "one row per planted mistake in Mistake.allCases order; deadReLUs: 2 runs, 1 top-1, 2 "
          + "top-3; the two-mistake run d counts in the rows of misalignedLabels and "
          + "tooMuchRegularisation, and in a row top-1 means that very mistake first, top-3 "
          + "that very mistake in the first three: misalignedLabels 1/1, tooMuchRegularisation "
          + "0/0. Got \(card.rows.map { "\($0.mistake) \($0.runs)/\($0.top1)/\($0.top3)" })"))
  }

  @Test("the detection step is the first root naming a planted mistake; its median over top-3 hits")
  func detection() {
    let card = scoreBenchmark(entries)
    let dead = card.rows.first { $0.mistake == .deadReLUs }
    let regularisation = card.rows.first { $0.mistake == .tooMuchRegularisation }
    #expect(
      card.medianDetectionStep == 55 && dead?.medianDetectionStep == 55
        && regularisation?.medianDetectionStep == 40,
      Comment(
        rawValue:
          "the top-3 hits are a (deadReLUs named at step 40) and b (at 70): median 55; the "
          + "deadReLUs row: 40 and 70, median 55; the tooMuchRegularisation row uses the step "
          + "that names that very mistake in d (40), not d's first root (10). Got "
          + "\(String(describing: card.medianDetectionStep)), "
          + "\(String(describing: dead?.medianDetectionStep)), "
          + "\(String(describing: regularisation?.medianDetectionStep))"))
  }

  @Test("the rates divide by the runs of their kind")
  func rates() {
    let card = scoreBenchmark(entries)
    #expect(
      card.top1Rate == 0.5 && card.top3Rate == 0.5 && abs(card.falseWarningRate - 1.0 / 3) < 1e-12,
      Comment(
        rawValue:
          "top-1 2/4, top-3 2/4, warnings 1/3; got \(card.top1Rate), \(card.top3Rate), "
          + "\(card.falseWarningRate)"))
  }

  @Test("no entry stops with a message naming scoreBenchmark")
  func empty() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = scoreBenchmark([])
    }
    expectMessage(result, contains: ["scoreBenchmark"])
  }
}
