import Autodiff
import Foundation
import Layers
import Losses
import Optimizers
import Tensors
import WorkbookSupport

/// A training run watched by the anomaly mode: the first anomaly (nil when there was none),
/// the loss and the global gradient norm (before any clipping) of every step until then.
public struct WatchedRun: Sendable {
  public var anomaly: Anomaly?
  public var losses: [Double]
  public var gradientNorms: [Double]
  /// The clipping threshold the run used, nil without clipping.
  public var clipNorm: Double?

  public init(anomaly: Anomaly?, losses: [Double], gradientNorms: [Double], clipNorm: Double?) {
    self.anomaly = anomaly
    self.losses = losses
    self.gradientNorms = gradientNorms
    self.clipNorm = clipNorm
  }

  /// The number of steps that ran (the step of an anomaly included).
  public var steps: Int { losses.count }
}

/// Trains `parameters` with plain SGD for `steps` steps, the anomaly mode on, and stops at the
/// first anomaly, as PyTorch's anomaly mode raises at the first NaN. Provided.
///
/// Each step: zero the gradients, `loss(step)` (forward), `backward()`, the global gradient
/// norm (logged; then clipped to `clipNorm` when given, chapter 7's `clipGradientNorm`), the
/// update. With `anomalyMode: false` the same loop runs with the mode off and stops at the
/// first non-finite loss instead (the anomaly is then nil): the benchmark's comparison.
public func trainWatched(
  _ parameters: [Variable], learningRate: Double, steps: Int, clipNorm: Double? = nil,
  anomalyMode: Bool = true, loss: (_ step: Int) -> Variable
) -> WatchedRun {
  check(steps >= 1, "trainWatched: steps must be at least 1, got \(steps)")
  let optimizer = SGD(parameters: parameters, learningRate: learningRate)
  let detector = AnomalyDetector()
  var losses: [Double] = []
  var norms: [Double] = []
  for step in 0..<steps {
    detector.step = step
    var lossValue = Double.nan
    func body() {
      optimizer.zeroGrad()
      let value = loss(step)
      lossValue = value.value.scalars.first ?? .nan
      value.backward()
      let norm =
        parameters.map { $0.grad.scalars.reduce(0) { $0 + $1 * $1 } }.reduce(0, +).squareRoot()
      norms.append(norm)
      if let clipNorm { clipGradientNorm(parameters, maxNorm: clipNorm) }
      optimizer.step()
    }
    if anomalyMode { withAnomalyMode(detector, body) } else { body() }
    losses.append(lossValue)
    if detector.first != nil || !lossValue.isFinite { break }
  }
  return WatchedRun(
    anomaly: detector.first, losses: losses, gradientNorms: norms, clipNorm: clipNorm)
}

/// The runs of this chapter.
///
/// The five culprits, each with its first anomaly in a different place:
/// - `rateTooHigh`: a 4 -> 16 -> 1 tanh network on a smooth regression, SGD at rate 1.5; the
///   loss grows step after step until something overflows.
/// - `logOfZero`: logistic regression with binary cross-entropy written by hand,
///   `-(y log σ(z) + (1 - y) log(1 - σ(z)))`, on a feature in the thousands: σ(z) rounds to
///   exactly 1 for z > 37, and log(1 - 1) = -inf at step 0.
/// - `unstableSoftmax`: a linear classifier on inputs in the thousands with softmax written as
///   exp(z) / Σ exp(z): exp overflows for z > 709.
/// - `divisionByZero`: bag-of-words counts turned into frequencies by a custom layer, x / Σ x,
///   and one document in eight is empty: 0 / 0.
/// - `explodingRecurrence`: a scalar recurrence h ← w h over 50 steps from w = 1.5, fitted to
///   a target made with w between 0.97 and 0.98: the first gradient is of order 1e19, the
///   first update throws w to about -1e16, and the next forward pass overflows.
///
/// The others:
/// - `healthy`: the rate-too-high network at rate 0.05.
/// - `stableSoftmax` (decoy): the unstable-softmax classifier with chapter 5's cross-entropy
///   from logits (log-sum-exp with the row max subtracted): the same huge logits, no anomaly.
/// - `clippedTooHigh` (decoy for the clipping check): the rate-too-high run with its
///   gradients clipped to the 90th percentile of the healthy run's norms: clipping keeps it
///   finite, and clips most steps.
/// - `clippedRecurrence` (a fix): the recurrence with its gradient clipped to norm 1.
/// - `epsilonDivision` (a fix): the division run with `normaliseRows(epsilon: 1e-8)`.
public enum NaNRun: CaseIterable, CustomStringConvertible, Sendable {
  case rateTooHigh, logOfZero, unstableSoftmax, divisionByZero, explodingRecurrence
  case healthy, stableSoftmax, clippedTooHigh, clippedRecurrence, epsilonDivision

