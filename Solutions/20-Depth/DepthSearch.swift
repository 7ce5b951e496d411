import Tensors
import Training

/// What the depth search tried, and the depth it chose. Provided.
public struct DepthSearch: Sendable {
  /// One depth tried.
  public struct Try: Equatable, Sendable {
    /// The number of `Linear` layers.
    public let depth: Int
    /// True when the run solved the task.
    public let solved: Bool
    /// The run's last loss.
    public let finalLoss: Double

    public init(depth: Int, solved: Bool, finalLoss: Double) {
      self.depth = depth
      self.solved = solved
      self.finalLoss = finalLoss
    }
  }

  /// Every depth tried, in order.
  public let tries: [Try]

  public init(tries: [Try]) { self.tries = tries }

  /// The first depth that solved the task, nil when none did.
  public var chosenDepth: Int? { tries.first { $0.solved }?.depth }
}

/// The fix: start shallow, and go deeper only while the shallower network fails. Trains
/// `train(depth)` for each depth of `candidates` in order and stops at the first run that
/// solves the task (`DepthRunResult.solved`), recording a `DepthSearch.Try` for each depth
/// tried.
///
/// ```
/// for depth in candidates:
///     run = train(depth)
///     record Try(depth, run.solved, run.finalLoss)
///     if run.solved: stop
/// ```
///
/// The default candidates are the usual starting range, 3 to 8 layers: a plain network that
/// does not learn at 8 is rarely rescued by 20.
///
/// ```swift
/// let search = searchDepth { depth in
///   var network = DepthRun.tooDeep.network
///   network.depth = depth
///   return trainOnXOR(network, seed: 1)
/// }
/// search.chosenDepth   // 3
/// ```
///
/// Stops with a message unless `candidates` is non-empty, every depth is at least 1, and the
/// depths are strictly increasing (shallow first).
///
/// Exercise 20.3.
public func searchDepth(
  candidates: [Int] = [3, 4, 6, 8], train: (_ depth: Int) -> DepthRunResult
) -> DepthSearch {
  // BEGIN EXERCISE 20.3
  // STUB: return DepthSearch(tries: [DepthSearch.Try(depth: 20, solved: false, finalLoss: .nan)])
  check(!candidates.isEmpty, "searchDepth: no candidate depth")
  check(
    candidates.allSatisfy { $0 >= 1 }
      && zip(candidates, candidates.dropFirst()).allSatisfy { $0 < $1 },
    "searchDepth: the depths must be at least 1 and strictly increasing, got \(candidates)")
  var tries: [DepthSearch.Try] = []
  for depth in candidates {
    let run = train(depth)
    tries.append(DepthSearch.Try(depth: depth, solved: run.solved, finalLoss: run.finalLoss))
    if run.solved { break }
  }
  return DepthSearch(tries: tries)
  // END EXERCISE 20.3
}
