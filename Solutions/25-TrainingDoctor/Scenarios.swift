import Autodiff
import CheckingResults
import DataPipeline
import DropoutAndModes
import Foundation
import Initializers
import Layers
import Losses
import NaNHunting
import Optimizers
import Tensors
import Training
import WorkbookSupport

/// One training job of the benchmark: a data set, a model, a training loop, and the mistakes
/// planted in it (none for a healthy run). Every field is a knob a learner's script has;
/// the defaults make a healthy run: 3-class spirals, a 2 → 32 → 3 ReLU network with He
/// weights, standardised inputs, full-batch Adam at 0.01 for 200 steps. Provided.
///
/// ```swift
/// var scenario = Scenario("rate 5", causes: [.learningRateTooHigh])
/// scenario.optimizer = .sgd(5)
/// let patient = runScenario(scenario, seed: 1)   // a Case for the doctor
/// ```
public struct Scenario: Sendable {
  /// The synthetic data set.
  public enum DataKind: Sendable, Equatable {
    case spirals(classes: Int)
    case blobs(classes: Int, dimensions: Int)
    case moons
    /// y = sin(x) on [-π, π], a regression.
    case sine
  }

  /// The hidden layers' activation.
  public enum Activation: String, Sendable {
    case relu = "ReLU"
    case tanh = "Tanh"
    case sigmoid = "Sigmoid"
  }

  /// What follows the last `Linear`.
  public enum Output: Sendable, Equatable {
    /// Nothing: the outputs are logits (classification) or values (regression).
    case linear
    case softmax, relu, sigmoid
  }

  /// How the weights are drawn.
  public enum Initialisation: Sendable, Equatable {
    /// He normal before ReLU, Xavier normal before tanh and sigmoid and for the output layer;
    /// zero biases.
    case standard
    /// Every weight and bias 0.
    case zeros
    /// The standard weights times a factor.
    case scaled(Double)
    /// The standard weights, every hidden bias set to this value.
    case hiddenBiases(Double)
  }

  /// The optimizer and its learning rate.
  public enum OptimizerKind: Sendable, Equatable {
    case sgd(Double)
    case adam(Double)
  }

  /// How the training labels were paired with their inputs.
  public enum Pairing: Sendable, Equatable {
    case correct
    /// The labels of the training split shuffled on their own.
    case permuted
    /// Every label moved one row down (after the split's shuffle).
    case shifted
  }

  public var name: String
  /// The mistakes planted; empty for a healthy run.
  public var causes: [Mistake]
  public var data: DataKind = .spirals(classes: 3)
  /// Points per class (classification) or in all (regression), before the split.
  public var points = 80
  public var hidden = [32]
  public var activation = Activation.relu
  public var output = Output.linear
  public var initialisation = Initialisation.standard
  public var optimizer = OptimizerKind.adam(0.01)
  public var steps = 200
  /// nil: full batch.
  public var batchSize: Int? = nil
  public var dropout = 0.0
  public var weightDecay = 0.0
  public var clipNorm: Double? = nil
  public var zeroGrad = true
  /// Whether the model is switched to evaluation mode before it is evaluated.
  public var evaluationMode = true
  /// Positions of `Linear` layers (0 = first) whose parameters the optimizer is not given.
  public var notOptimised: [Int] = []
  /// false: the training split sorted by label and never shuffled.
  public var shuffle = true
  /// Whether the pipeline standardises the inputs (fitted on the training split).
  public var standardise = true
  /// Whether the validation split gets the training preprocessing too.
  public var preprocessValidation = true
  /// The raw inputs times this (only feature `scaledFeature` when it is given).
  public var inputScale = 1.0
  public var scaledFeature: Int? = nil
  /// Regression targets: y * targetScale + targetOffset.
  public var targetScale = 1.0
  public var targetOffset = 0.0
  /// The fraction of training labels replaced by another class.
  public var labelNoise = 0.0
  public var pairing = Pairing.correct
  /// The fraction of validation rows replaced by copies of training rows.
  public var leak = 0.0
  /// Non-finite raw values planted in feature 0 of this many training rows (NaN, or +inf
  /// with `infinite`).
  public var nonFiniteRows = 0
  public var infinite = false
  /// Keep only this share of every class but class 0 (an imbalanced data set).
  public var minorityShare: Double? = nil
  /// A custom first layer x / Σ x with no epsilon, on nonnegative inputs with this many
  /// all-zero training rows (the division by zero of chapter 22).
  public var emptyRows: Int? = nil
  /// Only this many training examples are kept.
  public var trainingSize: Int? = nil

