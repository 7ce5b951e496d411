import Foundation

/// The doctor's calibration: the whole benchmark run with `seeds.count` seeds (seed k of the
/// range runs as benchmark seed k + 1, so seed 1, on which the cause tables were tuned, comes
/// first), every run diagnosed. Provided: `workbook calibrate 25 --seeds N` prints it into the
/// lesson.
///
/// The false-negative and false-positive rates over every run, then two tables: one line per
/// seed (top-1, top-3, false warnings), and the score card of every run of every seed pooled.
public func benchmarkCalibration(seeds: Range<UInt64>) -> String {
  var pooled: [BenchmarkEntry] = []
  var lines = [
    "| benchmark seed | broken runs | top-1 | top-3 | healthy runs | false warnings |",
    "|---:|---:|---:|---:|---:|---:|",
  ]
  func percent(_ value: Double) -> String { "\(Int((100 * value).rounded()))%" }
  for offset in seeds {
    let seed = offset + 1
    let entries = runBenchmark(seed: seed)
    pooled += entries
    let card = scoreBenchmark(entries)
    lines.append(
      "| \(seed)\(seed == 1 ? " (tuned on)" : "") | \(card.brokenRuns) | "
        + "\(card.top1Hits) (\(percent(card.top1Rate))) | \(card.top3Hits) "
        + "(\(percent(card.top3Rate))) | \(card.healthyRuns) | \(card.falseWarnings) "
        + "(\(percent(card.falseWarningRate))) |")
  }
  let card = scoreBenchmark(pooled)
  // The two error rates of a detector, as every other chapter reports them: a broken run
  // called healthy, a healthy run not called healthy.
  let broken = pooled.filter { !$0.truth.isEmpty }
  let missed = broken.filter(\.diagnosis.isHealthy).count
  let healthy = pooled.count - broken.count
  let warned = pooled.filter { $0.truth.isEmpty && !$0.diagnosis.isHealthy }.count
  let others = scoreBenchmark(pooled.dropFirst(doctorBenchmark.count).map { $0 })
  var text =
    "`diagnose` over benchmark seeds \(seeds.lowerBound + 1)-\(seeds.upperBound): "
    + "false-negative rate \(percent(Double(missed) / Double(broken.count))) (\(missed) of "
    + "\(broken.count) broken runs called healthy), false-positive rate "
    + "\(percent(Double(warned) / Double(healthy))) (\(warned) of \(healthy) healthy runs "
    + "flagged).\n\n" + lines.joined(separator: "\n")
  if seeds.count > 1 {
    text +=
      "\n\nWithout seed 1: top-1 \(percent(others.top1Rate)), top-3 \(percent(others.top3Rate)), "
      + "false warnings \(percent(others.falseWarningRate)) "
      + "(\(others.brokenRuns) broken and \(others.healthyRuns) healthy runs)."
  }
  text += "\n\nEvery seed pooled, per mistake (\(seeds.count) seeds of each form):\n\n" + card.table
  return text
}
