import Testing
import WorkbookSupport

@Suite("Calibration tables")
struct CalibrationTests {
  let kinds = [
    CalibrationTable.Kind("broken", shouldFlag: true),
    CalibrationTable.Kind("healthy", shouldFlag: false),
    CalibrationTable.Kind("decoy", shouldFlag: false),
  ]

  @Test("rates count misses on broken runs and flags on the others")
  func rates() {
    // Flags broken runs except seed 0, healthy runs never, decoys on even seeds.
    let table = CalibrationTable(diagnostic: "check", kinds: kinds, seeds: 0..<10) { kind, seed in
      switch kind.name {
      case "broken": seed != 0
      case "decoy": seed % 2 == 0
      default: false
      }
    }
    #expect(table.rows.map(\.flagged) == [9, 0, 5])
    #expect(table.rows.map(\.errorRate) == [0.1, 0, 0.5])
    #expect(table.falseNegativeRate == 0.1)
    #expect(table.falsePositiveRate == 0.25)
    let lines = table.markdown.split(separator: "\n").map(String.init)
    #expect(lines[2] == "| broken | yes | 10 | 9 | 10% (false negatives) |")
    #expect(lines[4] == "| decoy | no | 10 | 5 | 50% (false positives) |")
    #expect(
      lines.last
        == "`check` over seeds 0-9: false-negative rate 10%, false-positive rate 25%.")
  }
}
