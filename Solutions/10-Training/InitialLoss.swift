import Autodiff
import DataPipeline
import DropoutAndModes
import Foundation
import Layers
import Losses
import Tensors

/// The loss a classifier should show before any training: `ln C` for `C` classes.
///
/// ```
/// softmax cross-entropy, C classes:    logits ≈ 0  →  p = 1/C each  →  loss = -ln(1/C) = ln C
/// one sigmoid output (binary):         logit ≈ 0   →  p = 1/2       →  loss = ln 2
/// ```
///
/// `ln 3 ≈ 1.0986`, `ln 10 ≈ 2.3026`; a binary classifier with one logit is `classes: 2`
/// (ln 2 ≈ 0.6931), whatever the targets. A fresh network with small output weights starts
/// near this value. Much higher means the initial logits are large: the model is confidently
/// wrong before it has seen anything, and the first steps are spent undoing it (the "hockey
/// stick" curve). Much lower is suspicious too, but not of the data: an untrained network
/// cannot know which label goes with which input, whatever the inputs hold (see
/// `checkInitialLoss`), so a loss well below ln C points at the loss computation or at a model
/// that is not fresh.
///
/// Stops with a message unless `classes >= 2`.
///
/// Exercise 10.6.
public func expectedInitialLoss(classes: Int) -> Double {
  // BEGIN EXERCISE 10.6
  // STUB: return .nan
  check(classes >= 2, "expectedInitialLoss: need at least 2 classes, got \(classes)")
  return Foundation.log(Double(classes))
  // END EXERCISE 10.6
}

/// The bias of a single sigmoid output that makes the untrained model predict the prior `π`
/// of the positive class: the log-odds.
///
/// ```
/// b = ln(π / (1 - π))        so that sigmoid(b) = π
/// ```
///
/// With the weights near zero, the initial loss is then the entropy of the labels,
/// `H(π) = -π ln π - (1 - π) ln(1 - π)`, the best any input-blind model can do, instead of
/// ln 2. For a 1:9 imbalance (`π = 0.1`) that is `b = -2.197` and a loss of 0.325 instead of
/// 0.693: the first steps no longer go into learning the class balance (Karpathy's "init
/// well" step).
///
/// ```swift
/// priorBias(forPrior: 0.5)   // 0.0
/// priorBias(forPrior: 0.1)   // -2.1972...
/// ```
///
/// Stops with a message unless `0 < π < 1` (the log-odds of 0 or 1 are infinite).
///
/// Exercise 10.7.
public func priorBias(forPrior prior: Double) -> Double {
  // BEGIN EXERCISE 10.7
  // STUB: return .nan
  check(
    prior > 0 && prior < 1,
    "priorBias: the prior must be strictly between 0 and 1, got \(prior)")
  return Foundation.log(prior / (1 - prior))
  // END EXERCISE 10.7
}

/// The biases of a softmax output layer that make the untrained model predict the class
/// frequencies: the log of each frequency.
///
/// ```
/// b_c = ln(f_c)              so that softmax(b) = f   (f must add up to 1)
/// ```
///
/// With the weights near zero, the initial cross-entropy is then the entropy of the
/// frequencies, `H(f) = -Σ f_c ln f_c`, instead of ln C. Any constant added to every bias gives
/// the same softmax; this is the choice whose biases are the log-probabilities.
///
/// ```swift
/// priorBiases(forFrequencies: [0.5, 0.25, 0.25])   // [-0.693, -1.386, -1.386]
/// ```
///
/// Stops with a message unless every frequency is > 0 and they add up to 1 (within 1e-6).
///
/// Exercise 10.8.
public func priorBiases(forFrequencies frequencies: [Double]) -> [Double] {
  // BEGIN EXERCISE 10.8
  // STUB: return frequencies.map { _ in .nan }
  check(
    !frequencies.isEmpty && frequencies.allSatisfy { $0 > 0 },
    "priorBiases: every frequency must be > 0, got \(frequencies)")
  let total = frequencies.reduce(0, +)
  check(
    Swift.abs(total - 1) <= 1e-6,
    "priorBiases: the frequencies must add up to 1, got \(frequencies) (sum \(total))")
  return frequencies.map { Foundation.log($0) }
  // END EXERCISE 10.8
}

/// The bias of a regression output layer that makes the untrained model predict the mean
/// target: the mean of each target column.
///
/// ```
/// b_k = mean over i of y[i, k]         targets [N, K]  →  bias [K]
/// ```
///
/// With the weights near zero, the initial mean squared error is then the variance of the
/// targets (the population variance, mean of the squared deviations, averaged over the
/// columns): the loss of the best constant prediction. With a zero bias it would be
/// `Var(y) + mean(y)²`, and the first steps would go into learning the mean.
///
/// ```swift
/// regressionBias(targets: Tensor([[1, 10], [3, 20]]))   // [2.0, 15.0]
/// ```
///
/// Stops with a message unless `targets` is a `[N, K]` matrix with N >= 1.
///
/// Exercise 10.9.
public func regressionBias(targets: Tensor) -> Tensor {
  // BEGIN EXERCISE 10.9
  // STUB: return Tensor(shape: [targets.shape.last ?? 0], repeating: .nan)
  check(
    targets.rank == 2 && targets.shape[0] >= 1,
    "regressionBias: expected [examples, outputs] targets, got shape \(targets.shape)")
  return targets.mean(alongAxis: 0)
  // END EXERCISE 10.9
}