  public init(_ name: String, causes: [Mistake] = []) {
    self.name = name
    self.causes = causes
  }

  /// A copy with one knob changed: `scenario.with(\.steps, 50)`.
  public func with<Value>(_ path: WritableKeyPath<Scenario, Value>, _ value: Value) -> Scenario {
    var copy = self
    copy[keyPath: path] = value
    return copy
  }

  /// The task of the data set.
  public var task: TaskKind {
    switch data {
    case .spirals(let classes), .blobs(let classes, _): .classification(classes: classes)
    case .moons: .classification(classes: 2)
    case .sine: .regression
    }
  }
}

/// A softmax as a layer, as in `nn.Sequential(..., nn.Softmax(dim=1))`. Provided.
public final class Softmax: Module {
  override public init() {}
  override public func callAsFunction(_ input: Variable) -> Variable {
    input.softmax(alongAxis: 1)
  }
}

/// The custom layer of chapter 22: each row divided by its sum, with no epsilon. Provided.
public final class RowNormalisation: Module {
  override public init() {}
  override public func callAsFunction(_ input: Variable) -> Variable {
    normaliseRows(input, epsilon: 0)
  }
}

/// The data of one run, as the model is fed it (after the pipeline's preprocessing).
struct ScenarioData {
  var trainingInputs: Tensor
  var validationInputs: Tensor
  var trainingLabels: [Int] = []
  var validationLabels: [Int] = []
  var trainingTargets: Tensor? = nil
  var validationTargets: Tensor? = nil
}

/// The rows `rows` of a matrix, in that order.
func rows(_ matrix: Tensor, _ rows: [Int]) -> Tensor {
  let width = matrix.shape[1]
  var scalars: [Double] = []
  scalars.reserveCapacity(rows.count * width)
  for row in rows { scalars += matrix.scalars[row * width..<(row + 1) * width] }
  return Tensor(shape: [rows.count, width], scalars: scalars)
}

