import Foundation
import Tensors

/// One benchmark run: what was planted and what the doctor said. Provided.
public struct BenchmarkEntry: Sendable {
  /// The scenario's name.
  public let name: String
  /// The mistakes planted (empty: a healthy run).
  public let truth: [Mistake]
  public let diagnosis: Diagnosis

  public init(name: String, truth: [Mistake], diagnosis: Diagnosis) {
    self.name = name
    self.truth = truth
    self.diagnosis = diagnosis
  }
}

/// The doctor's score on a benchmark, measured the way the research tools were evaluated
/// (AUTOTRAINER, DeepDiagnosis, DeepFD). Provided.
public struct Scorecard: Sendable, Equatable {
  /// One mistake's row.
  public struct Row: Sendable, Equatable {
    public let mistake: Mistake
    /// Broken runs that planted it.
    public let runs: Int
    /// Runs whose first-ranked cause is this mistake.
    public let top1: Int
    /// Runs whose first three causes contain this mistake.
    public let top3: Int
    /// The median step at which a root finding first named it, over the runs that named it
    /// at all; nil when none did.
    public let medianDetectionStep: Double?

    public init(mistake: Mistake, runs: Int, top1: Int, top3: Int, medianDetectionStep: Double?) {
      self.mistake = mistake
      self.runs = runs
      self.top1 = top1
      self.top3 = top3
      self.medianDetectionStep = medianDetectionStep
    }
  }

  /// One row per mistake that some run planted, in the order of `Mistake.allCases`.
  public let rows: [Row]
  /// Broken runs, and how many had a top-1 and a top-3 hit (each run counted once).
  public let brokenRuns: Int
  public let top1Hits: Int
  public let top3Hits: Int
  /// Healthy runs, and how many the doctor did not call healthy.
  public let healthyRuns: Int
  public let falseWarnings: Int
  /// The median detection step over the broken runs with a top-3 hit; nil when none.
  public let medianDetectionStep: Double?

  public init(
    rows: [Row], brokenRuns: Int, top1Hits: Int, top3Hits: Int, healthyRuns: Int,
    falseWarnings: Int, medianDetectionStep: Double?
  ) {
    self.rows = rows
    self.brokenRuns = brokenRuns
    self.top1Hits = top1Hits
    self.top3Hits = top3Hits
    self.healthyRuns = healthyRuns
    self.falseWarnings = falseWarnings
    self.medianDetectionStep = medianDetectionStep
  }

  /// What the stub of 25.7 returns: no run counted at all.
  public static let notWritten = Scorecard(
    rows: [], brokenRuns: 0, top1Hits: 0, top3Hits: 0, healthyRuns: 0, falseWarnings: 0,
    medianDetectionStep: nil)

  /// Top-1 accuracy over the broken runs (NaN without any).
  public var top1Rate: Double { Double(top1Hits) / Double(brokenRuns) }
  public var top3Rate: Double { Double(top3Hits) / Double(brokenRuns) }
  /// The fraction of healthy runs with a false warning (NaN without any).
  public var falseWarningRate: Double { Double(falseWarnings) / Double(healthyRuns) }

  /// The score as a Markdown table: one row per mistake, then the totals.
  public var table: String {
    func percent(_ value: Double) -> String {
      value.isFinite ? "\(Int((100 * value).rounded()))%" : "-"
    }
    func steps(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
    var lines = [
      "| mistake | chapter | runs | top-1 | top-3 | median step found |",
      "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows {
      lines.append(
        "| \(row.mistake) | \(row.mistake.chapter) | \(row.runs) | \(row.top1) | \(row.top3) | "
          + "\(steps(row.medianDetectionStep)) |")
    }
    lines.append(
      "| **broken runs** | | \(brokenRuns) | \(top1Hits) (\(percent(top1Rate))) | "
        + "\(top3Hits) (\(percent(top3Rate))) | \(steps(medianDetectionStep)) |")
    lines.append(
      "| **healthy runs: false warnings** | | \(healthyRuns) | \(falseWarnings) "
        + "(\(percent(falseWarningRate))) | | |")
    return lines.joined(separator: "\n")
  }
}

/// The median of a non-empty list; nil for an empty one.
func medianOrNil(_ values: [Double]) -> Double? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Scores the doctor on benchmark runs.
///
/// ```
/// a broken run (truth not empty):
///     top-1 hit   diagnosis.causes.first is one of the truth
///     top-3 hit   every mistake of the truth is in diagnosis.causes.prefix(3)
///     detection   the smallest diagnosis.detectionStep(of: m) over the truth's m (nil: none)
///     it counts once in the totals, and once in the row of each mistake m of its truth,
///     where its top-1 means causes.first == m and its top-3 causes.prefix(3) contains m
/// a healthy run (truth empty):
///     a false warning when !diagnosis.isHealthy
/// rows            one per mistake some run planted, in Mistake.allCases order; a row's
///                 median detection step is over its runs whose detection is not nil
/// medianDetectionStep  over the broken runs with a top-3 hit and a detection step
/// ```
///
/// The detection step is the doctor's latency: 0 for a mistake found before the run (the
/// wiring, the data, the sanity runs), the step a monitor fired, or the run's end.
///
/// ```swift
/// let card = scoreBenchmark(entries)
/// card.top1Rate          // the fraction of broken runs diagnosed right at the first guess
/// card.falseWarningRate  // the fraction of healthy runs called broken
/// ```
///
/// Stops with a message naming `scoreBenchmark` when `entries` is empty.
///
/// Exercise 25.7.
public func scoreBenchmark(_ entries: [BenchmarkEntry]) -> Scorecard {
  // TODO(25.7): your code here (README.md, exercise 25.7).
  return .notWritten
}
