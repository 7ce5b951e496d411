import Autodiff
import DataPipeline
import Foundation
import Initializers
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

// The runs of this chapter are data sets: for each check, a seeded broken data set, a clean
// one and a decoy (clean but unusual). Nothing in this file is an exercise.

/// The checks of the data report, one per kind of data problem. Provided.
public enum DataCheck: String, CaseIterable, Sendable, CustomStringConvertible {
  case duplicates
  case leakage
  case labels
  case imbalance
  case batches
  case outliers
  case constant
  case nonFinite
  case shift

  public var description: String { rawValue }
}

/// The three data sets made for each check. Provided.
///
/// | check | broken | decoy (clean but unusual) |
/// |---|---|---|
/// | duplicates | 10% of the training rows copied | 10% genuine near-duplicates (1e-4 apart) |
/// | leakage | 20% of the validation rows copied from training | validation rows 1e-4 from training rows |
/// | labels | 8% of the training labels flipped | a legitimately rare class (5%) |
/// | imbalance | 90/5/5 class counts | 50/30/20 class counts |
/// | batches | sorted by label, not shuffled | shuffled, 90/5/5 counts |
/// | outliers | -999 (a missing-value code) in 3 rows of feature 1 | a heavy-tailed feature 4 |
/// | constant | feature 4 is 1 in every row | feature 4 a rare 0/1 flag (2% ones) |
/// | nonFinite | NaN in 2 rows of feature 2 | feature 4 near 1e200 (finite; its square is not) |
/// | shift | validation feature 0 shifted by 1.5 spreads | a validation split of 20 rows |
public enum DataVariant: String, CaseIterable, Sendable, CustomStringConvertible {
  case broken
  case clean
  case decoy

  public var description: String { rawValue }
}

/// The batch size every run is fed with.
public let dataBatchSize = 8

/// One data set of this chapter, as a training pipeline would receive it. Provided.
public struct DataRun: Sendable {
  public let check: DataCheck
  public let variant: DataVariant
  /// The training split, in the order the loader feeds it (shuffled unless the run is the
  /// batches check's broken one).
  public let training: Dataset
  /// The validation split.
  public let validation: Dataset
  /// The number of classes (3).
  public let classes: Int
  /// The batch size the loader uses.
  public let batchSize: Int
}

/// `count` examples of the chapter's 4-feature, 3-class problem. Provided.
///
/// Class c has its centre at 3 on feature c (features 0-2) and 0 elsewhere; every feature
/// gets unit normal noise; feature 3 is noise only. `proportions` are the class shares
/// (rounded down, the remainder going to class 0). Rows come grouped by class.
public func dataExamples(count: Int, proportions: [Double] = [1, 1, 1], seed: UInt64)
  -> Dataset
{
  check(count >= 3, "dataExamples: count must be at least 3, got \(count)")
  var generator = SeededGenerator(seed: seed)
  let total = proportions.reduce(0, +)
  var perClass = proportions.map { Int(Double(count) * $0 / total) }
  perClass[0] += count - perClass.reduce(0, +)
  var rows: [[Double]] = []
  var labels: [Int] = []
  for (label, n) in perClass.enumerated() {
    for _ in 0..<n {
      var row = (0..<4).map { _ in generator.normal() }
      row[label] += 3
      rows.append(row)
      labels.append(label)
    }
  }
  return Dataset(inputs: Tensor(rows), labels: labels)
}

/// The rows of a data set as arrays.
func rowsOf(_ dataset: Dataset) -> [[Double]] {
  let columns = dataset.featureCount
  return (0..<dataset.count).map { row in
    Array(dataset.inputs.scalars[(row * columns)..<((row + 1) * columns)])
  }
}

/// A data set from rows and labels.
func datasetOf(_ rows: [[Double]], _ labels: [Int]) -> Dataset {
  Dataset(inputs: Tensor(rows), labels: labels)
}

