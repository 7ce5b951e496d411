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
  // TODO(13.1): your code here (README.md, exercise 13.1).
  return FrameStatistics(
    centroids: [], centroidSpread: .nan, shapeSize: .nan, positionLabelShare: .nan)
}
