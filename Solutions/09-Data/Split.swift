import Tensors
import WorkbookSupport

/// Splits a data set at random into parts of the given fractions, typically training,
/// validation and test: `split(data, fractions: [0.8, 0.1, 0.1], seed: 1)`.
///
/// The examples are shuffled once with `SeededGenerator(seed: seed).permutation(count)`, then
/// cut into consecutive pieces of that order. The sizes are computed like PyTorch's
/// `random_split` with fractions:
///
/// ```
/// size_k = floor(fraction_k * count)
/// the remaining count - sum(size_k) examples go one each to parts 0, 1, 2, ... in turn
/// ```
///
/// 10 examples with fractions [0.7, 0.15, 0.15] give sizes 7, 1, 1 and one left over: 8, 1, 1.
///
/// The shuffle matters because data often arrives sorted (every `Datasets` generator groups its
/// rows by class): cutting sorted data into pieces gives a validation set of one class only. The
/// parts are disjoint and together hold every example exactly once, each with its own label.
///
/// Stops with a message naming `split` when a fraction is negative or not finite, or when the
/// fractions do not sum to 1 (within 1e-9).
///
/// - Parameters:
///   - dataset: The examples to split.
///   - fractions: The share of each part, in order; at least one, summing to 1.
///   - seed: The seed of the shuffle.
/// - Returns: One data set per fraction, in the order of `fractions`.
///
/// Exercise 9.2.
public func split(_ dataset: Dataset, fractions: [Double], seed: UInt64) -> [Dataset] {
  // BEGIN EXERCISE 9.2
  // STUB: return []
  let total = fractions.reduce(0, +)
  check(
    !fractions.isEmpty && fractions.allSatisfy { $0 >= 0 && $0.isFinite }
      && abs(total - 1) <= 1e-9,
    "split: fractions must be finite, >= 0 and sum to 1, got \(fractions) (sum \(total))")
  let count = dataset.count
  // With a total within 1e-9 of 1, the floors add up to at most count (for any count < 1e9).
  var sizes = fractions.map { Int(($0 * Double(count)).rounded(.down)) }
  let leftOver = count - sizes.reduce(0, +)
  for k in 0..<leftOver { sizes[k % sizes.count] += 1 }
  var generator = SeededGenerator(seed: seed)
  let order = generator.permutation(count)
  var parts: [Dataset] = []
  var start = 0
  for size in sizes {
    parts.append(dataset.subset(Array(order[start..<(start + size)])))
    start += size
  }
  return parts
  // END EXERCISE 9.2
}
