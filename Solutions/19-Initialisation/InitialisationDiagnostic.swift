import Layers
import Tensors
import Training
import WorkbookSupport

/// Reads a network as it was given, before training, and says whether its initialisation is
/// symmetric, too small or too large. `probe` is a batch of (standardised) inputs to push
/// through it.
///
/// It measures two things per layer: the weights (`weightStatistics(of:)` and
/// `distinctRowCount`) and the activations on the probe (the provided
/// `activationSummaries(of:on:)`; the hidden layers are those whose `kind` is not "none").
/// The weights say **which** layer is off; the activations say whether it **matters**. A
/// size finding needs both, so that an unusual but sound start (a small last layer, Xavier
/// on a tanh net) is not called broken, and a signal lost for another reason (dead units,
/// tiny inputs) is not blamed on the weights.
///
/// **Symmetric** (`.symmetricInitialisation`): every layer with at least 2 units whose rows
/// are all bit-identical, one piece of evidence each, in order:
///
/// ```
/// Evidence("distinct rows", at: .layer(i), measured: 1, threshold: 2, .below)
/// ```
///
/// **Too small** (`.initialisationTooSmall`), when both hold:
///
/// ```
/// the FIRST hidden layer whose activation standard deviation is below 0.05
///     Evidence("activation standard deviation", at: .layer(i), measured: std,
///              threshold: 0.05, .below)
/// every layer that is not symmetric whose variance < 0.5 · lowestPrediction, in order
///     Evidence("weight variance / lowest prediction", at: .layer(j),
///              measured: variance / lowestPrediction, threshold: 0.5, .below)
/// ```
///
/// **Too large** (`.initialisationTooLarge`), when both hold:
///
/// ```
/// the FIRST hidden layer that is exploded:
///   kind "Tanh" or "Sigmoid": saturated fraction above 0.5
///     Evidence("saturated fraction", at: .layer(i), measured: fraction, threshold: 0.5, .above)
///   any other kind: activation standard deviation above 20
///     Evidence("activation standard deviation", at: .layer(i), measured: std,
///              threshold: 20, .above)
/// every layer that is not symmetric whose variance > 2 · highestPrediction, in order
///     Evidence("weight variance / highest prediction", at: .layer(j),
///              measured: variance / highestPrediction, threshold: 2, .above)
/// ```
///
/// The activation evidence comes first in each finding. The findings come in the order
/// symmetric, too small, too large; a healthy network gives `[]`. The thresholds are
/// `InitialisationThresholds`'.
///
/// ```swift
/// let run = makeInitialisationRun(.tooSmall, seed: 1)
/// print(diagnoseInitialisation(run.initialModel, probe: run.data.inputs).report)
/// // initialisation too small: layer 0: activation standard deviation 0.008402, below the
/// //   threshold 0.05; layer 0: weight variance / lowest prediction 0.001659, below the
/// //   threshold 0.5; layer 2: ...
/// ```
///
/// What it cannot tell: it judges the start, not the training (a net that starts well can
/// still die later: chapters 16 and 18), and the probe must be inputs of a sensible scale
/// (unscaled inputs make any initialisation look too large: chapter 11).
///
/// Stops with a message when the probe has no row (the weight statistics stop when the model
/// has no `Linear` layer).
///
/// Exercise 19.3.
public func diagnoseInitialisation(_ model: Sequential, probe: Tensor) -> [Finding] {
  // BEGIN EXERCISE 19.3
  // STUB: return [.notWritten("19.3")]
  check(
    probe.rank == 2 && probe.shape[0] >= 1,
    "diagnoseInitialisation: the probe must be a [batch, features] matrix with at least one "
      + "row, got shape \(probe.shape)")
  let weights = weightStatistics(of: model)
  let activations = activationSummaries(of: model, on: probe).filter {
    $0.activation.kind != "none"
  }
  var findings: [Finding] = []

  var symmetric: Set<Int> = []
  var symmetry: [Evidence] = []
  for statistics in weights where statistics.fanOut >= 2 {
    guard let linear = model.layers[statistics.layer] as? Linear else { continue }
    if distinctRowCount(linear.weight.value) == 1 {
      symmetric.insert(statistics.layer)
      symmetry.append(
        Evidence("distinct rows", at: .layer(statistics.layer), measured: 1, threshold: 2, .below))
    }
  }
  if !symmetry.isEmpty {
    findings.append(
      Finding(
        .symmetricInitialisation, evidence: symmetry,
        likelyCause: "the weights start all equal (zeros or a constant): every unit of the "
          + "layer computes and learns the same thing",
        fix: "draw the weights at random (He for ReLU, LeCun or Xavier for tanh); biases zero"))
  }

  let minimum = InitialisationThresholds.minimumActivationStandardDeviation
  var small: [Evidence] = []
  if let vanished = activations.first(where: { $0.activation.standardDeviation < minimum }) {
    small.append(
      Evidence(
        "activation standard deviation", at: .layer(vanished.layer),
        measured: vanished.activation.standardDeviation, threshold: minimum, .below))
  }
  let low = InitialisationThresholds.lowVarianceFactor
  let smallWeights = weights.filter {
    !symmetric.contains($0.layer) && $0.variance / $0.lowestPrediction < low
  }
  if !small.isEmpty && !smallWeights.isEmpty {
    small += smallWeights.map {
      Evidence(
        "weight variance / lowest prediction", at: .layer($0.layer),
        measured: $0.variance / $0.lowestPrediction, threshold: low, .below)
    }
    findings.append(
      Finding(
        .initialisationTooSmall, evidence: small,
        likelyCause: "the weights are far smaller than fan_in calls for: each layer shrinks "
          + "the signal, and the gradient with it",
        fix: "initialise with He (ReLU) or LeCun / Xavier (tanh), scaled by each layer's fan_in"))
  }

  let maximum = InitialisationThresholds.maximumActivationStandardDeviation
  let saturation = InitialisationThresholds.maximumSaturatedFraction
  var large: [Evidence] = []
  for (layer, activation) in activations {
    if activation.kind == "Tanh" || activation.kind == "Sigmoid" {
      if activation.saturatedFraction > saturation {
        large.append(
          Evidence(
            "saturated fraction", at: .layer(layer), measured: activation.saturatedFraction,
            threshold: saturation, .above))
        break
      }
    } else if activation.standardDeviation > maximum {
      large.append(
        Evidence(
          "activation standard deviation", at: .layer(layer),
          measured: activation.standardDeviation, threshold: maximum, .above))
      break
    }
  }
  let high = InitialisationThresholds.highVarianceFactor
  let largeWeights = weights.filter {
    !symmetric.contains($0.layer) && $0.variance / $0.highestPrediction > high
  }
  if !large.isEmpty && !largeWeights.isEmpty {
    large += largeWeights.map {
      Evidence(
        "weight variance / highest prediction", at: .layer($0.layer),
        measured: $0.variance / $0.highestPrediction, threshold: high, .above)
    }
    findings.append(
      Finding(
        .initialisationTooLarge, evidence: large,
        likelyCause: "the weights are far larger than fan_in calls for: each layer multiplies "
          + "the signal, until it explodes or saturates",
        fix: "initialise with He (ReLU) or LeCun / Xavier (tanh), scaled by each layer's fan_in"))
  }
  return findings
  // END EXERCISE 19.3
}
