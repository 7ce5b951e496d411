import Foundation

extension Tensor {
  /// `log(sum(exp(x)))` along `axis`, computed without overflow.
  ///
  /// `exp(1000)` is infinity in `Double`, so the naive formula fails for large logits, and
  /// `exp(-1000)` is 0, so it gives `log(0) = -inf` for very negative ones. Subtracting the
  /// largest element `m` first fixes both, because
  ///
  /// ```
  /// log(sum(exp(x))) = m + log(sum(exp(x - m)))
  /// ```
  ///
  /// and every `x - m` is at most 0 (so `exp` cannot overflow) with one of them exactly 0 (so
  /// the sum is at least 1 and its log is finite).
  ///
  /// Exercise 1.6.
  public func logSumExp(alongAxis axis: Int = -1, keepingDimension: Bool = false) -> Tensor {
    // BEGIN EXERCISE 1.6
    // STUB: return Tensor(shape: [], repeating: .nan)
    let largest = max(alongAxis: axis, keepingDimension: true)
    let shifted = (self - largest).map { Foundation.exp($0) }
    let total = shifted.sum(alongAxis: axis, keepingDimension: true).map { Foundation.log($0) }
    let result = largest + total
    return keepingDimension ? result : result.reshaped(max(alongAxis: axis).shape)
    // END EXERCISE 1.6
  }

  /// The softmax along `axis`: `exp(x_i) / sum_j exp(x_j)`, computed stably as
  /// `exp(x_i - m) / sum_j exp(x_j - m)` with `m` the largest element.
  ///
  /// Every slice along `axis` is non-negative and sums to 1. Adding a constant to a slice does
  /// not change its softmax, which is why the shift by `m` is allowed.
  ///
  /// ```
  /// Tensor([1000, 0]).softmax()   // [1, 0], where the naive formula gives [nan, 0]
  /// ```
  ///
  /// Exercise 1.6.
  public func softmax(alongAxis axis: Int = -1) -> Tensor {
    // BEGIN EXERCISE 1.6
    // STUB: return Tensor(shape: shape, repeating: .nan)
    let shifted = (self - max(alongAxis: axis, keepingDimension: true)).map { Foundation.exp($0) }
    return shifted / shifted.sum(alongAxis: axis, keepingDimension: true)
    // END EXERCISE 1.6
  }
}
