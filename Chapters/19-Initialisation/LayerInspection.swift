import Autodiff
import DropoutAndModes
import Initializers
import Layers
import Tensors
import Training
import WorkbookSupport

/// The nonlinearity that follows the layer at `index` of `model`, as far as initialisation
/// cares (chapter 6's `Nonlinearity`): the first activation module after it and before the
/// next layer with parameters, `.linear` when there is none (the output layer). Provided.
///
/// ```
/// ReLU → .relu    LeakyReLU(slope: a) → .leakyReLU(slope: a)    Tanh → .tanh
/// Sigmoid → .sigmoid    ELU → .relu (PyTorch has no gain for ELU; ReLU's is the usual choice)
/// ```
///
/// ```swift
/// let model = Sequential(Linear(...), ReLU(), Linear(...))
/// nonlinearity(after: 0, in: model)   // .relu
/// nonlinearity(after: 2, in: model)   // .linear
/// ```
public func nonlinearity(after index: Int, in model: Sequential) -> Nonlinearity {
  check(
    model.layers.indices.contains(index),
    "nonlinearity(after:in:): the model has \(model.layers.count) layers, no layer \(index)")
  for module in model.layers[(index + 1)...] {
    if !module.parameters.isEmpty { break }
    switch module {
    case is ReLU, is ELU: return .relu
    case let leaky as LeakyReLU: return .leakyReLU(slope: leaky.slope)
    case is Tanh: return .tanh
    case is Sigmoid: return .sigmoid
    default: continue
    }
  }
  return .linear
}

/// The activations of every layer with parameters of `model` on `probe`, as the telemetry
/// measures them (chapter 10's `ActivationSummary`), but for the model as it is now, before
/// any training step. Provided.
///
/// For each top-level layer with parameters, in order: the output of the first activation
/// module after it (before the next layer with parameters), or the layer's own output when
/// there is none (`kind` "none": the output layer). Evaluation mode, no gradient kept.
///
/// ```swift
/// let run = makeInitialisationRun(.healthy, seed: 1)
/// activationSummaries(of: run.initialModel, on: run.data.inputs).map(\.activation.standardDeviation)
/// // [0.840, 0.854, 0.865, 1.056, 1.092, 1.910]   (the last one is the logits)
/// ```
///
/// The telemetry's first probe is taken after the first update, which a too-large
/// initialisation has already blown up; this looks at the network as it was given.
public func activationSummaries(of model: Sequential, on probe: Tensor)
  -> [(layer: Int, activation: ActivationSummary)]
{
  check(
    probe.rank == 2 && probe.shape[0] >= 1,
    "activationSummaries(of:on:): the probe must be a [batch, features] matrix with at least "
      + "one row, got shape \(probe.shape)")
  let outputs: [Tensor] = model.evaluating {
    var current = Variable(probe)
    var outputs: [Tensor] = []
    for layer in model.layers {
      current = layer(current)
      outputs.append(current.value)
    }
    return outputs
  }
  let layers = model.layers.indices.filter { !model.layers[$0].parameters.isEmpty }
  return layers.enumerated().map { position, index in
    let next = position + 1 < layers.count ? layers[position + 1] : model.layers.count
    let activation = (index + 1..<next).first { isActivation(model.layers[$0]) }
    let kind = activation.map { String(describing: type(of: model.layers[$0])) } ?? "none"
    return (index, ActivationSummary(kind: kind, of: outputs[activation ?? index]))
  }
}

func isActivation(_ module: Module) -> Bool {
  module is ReLU || module is LeakyReLU || module is ELU || module is Sigmoid || module is Tanh
}
