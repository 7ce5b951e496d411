import Training

/// The mistakes the doctor can name: one for each mistake of chapters 5-24 and the four
/// classics. A diagnosis ranks them; the benchmark knows which one each broken run has.
/// Provided.
public enum Mistake: String, CaseIterable, Sendable, CustomStringConvertible {
  case softmaxIntoLogitsLoss, forgotZeroGrad, forgotEvalMode, frozenLayers
  case unscaledInputs, unscaledTargets, misalignedLabels, missingPreprocessing
  case overfitting, tooMuchRegularisation, tooFewUpdates
  case learningRateTooHigh, learningRateTooLow, wrongFinalActivation, deadReLUs
  case badInitialisation, tooDeep, tooNarrow, divisionByZero, nonFiniteInputs
  case leakAcrossSplits, noisyLabels, unshuffledData, classImbalance

  public var description: String { rawValue }

  /// The chapter that teaches it (the four classics: the chapter of the tool that catches it).
  public var chapter: Int {
    switch self {
    case .softmaxIntoLogitsLoss: 5
    case .forgotZeroGrad: 7
    case .forgotEvalMode: 8
    case .frozenLayers: 10
    case .unscaledInputs, .unscaledTargets: 11
    case .misalignedLabels: 12
    case .missingPreprocessing: 13
    case .overfitting, .tooMuchRegularisation: 14
    case .tooFewUpdates: 15
    case .learningRateTooHigh, .learningRateTooLow: 16
    case .wrongFinalActivation: 17
    case .deadReLUs: 18
    case .badInitialisation: 19
    case .tooDeep: 20
    case .tooNarrow: 21
    case .divisionByZero: 22
    case .nonFiniteInputs, .leakAcrossSplits, .noisyLabels, .unshuffledData, .classImbalance: 23
    }
  }

  /// The one fix the doctor suggests when this is its first cause.
  public var fix: String {
    switch self {
    case .softmaxIntoLogitsLoss:
      "remove the softmax before the loss: crossEntropy(logits:) applies it (chapter 5)"
    case .forgotZeroGrad: "call optimizer.zeroGrad() before every backward pass (chapter 7)"
    case .forgotEvalMode: "call model.eval() before evaluating, model.train() after (chapter 8)"
    case .frozenLayers:
      "give the optimizer every parameter of the model: model.parameters (chapter 10)"
    case .unscaledInputs:
      "fit a Standardizer on the training split, apply it to every split (chapter 11)"
    case .unscaledTargets: "standardise the targets and undo it on the predictions (chapter 11)"
    case .misalignedLabels: "pair inputs and labels by identifier, then look at a few (chapter 12)"
    case .missingPreprocessing:
      "apply the training preprocessing to every split and at inference (chapters 13, 24)"
    case .overfitting: "add weight decay or dropout, or stop at the best epoch (chapter 14)"
    case .tooMuchRegularisation: "lower the dropout or the weight decay (chapter 14)"
    case .tooFewUpdates: "train for more steps, or use smaller batches (chapter 15)"
    case .learningRateTooHigh: "lower the learning rate (a range test finds one; chapter 16)"
    case .learningRateTooLow: "raise the learning rate (a range test finds one; chapter 16)"
    case .wrongFinalActivation:
      "remove the final activation, or pick one whose range holds the targets (chapter 17)"
    case .deadReLUs: "reset the biases, He initialisation, a lower rate or LeakyReLU (chapter 18)"
    case .badInitialisation: "initialise with He (ReLU) or Xavier (tanh), zero biases (chapter 19)"
    case .tooDeep: "use fewer layers, or ReLU with He initialisation (chapter 20)"
    case .tooNarrow: "use more hidden units: sweep the width (chapter 21)"
    case .divisionByZero: "add an epsilon to the denominator of the custom layer (chapter 22)"
    case .nonFiniteInputs: "find and remove or impute the non-finite inputs (chapter 23)"
    case .leakAcrossSplits: "deduplicate, then split (chapter 23)"
    case .noisyLabels: "relabel or drop the examples with the highest loss (chapter 23)"
    case .unshuffledData: "shuffle the training set every epoch (chapter 23)"
    case .classImbalance:
      "reweight or resample the classes, report per-class recall (chapter 23)"
    }
  }
}

