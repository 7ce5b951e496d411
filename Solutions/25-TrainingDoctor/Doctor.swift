import Autodiff
import BatchSize
import DataInspection
import FinalActivation
import Initialisation
import NaNHunting
import Normalisation
import Tensors
import Training

/// The findings of every stage on one case, before they are ordered and folded. Provided:
/// the checks of chapters 5-24 and of this chapter, called the way each was meant to be.
///
/// ```
/// wiring     wiringFindings (25.1); diagnoseInitialisation on the initial model and a probe
///            of 64 training inputs (19)
/// data       inputScaleFindings (11); a classification: inspectData without logits (23);
///            a regression: featureFindings (23) and targetScaleFindings (11)
/// sanity     sanityFindings (25.3)
/// monitors   the anomaly replay, when there is one: diagnoseNaN (22); monitorFindings (25.4);
///            diagnoseBatchSize (15), when the run's steps are whole epochs of whole batches
/// outcome    a regression: diagnoseFinalActivation on the trained model (17, which reads
///            what the trained outputs cover); outcomeFindings (25.5) with the telemetry
/// ```
public func stageFindings(_ patient: Case) -> [(stage: Stage, findings: [Finding])] {
  let data = patient.data
  let finiteInputs = data.trainingInputs.scalars.allSatisfy(\.isFinite)
  var wiring = wiringFindings(patient.wiring)
  let probeRows = Swift.min(64, data.trainingInputs.shape[0])
  if finiteInputs {
    let probe = Tensor(
      shape: [probeRows, data.trainingInputs.shape[1]],
      scalars: Array(data.trainingInputs.scalars.prefix(probeRows * data.trainingInputs.shape[1])))
    wiring += diagnoseInitialisation(patient.initialModel, probe: probe)
  }
  var dataFindings = finiteInputs ? inputScaleFindings(data.trainingInputs) : []
  if let training = data.training, let validation = data.validation {
    dataFindings +=
      inspectData(
        training: training, validation: validation, classes: patient.outcome.task.classCount,
        batchSize: Swift.max(2, data.batchSize)
      ).findings
  } else if let targets = data.trainingTargets {
    dataFindings += featureFindings(data.trainingInputs) + targetScaleFindings(targets)
  }
  var outcome: [Finding] = []
  if let targets = data.trainingTargets, finiteInputs,
    patient.model(Variable(data.trainingInputs)).value.isFinite
  {
    outcome += diagnoseFinalActivation(patient.model, inputs: data.trainingInputs, targets: targets)
  }
  outcome += outcomeFindings(patient.outcome, telemetry: patient.telemetry)
  var monitors: [Finding] = []
  if let replay = patient.replay { monitors += diagnoseNaN(replay) }
  monitors += monitorFindings(patient.telemetry, clipNorm: patient.clipNorm)
  let count = data.trainingInputs.shape[0]
  let perEpoch = Swift.max(count / data.batchSize, 1)
  if count % data.batchSize == 0, patient.telemetry.stepCount % perEpoch == 0,
    let rate = patient.telemetry.learningRates.first
  {
    let plan = BatchPlan(
      exampleCount: count, batchSize: data.batchSize,
      epochs: patient.telemetry.stepCount / perEpoch, learningRate: rate)
    monitors += diagnoseBatchSize(patient.telemetry, plan: plan)
  }
  return [
    (.wiring, wiring), (.data, dataFindings), (.sanity, sanityFindings(patient.sanity)),
    (.monitors, monitors),
    (.outcome, outcome),
  ]
}

extension TaskKind {
  /// The number of classes (1 for a regression).
  public var classCount: Int {
    switch self {
    case .classification(let classes): classes
    case .regression: 1
    }
  }
}

/// The training doctor: runs every stage on a case, then orders, folds and ranks what they
/// found into one diagnosis.
///
/// ```
/// 1. place   every finding of stageFindings(patient), stage by stage, as a DoctorFinding:
///            step   = the smallest k of its evidence at .step(k); without one, 0 for
///                     .wiring, .data and .sanity, last = telemetry.stepCount - 1 for
///                     .monitors and .outcome
///            causes = DoctorTables.causes(of: symptom)
///            then sort by (stage, step), keeping the stages' order on ties
/// 2. fold    walk the findings in that order; finding B is folded into the first earlier
///            ROOT A (foldedInto = A's position) that explains it:
///            - once the first non-finite finding (a symptom in DoctorTables.nonFinite) has
///              been placed, its root (itself, or the root it was folded into) explains
///              every later finding of .monitors and .outcome whose step is >= its step (a
///              stall after a NaN is the NaN);
///            - otherwise, A explains B when A's first cause is one of B's causes and A has
///              no more causes than B (B is a consequence A already accounts for; a generic
///              finding never absorbs a more specific one; a finding without causes
///              explains nothing)
///            a finding nothing explains is a root
/// 3. rank    the roots that have causes, most specific first (fewest causes), then in
///            order; their causes one after the other, each once
/// ```
///
/// Folding is what turns a list of alarms into a diagnosis: unscaled inputs (data) explain the
/// huge initial loss (sanity) and chapter 16's rate-too-high finding (monitors), whose own
/// causes list unscaled inputs; a division by zero found by the anomaly replay explains everything after
/// it, the non-finite loss included (and a NaN can hide: a ReLU turns it into 0, so the loss
/// may stay finite while the anomaly mode still sees the division).
///
/// What it cannot tell: two independent mistakes whose symptoms share a cause are folded into
/// one (the first); a mistake none of the checks measures is invisible, and the run then
/// looks healthy only if it also beats the baselines by more than the seed spread.
///
/// Exercise 25.6.
public func diagnose(_ patient: Case) -> Diagnosis {
  // BEGIN EXERCISE 25.6
  // STUB: return .notWritten("25.6")
  let last = Swift.max(patient.telemetry.stepCount - 1, 0)
  var placed: [DoctorFinding] = []
  for (stage, findings) in stageFindings(patient) {
    for finding in findings {
      let steps = finding.evidence.compactMap { evidence -> Int? in
        if case .step(let k) = evidence.location { return k }
        return nil
      }
      let step = steps.min() ?? (stage < .monitors ? 0 : last)
      placed.append(
        DoctorFinding(
          finding: finding, stage: stage, step: step,
          causes: DoctorTables.causes(of: finding.symptom), foldedInto: nil))
    }
  }
  let order = placed.indices.sorted {
    (placed[$0].stage, placed[$0].step, $0) < (placed[$1].stage, placed[$1].step, $1)
  }
  var findings = order.map { placed[$0] }
  var nan: (root: Int, step: Int)? = nil
  for b in findings.indices {
    let later = findings[b]
    if let nan, later.stage >= .monitors, later.step >= nan.step {
      findings[b].foldedInto = nan.root
    } else {
      findings[b].foldedInto = (0..<b).first { a in
        findings[a].foldedInto == nil && findings[a].causes.count <= later.causes.count
          && (findings[a].causes.first.map { later.causes.contains($0) } ?? false)
      }
    }
    if DoctorTables.nonFinite.contains(later.finding.symptom), nan == nil {
      nan = (findings[b].foldedInto ?? b, later.step)
    }
  }
  let ranked = findings.indices.filter {
    findings[$0].foldedInto == nil && !findings[$0].causes.isEmpty
  }
  .sorted { (findings[$0].causes.count, $0) < (findings[$1].causes.count, $1) }
  var causes: [Mistake] = []
  for index in ranked {
    for cause in findings[index].causes where !causes.contains(cause) { causes.append(cause) }
  }
  return Diagnosis(findings: findings, causes: causes)
  // END EXERCISE 25.6
}