  public var description: String {
    switch self {
    case .rateTooHigh: "rate too high"
    case .logOfZero: "log of zero"
    case .unstableSoftmax: "unstable softmax"
    case .divisionByZero: "division by zero"
    case .explodingRecurrence: "exploding recurrence"
    case .healthy: "healthy"
    case .stableSoftmax: "stable softmax (decoy)"
    case .clippedTooHigh: "rate too high, clipped (decoy)"
    case .clippedRecurrence: "recurrence, clipped (fix)"
    case .epsilonDivision: "division with epsilon (fix)"
    }
  }

  /// The five runs that produce a NaN or an infinity.
  public static let culprits: [NaNRun] = [
    .rateTooHigh, .logOfZero, .unstableSoftmax, .divisionByZero, .explodingRecurrence,
  ]
}

/// The learning rates and step counts of the runs.
public enum NaNRunSettings {
  public static let healthyRate = 0.05
  public static let tooHighRate = 1.5
  public static let regressionSteps = 150
  public static let recurrenceLength = 50
  public static let recurrenceStart = 1.5
  public static let recurrenceRate = 1e-3
  public static let recurrenceSteps = 1500
  public static let recurrenceClip = 1.0
  public static let classifierSteps = 100
}

/// The regression of the rate runs: 64 points of 4 standard normal features, y = tanh(x · a)
/// + 0.1 sin(3 x₀), and a 4 -> 16 -> 1 tanh network; parameters named "layer1.weight", ...
func regressionRun(seed: UInt64, rate: Double, clipNorm: Double?) -> WatchedRun {
  var generator = SeededGenerator(seed: seed)
  let x = Tensor.randomNormal([64, 4], using: &generator)
  let a = Tensor.randomNormal([4, 1], using: &generator)
  let product = matmul(x, a)
  let y = Tensor(
    shape: [64, 1],
    scalars: (0..<64).map { tanh(product.scalars[$0]) + 0.1 * sin(3 * x.scalars[4 * $0]) })
  let first = Linear(inputs: 4, outputs: 16, using: &generator)
  let second = Linear(inputs: 16, outputs: 1, using: &generator)
  first.weight.name = "layer1.weight"
  first.bias?.name = "layer1.bias"
  second.weight.name = "layer2.weight"
  second.bias?.name = "layer2.bias"
  let model = Sequential([first, Tanh(), second])
  let input = Variable(x, name: "x")
  return trainWatched(
    model.parameters, learningRate: rate, steps: NaNRunSettings.regressionSteps,
    clipNorm: clipNorm
  ) { _ in meanSquaredError(model(input), y) }
}

/// Binary labels from two features, the first in the thousands (metres where the second is in
/// kilometres, say), and logistic regression with a hand-written binary cross-entropy.
func logOfZeroRun(seed: UInt64) -> WatchedRun {
  var generator = SeededGenerator(seed: seed)
  var rows: [[Double]] = []
  var labels: [Double] = []
  for _ in 0..<64 {
    let (u, v) = (generator.normal(), generator.normal())
    rows.append([1000 * u, v])
    labels.append(u + v > 0 ? 1 : 0)
  }
  let layer = Linear(inputs: 2, outputs: 1, using: &generator)
  layer.weight.name = "weight"
  layer.bias?.name = "bias"
  let input = Variable(Tensor(rows), name: "x")
  let y = Variable(Tensor(shape: [64, 1], scalars: labels), name: "y")
  return trainWatched(
    layer.parameters, learningRate: 1e-4, steps: NaNRunSettings.classifierSteps
  ) { _ in
    let p = layer(input).sigmoid()
    return -(y * p.log() + (1 - y) * (1 - p).log()).mean()
  }
}

/// Three blobs in two dimensions, scaled to the thousands, and a linear classifier; its loss
/// written with the naive softmax (`stable: false`) or chapter 5's cross-entropy from logits.
func softmaxRun(seed: UInt64, stable: Bool) -> WatchedRun {
  let data = Datasets.blobs(pointsPerClass: 20, classes: 3, dimensions: 2, seed: seed)
  var generator = SeededGenerator(seed: seed &+ 1000)
  let layer = Linear(inputs: 2, outputs: 3, using: &generator)
  layer.weight.name = "weight"
  layer.bias?.name = "bias"
  let input = Variable(Tensor(data.inputs.map { $0.map { 1000 * $0 } }), name: "x")
  var oneHot = Tensor.zeros([data.count, 3])
  for (row, label) in data.labels.enumerated() { oneHot.scalars[3 * row + label] = 1 }
  let target = Variable(oneHot, name: "onehot")
  return trainWatched(
    layer.parameters, learningRate: 1e-5, steps: NaNRunSettings.classifierSteps
  ) { _ in
    let logits = layer(input)
    if stable { return crossEntropy(logits: logits, labels: data.labels) }
    let e = logits.exp()
    let p = e / e.sum(alongAxis: 1, keepingDimension: true)
    return -(p * target).sum(alongAxis: 1).log().mean()
  }
}