/// Makes one data set of the chapter. Provided.
///
/// 300 training and 100 validation examples (seed `seed` and `seed + 1`), shuffled with
/// seed `seed + 2`, then broken (or made unusual) as the table of `DataVariant` says, with
/// draws from seed `seed + 3`.
///
/// ```swift
/// let run = makeDataRun(.duplicates, .broken, seed: 0)
/// run.training.count   // 330: 30 rows appear twice
/// ```
public func makeDataRun(_ check: DataCheck, _ variant: DataVariant, seed: UInt64) -> DataRun {
  let proportions: [Double] =
    switch (check, variant) {
    case (.imbalance, .broken), (.batches, .decoy): [90, 5, 5]
    case (.imbalance, .decoy): [50, 30, 20]
    case (.labels, .decoy): [50, 45, 5]
    default: [1, 1, 1]
    }
  let training = dataExamples(count: 300, proportions: proportions, seed: seed)
  let validationCount = check == .shift && variant == .decoy ? 20 : 100
  let validation = dataExamples(
    count: validationCount, proportions: proportions, seed: seed &+ 1)
  var generator = SeededGenerator(seed: seed &+ 2)
  var order = generator.permutation(training.count)
  if check == .batches && variant == .broken { order = Array(0..<training.count) }
  var rows = order.map { rowsOf(training)[$0] }
  var labels = order.map { training.labels[$0] }
  var validationRows = rowsOf(validation)
  var validationLabels = validation.labels
  var noise = SeededGenerator(seed: seed &+ 3)
  func randomRow() -> Int { noise.integer(below: rows.count) }
  if variant != .clean {
    switch check {
    case .duplicates:
      for _ in 0..<30 {
        let source = randomRow()
        let copy =
          variant == .broken ? rows[source] : rows[source].map { $0 + 1e-4 * noise.normal() }
        let position = randomRow()
        rows.insert(copy, at: position)
        labels.insert(labels[source], at: position)
      }
    case .leakage:
      for row in 0..<20 {
        let source = randomRow()
        validationRows[row] =
          variant == .broken ? rows[source] : rows[source].map { $0 + 1e-4 * noise.normal() }
        validationLabels[row] = labels[source]
      }
    case .labels:
      if variant == .broken {
        for row in 0..<labels.count where noise.uniform() < 0.08 {
          labels[row] = (labels[row] + 1 + noise.integer(below: 2)) % 3
        }
      }
    case .outliers:
      if variant == .broken {
        for _ in 0..<3 { rows[randomRow()][1] = -999 }
      } else {
        rows = rows.map { $0 + [heavyTailed(&noise)] }
        validationRows = validationRows.map { $0 + [heavyTailed(&noise)] }
      }
    case .constant:
      if variant == .broken {
        rows = rows.map { $0 + [1] }
        validationRows = validationRows.map { $0 + [1] }
      } else {
        rows = rows.map { $0 + [noise.uniform() < 0.02 ? 1 : 0] }
        validationRows = validationRows.map { $0 + [noise.uniform() < 0.02 ? 1 : 0] }
      }
    case .nonFinite:
      if variant == .broken {
        for _ in 0..<2 { rows[randomRow()][2] = .nan }
      } else {
        let huge = { (g: inout SeededGenerator) in 1e200 * (1 + 0.1 * g.normal()) }
        rows = rows.map { $0 + [huge(&noise)] }
        validationRows = validationRows.map { $0 + [huge(&noise)] }
      }
    case .shift:
      if variant == .broken {
        validationRows = validationRows.map { row in
          var shifted = row
          shifted[0] += 1.5 * featureSpread(rows, 0)
          return shifted
        }
      }
    case .imbalance, .batches:
      break
    }
  }
  return DataRun(
    check: check, variant: variant, training: datasetOf(rows, labels),
    validation: datasetOf(validationRows, validationLabels), classes: 3,
    batchSize: dataBatchSize)
}

/// A heavy-tailed but valid value: Student's t with 3 degrees of freedom (income-like tails).
func heavyTailed(_ generator: inout SeededGenerator) -> Double {
  let z = generator.normal()
  let chi = (0..<3).map { _ in Foundation.pow(generator.normal(), 2) }.reduce(0, +)
  return z / (chi / 3).squareRoot()
}

/// The population standard deviation of column `column` of `rows`.
func featureSpread(_ rows: [[Double]], _ column: Int) -> Double {
  let values = rows.map { $0[column] }
  let mean = values.reduce(0, +) / Double(values.count)
  return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
    .squareRoot()
}

/// Trains a linear softmax classifier (`features → classes`, 150 full-batch Adam steps at
/// 0.1) on `training` and returns its logits on the same examples, `[examples, classes]`: what
/// the suspicious-labels check sorts by. Provided.
///
/// A linear model cannot memorise a flipped label the way a large network can, so a wrong
/// label keeps a high loss. Rows with a non-finite value are given logits of 0 (the check
/// cannot judge them).
public func trainedLogits(_ training: Dataset, classes: Int, seed: UInt64) -> Tensor {
  let rows = rowsOf(training)
  let finite = rows.map { $0.allSatisfy(\.isFinite) }
  let kept = (0..<rows.count).filter { finite[$0] }
  var generator = SeededGenerator(seed: seed &+ 4)
  let model = Sequential(
    makeLinear(
      inputs: training.featureCount, outputs: classes, initializer: .xavierNormal(),
      using: &generator))
  let scaler = Standardizer.fit(Tensor(kept.map { rows[$0] }))
  let inputs = Variable(scaler.apply(Tensor(kept.map { rows[$0] })))
  let labels = kept.map { training.labels[$0] }
  let optimizer = Adam(parameters: model.parameters, learningRate: 0.1)
  _ = trainSteps(model, optimizer: optimizer, steps: 150) { _ in
    crossEntropy(logits: model(inputs), labels: labels)
  }
  let all = rows.map { row in row.map { $0.isFinite ? $0 : 0 } }
  var logits = model(Variable(scaler.apply(Tensor(all)))).value
  for row in 0..<rows.count where !finite[row] {
    for column in 0..<classes { logits.scalars[row * classes + column] = 0 }
  }
  return logits
}
