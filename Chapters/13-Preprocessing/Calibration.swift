import WorkbookSupport

/// The calibration of this chapter's two diagnostics over `seeds`: how often each fires on
/// broken, healthy and decoy runs. Provided; `workbook calibrate 13` writes the tables into
/// the lesson.
///
/// - `diagnosePosition` reads each position run's training inputs as the model saw them.
/// - `checkLabelPreservation` judges each flip run's augmentation on its training batch, with
///   the run's reference model (trained without augmentation) as the labeller.
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  let position = CalibrationTable(
    diagnostic: "diagnosePosition",
    kinds: PositionRun.allCases.map { .init($0.description, shouldFlag: $0 == .broken) },
    seeds: seeds
  ) { kind, seed in
    let run = makePositionRun(
      PositionRun.allCases.first { $0.description == kind.name }!, seed: seed)
    return diagnosePosition(
      run.training.inputs, labels: run.training.labels, classes: run.training.classCount
    ).contains { $0.symptom == .positionNuisance }
  }
  let flip = CalibrationTable(
    diagnostic: "checkLabelPreservation",
    kinds: FlipRun.allCases.map { .init($0.description, shouldFlag: $0 == .broken) },
    seeds: seeds
  ) { kind, seed in
    let run = makeFlipRun(FlipRun.allCases.first { $0.description == kind.name }!, seed: seed)
    return checkLabelPreservation(
      run.augmentation, inputs: run.training.inputs, labels: run.training.labels,
      classes: run.training.classCount, labeller: modelLabeller(run.reference)
    ).contains { $0.symptom == .augmentationChangesLabels }
  }
  return [position, flip]
}
