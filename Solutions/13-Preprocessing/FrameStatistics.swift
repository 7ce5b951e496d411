import Tensors

/// Where the examples of a data set of point shapes sit, how big they are, and whether where
/// they sit says anything about their class: the numbers behind `diagnosePosition`.
///
/// Each example (a row of the inputs) is k points of `dimensions` coordinates. Its *centroid*
/// is the mean of its points; its points measured from the centroid are its *shape*:
///
/// ```
/// c_i      = (1/k) sum_j p_ij                                   centroid of example i
/// cbar     = (1/N) sum_i c_i                                    the mean centroid
/// spread   = sqrt( (1/N) sum_i ||c_i - cbar||^2 )               how far the examples wander
/// size     = sqrt( (1/(N k)) sum_i sum_j ||p_ij - c_i||^2 )     RMS radius of the shapes
/// share    = sum_c N_c ||cbar_c - cbar||^2 / sum_i ||c_i - cbar||^2
///            (cbar_c: the mean centroid of class c, N_c its examples)
/// ```
///
/// `share` is the correlation ratio eta^2 of the centroids with the labels: the part of the
/// centroids' variance that the class explains. Near 0 the position says nothing about the
/// class (a nuisance); near 1 the position *is* the class. When the centroids do not vary at
/// all it is 0.
public struct FrameStatistics: Equatable, Sendable {
  /// The centroid of each example, `dimensions` coordinates each.
  public let centroids: [[Double]]
  /// The RMS distance of the centroids from their mean.
  public let centroidSpread: Double
  /// The RMS distance of every point from its own example's centroid.
  public let shapeSize: Double
  /// The share of the centroids' variance explained by the class (eta^2), in [0, 1].
  public let positionLabelShare: Double

  public init(
    centroids: [[Double]], centroidSpread: Double, shapeSize: Double, positionLabelShare: Double
  ) {
    self.centroids = centroids
    self.centroidSpread = centroidSpread
    self.shapeSize = shapeSize
    self.positionLabelShare = positionLabelShare
  }

  /// `centroidSpread / shapeSize`: how far the examples wander, in units of their own size.
  /// 0 when nothing moves; infinity when the shapes have no size but do move.
  public var spreadRatio: Double {
    if shapeSize > 0 { return centroidSpread / shapeSize }
    return centroidSpread > 0 ? .infinity : 0
  }
}

/// Measures each example's frame: centroids, their spread, the shapes' size and the share of
/// the centroids' variance that the labels explain (see `FrameStatistics` for the formulas).
///
/// ```swift
/// // two examples of 2 points each: a segment of length 2 at x = 0 and the same at x = 4
/// let inputs = Tensor([[-1, 0, 1, 0], [3, 0, 5, 0]])
/// let statistics = frameStatistics(inputs, labels: [0, 1], classes: 2)
/// statistics.centroids            // [[0, 0], [4, 0]]
/// statistics.centroidSpread       // 2: each centroid is 2 from the mean (2, 0)
/// statistics.shapeSize            // 1: every point is 1 from its own centroid
/// statistics.positionLabelShare   // 1: each class has its own place
/// ```
///
/// - Parameters:
///   - inputs: `[examples, k * dimensions]` coordinates, point after point (`x0, y0, x1, ...`).
///   - labels: The class of each example, in `0 ..< classes`.
///   - classes: The number of classes, at least 1.
///   - dimensions: The coordinates of one point, at least 1 (2 for points in a plane).
///
/// Stops with a message naming the operation and the values unless `inputs` is a matrix with
/// at least one example and a multiple of `dimensions` features, with one label in range per
/// example.
///
/// Exercise 13.1.
public func frameStatistics(
  _ inputs: Tensor, labels: [Int], classes: Int, dimensions: Int = 2
) -> FrameStatistics {
  // BEGIN EXERCISE 13.1
  // STUB: return FrameStatistics(
  // STUB:   centroids: [], centroidSpread: .nan, shapeSize: .nan, positionLabelShare: .nan)
  check(dimensions >= 1, "frameStatistics: dimensions must be at least 1, got \(dimensions)")
  check(classes >= 1, "frameStatistics: classes must be at least 1, got \(classes)")
  check(
    inputs.rank == 2 && inputs.shape[0] >= 1 && inputs.shape[1] >= dimensions,
    "frameStatistics: expected [examples, points * dimensions] inputs with at least one "
      + "example and one point, got shape \(inputs.shape)")
  let (examples, features) = (inputs.shape[0], inputs.shape[1])
  check(
    features % dimensions == 0,
    "frameStatistics: \(features) features is not a whole number of points of \(dimensions) "
      + "coordinates")
  check(
    labels.count == examples,
    "frameStatistics: \(labels.count) labels for \(examples) examples")
  if let row = labels.firstIndex(where: { !(0..<classes).contains($0) }) {
    check(
      false,
      "frameStatistics: label \(labels[row]) at row \(row) is out of range for \(classes) "
        + "classes")
  }
  let points = features / dimensions
  var centroids: [[Double]] = []
  var squaredRadius = 0.0
  for row in 0..<examples {
    var centroid = [Double](repeating: 0, count: dimensions)
    for point in 0..<points {
      for axis in 0..<dimensions {
        centroid[axis] += inputs[row, point * dimensions + axis] / Double(points)
      }
    }
    for point in 0..<points {
      for axis in 0..<dimensions {
        let d = inputs[row, point * dimensions + axis] - centroid[axis]
        squaredRadius += d * d
      }
    }
    centroids.append(centroid)
  }
  // The mean centroid, overall and per class.
  var mean = [Double](repeating: 0, count: dimensions)
  var classSums = [[Double]](repeating: mean, count: classes)
  var classCounts = [Int](repeating: 0, count: classes)
  for (centroid, label) in zip(centroids, labels) {
    classCounts[label] += 1
    for axis in 0..<dimensions {
      mean[axis] += centroid[axis] / Double(examples)
      classSums[label][axis] += centroid[axis]
    }
  }
  func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
  }
  let total = centroids.reduce(0) { $0 + squaredDistance($1, mean) }
  var between = 0.0
  for label in 0..<classes where classCounts[label] > 0 {
    let classMean = classSums[label].map { $0 / Double(classCounts[label]) }
    between += Double(classCounts[label]) * squaredDistance(classMean, mean)
  }
  return FrameStatistics(
    centroids: centroids, centroidSpread: (total / Double(examples)).squareRoot(),
    shapeSize: (squaredRadius / Double(examples * points)).squareRoot(),
    positionLabelShare: total > 0 ? Swift.min(1, between / total) : 0)
  // END EXERCISE 13.1
}
