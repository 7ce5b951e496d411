import BatchSize
import CheckingResults
import DataInspection
import DeadReLUs
import Depth
import FinalActivation
import Initialisation
import LearningRate
import NaNHunting
import Normalisation
import Regularisation
import Training
import Width

/// The doctor's stages, in the order it runs them. Provided.
public enum Stage: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
  /// The model, its loss and its optimizer, as built (chapters 5, 8, 10, 14, 19).
  case wiring
  /// The data, before any model (chapters 11, 23).
  case data
  /// The two runs of chapter 10's recipe before the real one: the loss at initialisation,
  /// one batch overfitted.
  case sanity
  /// The telemetry of the run (chapters 15, 16, 18, 20, 22).
  case monitors
  /// After the run: the outputs a regression reaches, capacity, baselines, generalisation,
  /// seed spread, suspicious labels (chapters 12, 14, 17, 21, 23, 24).
  case outcome

  public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
  public var description: String {
    switch self {
    case .wiring: "wiring"
    case .data: "data"
    case .sanity: "sanity"
    case .monitors: "monitors"
    case .outcome: "outcome"
    }
  }
}

/// The doctor's medical knowledge: which mistakes each symptom points at, the most likely
/// first. Provided: the rules of thumb of chapters 5-24, written down once.
///
/// A symptom with one cause is specific (a softmax layer before a logits loss can only be
/// that mistake); a symptom with many is generic (a model that cannot overfit one batch
/// has a dozen possible reasons). A symptom with none is a warning the doctor reports but
/// cannot explain (a constant feature).
public enum DoctorTables {
  static let table: [Symptom: [Mistake]] = {
    var table: [Symptom: [Mistake]] = [
      // Wiring.
      .softmaxBeforeLogitsLoss: [.softmaxIntoLogitsLoss],
      .evaluatedInTrainingMode: [.forgotEvalMode],
      .parametersNotOptimised: [.frozenLayers],
      .outputCannotReachTargets: [.wrongFinalActivation],
      .outputSpreadMismatch: [.wrongFinalActivation],
      .symmetricInitialisation: [.badInitialisation],
      .initialisationTooSmall: [.badInitialisation],
      .initialisationTooLarge: [.badInitialisation],
      // Data.
      .unscaledInputs: [.unscaledInputs],
      .tinyFeature: [.unscaledInputs],
      .unscaledTargets: [.unscaledTargets],
      .leakAcrossSplits: [.leakAcrossSplits],
      .nonFiniteInputs: [.nonFiniteInputs],
      .classImbalance: [.classImbalance],
      .singleLabelBatches: [.unshuffledData],
      .distributionShift: [.missingPreprocessing],
      // Sanity.
      .initialLossOff: [.badInitialisation, .unscaledInputs, .unscaledTargets],
      // Monitors.
      .nonFiniteLoss: [.learningRateTooHigh, .divisionByZero, .nonFiniteInputs],
      .learningRateTooHigh: [.learningRateTooHigh, .forgotZeroGrad, .unscaledInputs],
      .learningRateTooLow: [.learningRateTooLow, .deadReLUs, .tooDeep],
      .deadReLUs: [.deadReLUs, .learningRateTooHigh],
      .vanishingGradients: [.tooDeep, .badInitialisation],
      .explodingGradients: [.tooDeep, .badInitialisation],
      .saturatedUnits: [.badInitialisation, .unscaledInputs],
      .growingGradient: [.forgotZeroGrad],
      .tooFewUpdates: [.tooFewUpdates],
      .heavyRegularisation: [.tooMuchRegularisation],
      .clippingMostSteps: [.learningRateTooHigh],
      // The anomaly replay (chapter 22).
      .divisionByZero: [.divisionByZero],
      .rateDivergedToNaN: [.learningRateTooHigh],
      .gradientExplodedToNaN: [.learningRateTooHigh, .tooDeep],
      .logOfZero: [.unscaledInputs, .learningRateTooHigh],
      .softmaxOverflow: [.unscaledInputs, .learningRateTooHigh],
      .nonFiniteValue: [.nonFiniteInputs, .learningRateTooHigh],
      // Outcome.
      .misalignedLabels: [.misalignedLabels],
      .validationAtChance: [
        .learningRateTooLow, .frozenLayers, .deadReLUs, .tooMuchRegularisation, .tooNarrow,
      ],
      .noBetterThanMajorityClass: [.classImbalance, .tooNarrow],
      .noBetterThanZeroedInputs: [.missingPreprocessing],
      .overfitting: [.overfitting],
      .tooFewUnits: [.tooNarrow, .tooMuchRegularisation, .noisyLabels, .misalignedLabels],
      .suspiciousLabels: [.noisyLabels],
    ]
    // The sanity run uses its own optimizer (Adam at 0.01), so a failure there is not the
    // run's learning rate: it is the model, the loss, the loop, the data or the
    // regularisation.
    table[.cannotOverfitOneBatch(.exploding)] = [.forgotZeroGrad, .unscaledInputs, .divisionByZero]
    table[.cannotOverfitOneBatch(.rising)] = [.forgotZeroGrad, .noisyLabels]
    table[.cannotOverfitOneBatch(.oscillating)] = [.forgotZeroGrad, .noisyLabels]
    table[.cannotOverfitOneBatch(.plateau)] = [
      .deadReLUs, .tooDeep, .tooMuchRegularisation, .badInitialisation, .tooNarrow,
    ]
    table[.cannotOverfitOneBatch(.falling)] = [
      .tooMuchRegularisation, .tooNarrow, .tooDeep, .deadReLUs,
    ]
    table[.lossCurve(.rising)] = [.learningRateTooHigh]
    table[.lossCurve(.oscillating)] = [.learningRateTooHigh, .noisyLabels, .forgotZeroGrad]
    table[.lossCurve(.exploding)] = [.learningRateTooHigh, .forgotZeroGrad]
    return table
  }()

