import Tensors

/// Computes the gradient of a batch's mean loss one micro-batch at a time, and returns that
/// loss.
///
/// When a batch does not fit in memory, split it into k micro-batches of equal size. The mean
/// loss of the whole batch is the mean of the micro-batches' mean losses, and a gradient is
/// linear, so
///
/// ```
/// L = (L_0 + L_1 + ... + L_(k-1)) / k          L_i = the mean loss of micro-batch i
/// dL/dθ = dL_0/dθ / k + dL_1/dθ / k + ... + dL_(k-1)/dθ / k
/// ```
///
/// and because `backward()` adds to `grad`, k backward passes on the scaled losses `L_i / k`
/// leave exactly dL/dθ in every parameter's `grad`. Only one micro-batch's graph exists at a
/// time, which is the whole point. (PyTorch's recipe is the same: `(loss / k).backward()` in
/// the loop, `optimizer.step()` and `optimizer.zero_grad()` after it.)
///
/// In order:
/// 1. zero every parameter's gradient, once, before the loop: whatever an earlier step left
///    there must not leak into this one (the missing `zero_grad` mistake);
/// 2. for each micro-batch `i` in `0..<microBatchCount`: build `loss(i)`, divide it by k, and
///    call `backward()` on the result (zeroing inside the loop would keep only the last
///    micro-batch; forgetting the division makes the gradient k times too large);
/// 3. return the sum of the scaled losses, which is L.
///
/// ```swift
/// // 8 examples in 4 micro-batches of 2: inputs[i] is [2, 3], targets[i] is [2, 1]
/// let loss = accumulateGradients(of: [w, b], microBatchCount: 4) { i in
///   let error = matmul(Variable(inputs[i]), w) + b - Variable(targets[i])
///   return (error * error).mean()
/// }
/// // w.grad and b.grad now hold the gradient of the mean loss over all 8 examples
/// ```
///
/// - Parameters:
///   - parameters: The variables whose gradients are wanted (the model's parameters).
///   - microBatchCount: k, at least 1.
///   - loss: Builds the mean loss of micro-batch `i` (a one-element variable) from the
///     parameters.
/// - Returns: The mean loss over the whole batch.
///
/// Stops with a message when `microBatchCount` is less than 1.
///
/// Exercise 3.7.
public func accumulateGradients(
  of parameters: [Variable], microBatchCount: Int, loss: (_ microBatch: Int) -> Variable
) -> Double {
  // BEGIN EXERCISE 3.7
  // STUB: return .nan
  check(
    microBatchCount >= 1,
    "accumulateGradients: microBatchCount must be at least 1, got \(microBatchCount)")
  for parameter in parameters {
    parameter.zeroGrad()
  }
  var total = 0.0
  for index in 0..<microBatchCount {
    let share = loss(index) / Double(microBatchCount)
    share.backward()
    total += share.value.scalar
  }
  return total
  // END EXERCISE 3.7
}
