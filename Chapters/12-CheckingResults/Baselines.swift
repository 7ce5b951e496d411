import DataPipeline
import Foundation
import Tensors

/// How many binomial standard errors an accuracy must clear above a baseline before the
/// difference counts: 3.
///
/// From theory: the number of correct answers of a model that is really no better than a
/// baseline of accuracy `p`, on `n` independent examples, is binomial with mean `n p` and
/// standard deviation `sqrt(n p (1 - p))`. By the normal approximation it lands more than 3
/// standard errors above `p` with probability about 0.13% (one-sided; a little more for a small
/// p on few examples, where the binomial is skewed: 0.46% for p = 0.1 and n = 100), so a check
/// at 3 almost never calls a useless model useful by luck. (Chapter 8's tests use 5; a results
/// check uses 3 because a broken run it misses costs as much as a false alarm.)
public let standardErrorsRequired = 3.0

/// The accuracy of guessing one of `classes` classes uniformly at random: `1 / classes`.
/// Provided.
///
/// ```swift
/// chanceAccuracy(classes: 10)   // 0.1
/// ```
///
/// Stops with a message when `classes` is below 1.
public func chanceAccuracy(classes: Int) -> Double {
  check(classes >= 1, "chanceAccuracy: classes must be >= 1, got \(classes)")
  return 1 / Double(classes)
}

/// The most frequent class of `labels`; on a tie, the smallest class index.
///
/// ```swift
/// majorityClass(of: [2, 0, 2, 1, 0], classes: 3)   // 0: classes 0 and 2 both appear twice
/// ```
///
/// Stops with a message naming `majorityClass` when `labels` is empty, when `classes` is below
/// 1, or when a label is outside `0 ..< classes`.
///
/// Exercise 12.1.
public func majorityClass(of labels: [Int], classes: Int) -> Int {
  // TODO(12.1): your code here (README.md, exercise 12.1).
  return -1
}

/// The majority-class baseline: the accuracy on `validation` of a "model" that always answers
/// the most frequent class of `training`.
///
/// ```
/// c* = majorityClass(of: training)
/// baseline = (number of validation labels equal to c*) / validation.count
/// ```
///
/// ```swift
/// majorityClassAccuracy(training: [1, 1, 0], validation: [1, 0, 0, 1], classes: 2)   // 0.5
/// ```
///
/// The class is chosen on the training labels, never on the validation ones: a baseline may use
/// only what a model could have learned. With balanced classes it is about chance, `1 / C`;
/// on an imbalanced data set it is high (0.88 when 88% of the images are 1s), and a model whose
/// accuracy "looks good" may be no better than it.
///
/// Stops with a message naming `majorityClassAccuracy` when either list is empty or a label is
/// outside `0 ..< classes`.
///
/// Exercise 12.1.
public func majorityClassAccuracy(training: [Int], validation: [Int], classes: Int) -> Double {
  // TODO(12.1): your code here (README.md, exercise 12.1).
  return .nan
}

/// The binomial standard error of an accuracy `p` measured on `n` examples:
///
/// ```
/// SE = sqrt(p (1 - p) / n)
/// ```
///
/// ```swift
/// binomialStandardError(accuracy: 0.1, count: 100)   // 0.03
/// binomialStandardError(accuracy: 0.9, count: 100)   // 0.03 too: p and 1 - p play the same role
/// ```
///
/// Each example is right or wrong, so the count of right answers is binomial: the accuracy of
/// the same model on another validation set of the same size would typically differ by about
/// one SE. On 100 examples an accuracy of 0.1 is really "0.1 give or take 0.03".
///
/// Stops with a message naming `binomialStandardError` unless `0 <= p <= 1` and `n >= 1`.
///
/// Exercise 12.1.
public func binomialStandardError(accuracy p: Double, count n: Int) -> Double {
  // TODO(12.1): your code here (README.md, exercise 12.1).
  return .nan
}

/// The accuracy a model must exceed, on `count` validation examples, to be better than a
/// baseline of accuracy `baseline` by more than luck:
///
/// ```
/// baseline + standardErrorsRequired * binomialStandardError(baseline, count)
/// ```
///
/// ```swift
/// accuracyToBeat(baseline: 0.1, count: 100)    // 0.19:  0.1 + 3 * 0.03
/// accuracyToBeat(baseline: 0.88, count: 100)   // 0.9775: 0.88 + 3 * 0.0325
/// ```
///
/// The standard error is the baseline's: the question is how high a model that is *really* at
/// the baseline could score by chance.
///
/// Stops with a message (from `binomialStandardError`) unless `0 <= baseline <= 1` and
/// `count >= 1`.
///
/// Exercise 12.1.
public func accuracyToBeat(baseline: Double, count: Int) -> Double {
  // TODO(12.1): your code here (README.md, exercise 12.1).
  return .nan
}
