import Autodiff
import DropoutAndModes
import Foundation
import Layers
import Optimizers
import Tensors
import WorkbookSupport

/// What a run records besides its loss. Provided.
///
/// The loss and the learning rate are recorded at every step at no cost. With `every = k > 0`,
/// every k-th step (and the last) is also *probed*: the global and per-layer gradient norms,
/// each layer's update ratio `||Δθ|| / ||θ||`, and, when a `probe` batch is given, each
/// layer's activation statistics on it. Probing costs one extra forward pass of the probe batch
/// and a copy of the parameters per probed step; the benchmark reports the overhead.
public struct TelemetryOptions: Sendable {
  /// Probe every `every` steps (steps 0, k, 2k, ... and the last); 0 records loss and rate only.
  public var every: Int
  /// The inputs of the probe batch whose activations are measured, nil for none. Use the same
  /// batch all run long, so that the statistics of different steps can be compared.
  public var probe: Tensor?

  /// Creates options. Stops with a message when `every` is negative.
  public init(every: Int, probe: Tensor? = nil) {
    check(every >= 0, "TelemetryOptions: every must be >= 0 (0 = off), got \(every)")
    self.every = every
    self.probe = probe
  }

  /// Loss and learning rate only.
  public static let off = TelemetryOptions(every: 0)
}

/// Statistics of one layer's activations on the probe batch. Provided.
public struct ActivationSummary: Equatable, Sendable {
  /// The activation module measured ("ReLU", "Tanh", ...), or "none" when the layer has no
  /// activation after it (the output layer): its own outputs are measured then.
  public let kind: String
  /// The mean of every element.
  public let mean: Double
  /// The standard deviation of every element (population, divided by n).
  public let standardDeviation: Double
  /// For ReLU: the fraction of units (columns) that are exactly zero on *every* example of the
  /// probe batch. A unit that is zero on some examples is working, not dead. 0 for the others.
  public let deadFraction: Double
  /// The fraction of elements in the flat, saturated part of the activation, where its slope
  /// is nearly 0: tanh `|a| > 0.97`; sigmoid `|z| >= 5` (`a < σ(-5)` or `a > σ(5)`). 0 for
  /// the others.
  public let saturatedFraction: Double

  /// Measures `activations` (`[batch, units]`) of an activation of kind `kind`.
  public init(kind: String, of activations: Tensor) {
    let values = activations.scalars
    let count = Double(Swift.max(values.count, 1))
    let mean = values.reduce(0, +) / count
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
    self.kind = kind
    self.mean = mean
    self.standardDeviation = variance.squareRoot()
    var dead = 0.0
    if kind == "ReLU", activations.rank == 2, activations.shape[1] > 0 {
      let (rows, units) = (activations.shape[0], activations.shape[1])
      var alive = [Bool](repeating: false, count: units)
      for row in 0..<rows {
        for unit in 0..<units where values[row * units + unit] != 0 { alive[unit] = true }
      }
      dead = Double(alive.filter { !$0 }.count) / Double(units)
    }
    self.deadFraction = dead
    let low = 1 / (1 + Foundation.exp(5.0))
    switch kind {
    case "Tanh": saturatedFraction = Double(values.filter { Swift.abs($0) > 0.97 }.count) / count
    case "Sigmoid":
      saturatedFraction = Double(values.filter { $0 < low || $0 > 1 - low }.count) / count
    default: saturatedFraction = 0
    }
  }
}

/// One layer (a module with parameters in the top-level `Sequential`) at a probed step.
/// Provided.
public struct LayerTelemetry: Equatable, Sendable {
  /// The layer's position in the model's top-level `Sequential`, from 0.
  public let index: Int
  /// The layer's description, "Linear(2 → 16)".
  public let name: String
  /// The L2 norm of the gradients of the layer's parameters, before any clipping.
  public let gradientNorm: Double
  /// The L2 norm of the layer's parameters before the update.
  public let parameterNorm: Double
  /// `||Δθ|| / ||θ||` over this step's update (healthy: around 1e-3; CS231n, Karpathy). 0 when
  /// the parameters are all zero and did not move, infinity when they were zero and moved.
  public let updateRatio: Double
  /// The activation after the layer on the probe batch, nil without a probe batch.
  public let activation: ActivationSummary?

  /// Creates a record (the recorder makes them; tests and examples may too).
  public init(
    index: Int, name: String, gradientNorm: Double, parameterNorm: Double, updateRatio: Double,
    activation: ActivationSummary?
  ) {
    self.index = index
    self.name = name
    self.gradientNorm = gradientNorm
    self.parameterNorm = parameterNorm
    self.updateRatio = updateRatio
    self.activation = activation
  }
}

