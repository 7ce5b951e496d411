import DataInspection
import DataPipeline
import Tensors
import TestSupport
import Testing
import Training

@Suite("23.1 Duplicates and leaks")
struct DuplicatesTests {
  @Test(
    "30 copied training rows give 30 pieces of evidence, each a later copy", arguments: testSeeds)
  func flagsCopies(seed: UInt64) {
    let run = Runs.run(.duplicates, .broken, seed: seed)
    let findings = duplicateFindings(training: run.training, validation: run.validation)
    guard let finding = findings.finding(.duplicateExamples), findings.count == 1 else {
      Issue.record(
        "seed \(seed): 30 copied rows must give one duplicate-examples finding and nothing else; got \(findings.report)"
      )
      return
    }
    var seen: [[Double]: Int] = [:]
    var expected: [(Int, Double)] = []
    for index in 0..<run.training.count {
      let values = row(run.training, index)
      if let earlier = seen[values] { expected.append((index, Double(earlier))) }
      seen[values, default: 0] += 1
    }
    #expect(
      finding.evidence.map(\.location) == expected.map { Location.example($0.0) },
      """
      seed \(seed): the evidence should name every row that equals an EARLIER row, in \
      training order (\(expected.count) rows: the first occurrence is not a copy); got \
      \(finding.evidence.count) pieces at \(finding.evidence.prefix(5).map(\.location))
      """)
    for (evidence, (_, earlier)) in zip(finding.evidence, expected) {
      #expect(
        evidence.measured == earlier && evidence.threshold == 0 && evidence.side == .above,
        "seed \(seed): \(evidence): measured should be the number of earlier copies, \(earlier), threshold 0, above"
      )
    }
  }

  @Test(
    "20 validation rows copied from training leak, and are named by validation index",
    arguments: testSeeds)
  func flagsLeaks(seed: UInt64) {
    let run = Runs.run(.leakage, .broken, seed: seed)
    let findings = duplicateFindings(training: run.training, validation: run.validation)
    #expect(
      findings.symptoms == [.leakAcrossSplits],
      "seed \(seed): the first 20 validation rows are training rows: one leak finding expected (the training split itself has no copies); got \(findings.report)"
    )
    #expect(
      findings.finding(.leakAcrossSplits)?.evidence.map(\.location)
        == (0..<20).map { Location.example($0) },
      "seed \(seed): the leak evidence should be at the validation indices 0-19, in validation order; got \(findings.finding(.leakAcrossSplits)?.evidence.map(\.location) ?? [])"
    )
  }

  @Test(
    "quiet on clean data and on genuine near-duplicates 1e-4 apart",
    arguments: [DataVariant.clean, .decoy])
  func quiet(variant: DataVariant) {
    for check in [DataCheck.duplicates, .leakage] {
      let run = Runs.run(check, variant, seed: 0)
      let findings = duplicateFindings(training: run.training, validation: run.validation)
      #expect(
        findings.isEmpty,
        "\(check) \(variant): no row equals another (near-duplicates differ by about 1e-4: two measurements, not a copy), yet \(findings.report)"
      )
    }
  }

  @Test("three copies of one row: the second counts 1 earlier copy, the third 2")
  func countsEarlierCopies() {
    let rows: [[Double]] = [[1, 2], [3, 4], [1, 2], [5, 6], [1, 2]]
    let training = Dataset(inputs: Tensor(rows), labels: [0, 1, 1, 0, 2])
    let validation = Dataset(inputs: Tensor([[7.0, 8], [3, 4]]), labels: [0, 1])
    let findings = duplicateFindings(training: training, validation: validation)
    let copies = findings.finding(.duplicateExamples)?.evidence ?? []
    #expect(
      copies.map(\.location) == [.example(2), .example(4)] && copies.map(\.measured) == [1, 2],
      "rows 2 and 4 copy row 0 (labels differ: still copies): expected evidence at examples 2 and 4 measuring 1 and 2 earlier copies; got \(copies)"
    )
    let leaks = findings.finding(.leakAcrossSplits)?.evidence ?? []
    #expect(
      leaks.map(\.location) == [.example(1)] && leaks.map(\.measured) == [1],
      "validation row 1 equals training row 1 once: one leak at example 1 measuring 1; got \(leaks)"
    )
  }

  @Test("splits with different feature counts stop with a message")
  func mismatchStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = duplicateFindings(
        training: Dataset(inputs: Tensor([[1.0, 2]]), labels: [0]),
        validation: Dataset(inputs: Tensor([[1.0, 2, 3]]), labels: [0]))
    }
    expectMessage(result, contains: ["duplicateFindings", "2", "3"])
  }
}
