import Layers
import Tensors
import WorkbookSupport

/// A `Linear` layer with `inputs` inputs and `outputs` outputs whose weight, of shape
/// `[outputs, inputs]`, is drawn by `initializer`, and whose bias is **zero**.
///
/// ```swift
/// var generator = SeededGenerator(seed: 0)
/// let layer = makeLinear(inputs: 512, outputs: 64, initializer: .heNormal(), using: &generator)
/// layer.weight.shape        // [64, 512]: [outputs, inputs], so fan_in = 512
/// layer.bias!.value.sum()   // 0.0
/// ```
///
/// Why zero biases: the weights already break the symmetry between units, and a random bias
/// only adds a constant offset that the variance argument does not account for (PyTorch's
/// default draws the bias like the weights; He, Xavier and LeCun all assume it is zero).
///
/// The weight is drawn first, so the same seed gives the same weight as
/// `initializer.makeTensor([outputs, inputs], using: &generator)`. Stops with a message when
/// `inputs` or `outputs` is below 1.
///
/// Exercise 6.3.
public func makeLinear(
  inputs: Int, outputs: Int, initializer: Initializer, using generator: inout SeededGenerator
) -> Linear {
  // BEGIN EXERCISE 6.3
  // STUB: let shape = [Swift.max(outputs, 1), Swift.max(inputs, 1)]
  // STUB: let nan = { (shape: [Int]) in Tensor(shape: shape, repeating: .nan) }
  // STUB: return Linear(weight: nan(shape), bias: nan([shape[0]]))
  check(
    inputs >= 1 && outputs >= 1,
    "makeLinear: inputs and outputs must be at least 1, got inputs \(inputs), outputs \(outputs)")
  let weight = initializer.makeTensor([outputs, inputs], using: &generator)
  return Linear(weight: weight, bias: Tensor.zeros([outputs]))
  // END EXERCISE 6.3
}
