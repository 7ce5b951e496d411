import Tensors

/// The result of a capacity sweep: what each width tried reached, and the smallest width that
/// fitted. Provided.
public struct CapacitySweep: Sendable, Equatable {
  /// One width of the sweep.
  public struct Entry: Sendable, Equatable {
    /// The hidden width.
    public let width: Int
    /// The training accuracy of each seed, in the order of the seeds.
    public let accuracies: [Double]
    /// The fraction of the seeds whose accuracy reached the target.
    public let fractionReached: Double

    public init(width: Int, accuracies: [Double], fractionReached: Double) {
      self.width = width
      self.accuracies = accuracies
      self.fractionReached = fractionReached
    }
  }

  /// The widths tried, in order; the sweep stops at the first that fits.
  public let entries: [Entry]
  /// The smallest width that reached the target on enough seeds; nil when none did.
  public let smallestWidth: Int?

  public init(entries: [Entry], smallestWidth: Int?) {
    self.entries = entries
    self.smallestWidth = smallestWidth
  }
}

/// The capacity sweep: trains each width on every seed, from the narrowest up, and stops at
/// the first width whose training accuracy reaches `target` on at least `requiredFraction` of
/// the seeds.
///
/// ```
/// for width in widths (in increasing order):
///     accuracies = [train(width, seed) for seed in seeds]
///     fraction   = (number of accuracies >= target) / seeds.count
///     record Entry(width, accuracies, fraction)
///     if fraction >= requiredFraction: return the entries, smallestWidth = width
/// return the entries, smallestWidth = nil
/// ```
///
/// Several seeds, not one: a width at the edge of the task's capacity (2 units for XOR) fits
/// on some seeds and lands in a poor local minimum on others. The question is the smallest
/// width that fits reliably, and "reaches" includes the target itself (100% of 100% is a
/// fit).
///
/// ```swift
/// let sweep = capacitySweep(widths: [1, 2, 4, 8], seeds: [1, 2, 3], target: 1) { width, seed in
///   makeWidthProblem(seed: seed).train(width: width).trainingAccuracy
/// }
/// sweep.entries.map(\.fractionReached)   // [0.0, 1.0]: width 2 fits these three seeds
/// sweep.smallestWidth                    // Optional(2)
/// ```
///
/// Stops with a message unless `widths` is non-empty, every width is at least 1 and the widths
/// increase strictly; `seeds` is non-empty; `target` is in (0, 1]; `requiredFraction` is in
/// (0, 1].
///
/// - Parameters:
///   - widths: The widths to try, narrowest first (1, 2, 4, 8, ... is the usual sweep).
///   - seeds: The seeds to train each width on.
///   - target: The training accuracy that counts as a fit.
///   - requiredFraction: The fraction of the seeds that must reach it; 1 for all.
///   - train: Trains one width on one seed and returns its training accuracy.
///
/// Exercise 21.2.
public func capacitySweep(
  widths: [Int], seeds: [UInt64], target: Double, requiredFraction: Double = 1,
  train: (_ width: Int, _ seed: UInt64) -> Double
) -> CapacitySweep {
  // TODO(21.2): your code here (README.md, exercise 21.2).
  return CapacitySweep(entries: [], smallestWidth: -1)
}
