import Foundation
import Tensors
import WorkbookSupport

/// The way an arrow points. Provided.
///
/// The raw value is the class index when all four directions are used, in this order.
public enum ArrowDirection: Int, CaseIterable, Sendable, CustomStringConvertible {
  case right, left, up, down

  public var description: String {
    switch self {
    case .right: "right"
    case .left: "left"
    case .up: "up"
    case .down: "down"
    }
  }

  /// The direction after a left-right flip: right and left swap, up and down stay.
  public var mirrored: ArrowDirection {
    switch self {
    case .right: .left
    case .left: .right
    case .up, .down: self
    }
  }

  /// The five points of the arrow before any noise, in order: the tip, the two barbs, the
  /// middle of the shaft and the tail, centred near the origin, about 2 long.
  ///
  /// ```
  /// right   tip (1, 0), barbs (0.3, 0.5) and (0.3, -0.5), middle (0, 0), tail (-1, 0)
  /// left    the mirror image of right: every x negated, same order
  /// up      right turned a quarter turn anticlockwise: (x, y) -> (-y, x)
  /// down    right turned a quarter turn clockwise:     (x, y) -> (y, -x)
  /// ```
  public var template: [(x: Double, y: Double)] {
    let right: [(x: Double, y: Double)] = [(1, 0), (0.3, 0.5), (0.3, -0.5), (0, 0), (-1, 0)]
    switch self {
    case .right: return right
    case .left: return right.map { (-$0.x, $0.y) }
    case .up: return right.map { (-$0.y, $0.x) }
    case .down: return right.map { ($0.y, -$0.x) }
    }
  }
}

/// A set of small 2-D shapes, each flattened to one row of point coordinates. Provided.
///
/// Row i holds the k points of example i as `x0, y0, x1, y1, ..., x(k-1), y(k-1)`: 2k
/// features. Point j is the same part of the shape in every example (point 0 is the tip of an
/// arrow), so the features mean the same thing from row to row.
public struct PointSet: Sendable {
  /// `[examples, 2 * points]` coordinates.
  public var inputs: Tensor
  /// The class of each example, in `0 ..< classNames.count`.
  public var labels: [Int]
  /// The name of each class, by index.
  public var classNames: [String]

  public init(inputs: Tensor, labels: [Int], classNames: [String]) {
    check(
      inputs.rank == 2 && inputs.shape[0] == labels.count,
      "PointSet: \(labels.count) labels for inputs of shape \(inputs.shape)")
    self.inputs = inputs
    self.labels = labels
    self.classNames = classNames
  }

  /// The number of examples.
  public var count: Int { labels.count }
  /// The number of classes.
  public var classCount: Int { classNames.count }

  /// The same examples with `transform` applied to the inputs (labels unchanged).
  public func mapInputs(_ transform: (Tensor) -> Tensor) -> PointSet {
    PointSet(inputs: transform(inputs), labels: labels, classNames: classNames)
  }
}

/// How the examples of `arrows(...)` are labelled. Provided.
public enum ArrowLabelling: Sendable {
  /// By the direction the arrow points: what the shape says, wherever it is.
  case direction
  /// By the quadrant the arrow sits in ("upper right", "upper left", "lower right", "lower
  /// left"), whatever its direction: absolute position IS the label.
  case quadrant
}

