import Tensors
import Training

/// The static stage: reads how the model, its loss and its optimizer are put together,
/// before anything runs, and returns what is wired wrong. Four rules, in this order:
///
/// ```
/// a classification whose LAST layer is "Softmax" or "Sigmoid"     (crossEntropy applies
///     its own softmax: the model is squashed twice)
///     .softmaxBeforeLogitsLoss
///     Evidence("squashing layers before the loss", at: .layer(last), measured: 1,
///              threshold: 0, .above)
/// evaluated in training mode, with at least one "Dropout" layer
///     .evaluatedInTrainingMode
///     Evidence("dropout layers active at evaluation", at: .layer(first dropout),
///              measured: number of dropout layers, threshold: 0, .above)
/// layers with a parameter the optimizer was not given
///     .parametersNotOptimised, one piece of evidence per layer, in order:
///     Evidence("parameters not optimised", at: .layer(i), measured: 1, threshold: 0, .above)
/// any dropout probability above DoctorThresholds.maximumDropout (0.5), or a weight decay
/// above maximumWeightDecay (0.1)
///     .heavyRegularisation, one piece of evidence each, the dropout layers first:
///     Evidence("dropout probability", at: .layer(i), measured: p, threshold: 0.5, .above)
///     Evidence("weight decay", at: .run, measured: decay, threshold: 0.1, .above)
/// ```
///
/// Each finding says its likely cause and fix in a sentence (the classic mistake behind it).
/// A model in training mode without dropout is not a finding: nothing in it behaves
/// differently at evaluation (batch normalisation would, and is not in this workbook).
///
/// What it cannot tell: a softmax applied inside a custom layer's forward pass (it reads
/// layer types, not what they compute), an optimizer that was given the parameters but a rate
/// of 0 for some of them.
///
/// ```swift
/// wiringFindings(Wiring(layers: ["Linear", "ReLU", "Linear", "Softmax"],
///                       task: .classification(classes: 3), notOptimised: [],
///                       evaluatedInTrainingMode: false)).symptoms
/// // [softmax before a loss that expects logits]
/// ```
///
/// Exercise 25.1.
public func wiringFindings(_ wiring: Wiring) -> [Finding] {
  // TODO(25.1): your code here (README.md, exercise 25.1).
  return [.notWritten("25.1")]
}
