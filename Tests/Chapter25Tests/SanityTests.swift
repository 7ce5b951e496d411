import Foundation
import TestSupport
import Testing
import TrainingDoctor

@Suite("25.3 The sanity stage: the loss at initialisation, one batch overfitted")
struct SanityTests {
  let memorised = fallingLosses(300)  // ends near 0.002 of its start

  @Test("a start near ln C and a memorised batch give nothing")
  func healthy() {
    let findings = sanityFindings(
      SanityRecord(initialLoss: 1.2, expectedInitialLoss: log(3), overfitLosses: memorised))
    #expect(findings.isEmpty, "a start of 1.2 (ln 3 = 1.1) and a batch memorised: \(findings)")
  }

  @Test("a start more than 4 times ln C, or below a quarter of it, is off, with its ratio")
  func initialLoss() {
    let high = sanityFindings(
      SanityRecord(initialLoss: 12, expectedInitialLoss: log(3), overfitLosses: memorised))
    let low = sanityFindings(
      SanityRecord(initialLoss: 0.2, expectedInitialLoss: log(3), overfitLosses: memorised))
    let inside = sanityFindings(
      SanityRecord(initialLoss: 4, expectedInitialLoss: log(3), overfitLosses: memorised))
    let highEvidence = high.first?.evidence.first
    let lowEvidence = low.first?.evidence.first
    #expect(
      high.symptoms == [.initialLossOff] && highEvidence?.side == .above
        && abs((highEvidence?.measured ?? 0) - 12 / log(3)) < 1e-9
        && low.symptoms == [.initialLossOff] && lowEvidence?.side == .below
        && lowEvidence?.threshold == 0.25 && inside.isEmpty,
      Comment(
        rawValue:
          "initial loss / ln 3: 12 gives 10.9 (above 4: weights or inputs on the wrong scale), "
          + "0.2 gives 0.18 (below 0.25: the loss is computed wrongly), 4 gives 3.6 (inside). "
          + "Got \(high.map(\.description)), \(low.map(\.description)), \(inside.symptoms)"))
  }

  @Test("a regression has no expected start: only the overfit check runs")
  func regression() {
    let findings = sanityFindings(
      SanityRecord(initialLoss: 1e6, expectedInitialLoss: nil, overfitLosses: memorised))
    #expect(findings.isEmpty, "without an expected loss there is nothing to compare: \(findings)")
  }

  @Test("a batch not memorised is found, with the curve's shape in the symptom")
  func cannotOverfit() {
    let flat = (0..<300).map { 1 - 0.0001 * Double($0) }
    let findings = sanityFindings(
      SanityRecord(initialLoss: 1.1, expectedInitialLoss: log(3), overfitLosses: flat))
    let evidence = findings.first?.evidence.first
    #expect(
      findings.symptoms == [.cannotOverfitOneBatch(.plateau)]
        && abs((evidence?.measured ?? 0) - flat.last!) < 1e-9 && evidence?.threshold == 0.2,
      Comment(
        rawValue:
          "the loss on one batch went from 1 to 0.97: the model cannot memorise 16 examples, "
          + "and its curve is a plateau; expected [cannot overfit one batch (plateau)] with "
          + "last / first = 0.97 above 0.2, got \(findings.map(\.description))"))
  }

  @Test("a batch brought to 0.2 of its start is memorised; 0.21 is not")
  func threshold() {
    let atBar = sanityFindings(
      SanityRecord(initialLoss: 1, expectedInitialLoss: 1, overfitLosses: [1, 0.5, 0.2]))
    let above = sanityFindings(
      SanityRecord(initialLoss: 1, expectedInitialLoss: 1, overfitLosses: [1, 0.5, 0.21]))
    #expect(
      atBar.isEmpty && above.symptoms == [.cannotOverfitOneBatch(.falling)],
      Comment(
        rawValue:
          "the bar is last / first > 0.2: [1, 0.5, 0.2] passes (got \(atBar.symptoms)), "
          + "[1, 0.5, 0.21] fails with a falling curve (got \(above.symptoms))"))
  }

  @Test("an overfit run that is NaN from its first step counts as exploding, without a stop")
  func nanFromTheStart() {
    let findings = sanityFindings(
      SanityRecord(initialLoss: 1, expectedInitialLoss: log(3), overfitLosses: [.nan]))
    let measured = findings.first?.evidence.first?.measured ?? 0
    #expect(
      findings.symptoms == [.cannotOverfitOneBatch(.exploding)] && measured == .infinity,
      Comment(
        rawValue:
          "the run stops at its first non-finite loss, so the record holds [nan]: expected "
          + "cannot overfit one batch (exploding) with ratio infinity, got "
          + "\(findings.map(\.description)) (curveShape would stop on this record: do not call "
          + "it)"))
  }

  @Test("no overfit loss at all stops with a message naming sanityFindings")
  func empty() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = sanityFindings(SanityRecord(initialLoss: 1, expectedInitialLoss: 1, overfitLosses: []))
    }
    expectMessage(result, contains: ["sanityFindings"])
  }
}
