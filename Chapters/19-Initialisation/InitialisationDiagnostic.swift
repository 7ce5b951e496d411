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
  // TODO(19.3): your code here (README.md, exercise 19.3).
  return [.notWritten("19.3")]
}