/// Bag-of-words counts over 8 words, one document in 8 empty, turned into frequencies inside
/// the model and classified linearly: the label says whether words 0-3 are the more frequent.
/// `epsilon: nil` divides by the plain row sum (the custom layer as first written).
func divisionRun(seed: UInt64, epsilon: Double?) -> WatchedRun {
  var generator = SeededGenerator(seed: seed)
  var rows: [[Double]] = []
  var labels: [Int] = []
  for index in 0..<64 {
    let empty = index % 8 == 7
    let bias = generator.uniform()
    let row = (0..<8).map { word -> Double in
      guard !empty else { return 0 }
      let rate = word < 4 ? bias : 1 - bias
      return Double(generator.integer(below: 1 + Int(6 * rate)))
    }
    rows.append(row)
    labels.append(row[0..<4].reduce(0, +) >= row[4...].reduce(0, +) ? 1 : 0)
  }
  let layer = Linear(inputs: 8, outputs: 2, using: &generator)
  layer.weight.name = "weight"
  layer.bias?.name = "bias"
  let counts = Variable(Tensor(rows), name: "counts")
  return trainWatched(
    layer.parameters, learningRate: 2, steps: NaNRunSettings.classifierSteps
  ) { _ in
    let frequencies =
      epsilon.map { normaliseRows(counts, epsilon: $0) }
      ?? counts / counts.sum(alongAxis: 1, keepingDimension: true)
    return crossEntropy(logits: layer(frequencies), labels: labels)
  }
}

/// The scalar recurrence h ← w h, 50 times from h₀ in [0.5, 1], fitted to the h₅₀ of a w
/// between 0.97 and 0.98, from w = 1.5.
func recurrenceRun(seed: UInt64, clipNorm: Double?) -> WatchedRun {
  var generator = SeededGenerator(seed: seed)
  let start = generator.uniform(in: 0.5...1.0)
  let truth = generator.uniform(in: 0.97...0.98)
  let length = NaNRunSettings.recurrenceLength
  let target = start * pow(truth, Double(length))
  let w = Variable(Tensor(NaNRunSettings.recurrenceStart), name: "w")
  return trainWatched(
    [w], learningRate: NaNRunSettings.recurrenceRate, steps: NaNRunSettings.recurrenceSteps,
    clipNorm: clipNorm
  ) { _ in
    var h = Variable(Tensor(start), name: "h0")
    for _ in 0..<length { h = w * h }
    let error = h - target
    return error * error
  }
}

/// Runs one of the chapter's runs. Seeded and reproducible; each under a second on the
/// reference.
public func makeNaNRun(_ kind: NaNRun, seed: UInt64) -> WatchedRun {
  switch kind {
  case .rateTooHigh:
    return regressionRun(seed: seed, rate: NaNRunSettings.tooHighRate, clipNorm: nil)
  case .healthy:
    return regressionRun(seed: seed, rate: NaNRunSettings.healthyRate, clipNorm: nil)
  case .clippedTooHigh:
    let healthy = regressionRun(seed: seed, rate: NaNRunSettings.healthyRate, clipNorm: nil)
    let threshold = percentile(healthy.gradientNorms, NaNThresholds.clippingPercentile)
    return regressionRun(seed: seed, rate: NaNRunSettings.tooHighRate, clipNorm: threshold)
  case .logOfZero:
    return logOfZeroRun(seed: seed)
  case .unstableSoftmax:
    return softmaxRun(seed: seed, stable: false)
  case .stableSoftmax:
    return softmaxRun(seed: seed, stable: true)
  case .divisionByZero:
    return divisionRun(seed: seed, epsilon: nil)
  case .epsilonDivision:
    return divisionRun(seed: seed, epsilon: 1e-8)
  case .explodingRecurrence:
    return recurrenceRun(seed: seed, clipNorm: nil)
  case .clippedRecurrence:
    return recurrenceRun(seed: seed, clipNorm: NaNRunSettings.recurrenceClip)
  }
}

/// The p-th percentile of `values` (0 <= p <= 1) with linear interpolation between the
/// sorted values, NumPy's default. Provided for the runs; exercise 22.3 writes its own.
func percentile(_ values: [Double], _ p: Double) -> Double {
  let sorted = values.sorted()
  let rank = p * Double(sorted.count - 1)
  let low = Int(rank.rounded(.down))
  let high = Swift.min(low + 1, sorted.count - 1)
  return sorted[low] + (rank - Double(low)) * (sorted[high] - sorted[low])
}
