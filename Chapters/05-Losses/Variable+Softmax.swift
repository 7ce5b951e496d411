import Autodiff
import Tensors

extension Variable {
  /// The softmax along `axis` (`-1` is the last), as a graph node. Provided: the last layer of
  /// a model that outputs probabilities, and the first half of this chapter's mistake.
  ///
  /// ```
  /// forward:   y = softmax(x)                     (chapter 1's stable softmax)
  /// backward:  dL/dx = y * (g - sum over k of g_k y_k)     the sum along the axis, kept
  /// ```
  ///
  /// Each output depends on every input of its slice, so the rule is the Jacobian of the
  /// softmax, `diag(y) - y yᵀ`, applied to `g` without ever building it. When `y` is nearly
  /// one-hot, every entry of `y * (g - ...)` is nearly 0 whatever `g` is: a saturated softmax
  /// passes almost no gradient back.
  ///
  /// To train a classifier, do not put this in front of `crossEntropy(logits:labels:)`, which
  /// has its own softmax. Use it to *report* probabilities.
  public func softmax(alongAxis axis: Int = -1) -> Variable {
    let axis = value.normalizedAxis(axis, for: "softmax")
    let y = value.softmax(alongAxis: axis)
    return Variable(value: y, parents: [self], operation: "softmax") { g in
      [y * (g - (g * y).sum(alongAxis: axis, keepingDimension: true))]
    }
  }
}
