import Tensors

/// Which fan an initializer divides by.
///
/// - `fanIn` (the default everywhere) keeps the size of the signal steady on the way
///   **forward**: each output adds up `fanIn` products of a weight and an input.
/// - `fanOut` keeps the size of the gradient steady on the way **backward**: each input's
///   gradient adds up `fanOut` products of a weight and an output's gradient.
///
/// PyTorch's `kaiming_normal_` and `kaiming_uniform_` take `mode="fan_in"` or `"fan_out"`.
public enum FanMode: Sendable {
  /// Divide by the number of inputs of each unit: steady activations.
  case fanIn
  /// Divide by the number of outputs each input feeds: steady gradients.
  case fanOut
}

/// The fan-in and fan-out of a weight tensor of the given shape.
///
/// A dense layer's weight is stored `[outputs, inputs]` (as in PyTorch and in `Linear`), so
///
/// ```
/// [out, in]                  fanIn = in,             fanOut = out
/// [out, in, k1, k2, ...]     fanIn = in * k1 * k2,   fanOut = out * k1 * k2   (a convolution:
///                                                    every kernel position is an input too)
/// [n]                        fanIn = n,              fanOut = n
/// ```
///
/// ```swift
/// fans(of: [3, 5])          // (fanIn: 5, fanOut: 3): 5 inputs, 3 outputs
/// fans(of: [16, 8, 3, 3])   // (fanIn: 72, fanOut: 144)
/// fans(of: [10])            // (fanIn: 10, fanOut: 10)
/// ```
///
/// The first dimension is the **outputs**: reading `[out, in]` as `[in, out]` (the layout of a
/// weight used as `x · W`, as in Keras) swaps the two fans, which goes unnoticed on square
/// layers and gives a layer of 784 inputs and 10 outputs weights about 9 times too large.
///
/// A rank-1 shape (a bias, or a weight of a single layer with no known layout) uses its size for
/// both fans; PyTorch refuses such shapes. A rank-0 shape has no fans and stops with a message.
///
/// Exercise 6.1.
public func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
  // BEGIN EXERCISE 6.1
  // STUB: return (0, 0)
  check(!shape.isEmpty, "fans(of:): a scalar (shape []) has no fan-in or fan-out; need rank >= 1")
  if shape.count == 1 { return (shape[0], shape[0]) }
  let receptiveField = shape.dropFirst(2).reduce(1, *)
  return (fanIn: shape[1] * receptiveField, fanOut: shape[0] * receptiveField)
  // END EXERCISE 6.1
}
