import Tensors

/// Sums a gradient over the axes along which its operand was broadcast, so that it gets the
/// operand's `shape` back.
///
/// Broadcasting copies an operand along some axes: adding a bias `b` of shape `[3]` to a batch
/// `x` of shape `[4, 3]` uses every `b[j]` four times, once per row. Each use sends back its
/// own gradient, and the uses add up (the same rule as for a node with several children), so
/// the gradient of `b` is the column sum of the upstream gradient:
///
/// ```
/// forward:   y[i, j] = x[i, j] + b[j]
/// backward:  dL/db[j] = sum over i of dL/dy[i, j]
///
/// unbroadcast(Tensor([[1, 2, 3], [4, 5, 6]]), to: [3])      // [5.0, 7.0, 9.0]
/// unbroadcast(Tensor([[1, 2, 3], [4, 5, 6]]), to: [2, 1])   // [[6.0], [15.0]]
/// unbroadcast(Tensor([[1, 2, 3], [4, 5, 6]]), to: [])       // 21.0
/// ```
///
/// Two kinds of axes were broadcast (shapes are aligned from the right, as in the forward
/// pass):
/// - the leading axes that `shape` does not have at all: sum them away;
/// - the axes where `shape` has 1 and the gradient does not: sum them, keeping the axis with
///   size 1 (`keepingDimension: true`).
///
/// Forgetting it hands the bias a gradient of shape `[4, 3]`. `backward()` stops on that
/// mismatch (PyTorch does too); an engine without the check would quietly broadcast it into
/// `grad`, and the bias would "have" a gradient of the wrong shape.
///
/// Stops with a message when the gradient cannot have come from broadcasting `shape`.
///
/// Exercise 3.3.
public func unbroadcast(_ gradient: Tensor, to shape: [Int]) -> Tensor {
  // BEGIN EXERCISE 3.3
  // STUB: return Tensor(shape: shape.map { Swift.max($0, 0) }, repeating: .nan)
  check(
    gradient.rank >= shape.count,
    "unbroadcast: a gradient of shape \(gradient.shape) cannot come from broadcasting \(shape)")
  var result = gradient
  while result.rank > shape.count {
    result = result.sum(alongAxis: 0)
  }
  for axis in shape.indices where shape[axis] == 1 && result.shape[axis] != 1 {
    result = result.sum(alongAxis: axis, keepingDimension: true)
  }
  check(
    result.shape == shape,
    "unbroadcast: a gradient of shape \(gradient.shape) cannot come from broadcasting \(shape)")
  return result
  // END EXERCISE 3.3
}

/// Copies `tensor` along the axes where it has size 1 (or that it lacks) until it has `shape`:
/// the forward broadcast that `unbroadcast` undoes, and the backward rule of a sum.
///
/// ```
/// broadcast(Tensor([[6], [15]]), to: [2, 3])   // [[6.0, 6.0, 6.0], [15.0, 15.0, 15.0]]
/// ```
func broadcast(_ tensor: Tensor, to shape: [Int]) -> Tensor {
  let result = Tensor.zeros(shape) + tensor
  check(
    result.shape == shape, "broadcast: cannot broadcast shape \(tensor.shape) to \(shape)")
  return result
}
