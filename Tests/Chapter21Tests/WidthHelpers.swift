import Tensors
import Training
import Width

// Helpers shared by the chapter's suites: the runs, computed once per kind (each static is
// initialised on first use, so suites running in parallel compute different kinds at once).

/// The seeds of the diagnostic's tests.
let diagnosticSeeds: [UInt64] = [1, 2, 3]

/// The runs of this chapter on `diagnosticSeeds` (the very wide one on the first two only: it
/// is the slow one).
enum Runs {
  static let tooFewUnits = diagnosticSeeds.map { makeWidthRun(.tooFewUnits, seed: $0) }
  static let healthy = diagnosticSeeds.map { makeWidthRun(.healthy, seed: $0) }
  static let veryWide = diagnosticSeeds.prefix(2).map { makeWidthRun(.veryWide, seed: $0) }
  static let rateTooLow = diagnosticSeeds.map { makeWidthRun(.rateTooLow, seed: $0) }
}

/// The target accuracy the diagnostic is given in the tests: what clean XOR allows, less two
/// points of 40.
let target = 0.95

/// A telemetry with these losses (and a rate of 0.1 for each), no probes.
func telemetry(losses: [Double]) -> Telemetry {
  var telemetry = Telemetry()
  telemetry.losses = losses
  telemetry.learningRates = losses.map { _ in 0.1 }
  return telemetry
}

/// `run` with the layer at `index` of every probe (or only of the probe at `step`) replaced by
/// `change(layer)`.
func replacingLayer(
  _ index: Int, in run: Telemetry, atStep step: Int? = nil,
  _ change: (LayerTelemetry) -> LayerTelemetry
) -> Telemetry {
  var copy = run
  copy.probes = run.probes.map { probe in
    guard step == nil || probe.step == step else { return probe }
    return ProbeRecord(
      step: probe.step, gradientNorm: probe.gradientNorm,
      layers: probe.layers.map { $0.index == index ? change($0) : $0 },
      nonFinite: probe.nonFinite)
  }
  return copy
}

/// `layer` with another update ratio or activation.
func layer(
  _ layer: LayerTelemetry, updateRatio: Double? = nil, activation: ActivationSummary? = nil
) -> LayerTelemetry {
  LayerTelemetry(
    index: layer.index, name: layer.name, gradientNorm: layer.gradientNorm,
    parameterNorm: layer.parameterNorm, updateRatio: updateRatio ?? layer.updateRatio,
    activation: activation ?? layer.activation)
}
