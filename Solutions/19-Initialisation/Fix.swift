import Initializers
import Layers
import Tensors
import WorkbookSupport

/// The fix: re-initialises every `Linear` layer among `model`'s top-level layers, in place: its weight
/// drawn by `recommendedInitializer(for:)` of the nonlinearity after it (the provided
/// `nonlinearity(after:in:)`), its bias set to zero. One `SeededGenerator(seed: seed)` draws
/// the weights in layer order, so a seed gives the same network every time.
///
/// ```swift
/// let model = makeInitialisationModel(.zeros, seed: 1)
/// reinitialise(model, seed: 101)
/// diagnoseInitialisation(model, probe: makeInitialisationData(seed: 1).inputs)   // []
/// ```
///
/// Exercise 19.4.
public func reinitialise(_ model: Sequential, seed: UInt64) {
  // BEGIN EXERCISE 19.4
  // STUB: _ = (model, seed)
  var generator = SeededGenerator(seed: seed)
  for (index, module) in model.layers.enumerated() {
    guard let linear = module as? Linear else { continue }
    let initializer = recommendedInitializer(for: nonlinearity(after: index, in: model))
    linear.weight.value = initializer.makeTensor(linear.weight.shape, using: &generator)
    if let bias = linear.bias { bias.value = Tensor.zeros(bias.shape) }
  }
  // END EXERCISE 19.4
}
