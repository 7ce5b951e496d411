import Foundation

/// A labelled classification data set: one row of features per example and its class.
///
/// Plain arrays, so it depends on no chapter: turn it into your own tensors with
/// `inputs.flatMap { $0 }` and shape `[count, inputs[0].count]`.
public struct ClassificationSet: Sendable, Equatable {
  /// One row per example, every row the same length (the number of features).
  public var inputs: [[Double]]
  /// The class of each example, in 0 ..< classCount; `labels[i]` belongs to `inputs[i]`.
  public var labels: [Int]
  /// The number of classes.
  public var classCount: Int

  /// The number of examples.
  public var count: Int { inputs.count }

  /// Creates a data set from rows, labels and the number of classes.
  public init(inputs: [[Double]], labels: [Int], classCount: Int) {
    self.inputs = inputs
    self.labels = labels
    self.classCount = classCount
  }
}

/// A regression data set: one row of features and one row of targets per example.
public struct RegressionSet: Sendable, Equatable {
  /// One row per example, every row the same length (the number of features).
  public var inputs: [[Double]]
  /// One row per example, every row the same length (the number of outputs).
  public var targets: [[Double]]

  /// The number of examples.
  public var count: Int { inputs.count }

  /// Creates a data set from input rows and target rows.
  public init(inputs: [[Double]], targets: [[Double]]) {
    self.inputs = inputs
    self.targets = targets
  }
}

/// Small synthetic data sets, each generated from a seed.
///
/// Each function makes its own `SeededGenerator(seed:)`, so the same seed always gives the same
/// data set and no other code's random draws can change it. The random draws are bit-identical on
/// every platform; the data sets that go through `sin` and `cos` (`spirals`, `moons`, `sine`)
/// use the platform's math library, which may round differently in the last bit between macOS
/// and Linux. Tests should compare such values with a tolerance, never bit for bit across
/// machines.
///
/// Rows are grouped by class (all of class 0 first): shuffle before batching.
///
/// Image data sets (`pixelImages`, `digits`) and a text renderer for them (`renderBitmap`) are in
/// Datasets+Images.swift.
public enum Datasets {
  /// Interleaved spiral arms, one per class: the classic data set that a linear classifier
  /// cannot separate (CS231n, "Putting it together: minimal neural network case study").
  ///
  /// For class j and i in 0 ..< N (N = `pointsPerClass`):
  ///
  /// ```
  /// r = i / (N - 1)                                  (0 at the centre, 1 at the tip)
  /// t = 4j + 4 i / (N - 1) + noise * normal()
  /// point = (r sin t, r cos t),   label = j
  /// ```
  ///
  /// - Parameters:
  ///   - pointsPerClass: Points on each arm; must be >= 2.
  ///   - classes: The number of arms; must be >= 1.
  ///   - noise: The standard deviation of the angle noise, in radians; must be finite and >= 0.
  ///   - seed: The seed of the generator.
  public static func spirals(
    pointsPerClass: Int = 100, classes: Int = 3, noise: Double = 0.2, seed: UInt64
  ) -> ClassificationSet {
    guard pointsPerClass >= 2, classes >= 1, noise >= 0, noise.isFinite else {
      fatalError(
        "Datasets.spirals: need pointsPerClass >= 2, classes >= 1 and a finite noise >= 0, got "
          + "pointsPerClass \(pointsPerClass), classes \(classes), noise \(noise)")
    }
    var generator = SeededGenerator(seed: seed)
    var inputs: [[Double]] = []
    var labels: [Int] = []
    inputs.reserveCapacity(pointsPerClass * classes)
    labels.reserveCapacity(pointsPerClass * classes)
    let last = Double(pointsPerClass - 1)
    for j in 0..<classes {
      for i in 0..<pointsPerClass {
        let radius = Double(i) / last
        let angle = 4 * Double(j) + 4 * Double(i) / last + noise * generator.normal()
        inputs.append([radius * sin(angle), radius * cos(angle)])
        labels.append(j)
      }
    }
    return ClassificationSet(inputs: inputs, labels: labels, classCount: classes)
  }

