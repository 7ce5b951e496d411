import Foundation
import Tensors

/// What a diagnostic noticed: a name every chapter of Parts II and III can extend. Provided.
///
/// A symptom is a value, not a sentence to search for: a test or the training doctor of chapter
/// 25 compares it with `==`. Each chapter declares its own in an extension,
///
/// ```swift
/// extension Symptom {
///   public static let unscaledInputs = Symptom("unscaled inputs")
/// }
/// ```
///
/// the way Foundation's `Notification.Name` is extended by every framework that posts one.
public struct Symptom: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }
}

/// Where a piece of evidence was measured. Provided.
public enum Location: Hashable, Sendable, CustomStringConvertible {
  /// The whole run or data set.
  case run
  /// One input feature (a column of the inputs), from 0.
  case feature(Int)
  /// One output or target column, from 0.
  case target(Int)
  /// One layer of the model, by its position in the top-level `Sequential`, from 0.
  case layer(Int)
  /// One training step, from 0.
  case step(Int)
  /// One example of a data set, from 0.
  case example(Int)

  public var description: String {
    switch self {
    case .run: "the run"
    case .feature(let index): "feature \(index)"
    case .target(let index): "target \(index)"
    case .layer(let index): "layer \(index)"
    case .step(let index): "step \(index)"
    case .example(let index): "example \(index)"
    }
  }
}

/// One measured number and the threshold it crossed: the reason a finding fired. Provided.
///
/// ```swift
/// Evidence("standard deviation", at: .feature(3), measured: 73.2, threshold: 10, .above)
/// // feature 3: standard deviation 73.2, above the threshold 10
/// ```
public struct Evidence: Hashable, Sendable, CustomStringConvertible {
  /// Which side of the threshold the measured value is on.
  public enum Side: Hashable, Sendable {
    case above, below
  }

  /// What was measured, in a few words: "standard deviation", "mean |x|".
  public let quantity: String
  /// Where it was measured.
  public let location: Location
  /// The value measured.
  public let measured: Double
  /// The threshold it was compared with.
  public let threshold: Double
  /// The side of the threshold the value is on (the side that makes it a symptom).
  public let side: Side

  /// Creates evidence. Stops with a message when the comparison does not hold, so a finding can
  /// never carry evidence that contradicts it: `measured` must be above (or below) `threshold`.
  public init(
    _ quantity: String, at location: Location, measured: Double, threshold: Double, _ side: Side
  ) {
    let holds = side == .above ? measured > threshold : measured < threshold
    check(
      holds,
      "Evidence: \(quantity) at \(location) is \(measured), which is not \(side) the threshold "
        + "\(threshold)")
    self.quantity = quantity
    self.location = location
    self.measured = measured
    self.threshold = threshold
    self.side = side
  }

  public var description: String {
    "\(location): \(quantity) \(Evidence.format(measured)), \(side) the threshold "
      + Evidence.format(threshold)
  }

  /// A number in at most 4 significant digits, without an exponent between 1e-3 and 1e5.
  static func format(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    let magnitude = Swift.abs(value)
    if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5) {
      return String(format: "%.3g", value)
    }
    return String(format: "%.4g", value)
  }
}

/// What a diagnostic reports: the symptom, the evidence with its thresholds, the likely cause
/// and the fix to try first. Provided.
///
/// Diagnostics return `[Finding]`: empty means "nothing found", never "healthy" (a check can
/// only see what it measures).
///
/// ```
/// unscaled inputs: feature 3: standard deviation 73.2, above the threshold 10
///   likely cause: the inputs were not standardised (raw 0-255 pixels)
///   fix: fit a Standardizer on the training split and apply it to every split
/// ```
public struct Finding: Hashable, Sendable, CustomStringConvertible {
  /// What is wrong, as a value tests and the doctor compare.
  public let symptom: Symptom
  /// The measurements behind it, each with its threshold; at least one.
  public let evidence: [Evidence]
  /// The most likely cause, in one sentence.
  public let likelyCause: String
  /// The first thing to try, in one sentence.
  public let fix: String

  /// Creates a finding. Stops with a message when `evidence` is empty: a finding without a
  /// measurement behind it is an opinion.
  public init(_ symptom: Symptom, evidence: [Evidence], likelyCause: String, fix: String) {
    check(!evidence.isEmpty, "Finding: \(symptom) needs at least one piece of evidence")
    self.symptom = symptom
    self.evidence = evidence
    self.likelyCause = likelyCause
    self.fix = fix
  }

  public var description: String {
    var lines = ["\(symptom): " + evidence.map(\.description).joined(separator: "; ")]
    lines.append("  likely cause: \(likelyCause)")
    lines.append("  fix: \(fix)")
    return lines.joined(separator: "\n")
  }
}

extension Array where Element == Finding {
  /// The symptoms found, in order, each once.
  public var symptoms: [Symptom] {
    var seen = Set<Symptom>()
    return map(\.symptom).filter { seen.insert($0).inserted }
  }

  /// A report of the findings for a person: each finding with its evidence, or one line saying
  /// that nothing was found (which is not the same as healthy).
  public var report: String {
    isEmpty ? "nothing found" : map(\.description).joined(separator: "\n")
  }
}

extension Symptom {
  /// What a diagnostic's stub reports: the exercise is not written yet.
  public static let notWritten = Symptom("exercise not written yet")
}

extension Finding {
  /// What the stub of a diagnostic exercise returns: a finding that is never right, so that
  /// every test of the diagnostic fails until it is written (an empty list would pass the
  /// "quiet on the healthy run" tests) and the lab can say which exercise is missing.
  public static func notWritten(_ exercise: String) -> Finding {
    Finding(
      .notWritten,
      evidence: [Evidence("exercises written", at: .run, measured: 0, threshold: 1, .below)],
      likelyCause: "exercise \(exercise) is still the stub",
      fix: "write exercise \(exercise) (its TODO line marks the place)")
  }
}