/// Everything measured at one probed step. Provided.
public struct ProbeRecord: Equatable, Sendable {
  /// The step, from 0.
  public let step: Int
  /// The global L2 norm of every parameter's gradient, before any clipping.
  public let gradientNorm: Double
  /// One record per layer with parameters, in the order of the forward pass.
  public let layers: [LayerTelemetry]
  /// What was not finite at this step ("loss", "gradient of layer 2", "parameters of layer 0",
  /// "activations of layer 1"); empty when everything was.
  public let nonFinite: [String]

  /// Creates a record (the recorder makes them; tests and examples may too).
  public init(step: Int, gradientNorm: Double, layers: [LayerTelemetry], nonFinite: [String]) {
    self.step = step
    self.gradientNorm = gradientNorm
    self.layers = layers
    self.nonFinite = nonFinite
  }

  /// True when the loss, the gradients, the parameters and the activations were all finite.
  public var isFinite: Bool { nonFinite.isEmpty }
}

/// The record of one training run that every Part II diagnostic reads. Provided.
///
/// ```swift
/// let telemetry = trainSteps(model, optimizer: sgd, steps: 200,
///                            telemetry: TelemetryOptions(every: 10, probe: probe)) { _ in
///   crossEntropy(logits: model(Variable(x)), labels: y)
/// }
/// telemetry.losses.last          // the last step's loss
/// telemetry.probes.last?.layers  // per-layer gradient norm, update ratio, activations
/// ```
public struct Telemetry: Equatable, Sendable {
  /// The loss of each step that ran, measured in its forward pass (before the update).
  public var losses: [Double] = []
  /// The learning rate of each step that ran.
  public var learningRates: [Double] = []
  /// The probed steps, in order.
  public var probes: [ProbeRecord] = []

  public init() {}

  /// The number of steps that ran.
  public var stepCount: Int { losses.count }

  /// The first step whose loss, or whose probe, was not finite; nil when none was.
  public var firstNonFiniteStep: Int? {
    let loss = losses.firstIndex { !$0.isFinite }
    let probe = probes.first { !$0.isFinite }?.step
    return [loss, probe].compactMap { $0 }.min()
  }

  /// The mean of the losses of steps `range` (clamped to the steps that ran); NaN when empty.
  public func meanLoss(_ range: Range<Int>) -> Double {
    let clamped = range.clamped(to: 0..<losses.count)
    guard !clamped.isEmpty else { return .nan }
    return losses[clamped].reduce(0, +) / Double(clamped.count)
  }
}

/// Records a `Telemetry` from the inside of any training loop. Provided.
///
/// Call `recordGradients` after `backward()` and before `optimizer.step()`, then
/// `recordUpdate` after it:
///
/// ```swift
/// let recorder = TelemetryRecorder(model: model, options: TelemetryOptions(every: 10))
/// for step in 0 ..< steps {
///   optimizer.zeroGrad()
///   let loss = crossEntropy(logits: model(Variable(x)), labels: y)
///   loss.backward()
///   recorder.recordGradients(step: step, loss: loss.value.scalar,
///                            learningRate: optimizer.learningRate, isLast: step == steps - 1)
///   optimizer.step()
///   recorder.recordUpdate()
/// }
/// ```
///
/// The layers are the modules with parameters among the model's top-level `Sequential` layers
/// (the model itself when it is not a `Sequential`); a layer's activation is the first
/// activation module after it, before the next layer.
public final class TelemetryRecorder {
  /// What has been recorded so far.
  public private(set) var telemetry = Telemetry()
  let model: Module
  let options: TelemetryOptions
  let children: [Module]
  let layerIndices: [Int]
  var pending: (step: Int, gradientNorms: [Double], before: [[Tensor]], nonFinite: [String])?

  /// Creates a recorder for `model`.
  public init(model: Module, options: TelemetryOptions) {
    self.model = model
    self.options = options
    let children = (model as? Sequential)?.layers ?? [model]
    self.children = children
    layerIndices = children.indices.filter { !children[$0].parameters.isEmpty }
  }

  /// Records the step's loss and rate; on a probed step, also the gradients and a copy of the
  /// parameters. Call after `backward()`, before the update.
  public func recordGradients(step: Int, loss: Double, learningRate: Double, isLast: Bool) {
    telemetry.losses.append(loss)
    telemetry.learningRates.append(learningRate)
    guard options.every > 0, step % options.every == 0 || isLast else { return }
    var nonFinite = loss.isFinite ? [] : ["loss"]
    var norms: [Double] = []
    var before: [[Tensor]] = []
    for index in layerIndices {
      let parameters = children[index].parameters
      norms.append(Self.norm(parameters.map(\.grad)))
      if !parameters.allSatisfy({ $0.grad.isFinite }) {
        nonFinite.append("gradient of layer \(index)")
      }
      before.append(parameters.map(\.value))
    }
    pending = (step, norms, before, nonFinite)
  }