  /// Gaussian clusters ("blobs"), one per class, at random centres.
  ///
  /// First every centre is drawn, coordinate by coordinate, from the same generator; then the
  /// points of class 0, class 1, ...:
  ///
  /// ```
  /// centre_c ~ Uniform([-10, 10]^dimensions)
  /// point = centre_c + spread * (normal(), ..., normal()),   label = c
  /// ```
  ///
  /// Centres can land close together, so two classes may overlap; that is part of the data.
  ///
  /// - Parameters:
  ///   - pointsPerClass: Points in each cluster; must be >= 1.
  ///   - classes: The number of clusters; must be >= 1.
  ///   - dimensions: The number of features; must be >= 1.
  ///   - spread: The standard deviation of each coordinate around its centre; must be finite
  ///     and >= 0.
  ///   - seed: The seed of the generator.
  public static func blobs(
    pointsPerClass: Int = 50, classes: Int = 3, dimensions: Int = 2, spread: Double = 1.0,
    seed: UInt64
  ) -> ClassificationSet {
    guard pointsPerClass >= 1, classes >= 1, dimensions >= 1, spread >= 0, spread.isFinite
    else {
      fatalError(
        "Datasets.blobs: need pointsPerClass >= 1, classes >= 1, dimensions >= 1 and a finite "
          + "spread >= 0, got pointsPerClass \(pointsPerClass), classes \(classes), "
          + "dimensions \(dimensions), spread \(spread)")
    }
    var generator = SeededGenerator(seed: seed)
    var centres: [[Double]] = []
    for _ in 0..<classes {
      centres.append((0..<dimensions).map { _ in generator.uniform(in: -10...10) })
    }
    var inputs: [[Double]] = []
    var labels: [Int] = []
    inputs.reserveCapacity(pointsPerClass * classes)
    labels.reserveCapacity(pointsPerClass * classes)
    for (label, centre) in centres.enumerated() {
      for _ in 0..<pointsPerClass {
        inputs.append(centre.map { $0 + spread * generator.normal() })
        labels.append(label)
      }
    }
    return ClassificationSet(inputs: inputs, labels: labels, classCount: classes)
  }

  /// The XOR problem: four noisy clusters at the corners (+-1, +-1), two classes that no straight
  /// line separates.
  ///
  /// Clusters come in the order (-1, -1), (-1, +1), (+1, -1), (+1, +1):
  ///
  /// ```
  /// point = centre + noise * (normal(), normal())
  /// label = 1 if the centre's two coordinates have different signs, else 0   (0, 1, 1, 0)
  /// ```
  ///
  /// The label follows the cluster, not the noisy point: with a large noise a point may cross an
  /// axis and keep its cluster's label.
  ///
  /// - Parameters:
  ///   - pointsPerQuadrant: Points in each cluster; must be >= 1.
  ///   - noise: The standard deviation of each coordinate; must be finite and >= 0.
  ///   - seed: The seed of the generator.
  public static func xor(pointsPerQuadrant: Int = 25, noise: Double = 0.1, seed: UInt64)
    -> ClassificationSet
  {
    guard pointsPerQuadrant >= 1, noise >= 0, noise.isFinite else {
      fatalError(
        "Datasets.xor: need pointsPerQuadrant >= 1 and a finite noise >= 0, got "
          + "pointsPerQuadrant \(pointsPerQuadrant), noise \(noise)")
    }
    var generator = SeededGenerator(seed: seed)
    var inputs: [[Double]] = []
    var labels: [Int] = []
    inputs.reserveCapacity(4 * pointsPerQuadrant)
    labels.reserveCapacity(4 * pointsPerQuadrant)
    for (x, y) in [(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)] {
      let label = (x < 0) != (y < 0) ? 1 : 0
      for _ in 0..<pointsPerQuadrant {
        let dx = noise * generator.normal()
        let dy = noise * generator.normal()
        inputs.append([x + dx, y + dy])
        labels.append(label)
      }
    }
    return ClassificationSet(inputs: inputs, labels: labels, classCount: 2)
  }