/// Whether the class means of `set` are all at least `distance` apart.
func centresApart(_ set: ClassificationSet, by distance: Double) -> Bool {
  let classes = set.classCount
  let width = set.inputs[0].count
  var sums = [[Double]](repeating: [Double](repeating: 0, count: width), count: classes)
  var counts = [Double](repeating: 0, count: classes)
  for (row, label) in zip(set.inputs, set.labels) {
    counts[label] += 1
    for j in 0..<width { sums[label][j] += row[j] }
  }
  let means = (0..<classes).map { c in sums[c].map { $0 / Swift.max(counts[c], 1) } }
  for a in 0..<classes {
    for b in (a + 1)..<classes where b < classes {
      let squared = zip(means[a], means[b]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
      if squared < distance * distance { return false }
    }
  }
  return true
}

/// Builds the raw data of `scenario` with its planted defects, splits it 3 : 1 and
/// preprocesses it the way the scenario's pipeline does.
func makeScenarioData(_ scenario: Scenario, seed: UInt64) -> ScenarioData {
  var generator = SeededGenerator(seed: seed &+ 0x5eed)
  var inputs: [[Double]]
  var labels: [Int] = []
  var targets: [Double] = []
  switch scenario.data {
  case .spirals(let classes):
    let set = Datasets.spirals(pointsPerClass: scenario.points, classes: classes, seed: seed)
    (inputs, labels) = (set.inputs, set.labels)
  case .blobs(let classes, let dimensions):
    // Redrawn until every two centres are at least 5 spreads apart: the healthy runs must be
    // separable, or a model at the Bayes error would look like an underfit.
    var blobSeed = seed
    var set = Datasets.blobs(
      pointsPerClass: scenario.points, classes: classes, dimensions: dimensions, spread: 1,
      seed: blobSeed)
    while !centresApart(set, by: 5) {
      blobSeed = blobSeed &* 6_364_136_223_846_793_005 &+ 1
      set = Datasets.blobs(
        pointsPerClass: scenario.points, classes: classes, dimensions: dimensions, spread: 1,
        seed: blobSeed)
    }
    (inputs, labels) = (set.inputs, set.labels)
  case .moons:
    let set = Datasets.moons(pointsPerClass: scenario.points, noise: 0.15, seed: seed)
    (inputs, labels) = (set.inputs, set.labels)
  case .sine:
    let set = Datasets.sine(count: scenario.points, noise: 0.05, seed: seed)
    inputs = set.inputs
    targets = set.targets.map { $0[0] * scenario.targetScale + scenario.targetOffset }
  }
  // The pipeline drops exact duplicates of the raw data first (the spirals' arms all start
  // at the origin, with different labels).
  var seenRows = Set<[Double]>()
  let unique = inputs.indices.filter { seenRows.insert(inputs[$0]).inserted }
  inputs = unique.map { inputs[$0] }
  if !labels.isEmpty { labels = unique.map { labels[$0] } }
  if !targets.isEmpty { targets = unique.map { targets[$0] } }
  if let share = scenario.minorityShare {
    var kept: [Int] = []
    var seen: [Int: Int] = [:]
    for (index, label) in labels.enumerated() {
      seen[label, default: 0] += 1
      let limit = Int((Double(scenario.points) * share).rounded(.up))
      if label == 0 || seen[label]! <= limit { kept.append(index) }
    }
    inputs = kept.map { inputs[$0] }
    labels = kept.map { labels[$0] }
  }
  if scenario.emptyRows != nil {
    // Nonnegative "counts", about 1 in size.
    inputs = inputs.map { row in row.map { Swift.abs($0) / 4 } }
  }
  for index in inputs.indices {
    for j in inputs[index].indices
    where scenario.scaledFeature == nil || scenario.scaledFeature == j {
      inputs[index][j] *= scenario.inputScale
    }
  }
  // The split: a seeded shuffle, the first quarter for validation.
  let order = generator.permutation(inputs.count)
  let validationCount = inputs.count / 4
  var validation = Array(order[..<validationCount])
  var training = Array(order[validationCount...])
  if let size = scenario.trainingSize { training = Array(training.prefix(size)) }
  if scenario.leak > 0 {
    let copies = Int(Double(validation.count) * scenario.leak)
    for k in 0..<copies { validation[k] = training[k % training.count] }
  }
  if !scenario.shuffle, !labels.isEmpty {
    training.sort { labels[$0] < labels[$1] || (labels[$0] == labels[$1] && $0 < $1) }
  }
  func matrix(_ indices: [Int]) -> Tensor {
    Tensor(shape: [indices.count, inputs[0].count], scalars: indices.flatMap { inputs[$0] })
  }
  var trainingInputs = matrix(training)
  var validationInputs = matrix(validation)
  if let empty = scenario.emptyRows {
    var scalars = trainingInputs.scalars
    let width = trainingInputs.shape[1]
    for row in 0..<Swift.min(empty, training.count) {
      for j in 0..<width { scalars[(row * 7 % training.count) * width + j] = 0 }
    }
    trainingInputs = Tensor(shape: trainingInputs.shape, scalars: scalars)
  }
  if scenario.standardise {
    let standardizer = Standardizer.fit(trainingInputs)
    trainingInputs = standardizer.apply(trainingInputs)
    if scenario.preprocessValidation { validationInputs = standardizer.apply(validationInputs) }
  }
  if scenario.nonFiniteRows > 0 {
    var scalars = trainingInputs.scalars
    let width = trainingInputs.shape[1]
    for row in 0..<Swift.min(scenario.nonFiniteRows, training.count) {
      scalars[(row * 5 % training.count) * width] = scenario.infinite ? .infinity : .nan
    }
    trainingInputs = Tensor(shape: trainingInputs.shape, scalars: scalars)
  }
  var data = ScenarioData(trainingInputs: trainingInputs, validationInputs: validationInputs)
  if case .regression = scenario.task {
    data.trainingTargets = Tensor(
      shape: [training.count, 1], scalars: training.map { targets[$0] })
    data.validationTargets = Tensor(
      shape: [validation.count, 1], scalars: validation.map { targets[$0] })
    return data
  }
  var trainingLabels = training.map { labels[$0] }
  let classes = scenario.task.classes
  if scenario.labelNoise > 0 {
    for index in trainingLabels.indices where generator.uniform() < scenario.labelNoise {
      trainingLabels[index] =
        (trainingLabels[index] + 1 + generator.integer(below: classes - 1))
        % classes
    }
  }
  switch scenario.pairing {
  case .correct: break
  case .permuted:
    let permutation = generator.permutation(trainingLabels.count)
    trainingLabels = permutation.map { trainingLabels[$0] }
  case .shifted:
    trainingLabels = [trainingLabels.last!] + trainingLabels.dropLast()
  }
  data.trainingLabels = trainingLabels
  data.validationLabels = validation.map { labels[$0] }
  return data
}

extension TaskKind {
  /// The number of outputs of the model: C, or 1 for a regression.
  var outputs: Int {
    switch self {
    case .classification(let classes): classes
    case .regression: 1
    }
  }
  var classes: Int { outputs }
}

/// The model of `scenario` and its `Linear` layers, from the initialisation seed.
func makeScenarioModel(_ scenario: Scenario, inputs: Int, seed: UInt64) -> (
  model: Sequential, linears: [Linear]
) {
  var generator = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ 11)
  var layers: [Module] = scenario.emptyRows != nil ? [RowNormalisation()] : []
  var linears: [Linear] = []
  let widths = [inputs] + scenario.hidden + [scenario.task.outputs]
  for index in 0..<(widths.count - 1) {
    let isOutput = index == widths.count - 2
    let initializer: Initializer
    switch (isOutput, scenario.activation) {
    case (true, _), (false, .tanh), (false, .sigmoid): initializer = .xavierNormal()
    case (false, .relu): initializer = .heNormal()
    }
    var weight = initializer.makeTensor([widths[index + 1], widths[index]], using: &generator)
    var bias = Tensor.zeros([widths[index + 1]])
    switch scenario.initialisation {
    case .standard: break
    case .zeros: weight = Tensor.zeros(weight.shape)
    case .scaled(let factor): weight = weight * factor
    case .hiddenBiases(let value):
      if !isOutput { bias = Tensor(shape: bias.shape, repeating: value) }
    }
    let linear = Linear(weight: weight, bias: bias)
    linears.append(linear)
    layers.append(linear)
    if !isOutput {
      switch scenario.activation {
      case .relu: layers.append(ReLU())
      case .tanh: layers.append(Tanh())
      case .sigmoid: layers.append(Sigmoid())
      }
      if scenario.dropout > 0 {
        layers.append(Dropout(probability: scenario.dropout, seed: seed &+ UInt64(index) &+ 77))
      }
    }
  }
  switch scenario.output {
  case .linear: break
  case .softmax: layers.append(Softmax())
  case .relu: layers.append(ReLU())
  case .sigmoid: layers.append(Sigmoid())
  }
  return (Sequential(layers), linears)
}