  /// Completes a probed step after the update: update ratios and activation statistics. Does
  /// nothing on a step that is not probed.
  public func recordUpdate() {
    guard let (step, norms, before, found) = pending else { return }
    pending = nil
    var nonFinite = found
    let activations = options.probe.map(probeActivations) ?? [:]
    var layers: [LayerTelemetry] = []
    for (position, index) in layerIndices.enumerated() {
      let after = children[index].parameters.map(\.value)
      if !after.allSatisfy(\.isFinite) { nonFinite.append("parameters of layer \(index)") }
      if let summary = activations[index],
        !summary.mean.isFinite || !summary.standardDeviation.isFinite
      {
        nonFinite.append("activations of layer \(index)")
      }
      let previous = before[position]
      let change = Self.norm(zip(after, previous).map { $0 - $1 })
      let size = Self.norm(previous)
      layers.append(
        LayerTelemetry(
          index: index, name: children[index].description, gradientNorm: norms[position],
          parameterNorm: size,
          updateRatio: size > 0 ? change / size : (change > 0 ? .infinity : 0),
          activation: activations[index]))
    }
    let global = norms.reduce(0) { $0 + $1 * $1 }.squareRoot()
    telemetry.probes.append(
      ProbeRecord(step: step, gradientNorm: global, layers: layers, nonFinite: nonFinite))
  }

  /// Runs the probe batch through the top-level layers one at a time, in evaluation mode (no
  /// dropout noise in the statistics), and summarises the activation after each layer.
  func probeActivations(_ probe: Tensor) -> [Int: ActivationSummary] {
    let outputs: [Tensor] = model.evaluating {
      var current = Variable(probe)
      var outputs: [Tensor] = []
      for child in children {
        current = child(current)
        outputs.append(current.value)
      }
      return outputs
    }
    var result: [Int: ActivationSummary] = [:]
    for (position, index) in layerIndices.enumerated() {
      let next = position + 1 < layerIndices.count ? layerIndices[position + 1] : children.count
      let activation = (index + 1..<next).first { Self.isActivation(children[$0]) }
      let kind = activation.map { String(describing: type(of: children[$0])) } ?? "none"
      result[index] = ActivationSummary(kind: kind, of: outputs[activation ?? index])
    }
    return result
  }

  static func isActivation(_ module: Module) -> Bool {
    module is ReLU || module is LeakyReLU || module is ELU || module is Sigmoid || module is Tanh
  }

  static func norm(_ tensors: [Tensor]) -> Double {
    var sum = 0.0
    for tensor in tensors {
      for value in tensor.scalars { sum += value * value }
    }
    return sum.squareRoot()
  }
}

/// Trains `model` for `steps` steps of `optimizer` on the loss that `loss(step)` builds, and
/// returns the run's telemetry. Provided: the loop every Part II experiment uses.
///
/// ```swift
/// let telemetry = trainSteps(model, optimizer: SGD(parameters: model.parameters,
///                                                  learningRate: 0.1), steps: 20) { step in
///   crossEntropy(logits: model(Variable(inputs)), labels: labels)   // full batch
/// }
/// ```
///
/// Each step is `zeroGrad`, the loss, `backward`, an optional global-norm clip (the norms in
/// the telemetry are measured before it), `step`. `loss` receives the step index, so it can
/// pick that step's mini-batch. A run whose loss stops being finite ends there (every later
/// step would be NaN too): its telemetry then has fewer steps than asked, and
/// `firstNonFiniteStep` says where.
///
/// - Parameters:
///   - clipNorm: clips the global gradient norm to this value before each update, if given.
///   - schedule: the learning rate of each step, if given (otherwise the optimizer's own).
public func trainSteps(
  _ model: Module, optimizer: any Optimizer, steps: Int, telemetry options: TelemetryOptions = .off,
  clipNorm: Double? = nil, schedule: ((_ step: Int) -> Double)? = nil,
  loss: (_ step: Int) -> Variable
) -> Telemetry {
  check(steps >= 1, "trainSteps: steps must be at least 1, got \(steps)")
  if let clipNorm {
    check(clipNorm > 0, "trainSteps: clipNorm must be > 0, got \(clipNorm)")
  }
  let recorder = TelemetryRecorder(model: model, options: options)
  for step in 0..<steps {
    if let schedule { optimizer.learningRate = schedule(step) }
    optimizer.zeroGrad()
    let value = loss(step)
    value.backward()
    recorder.recordGradients(
      step: step, loss: value.value.scalar, learningRate: optimizer.learningRate,
      isLast: step == steps - 1 || !value.value.scalar.isFinite)
    if let clipNorm { _ = clipGradientNorm(optimizer.parameters, maxNorm: clipNorm) }
    optimizer.step()
    recorder.recordUpdate()
    if !value.value.scalar.isFinite { break }
  }
  return recorder.telemetry
}
