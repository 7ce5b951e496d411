import Foundation

/// How often a diagnostic fires on each kind of run, over many seeds: its measured
/// false-negative rate (broken runs it missed) and false-positive rates (healthy and decoy runs
/// it flagged).
///
/// A diagnostic is a heuristic with a threshold; a few fixed seeds in a test say that it *can*
/// work, this table says how often it does. The maintainer command
/// `swift run workbook calibrate N --write` builds chapter N's tables (the chapter's
/// `calibrationTables(seeds:)`, run by its lab program) and writes them into its lesson.
///
/// ```swift
/// let table = CalibrationTable(diagnostic: "inputStatistics", seeds: 0..<50) { kind, seed in
///   diagnose(makeRun(kind, seed: seed)).contains { $0.symptom == .unscaledInputs }
/// }
/// print(table.markdown)
/// ```
public struct CalibrationTable: Sendable, Equatable {
  /// A kind of run and whether the diagnostic should fire on it.
  public struct Kind: Sendable, Equatable {
    /// "broken", "healthy", "decoy: a constant feature", ...
    public let name: String
    /// True for runs that have the mistake (a miss is a false negative), false for the others
    /// (a flag is a false positive).
    public let shouldFlag: Bool

    public init(_ name: String, shouldFlag: Bool) {
      self.name = name
      self.shouldFlag = shouldFlag
    }
  }

  /// One row: a kind, how many runs, how many were flagged.
  public struct Row: Sendable, Equatable {
    public let kind: Kind
    public let runs: Int
    public let flagged: Int

    /// The fraction of runs on which the diagnostic was wrong: missed (should flag) or flagged
    /// (should not).
    public var errorRate: Double {
      runs == 0 ? .nan : Double(kind.shouldFlag ? runs - flagged : flagged) / Double(runs)
    }
  }

  /// The diagnostic measured, as the lesson names it.
  public let diagnostic: String
  /// The seeds used for every kind.
  public let seeds: Range<UInt64>
  public let rows: [Row]

  /// Runs `flags(kind, seed)` for every kind and seed and counts the runs flagged.
  public init(
    diagnostic: String, kinds: [Kind], seeds: Range<UInt64>,
    flags: (_ kind: Kind, _ seed: UInt64) -> Bool
  ) {
    self.diagnostic = diagnostic
    self.seeds = seeds
    rows = kinds.map { kind in
      Row(kind: kind, runs: seeds.count, flagged: seeds.filter { flags(kind, $0) }.count)
    }
  }

  /// The false-negative rate: broken runs missed, over every kind that should be flagged.
  public var falseNegativeRate: Double { pooledErrorRate(shouldFlag: true) }
  /// The false-positive rate: runs flagged, over every kind that should not be.
  public var falsePositiveRate: Double { pooledErrorRate(shouldFlag: false) }

  func pooledErrorRate(shouldFlag: Bool) -> Double {
    let chosen = rows.filter { $0.kind.shouldFlag == shouldFlag }
    let runs = chosen.map(\.runs).reduce(0, +)
    let errors = chosen.map { shouldFlag ? $0.runs - $0.flagged : $0.flagged }.reduce(0, +)
    return runs == 0 ? .nan : Double(errors) / Double(runs)
  }

  /// A Markdown table, one row per kind, as the lessons print it.
  ///
  /// ```
  /// | run | should it fire? | runs | flagged | error rate |
  /// | --- | --- | --- | --- | --- |
  /// | broken: raw pixels | yes | 50 | 50 | 0% (false negatives) |
  /// | healthy: standardised | no | 50 | 0 | 0% (false positives) |
  /// ```
  public var markdown: String {
    var lines = [
      "| run | should it fire? | runs | flagged | error rate |",
      "| --- | --- | --- | --- | --- |",
    ]
    for row in rows {
      let kind = row.kind.shouldFlag ? "false negatives" : "false positives"
      lines.append(
        "| \(row.kind.name) | \(row.kind.shouldFlag ? "yes" : "no") | \(row.runs) | "
          + "\(row.flagged) | \(Self.percent(row.errorRate)) (\(kind)) |")
    }
    lines.append("")
    lines.append(
      "`\(diagnostic)` over seeds \(seeds.lowerBound)-\(seeds.upperBound - 1): false-negative "
        + "rate \(Self.percent(falseNegativeRate)), false-positive rate "
        + "\(Self.percent(falsePositiveRate)).")
    return lines.joined(separator: "\n")
  }

  static func percent(_ rate: Double) -> String {
    guard rate.isFinite else { return "n/a" }
    let value = rate * 100
    return value == value.rounded()
      ? String(format: "%.0f%%", value) : String(format: "%.1f%%", value)
  }
}