/// The optimizer of `scenario`, given the parameters of every `Linear` but the left-out ones.
func makeScenarioOptimizer(_ scenario: Scenario, linears: [Linear]) -> any Optimizer {
  let parameters = linears.enumerated().filter { !scenario.notOptimised.contains($0.offset) }
    .flatMap { $0.element.parameters }
  switch scenario.optimizer {
  case .sgd(let rate):
    return SGD(parameters: parameters, learningRate: rate, weightDecay: scenario.weightDecay)
  case .adam(let rate):
    return Adam(parameters: parameters, learningRate: rate, weightDecay: scenario.weightDecay)
  }
}

/// The loss of the scenario's task on a batch.
func scenarioLoss(_ output: Variable, _ data: ScenarioData, rows batch: [Int]) -> Variable {
  if let targets = data.trainingTargets {
    return meanSquaredError(output, rows(targets, batch))
  }
  return crossEntropy(logits: output, labels: batch.map { data.trainingLabels[$0] })
}

/// Trains a fresh model of `scenario` on `data` (its training split) and returns the model,
/// the optimizer's parameters and the telemetry. `observer` sees every step, for the anomaly
/// replay.
func trainScenario(
  _ scenario: Scenario, _ data: ScenarioData, seed: UInt64, telemetry options: TelemetryOptions,
  steps: Int? = nil, anomaly: AnomalyDetector? = nil
) -> (model: Sequential, optimizer: any Optimizer, telemetry: Telemetry, norms: [Double]) {
  let (model, linears) = makeScenarioModel(
    scenario, inputs: data.trainingInputs.shape[1], seed: seed)
  let optimizer = makeScenarioOptimizer(scenario, linears: linears)
  let recorder = TelemetryRecorder(model: model, options: options)
  let count = data.trainingInputs.shape[0]
  let batchSize = Swift.min(scenario.batchSize ?? count, count)
  let perEpoch = Swift.max(count / batchSize, 1)
  var shuffler = SeededGenerator(seed: seed &+ 0xBA7C4)
  var order = Array(0..<count)
  var norms: [Double] = []
  let total = steps ?? scenario.steps
  for step in 0..<total {
    anomaly?.step = step
    var finite = true
    func body() {
      if step % perEpoch == 0, scenario.shuffle, batchSize < count {
        order = shuffler.permutation(count)
      }
      let start = (step % perEpoch) * batchSize
      let batch = Array(order[start..<start + batchSize])
      if scenario.zeroGrad { optimizer.zeroGrad() }
      let loss = scenarioLoss(model(Variable(rows(data.trainingInputs, batch))), data, rows: batch)
      loss.backward()
      finite = loss.value.scalar.isFinite
      norms.append(gradientNorm(optimizer.parameters))
      recorder.recordGradients(
        step: step, loss: loss.value.scalar, learningRate: optimizer.learningRate,
        isLast: step == total - 1 || !finite)
      if let clip = scenario.clipNorm { _ = clipGradientNorm(optimizer.parameters, maxNorm: clip) }
      optimizer.step()
      recorder.recordUpdate()
    }
    if let anomaly { withAnomalyMode(anomaly, body) } else { body() }
    if !finite || anomaly?.first != nil { break }
  }
  return (model, optimizer, recorder.telemetry, norms)
}

