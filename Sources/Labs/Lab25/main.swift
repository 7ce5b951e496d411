// The lab of chapter 25: the training doctor on its benchmark, with your stages and your
// diagnose. `swift run workbook lab 25`.
import Foundation
import Training
import TrainingDoctor
import WorkbookSupport

/// Wraps each line of `text` at 78 columns, indenting every line.
func wrap(_ text: String, indent: String) -> String {
  var lines: [String] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    // A line's own leading spaces (the report indents evidence under its finding) are kept.
    let own = indent + String(repeating: " ", count: line.prefix { $0 == " " }.count)
    var current = own
    for word in line.split(separator: " ") {
      if current.count + word.count + 1 > 78 && current.trimmingCharacters(in: .whitespaces) != "" {
        lines.append(current)
        current = own + "    "
      }
      current += (current.hasSuffix(" ") ? "" : " ") + word
    }
    lines.append(current)
  }
  return lines.joined(separator: "\n")
}

/// Three cases in full: what each stage found, what it folded, the verdict.
func casesSection() -> String {
  var lines: [String] = []
  for name in ["healthy: spirals, ReLU, Adam", "0-255 pixels", "x / sum(x) with empty rows"] {
    let scenario = doctorBenchmark.first { $0.name == name }!
    let diagnosis = diagnose(runScenario(scenario, seed: 1))
    lines.append("\(name) (planted: \(scenario.causes.isEmpty ? "nothing" : "\(scenario.causes)"))")
    lines.append(wrap(diagnosis.report, indent: " "))
    lines.append("")
  }
  return lines.joined(separator: "\n")
}

/// The whole benchmark, seed 1: one line per run, then the score card.
func benchmarkSection() -> String {
  let entries = runBenchmark(seed: 1)
  var lines = ["run                                            planted / said"]
  for entry in entries {
    let said =
      entry.diagnosis.isHealthy
      ? "healthy" : entry.diagnosis.causes.prefix(3).map(\.description).joined(separator: ", ")
    let right =
      entry.truth.isEmpty
      ? entry.diagnosis.isHealthy
      : entry.truth.contains(entry.diagnosis.causes.first ?? .tooDeep)
        && !entry.diagnosis.causes.isEmpty
    let planted =
      entry.truth.isEmpty ? "healthy" : entry.truth.map(\.description).joined(separator: "+")
    lines.append(
      "\(right ? " " : "x") \(entry.name.padding(toLength: 44, withPad: " ", startingAt: 0)) "
        + "\(planted) / \(said)")
  }
  lines.append("")
  let card = scoreBenchmark(entries)
  if card.brokenRuns + card.healthyRuns == 0 {
    lines.append("no score card: scoreBenchmark (exercise 25.7) is still the stub")
  } else {
    lines.append(card.table)
  }
  return lines.joined(separator: "\n")
}

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 25, title: "The training doctor")
    page.section("Three cases, every stage", casesSection())
    page.section("The benchmark (seed 1): x marks a wrong first guess", benchmarkSection())
    return page.render()
  },
  calibrationText: benchmarkCalibration)
