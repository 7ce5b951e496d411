import Tensors
import WorkbookSupport

// Class imbalance (exercise 9.4). When 95% of the examples are class 0, a model that always
// answers 0 is 95% accurate and has learned nothing. Two standard remedies: weight the loss so
// that each class counts equally (inverseFrequencyWeights, passed to chapter 5's
// crossEntropy(logits:labels:classWeights:)), or resample the data so that each class is seen
// equally often (oversample).

/// The number of examples of each class: `counts[c]` is how many labels equal c.
///
/// ```swift
/// classCounts([0, 2, 0, 0], classes: 4)   // [3, 0, 1, 0]
/// ```
///
/// Classes that never occur are counted as 0: the result always has `classes` entries. Stops
/// with a message naming `classCounts` when `classes` is not positive or a label is outside
/// `0 ..< classes` (a label out of range is a data bug worth stopping for, not a class to skip).
///
/// Exercise 9.4.
public func classCounts(_ labels: [Int], classes: Int) -> [Int] {
  // TODO(9.4): your code here (README.md, exercise 9.4).
  return Array(repeating: 0, count: Swift.max(classes, 0))
}

/// Class weights that make every class present in `labels` count equally in a weighted loss
/// (scikit-learn's `class_weight="balanced"`):
///
/// ```
/// w_c = N / (K * n_c)      N = labels.count, n_c = count of class c,
///                          K = number of classes that occur (n_c > 0)
/// w_c = 0                  for a class that never occurs
/// ```
///
/// Two checks that the weights are sensible, whatever the counts: every example's weight
/// summed over the data set is N (`sum_c n_c w_c = N`), so a weighted mean loss stays on the
/// scale of the unweighted one; and each present class carries the same total weight, N / K.
/// A rare class gets a large weight and a common one a small weight.
///
/// ```swift
/// inverseFrequencyWeights([0, 0, 0, 0, 0, 0, 1, 1, 1, 2], classes: 3)
/// // [0.5556, 1.1111, 3.3333]: 10/(3*6), 10/(3*3), 10/(3*1)
/// ```
///
/// When every class occurs, K is the number of classes and this is exactly scikit-learn's
/// formula. A class that never occurs would get an infinite weight there; it gets 0 here (no
/// example ever uses it), and K counts only the present classes so the sums above still hold.
///
/// Exercise 9.4.
public func inverseFrequencyWeights(_ labels: [Int], classes: Int) -> [Double] {
  // TODO(9.4): your code here (README.md, exercise 9.4).
  return Array(repeating: .nan, count: Swift.max(classes, 0))
}

/// Random oversampling: copies examples of the smaller classes until every class that occurs
/// has as many examples as the largest one.
///
/// The result holds every original example, in its original order, followed by the copies,
/// class by class (class 0's copies first). For a class c with n_c < n_max examples, the
/// `n_max - n_c` copies are drawn uniformly, with replacement, from class c's own examples:
///
/// ```
/// var generator = SeededGenerator(seed: seed)
/// for each class c (in order) with 0 < n_c < n_max, repeat n_max - n_c times:
///   copy the example at members_c[generator.integer(below: n_c)]
///     (members_c: the indices of class c's examples, in order)
/// ```
///
/// A copy keeps its own label: oversampling adds duplicates of real examples, never a new
/// pairing of an input with another class's label. The result is not shuffled (the
/// `DataLoader` does that). Classes that never occur stay absent: there is nothing to copy.
/// Oversample the training split only, after splitting: a copy of a training example in the
/// validation split would leak it.
///
/// Stops with a message (from `classCounts`) when a label is outside `0 ..< classes`.
///
/// Exercise 9.4.
public func oversample(_ dataset: Dataset, classes: Int, seed: UInt64) -> Dataset {
  // TODO(9.4): your code here (README.md, exercise 9.4).
  return Dataset(inputs: Tensor(shape: [0, dataset.featureCount], scalars: []), labels: [])
}
