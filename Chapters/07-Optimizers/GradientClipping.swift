import Autodiff
import Tensors

/// Scales every gradient by the same factor so that their *global* L2 norm is at most
/// `maxNorm`, and returns the norm before clipping: PyTorch's `clip_grad_norm_`.
///
/// ```
/// norm = √(Σ over every parameter, Σ over its elements, g²)     one norm for ALL gradients
/// c = maxNorm / (norm + 1e-6)
/// if c < 1:  g = c · g   for every gradient
/// return norm
/// ```
///
/// Because all the gradients are scaled by the same c, the direction of the step (in the space
/// of all parameters together) is kept and only its length is capped. Clipping each tensor to
/// its own norm would shorten some coordinates and not others, and turn the step. The 1e-6
/// keeps c finite for a zero gradient and makes the clipped norm land a hair below `maxNorm`.
/// Below the threshold (c >= 1) the gradients are left exactly as they are: clipping never
/// lengthens a step.
///
/// Call it between `backward()` and `step()`. Log the returned norms: a good threshold sits
/// a little above the norms of healthy steps. Clipping the *loss* instead does nothing useful:
/// a constant cap on the loss has zero gradient once it is active, and a loss below the cap is
/// left unchanged, so it never bounds the step.
///
/// ```swift
/// let a = Variable(Tensor([0, 0])); a.grad = Tensor([3, 4])
/// let b = Variable(Tensor([0]));    b.grad = Tensor([12])
/// clipGradientNorm([a, b], maxNorm: 6.5)   // 13.0; a.grad ≈ [1.5, 2.0], b.grad ≈ [6.0]
/// ```
///
/// A NaN or infinite gradient gives a non-finite norm, which is returned, and the gradients
/// are left unchanged (c is then NaN or 0, and a NaN is not < 1).
///
/// - Parameters:
///   - parameters: The variables whose `grad` to clip.
///   - maxNorm: The largest global norm allowed, > 0.
/// - Returns: The global norm of the gradients before clipping.
///
/// Stops with a message unless `maxNorm` is finite and > 0.
///
/// Exercise 7.6.
@discardableResult
public func clipGradientNorm(_ parameters: [Variable], maxNorm: Double) -> Double {
  // TODO(7.6): your code here (README.md, exercise 7.6).
  return .nan
}

/// Clamps every element of every gradient to `[-limit, limit]`: PyTorch's `clip_grad_value_`.
///
/// ```
/// g = min(max(g, -limit), limit)        element by element
/// ```
///
/// Simple, and blind to the direction: clamping `[10, 1]` to 1 gives `[1, 1]`, a step at 45
/// degrees to the gradient. Norm clipping keeps the direction; prefer it unless a few huge
/// elements are the problem.
///
/// Stops with a message unless `limit` is finite and > 0.
///
/// Exercise 7.6.
public func clipGradientValue(_ parameters: [Variable], limit: Double) {
  // TODO(7.6): your code here (README.md, exercise 7.6).
}
