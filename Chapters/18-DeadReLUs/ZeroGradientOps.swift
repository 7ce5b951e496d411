import Autodiff
import Foundation
import Tensors

// Operations whose gradient is exactly 0 on a whole region of their input. Each is a correct
// derivative of its function; what makes them dangerous is where they sit: anywhere between
// the parameters and the loss, they cut the gradient of every element they flatten. Provided.

extension Variable {
  /// `min(x, c)`, element by element: the clip of a loss or of an output from above.
  ///
  /// ```
  /// forward:   y = x   where x <= c,    y = c   where x > c
  /// backward:  dL/dx = g where x <= c,  dL/dx = 0 where x > c
  /// ```
  ///
  /// Clipping each example's loss at `c` therefore gives the examples whose loss is above `c`,
  /// the worst ones, no gradient at all. Clipping the *gradient* (chapter 7's
  /// `clipGradientNorm`) bounds their influence without cutting it.
  public func clampedAbove(_ c: Double) -> Variable {
    let x = value
    return Variable(value: x.map { Swift.min($0, c) }, parents: [self], operation: "clamp") {
      g in [g * x.map { $0 <= c ? 1 : 0 }]
    }
  }

  /// `min(max(x, low), high)`, element by element: the clamp of an output to a range.
  ///
  /// ```
  /// backward:  dL/dx = g inside [low, high],  0 outside
  /// ```
  public func clamped(to range: ClosedRange<Double>) -> Variable {
    let x = value
    let (low, high) = (range.lowerBound, range.upperBound)
    return Variable(
      value: x.map { Swift.min(Swift.max($0, low), high) }, parents: [self], operation: "clamp"
    ) { g in [g * x.map { $0 >= low && $0 <= high ? 1 : 0 }] }
  }

  /// `round(x)`, element by element: rounding a prediction to a whole number (a class index,
  /// a count, a grey level) inside the loss.
  ///
  /// ```
  /// backward:  dL/dx = 0 everywhere (the function is flat between the half-integers)
  /// ```
  public func rounded() -> Variable {
    let x = value
    return Variable(value: x.map { $0.rounded() }, parents: [self], operation: "round") { g in
      [Tensor.zeros(g.shape)]
    }
  }
}