  /// Two interleaved half circles ("moons"), one per class: scikit-learn's `make_moons`.
  ///
  /// For i in 0 ..< N (N = `pointsPerClass`), with t running evenly over [0, pi]:
  ///
  /// ```
  /// t = pi * i / (N - 1)
  /// class 0 (upper moon):   (cos t,      sin t)         + noise * (normal(), normal())
  /// class 1 (lower moon):   (1 - cos t,  0.5 - sin t)   + noise * (normal(), normal())
  /// ```
  ///
  /// Without noise the moons do not touch, yet no straight line separates them: each one
  /// reaches into the other's hollow. The points of class 0 come first; the noise is drawn
  /// point by point, x before y.
  ///
  /// - Parameters:
  ///   - pointsPerClass: Points on each moon; must be >= 2.
  ///   - noise: The standard deviation of each coordinate's noise; must be finite and >= 0.
  ///   - seed: The seed of the generator.
  public static func moons(pointsPerClass: Int = 100, noise: Double = 0.1, seed: UInt64)
    -> ClassificationSet
  {
    guard pointsPerClass >= 2, noise >= 0, noise.isFinite else {
      fatalError(
        "Datasets.moons: need pointsPerClass >= 2 and a finite noise >= 0, got "
          + "pointsPerClass \(pointsPerClass), noise \(noise)")
    }
    var generator = SeededGenerator(seed: seed)
    var inputs: [[Double]] = []
    var labels: [Int] = []
    inputs.reserveCapacity(2 * pointsPerClass)
    labels.reserveCapacity(2 * pointsPerClass)
    let last = Double(pointsPerClass - 1)
    for label in 0..<2 {
      for i in 0..<pointsPerClass {
        let t = Double.pi * Double(i) / last
        let (x, y) = label == 0 ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
        let dx = noise * generator.normal()
        let dy = noise * generator.normal()
        inputs.append([x + dx, y + dy])
        labels.append(label)
      }
    }
    return ClassificationSet(inputs: inputs, labels: labels, classCount: 2)
  }

  /// Points of y = sin(x) on an evenly spaced grid, with optional Gaussian noise on y.
  ///
  /// ```
  /// x_i = lower + (upper - lower) * i / (count - 1),   i = 0 ..< count
  /// y_i = sin(x_i) + noise * normal()
  /// ```
  ///
  /// Both ends are included and exact: the first x is `range.lowerBound` and the last is
  /// `range.upperBound` (set directly, since the formula may round). With `noise == 0` no random
  /// number is drawn, so y is exactly `sin(x)` and the seed has no effect.
  ///
  /// - Parameters:
  ///   - count: The number of points; must be >= 2.
  ///   - range: The interval of x; its bounds must be finite and different.
  ///   - noise: The standard deviation of the noise on y; must be finite and >= 0.
  ///   - seed: The seed of the generator.
  public static func sine(
    count: Int = 64, range: ClosedRange<Double> = -Double.pi...Double.pi, noise: Double = 0,
    seed: UInt64
  ) -> RegressionSet {
    let lower = range.lowerBound
    let upper = range.upperBound
    guard count >= 2, lower.isFinite, upper.isFinite, lower < upper, noise >= 0, noise.isFinite
    else {
      fatalError(
        "Datasets.sine: need count >= 2, a finite range with lower < upper and a finite "
          + "noise >= 0, got count \(count), range \(lower)...\(upper), noise \(noise)")
    }
    var generator = SeededGenerator(seed: seed)
    var inputs: [[Double]] = []
    var targets: [[Double]] = []
    inputs.reserveCapacity(count)
    targets.reserveCapacity(count)
    for i in 0..<count {
      let x = i == count - 1 ? upper : lower + (upper - lower) * Double(i) / Double(count - 1)
      var y = sin(x)
      if noise > 0 { y += noise * generator.normal() }
      inputs.append([x])
      targets.append([y])
    }
    return RegressionSet(inputs: inputs, targets: targets)
  }
}
