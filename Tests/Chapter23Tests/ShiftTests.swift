import DataInspection
import DataPipeline
import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite("23.5 A shift between the splits")
struct ShiftTests {
  @Test(
    "validation feature 0 moved by 1.5 spreads: a shift at feature 0, in standard errors",
    arguments: testSeeds)
  func flagsShift(seed: UInt64) {
    let run = Runs.run(.shift, .broken, seed: seed)
    let train = finiteColumn(run.training.inputs, 0)
    let valid = finiteColumn(run.validation.inputs, 0)
    let (nt, nv) = (Double(train.count), Double(valid.count))
    let mt = train.reduce(0, +) / nt
    let spread = (train.reduce(0) { $0 + ($1 - mt) * ($1 - mt) } / nt).squareRoot()
    let score = Swift.abs(valid.reduce(0, +) / nv - mt) / (spread * (1 / nt + 1 / nv).squareRoot())
    let findings = distributionShiftFindings(training: run.training, validation: run.validation)
    let evidence = findings.finding(.distributionShift)?.evidence ?? []
    #expect(
      findings.symptoms == [.distributionShift] && evidence.map(\.location) == [.feature(0)]
        && isClose(evidence.first?.measured ?? .nan, score, tolerance: 1e-9),
      "seed \(seed): feature 0's validation mean is 1.5 spreads off: |m_v - m_t| / (s_t sqrt(1/n_t + 1/n_v)) = \(score) standard errors, above 6, and only feature 0; got \(findings.report)"
    )
  }

  @Test(
    "quiet on a random split and on a validation split of only 20 rows",
    arguments: [DataVariant.clean, .decoy])
  func quiet(variant: DataVariant) {
    for seed in testSeeds {
      let run = Runs.run(.shift, variant, seed: seed)
      let findings = distributionShiftFindings(training: run.training, validation: run.validation)
      #expect(
        findings.isEmpty,
        "seed \(seed), \(variant): both splits come from the same distribution; a small validation split has noisier means, which sqrt(1/n_t + 1/n_v) allows for. Got \(findings.report)"
      )
    }
  }

  @Test(
    "a hand-made shift: means 0 and 1, spread 1, 4 and 4 rows: 1 / sqrt(1/2) = 1.41 standard errors is quiet; 100 rows each is 7.07"
  )
  func standardErrors() {
    func split(_ values: [Double]) -> Dataset {
      Dataset(
        inputs: Tensor(shape: [values.count, 1], scalars: values), labels: values.map { _ in 0 })
    }
    let small = distributionShiftFindings(
      training: split([-1, 1, -1, 1]), validation: split([0, 2, 0, 2]))
    #expect(small.isEmpty, "4 rows each: 1.41 standard errors, below 6; got \(small.report)")
    let train = (0..<100).map { $0 % 2 == 0 ? -1.0 : 1 }
    let large = distributionShiftFindings(
      training: split(train), validation: split(train.map { $0 + 1 }))
    let measured = large.finding(.distributionShift)?.evidence.first?.measured ?? .nan
    #expect(
      isClose(measured, 1 / (0.02).squareRoot(), tolerance: 1e-9),
      "100 rows each, a mean difference of 1 with spread 1: 1 / sqrt(1/100 + 1/100) = 7.07 standard errors (the population spread of the training split); got \(large.report)"
    )
  }

  @Test("splits with different feature counts stop with a message")
  func mismatchStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = distributionShiftFindings(
        training: Dataset(inputs: Tensor([[1.0, 2]]), labels: [0]),
        validation: Dataset(inputs: Tensor([[1.0]]), labels: [0]))
    }
    expectMessage(result, contains: ["distributionShiftFindings"])
  }
}