extension Symptom {
  /// A softmax (or sigmoid) layer in front of a loss that applies its own softmax.
  public static let softmaxBeforeLogitsLoss = Symptom("softmax before a loss that expects logits")
  /// The model has dropout and was still in training mode when it was evaluated.
  public static let evaluatedInTrainingMode = Symptom("evaluated in training mode")
  /// A layer whose parameters the optimizer was not given.
  public static let parametersNotOptimised = Symptom("parameters not optimised")
  /// The loss of the fresh model is far from what an untrained model should give.
  public static let initialLossOff = Symptom("initial loss off")
  /// A fresh model trained on one small batch did not drive its loss down; the curve's shape
  /// is part of the symptom, because it points at different causes.
  public static func cannotOverfitOneBatch(_ shape: CurveShape) -> Symptom {
    Symptom("cannot overfit one batch (\(shape))")
  }
  /// The run's own loss curve rose, oscillated or exploded.
  public static func lossCurve(_ shape: CurveShape) -> Symptom { Symptom("loss curve \(shape)") }
  /// The training loss became infinite or NaN.
  public static let nonFiniteLoss = Symptom("non-finite loss")
  /// The gradient norm has not shrunk although the loss fell by half: the gradients add up.
  public static let growingGradient = Symptom("gradient norm not shrinking")
  /// Most units of a tanh or sigmoid layer sit in the flat part of the activation.
  public static let saturatedUnits = Symptom("saturated units")
  /// A dropout probability or a weight decay far above the usual range.
  public static let heavyRegularisation = Symptom("heavy regularisation")
  /// The model does not beat the baselines by more than the seed spread.
  public static let notBeyondBaselines = Symptom("not beyond the baselines")
}

/// The shape of a loss curve, the first clue to a failing run (Karpathy's recipe, Tobin's
/// troubleshooting guide). Provided.
public enum CurveShape: String, Sendable, CustomStringConvertible {
  /// The loss came down: nothing to say.
  case falling
  /// The loss ended at or above where it started: a sign error, or a rate far too high.
  case rising
  /// The loss became non-finite or grew by orders of magnitude: numerics, or the rate.
  case exploding
  /// The loss jumps up and down without coming down: the rate, or labels that disagree.
  case oscillating
  /// The loss barely moved: the rate too low, no gradient flow, or too much regularisation.
  case plateau
  /// What the stub of 25.2 answers: never right.
  case notWritten

  public var description: String { rawValue }
}

/// The thresholds of the doctor, each with its reason. Provided.
public enum DoctorThresholds {
  /// The fresh model's loss is off when it is more than this factor away from ln C, in either
  /// direction. Theory gives ln C only for logits near 0; He or Xavier weights give logits of
  /// spread about 1 and a start up to 3.8 ln C on the benchmark's healthy two-class runs
  /// (ln 2 is small), while weights 10 times too large start near 12 ln C.
  public static let initialLossFactor = 4.0
  /// One small batch is overfitted when the loss falls to this fraction of its start or
  /// below (300 steps of Adam at 0.01 take every healthy run of the benchmark to 0.15 or
  /// less; a model that cannot learn stays above 0.5).
  public static let overfitFraction = 0.2
  /// A curve "explodes" when a loss exceeds this factor times the first loss.
  public static let explosionFactor = 10.0
  /// A curve "plateaus" when its end is above this fraction of its start.
  public static let plateauFraction = 0.8
  /// A curve "oscillates" when it changes direction at more than this fraction of its points.
  public static let oscillationFraction = 0.4
  /// The gradient has not shrunk when its median over the last quarter of the probes is
  /// above this times its median over the first quarter: a fitting run's gradients shrink
  /// (mostly 0.005-0.6 on the benchmark's healthy runs), a sum of gradients does not (1.2-1.7).
  public static let gradientGrowth = 1.1
  /// ... judged only on a run whose loss fell below this fraction of its start.
  public static let lossFallForGrowth = 0.5
  /// A tanh or sigmoid layer is saturated when more than this fraction of its activations
  /// are in the flat part at the first probe.
  public static let saturatedFraction = 0.5
  /// Dropout above this is heavy: Srivastava et al. suggest 0.5 for hidden layers and 0.2
  /// for inputs; at 0.9 nine units in ten are dropped at every step.
  public static let maximumDropout = 0.5
  /// Weight decay above this is heavy: the tuning playbook searches 1e-5 to 1e-1, and AdamW's
  /// default is 0.01.
  public static let maximumWeightDecay = 0.1
  /// A training score (accuracy or R²) at or above this is fitted: the benchmark's data are
  /// separable, and its healthy runs reach 0.95 or more.
  public static let fittedScore = 0.9
  /// Healthy needs a margin over the best baseline of at least the seed spread (the sample
  /// standard deviation over the seeds, as in chapter 24) plus this (2 points of accuracy or
  /// of R²): three seeds can agree by luck.
  public static let minimumMargin = 0.02
  /// The training score above the validation score by more than this is overfitting
  /// (accuracy or R², both on a 0-1 scale).
  public static let generalisationGap = 0.15
}
