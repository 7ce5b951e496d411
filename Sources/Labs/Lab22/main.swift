// The lab of chapter 22: the culprits, the first anomaly of each, what your diagnostic says,
// the clipping check and the fixes. `swift run workbook lab 22`.
import Foundation
import NaNHunting
import Training
import WorkbookSupport

let seed: UInt64 = 1

/// A number in 3 significant digits, or what it is when it is not finite.
func show(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "\(value)"
}

/// Wraps each line of `text` at 78 columns, indenting every line.
func wrap(_ text: String, indent: String) -> String {
  var lines: [String] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    var current = indent
    for word in line.split(separator: " ") {
      if current.count + word.count + 1 > 78 && current.trimmingCharacters(in: .whitespaces) != "" {
        lines.append(current)
        current = indent + "    "
      }
      current += (current.hasSuffix(" ") ? "" : " ") + word
    }
    lines.append(current)
  }
  return lines.joined(separator: "\n")
}

/// Whether 22.1 is still the stub: it reports an anomaly for a finite tensor.
func detectorIsStub(_ runs: [NaNRun: WatchedRun]) -> Bool {
  runs.values.contains { $0.anomaly?.operation == "not written (22.1)" }
}

func lossSection(_ runs: [NaNRun: WatchedRun]) -> String {
  var plot = LinePlot(
    title: "loss per step, seed \(seed) (log scale), until the first anomaly", width: 60,
    height: 12, logScale: true)
  for kind in [NaNRun.rateTooHigh, .healthy, .clippedTooHigh] {
    // Drawn up to 1e6: the last finite losses of the diverging run reach 1e305.
    plot.add(kind.description, runs[kind]!.losses.prefix { $0.isFinite && $0 < 1e6 }.map { $0 })
  }
  let diverged = runs[.rateTooHigh]!
  return plot.render() + "\n"
    + "rate too high: \(diverged.steps) steps, last finite loss "
    + show(diverged.losses.last { $0.isFinite } ?? .nan) + " (drawn up to 1e6)"
}

func anomalySection(_ runs: [NaNRun: WatchedRun]) -> String {
  NaNRun.allCases.map { kind in
    let run = runs[kind]!
    let text = run.anomaly.map(\.description) ?? "no anomaly in \(run.steps) steps"
    return "\(kind.description):\n" + wrap(text, indent: "  ")
  }.joined(separator: "\n")
}

func diagnosticSection(_ runs: [NaNRun: WatchedRun]) -> String {
  NaNRun.allCases.map { kind in
    "\(kind.description):\n" + wrap(diagnoseNaN(runs[kind]!).report, indent: "  ")
  }.joined(separator: "\n")
}

func clippingSection(_ runs: [NaNRun: WatchedRun]) -> String {
  let healthy = runs[.healthy]!
  let threshold = clippingThreshold(loggedNorms: healthy.gradientNorms)
  guard threshold.isFinite, threshold > 0 else {
    return "clippingThreshold (22.3) gave \(threshold), not a positive threshold"
  }
  var plot = LinePlot(
    title: "global gradient norm per step (before clipping), log scale", width: 60, height: 10,
    logScale: true)
  plot.add("healthy", healthy.gradientNorms)
  plot.add("too high, clipped", runs[.clippedTooHigh]!.gradientNorms)
  plot.add("90th pct of healthy", healthy.gradientNorms.map { _ in threshold })
  var lines = [plot.render(), ""]
  lines.append("90th percentile of the healthy run's norms: \(show(threshold))")
  let cases: [(String, [Double], Double)] = [
    ("healthy at its own 90th percentile", healthy.gradientNorms, threshold),
    (
      "rate too high at that threshold", runs[.clippedTooHigh]!.gradientNorms,
      runs[.clippedTooHigh]!.clipNorm!
    ),
    ("recurrence clipped to 1", runs[.clippedRecurrence]!.gradientNorms, 1),
  ]
  for (name, norms, limit) in cases {
    let clipped = norms.filter { $0 > limit }.count
    let report = diagnoseClipping(gradientNorms: norms, threshold: limit).report
    lines.append("\(name): \(clipped) of \(norms.count) steps clipped")
    lines.append(wrap(report, indent: "  "))
  }
  return lines.joined(separator: "\n")
}

func fixSection(_ runs: [NaNRun: WatchedRun]) -> String {
  func outcome(_ run: WatchedRun) -> String {
    run.anomaly.map { "anomaly at step \($0.step)" }
      ?? "finite, final loss \(show(run.losses.last ?? .nan))"
  }
  let pairs: [(String, NaNRun, NaNRun)] = [
    ("divide by the sum + 1e-8 (22.4)", .divisionByZero, .epsilonDivision),
    ("clip the recurrence to norm 1", .explodingRecurrence, .clippedRecurrence),
    ("cross-entropy from logits", .unstableSoftmax, .stableSoftmax),
    ("the rate divided by 30 (1.5 -> 0.05)", .rateTooHigh, .healthy),
  ]
  return pairs.map { name, broken, fixed in
    "\(name):\n  before: \(outcome(runs[broken]!))\n  after:  \(outcome(runs[fixed]!))"
  }.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var runs: [NaNRun: WatchedRun] = [:]
    for kind in NaNRun.allCases { runs[kind] = makeNaNRun(kind, seed: seed) }
    var page = LabPage(chapter: 22, title: "NaN hunting")
    if detectorIsStub(runs) {
      page.section(
        "The first anomaly",
        "firstAnomaly (22.1) is still the stub: it reports an anomaly for every tensor,\n"
          + "so every run stops at its first operation. Write 22.1 first.")
      return page.render()
    }
    page.section("The runs: loss per step", lossSection(runs))
    page.section("The first anomaly of each run (seed \(seed))", anomalySection(runs))
    page.section("What your diagnostic says", diagnosticSection(runs))
    page.section("The clipping threshold", clippingSection(runs))
    page.section("The fixes", fixSection(runs))
    return page.render()
  },
  calibration: calibrationTables)