/// Seeded arrows of 5 points, each at a random place: the data of this chapter. Provided.
///
/// Each example is an arrow of one of `directions` (in turn, so the classes are balanced),
/// with its two barbs in a random order, turned by a small random angle (standard deviation
/// 0.15 rad), scaled by a random factor in [0.7, 1.3], with N(0, 0.1^2) noise on every
/// coordinate, and then moved by a random offset: each coordinate of the offset uniform in
/// `offsets`, plus `shift`. The shape is about 2 across, so offsets in -3...3 move it by more
/// than its own size.
///
/// ```swift
/// let set = arrows(count: 40, seed: 1)               // 10 of each direction, offsets -3...3
/// set.inputs.shape                                    // [40, 10]
/// let far = arrows(count: 200, shift: (12, 12), seed: 2)   // the same, moved by (12, 12)
/// ```
///
/// With `.quadrant` labelling the offset's two coordinates are at least 0.5 away from 0 (so
/// that every arrow is clearly in one quadrant) and the label is the quadrant; the direction
/// is random.
public func arrows(
  count: Int, directions: [ArrowDirection] = ArrowDirection.allCases,
  labelling: ArrowLabelling = .direction, offsets: ClosedRange<Double> = -3...3,
  shift: (x: Double, y: Double) = (0, 0), seed: UInt64
) -> PointSet {
  check(count >= 1, "arrows: count must be at least 1, got \(count)")
  check(!directions.isEmpty, "arrows: give at least one direction")
  var generator = SeededGenerator(seed: seed)
  var scalars: [Double] = []
  scalars.reserveCapacity(count * 10)
  var labels: [Int] = []
  for index in 0..<count {
    var direction = directions[index % directions.count]
    var offset = (x: generator.uniform(in: offsets), y: generator.uniform(in: offsets))
    var label = index % directions.count
    if labelling == .quadrant {
      direction = directions[generator.integer(below: directions.count)]
      label = index % 4
      let high = Swift.max(offsets.upperBound, 0.5)
      let (x, y) = (generator.uniform(in: 0.5...high), generator.uniform(in: 0.5...high))
      offset = (label % 2 == 0 ? x : -x, label < 2 ? y : -y)
    }
    var points = direction.template
    if generator.bernoulli(probability: 0.5) { points.swapAt(1, 2) }
    let angle = generator.normal(standardDeviation: 0.15)
    let scale = generator.uniform(in: 0.7...1.3)
    let (c, s) = (Foundation.cos(angle), Foundation.sin(angle))
    for point in points {
      let x = scale * (c * point.x - s * point.y) + generator.normal(standardDeviation: 0.1)
      let y = scale * (s * point.x + c * point.y) + generator.normal(standardDeviation: 0.1)
      scalars += [x + offset.x + shift.x, y + offset.y + shift.y]
    }
    labels.append(label)
  }
  let names =
    labelling == .direction
    ? directions.map(\.description) : ["upper right", "upper left", "lower right", "lower left"]
  return PointSet(
    inputs: Tensor(shape: [count, 10], scalars: scalars), labels: labels, classNames: names)
}

/// A hand-written rule that reads an arrow's direction: the direction (among `directions`)
/// closest to the line from the arrow's centroid to its tip (point 0). Returns class indices
/// in the order of `directions`. Provided: a labeller for `checkLabelPreservation`.
///
/// ```swift
/// let rule = arrowDirectionRule()
/// rule(arrows(count: 8, seed: 3).inputs)   // [0, 1, 2, 3, 0, 1, 2, 3]
/// ```
///
/// It reads the shape, not the label, so it disagrees with a label that says "left" for an
/// arrow that points right.
public func arrowDirectionRule(_ directions: [ArrowDirection] = ArrowDirection.allCases)
  -> @Sendable (Tensor) -> [Int]
{
  { inputs in
    check(
      inputs.rank == 2 && inputs.shape[1] >= 2 && inputs.shape[1] % 2 == 0,
      "arrowDirectionRule: expected [examples, 2 * points] coordinates, got \(inputs.shape)")
    let (rows, features) = (inputs.shape[0], inputs.shape[1])
    let points = features / 2
    return (0..<rows).map { row in
      let values = inputs.scalars[(row * features)..<((row + 1) * features)]
      var (cx, cy) = (0.0, 0.0)
      for point in 0..<points {
        cx += values[values.startIndex + 2 * point]
        cy += values[values.startIndex + 2 * point + 1]
      }
      let dx = values[values.startIndex] - cx / Double(points)
      let dy = values[values.startIndex + 1] - cy / Double(points)
      let scores = directions.map { direction -> Double in
        let tip = direction.template[0]
        return dx * tip.x + dy * tip.y
      }
      return scores.indices.max { scores[$0] < scores[$1] } ?? 0
    }
  }
}