  /// The symptoms that say a value stopped being finite: the monitors' non-finite loss and
  /// every culprit of chapter 22's anomaly replay.
  public static let nonFinite: Set<Symptom> = [
    .nonFiniteLoss, .divisionByZero, .logOfZero, .softmaxOverflow, .nonFiniteGradient,
    .gradientExplodedToNaN, .rateDivergedToNaN, .nonFiniteValue,
  ]

  /// The mistakes `symptom` points at, the most likely first; empty when the doctor knows no
  /// cause for it.
  ///
  /// ```swift
  /// DoctorTables.causes(of: .deadReLUs)           // [deadReLUs]
  /// DoctorTables.causes(of: .vanishingGradients)  // [tooDeep, badInitialisation]
  /// ```
  public static func causes(of symptom: Symptom) -> [Mistake] { table[symptom] ?? [] }
}

/// One finding as the doctor placed it: its stage, the step it fired and its causes. Provided.
public struct DoctorFinding: Sendable, Equatable {
  public let finding: Finding
  public let stage: Stage
  /// The first step at which it fired: the earliest `.step(k)` of its evidence; else 0 for
  /// the stages before the run, and the run's last step for the monitors and the outcome
  /// (they judged the whole run).
  public let step: Int
  /// `DoctorTables.causes(of: finding.symptom)`.
  public let causes: [Mistake]
  /// The position in `Diagnosis.findings` of the root finding that explains this one; nil
  /// for a root.
  public var foldedInto: Int?

  public init(finding: Finding, stage: Stage, step: Int, causes: [Mistake], foldedInto: Int?) {
    self.finding = finding
    self.stage = stage
    self.step = step
    self.causes = causes
    self.foldedInto = foldedInto
  }
}

/// What the doctor concludes about one case. Provided.
public struct Diagnosis: Sendable, Equatable {
  /// Every finding, in the order of the stages and, within a stage, of their steps.
  public var findings: [DoctorFinding]
  /// The likely mistakes, ranked: the first is the doctor's diagnosis.
  public var causes: [Mistake]

  public init(findings: [DoctorFinding], causes: [Mistake]) {
    self.findings = findings
    self.causes = causes
  }

  /// The findings that nothing earlier explains.
  public var roots: [DoctorFinding] { findings.filter { $0.foldedInto == nil } }
  /// Healthy: no root finding at all. (The outcome stage adds a root whenever the model does
  /// not beat the baselines by at least the seed spread + 0.02, so "nothing found" and
  /// "healthy" mean the same here, unlike for a single diagnostic.)
  public var isHealthy: Bool { roots.isEmpty }
  /// The one fix to try first.
  public var fix: String? { causes.first?.fix }

  /// The step of the first root finding that names `mistake`, nil when none does.
  public func detectionStep(of mistake: Mistake) -> Int? {
    roots.first { $0.causes.contains(mistake) }?.step
  }

  /// For a person: the verdict, the ranked causes and the fix, then every root finding with
  /// its evidence, its likely cause (for a stub's finding, which exercise is missing) and what
  /// it explains.
  public var report: String {
    if isHealthy {
      return "healthy: nothing found, and the baselines beaten beyond the seed spread"
    }
    var lines = ["likely causes: " + causes.prefix(3).map(\.description).joined(separator: ", ")]
    if let fix { lines.append("fix first: \(fix)") }
    for (index, item) in findings.enumerated() where item.foldedInto == nil {
      lines.append("[\(item.stage), step \(item.step)] \(item.finding.symptom)")
      for evidence in item.finding.evidence.prefix(2) { lines.append("    \(evidence)") }
      lines.append("    likely cause: \(item.finding.likelyCause)")
      let folded = findings.filter { $0.foldedInto == index }.map(\.finding.symptom.rawValue)
      if !folded.isEmpty { lines.append("    explains: " + folded.joined(separator: ", ")) }
    }
    return lines.joined(separator: "\n")
  }
}

extension Diagnosis {
  /// What the stub of 25.6 returns: one "not written" finding as a root, no cause, so never
  /// healthy and never right.
  public static func notWritten(_ exercise: String) -> Diagnosis {
    Diagnosis(
      findings: [
        DoctorFinding(
          finding: .notWritten(exercise), stage: .wiring, step: 0, causes: [], foldedInto: nil)
      ], causes: [])
  }
}
