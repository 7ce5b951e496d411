import ReproducibleTuning
import Training

// Helpers shared by the chapter's suites: the comparisons, computed once per kind.

/// The seeds of the diagnostic's tests.
let comparisonSeeds: [UInt64] = [1, 2, 3]

/// The comparisons of this chapter on `comparisonSeeds`, one static per kind.
enum Comparisons {
  static let unimportantChange = comparisonSeeds.map {
    makeImprovementRun(.unimportantChange, seed: $0)
  }
  static let widerLayer = comparisonSeeds.map { makeImprovementRun(.widerLayer, seed: $0) }
  static let decayNearTheEnd = comparisonSeeds.map {
    makeImprovementRun(.decayNearTheEnd, seed: $0)
  }
}

/// A valid configuration file's text, with one key's JSON value replaced (or removed, nil).
func configText(_ key: String? = nil, _ value: String? = nil, extra: String? = nil) -> String {
  var fields: [(String, String)] = [
    ("seed", "7"), ("learningRate", "0.05"), ("steps", "120"), ("batchSize", "8"),
    ("hiddenUnits", "16"), ("decayFraction", "0.25"),
  ]
  if let key {
    fields = fields.compactMap { $0.0 == key ? value.map { v in (key, v) } : $0 }
  }
  var lines = fields.map { "  \"\($0.0)\": \($0.1)" }
  if let extra { lines.append("  " + extra) }
  return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
}