/// The score of a trained model on one split: accuracy, or R² = 1 - SSE / SST for a
/// regression, clamped at -1 (a NaN R² counts as -1).
func score(_ model: Module, inputs: Tensor, labels: [Int], targets: Tensor?) -> Double {
  let outputs = model(Variable(inputs)).value
  guard let targets else { return accuracy(logits: outputs, labels: labels) }
  let mean = targets.scalars.reduce(0, +) / Double(targets.count)
  var sse = 0.0
  var sst = 0.0
  for (output, target) in zip(outputs.scalars, targets.scalars) {
    sse += (output - target) * (output - target)
    sst += (target - mean) * (target - mean)
  }
  let r2 = 1 - sse / Swift.max(sst, 1e-12)
  return r2.isFinite ? Swift.max(r2, -1) : -1
}

/// Runs `scenario` with `seed` the way a learner's script would, plus what the doctor needs
/// to examine it, and returns the case. Provided.
///
/// ```
/// data          the scenario's data, split 3 : 1 and preprocessed by its pipeline
/// sanity        the loss of the fresh model on the training split; a fresh model trained
///               overfitSteps (300) steps of Adam at 0.01 on 16 training examples, with
///               the scenario's layers, loss, loop and regularisation (overfit one batch)
/// the run       the scenario's training loop, telemetry every 10 steps on a probe batch of
///               up to 64 training examples; replayed with the anomaly mode when its loss
///               or a probed gradient stops being finite
/// evaluation    the scores on both splits (in evaluation mode unless the scenario forgets)
/// baselines     the majority class (or the training mean); the same run on zeroed inputs
/// seed spread   the validation score of the same run with two more seeds
/// ```
public func runScenario(_ scenario: Scenario, seed: UInt64) -> Case {
  let data = makeScenarioData(scenario, seed: seed)
  let count = data.trainingInputs.shape[0]
  var probeGenerator = SeededGenerator(seed: seed &+ 0x9A0BE)
  let probeRows = Array(probeGenerator.permutation(count).prefix(64))
  let probe = rows(data.trainingInputs, probeRows)
  // Sanity: the fresh model's loss, and one small batch overfitted.
  let fresh = makeScenarioModel(scenario, inputs: data.trainingInputs.shape[1], seed: seed)
  let initialLoss = scenarioLoss(
    fresh.model(Variable(data.trainingInputs)), data, rows: Array(0..<count)
  )
  .value.scalar
  let expected: Double? =
    data.trainingTargets == nil ? Foundation.log(Double(scenario.task.classes)) : nil
  let batchRows = Array(probeRows.prefix(16))
  var small = data
  small.trainingInputs = rows(data.trainingInputs, batchRows)
  if let targets = data.trainingTargets { small.trainingTargets = rows(targets, batchRows) }
  if !data.trainingLabels.isEmpty {
    small.trainingLabels = batchRows.map { data.trainingLabels[$0] }
  }
  let overfit = trainScenario(
    scenario.with(\.batchSize, nil).with(\.shuffle, true).with(\.optimizer, .adam(0.01)), small,
    seed: seed, telemetry: .off, steps: overfitSteps)
  // The run.
  let run = trainScenario(
    scenario, data, seed: seed, telemetry: TelemetryOptions(every: 10, probe: probe))
  var replay: WatchedRun? = nil
  if run.telemetry.firstNonFiniteStep != nil {
    let detector = AnomalyDetector()
    let watched = trainScenario(
      scenario, data, seed: seed, telemetry: .off, steps: run.telemetry.stepCount,
      anomaly: detector)
    replay = WatchedRun(
      anomaly: detector.first, losses: watched.telemetry.losses, gradientNorms: watched.norms,
      clipNorm: scenario.clipNorm)
  }
  func evaluate(_ model: Sequential, _ data: ScenarioData) -> (training: Double, validation: Double)
  {
    if scenario.evaluationMode { model.eval() }
    return (
      score(
        model, inputs: data.trainingInputs, labels: data.trainingLabels,
        targets: data.trainingTargets),
      score(
        model, inputs: data.validationInputs, labels: data.validationLabels,
        targets: data.validationTargets)
    )
  }
  let evaluatedInTrainingMode = !scenario.evaluationMode
  let scores = evaluate(run.model, data)
  // Baselines.
  var zeroed = data
  zeroed.trainingInputs = Tensor.zeros(data.trainingInputs.shape)
  zeroed.validationInputs = Tensor.zeros(data.validationInputs.shape)
  let zeroedScore = evaluate(
    trainScenario(scenario, zeroed, seed: seed, telemetry: .off).model, zeroed
  )
  .validation
  let majority: Double
  if let targets = data.trainingTargets, let validation = data.validationTargets {
    let mean = targets.scalars.reduce(0, +) / Double(targets.count)
    let constant = Sequential(
      Linear(weight: Tensor.zeros([1, data.trainingInputs.shape[1]]), bias: Tensor([mean])))
    majority = score(constant, inputs: data.validationInputs, labels: [], targets: validation)
  } else {
    majority = majorityClassAccuracy(
      training: data.trainingLabels, validation: data.validationLabels,
      classes: scenario.task.classes)
  }
  var seedScores = [scores.validation]
  for other in [seed &+ 1000, seed &+ 2000] {
    let otherData = makeScenarioData(scenario, seed: other)
    seedScores.append(
      evaluate(trainScenario(scenario, otherData, seed: other, telemetry: .off).model, otherData)
        .validation)
  }
  let trainingLogits =
    data.trainingTargets == nil ? run.model(Variable(data.trainingInputs)).value : nil
  let wiring = Wiring(
    layers: run.model.layers.map { String(describing: type(of: $0)) },
    task: scenario.task,
    notOptimised: notOptimisedLayers(run.model, optimizer: run.optimizer),
    evaluatedInTrainingMode: evaluatedInTrainingMode,
    dropout: run.model.layers.compactMap { ($0 as? Dropout)?.probability },
    weightDecay: scenario.weightDecay)
  return Case(
    name: scenario.name, wiring: wiring, model: run.model, initialModel: fresh.model,
    data: CaseData(
      trainingInputs: data.trainingInputs, validationInputs: data.validationInputs,
      trainingLabels: data.trainingLabels, validationLabels: data.validationLabels,
      trainingTargets: data.trainingTargets, validationTargets: data.validationTargets,
      batchSize: Swift.min(scenario.batchSize ?? count, count)),
    sanity: SanityRecord(
      initialLoss: initialLoss, expectedInitialLoss: expected,
      overfitLosses: overfit.telemetry.losses),
    telemetry: run.telemetry, clipNorm: scenario.clipNorm, replay: replay,
    outcome: Outcome(
      task: scenario.task, training: scores.training, validation: scores.validation,
      trainingCount: count, validationCount: data.validationInputs.shape[0],
      majorityBaseline: majority, zeroedInputBaseline: zeroedScore, seedScores: seedScores,
      trainingLogits: trainingLogits, trainingLabels: data.trainingLabels))
}

/// The steps of the overfit-one-batch sanity run. Provided.
public let overfitSteps = 300

/// The positions, in the top-level `Sequential`, of the layers with a parameter the optimizer
/// was not given. Provided.
public func notOptimisedLayers(_ model: Sequential, optimizer: any Optimizer) -> [Int] {
  let given = Set(optimizer.parameters.map { ObjectIdentifier($0) })
  return model.layers.indices.filter { index in
    model.layers[index].parameters.contains { !given.contains(ObjectIdentifier($0)) }
  }
}
