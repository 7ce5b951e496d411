import Tensors
import WorkbookSupport

/// One point of a two-dimensional search space, both coordinates in [0, 1]: `x` is the
/// hyper-parameter that matters (say, log10 of the learning rate, rescaled), `y` one that
/// barely does. Provided.
public struct SearchPoint: Equatable, Hashable, Sendable, CustomStringConvertible {
  public let x: Double
  public let y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }

  public var description: String { "(\(x), \(y))" }
}

/// The points of a grid search with `budget` trials: a `k × k` grid with `k = √budget`, at
/// the centres of the cells, `x` varying slowest:
///
/// ```
/// points = [(x: (i + 0.5) / k, y: (j + 0.5) / k)  for i in 0..<k  for j in 0..<k]
/// ```
///
/// ```swift
/// gridSearchPoints(budget: 4)   // (0.25, 0.25), (0.25, 0.75), (0.75, 0.25), (0.75, 0.75)
/// ```
///
/// A grid of `budget` trials tries only `k = √budget` different values of each
/// hyper-parameter: 9 trials, 3 learning rates. When only one of the two matters, 6 of the 9
/// trials repeat a learning rate already tried.
///
/// Stops with a message naming `gridSearchPoints` and the budget unless it is a perfect
/// square >= 1.
///
/// Exercise 24.3.
public func gridSearchPoints(budget: Int) -> [SearchPoint] {
  // TODO(24.3): your code here (README.md, exercise 24.3).
  return []
}

/// The points of a random search with `budget` trials: each point draws `x`, then `y`,
/// uniformly in [0, 1) from one generator seeded with `seed`:
///
/// ```
/// generator = SeededGenerator(seed: seed)
/// points    = budget times: (x: generator.uniform(), y: generator.uniform())
/// ```
///
/// Every trial tries a new value of every hyper-parameter, so `budget` trials try `budget`
/// learning rates, whichever hyper-parameter turns out to matter (Bergstra and Bengio, 2012).
///
/// Stops with a message naming `randomSearchPoints` and the budget unless it is >= 1.
///
/// Exercise 24.3.
public func randomSearchPoints(budget: Int, seed: UInt64) -> [SearchPoint] {
  // TODO(24.3): your code here (README.md, exercise 24.3).
  return []
}

/// A synthetic tuning objective in the spirit of Bergstra and Bengio's argument: a
/// validation loss over two hyper-parameters of which only `x` matters. Provided.
///
/// ```
/// loss(x, y) = (x - bestX)² + 0.01 · (y - bestY)²        bestX, bestY uniform in [0.05, 0.95]
/// ```
///
/// The optimum moves with the seed, as the best learning rate moves from one problem to the
/// next. `regret(of:)` is how far the best trial of a search is above the true minimum, 0.
public struct SyntheticObjective: Sendable {
  public let bestX: Double
  public let bestY: Double

  public init(seed: UInt64) {
    var generator = SeededGenerator(seed: seed &+ 2400)
    bestX = generator.uniform(in: 0.05...0.95)
    bestY = generator.uniform(in: 0.05...0.95)
  }

  /// The loss at one point.
  public func loss(_ point: SearchPoint) -> Double {
    let dx = point.x - bestX
    let dy = point.y - bestY
    return dx * dx + 0.01 * dy * dy
  }

  /// The lowest loss over the points (the search's best trial); infinity for no points.
  public func regret(of points: [SearchPoint]) -> Double {
    points.map(loss).min() ?? .infinity
  }
}

/// The median of the values (the mean of the two middle ones for an even count); NaN for
/// none. Provided.
public func medianOfValues(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return .nan }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Grid against random search on the same budget, over many objectives: the median regret of
/// each. Provided (it uses 24.3).
///
/// ```swift
/// let comparison = compareSearches(budget: 9, objectives: 0..<50)
/// comparison.grid     // the median regret of the 3 x 3 grid
/// comparison.random   // the median regret of 9 random trials (seed = the objective's seed)
/// ```
public func compareSearches(budget: Int, objectives seeds: Range<UInt64>) -> (
  grid: Double, random: Double
) {
  let grid = gridSearchPoints(budget: budget)
  var gridRegrets: [Double] = []
  var randomRegrets: [Double] = []
  for seed in seeds {
    let objective = SyntheticObjective(seed: seed)
    gridRegrets.append(objective.regret(of: grid))
    randomRegrets.append(objective.regret(of: randomSearchPoints(budget: budget, seed: seed)))
  }
  return (medianOfValues(gridRegrets), medianOfValues(randomRegrets))
}
