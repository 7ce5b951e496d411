/// The result of one of the recipe's sanity checks: whether it passed, and one line that says
/// what was measured (and, when it failed, the likely cause).
///
/// Each check of this chapter returns its own type with its numbers (`InitialLossCheck`,
/// `OverfitResult`, ...); this protocol lets them be listed together as a checklist.
public protocol SanityCheck: Sendable {
  /// A short name, e.g. "loss at initialisation".
  var name: String { get }
  /// Whether the check passed.
  var passed: Bool { get }
  /// What was measured, in one line.
  var summary: String { get }
}

/// The checks as a checklist, one line each: `[x]` passed, `[ ]` failed. Provided.
///
/// ```
/// [x] loss at initialisation: 1.099, expected 1.099 (within 10%)
/// [ ] overfit one batch: loss 1.08 after 300 steps (target 0.01) ...
/// ```
public func recipeChecklist(_ checks: [any SanityCheck]) -> String {
  checks.map { "[\($0.passed ? "x" : " ")] \($0.name): \($0.summary)" }
    .joined(separator: "\n")
}
