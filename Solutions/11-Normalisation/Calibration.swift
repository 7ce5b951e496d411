import DataPipeline
import Tensors
import Training
import WorkbookSupport

/// How often the two scale checks are right, over many seeds of each run, and, for comparison,
/// how often two simpler rules would be. Provided; the maintainers' `workbook calibrate 11`
/// runs it over 50 seeds and writes the tables into the lesson.
///
/// Both checks read data, not training curves, so a run here is its data set: the training
/// split as the network is fed it (`makePixelData`, `makeColourData`), a fresh draw of images
/// or pixels per seed. The input check is also tried on the colour decoy's raw positions
/// (0-255 coordinates: another data set with the same mistake, which it should flag).
///
/// The two comparison rules are the ones the lesson warns against: "some value lies outside
/// [-1, 1]" (the range rule UMLAUT uses) and "some feature's spread is outside [0.5, 2]" (a
/// statistical rule that forgets constant and tiny features).
public func calibrationTables(seeds: Range<UInt64>) -> [CalibrationTable] {
  let inputKinds: [(CalibrationTable.Kind, (UInt64) -> Tensor)] = [
    (
      .init("broken: raw 0-255 pixels", shouldFlag: true),
      { makePixelData(.broken, seed: $0).training.inputs }
    ),
    (
      .init("colour decoy: raw 0-255 positions", shouldFlag: true),
      { makeColourData(.decoy, seed: $0).trainingInputs }
    ),
    (
      .init("healthy: standardised pixels", shouldFlag: false),
      { makePixelData(.healthy, seed: $0).training.inputs }
    ),
    (
      .init("decoy: + a constant and a tiny noise feature", shouldFlag: false),
      { makePixelData(.decoy, seed: $0).training.inputs }
    ),
  ]
  let targetKinds: [(CalibrationTable.Kind, (UInt64) -> Tensor)] = [
    (
      .init("broken: 0-255 colours as targets", shouldFlag: true),
      { makeColourData(.broken, seed: $0).trainingTargets }
    ),
    (
      .init("healthy: colours / 255", shouldFlag: false),
      { makeColourData(.healthy, seed: $0).trainingTargets }
    ),
    (
      .init("decoy: colours / 255, raw positions", shouldFlag: false),
      { makeColourData(.decoy, seed: $0).trainingTargets }
    ),
  ]
  func table(
    _ name: String, _ kinds: [(CalibrationTable.Kind, (UInt64) -> Tensor)],
    flags: @escaping (Tensor) -> Bool
  ) -> CalibrationTable {
    CalibrationTable(diagnostic: name, kinds: kinds.map(\.0), seeds: seeds) { kind, seed in
      flags(kinds.first { $0.0 == kind }!.1(seed))
    }
  }
  return [
    table("inputScaleFindings: unscaled inputs", inputKinds) {
      inputScaleFindings($0).symptoms.contains(.unscaledInputs)
    },
    table("targetScaleFindings: unscaled targets", targetKinds) {
      targetScaleFindings($0).symptoms.contains(.unscaledTargets)
    },
    table("for comparison, a range rule: some input outside [-1, 1]", inputKinds) {
      $0.scalars.contains { Swift.abs($0) > 1 }
    },
    table("for comparison, a spread rule: some feature's spread outside [0.5, 2]", inputKinds) {
      Standardizer.fit($0).standardDeviation.scalars.contains { $0 < 0.5 || $0 > 2 }
    },
  ]
}