/// The result of `checkInitialLoss`.
public struct InitialLossCheck: SanityCheck {
  /// The loss measured before training, in evaluation mode.
  public let measured: Double
  /// The value theory predicts: ln C, H(f) with prior biases, Var(y) with a regression bias.
  public let expected: Double
  /// The largest relative difference accepted.
  public let tolerance: Double

  /// Creates a result from its numbers.
  public init(measured: Double, expected: Double, tolerance: Double) {
    self.measured = measured
    self.expected = expected
    self.tolerance = tolerance
  }

  /// "loss at initialisation".
  public var name: String { "loss at initialisation" }

  /// Whether the measured loss is within `tolerance` (relative) of the expected one, above or
  /// below.
  public var passed: Bool { Swift.abs(measured - expected) <= tolerance * expected }

  /// The numbers, and the likely cause when the check failed.
  public var summary: String {
    var text = String(
      format: "%.4g, expected %.4g (within %.0f%%)", measured, expected, tolerance * 100)
    if !passed {
      text +=
        measured > expected
        ? ": the initial outputs are too large (scale down the last layer's weights)"
        : ": below what an untrained model can reach, whatever its inputs: check the loss "
          + "computation and that the model is fresh"
    }
    return text
  }
}

/// Measures a fresh model's loss and compares it with the value theory predicts for it.
///
/// ```
/// measured = loss()                                     in evaluation mode
/// passed   = |measured - expected| <= tolerance · expected
/// ```
///
/// What to expect, from the functions above:
///
/// ```
/// softmax classifier, small last layer            ln C                 expectedInitialLoss
/// its biases set to ln f (priorBiases)            H(f) = -Σ f ln f
/// one sigmoid output, bias ln(π/(1-π))            H(π)
/// regression, bias = mean(y) (regressionBias)     Var(y)               the MSE
/// ```
///
/// Too high: the model is confident before it has learnt anything (too large a last layer).
/// Too low is not a sign that the inputs leak the labels. Before training the network knows
/// nothing of which label goes with which input: its initial weights are drawn the same way for
/// every class, so over the draw each class gets a probability of 1/C on average, for every
/// input, and by Jensen's inequality the expected cross-entropy is at least -ln(1/C) = ln C
/// whatever the inputs contain. (With the label written into the inputs, 4000 draws of a
/// 3-16-16-3 network averaged 1.116, above ln 3 = 1.0986.) A loss well below the expected value
/// points at the loss computation (a sum divided by N·C instead of N, a loss handed something
/// other than the model's outputs) or at a model that is not fresh (trained weights loaded, the
/// check run after training). A leak shows *after* training: a validation accuracy too good to be true.
///
/// ```swift
/// checkInitialLoss(model, expected: log(3.0)) {
///   crossEntropy(logits: model(Variable(x)), labels: y)
/// }.summary
/// // "1.102, expected 1.099 (within 10%)"
/// ```
///
/// - Parameters:
///   - model: The model, before training; measured in evaluation mode, its modes restored.
///   - expected: The loss theory predicts, finite and > 0.
///   - tolerance: The relative difference accepted, > 0 (0.1 = 10%).
///   - loss: Builds the model's loss on the data (a fresh graph).
///
/// Exercise 10.10.
public func checkInitialLoss(
  _ model: Module, expected: Double, tolerance: Double = 0.1, loss: () -> Variable
) -> InitialLossCheck {
  // BEGIN EXERCISE 10.10
  // STUB: return InitialLossCheck(measured: .nan, expected: .nan, tolerance: tolerance)
  check(tolerance > 0, "checkInitialLoss: tolerance must be > 0, got \(tolerance)")
  check(
    expected > 0 && expected.isFinite,
    "checkInitialLoss: the expected loss must be finite and > 0, got \(expected)")
  let measured = model.evaluating { loss().value.scalar }
  return InitialLossCheck(measured: measured, expected: expected, tolerance: tolerance)
  // END EXERCISE 10.10
}

/// Measures a fresh classifier's cross-entropy on `dataset` and compares it with `expected`,
/// `ln C` by default. Provided.
///
/// ```swift
/// checkInitialLoss(model, on: train, classes: 3).summary
/// // "1.102, expected 1.099 (within 10%)"
/// let f = [0.8, 0.1, 0.1]                  // imbalanced classes, last bias set to ln f
/// checkInitialLoss(model, on: train, classes: 3, expected: -f.reduce(0) { $0 + $1 * log($1) })
/// ```
///
/// - Parameters:
///   - model: A classifier with `classes` outputs, before training.
///   - dataset: Examples to measure on, at least one.
///   - classes: The number of classes C, at least 2.
///   - expected: The loss to expect; nil for ln C. Pass H(f) when the last layer's biases were
///     set with `priorBiases(forFrequencies:)`.
///   - tolerance: The relative difference accepted, > 0 (0.1 = 10%).
public func checkInitialLoss(
  _ model: Module, on dataset: Dataset, classes: Int, expected: Double? = nil,
  tolerance: Double = 0.1
) -> InitialLossCheck {
  check(dataset.count > 0, "checkInitialLoss: the data set is empty")
  return checkInitialLoss(
    model, expected: expected ?? expectedInitialLoss(classes: classes), tolerance: tolerance
  ) {
    let logits = model(Variable(dataset.inputs))
    check(
      logits.shape == [dataset.count, classes],
      "checkInitialLoss: expected [\(dataset.count), \(classes)] logits for \(classes) "
        + "classes, got shape \(logits.shape)")
    return crossEntropy(logits: logits, labels: dataset.labels)
  }
}
