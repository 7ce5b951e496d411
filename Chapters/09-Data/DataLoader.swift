import Tensors
import WorkbookSupport

/// Counts shared by a loader, its copies and its iterators (a class, so that a `let` loader can
/// still count the epochs it starts).
final class LoaderCounters {
  var epochsStarted = 0
  var batchesBuilt = 0
}

/// Serves a data set as mini-batches, one epoch per `for` loop, reshuffled every epoch.
///
/// ```swift
/// let loader = DataLoader(data, batchSize: 32, seed: 7)
/// for epoch in 0..<10 {
///   for batch in loader {          // each loop is a new epoch, with a new order
///     // batch.inputs: [32, features] (the last batch may be smaller), batch.labels: [32]
///   }
/// }
/// ```
///
/// Three promises, each a silent failure when broken:
///
/// - Inputs and labels move together. A batch's row k and its label k are one example of the
///   data set.
/// - Epoch e has its own order, `order(epoch: e)`, a permutation that depends only on the seed
///   and e. The same seed gives the same batches on every run (a run can be reproduced, or
///   resumed at epoch e, without replaying the earlier epochs); successive epochs differ.
/// - Batches are built one at a time, when the iterator asks for the next one. Looking at the
///   first batch (`first`) costs one batch, not an epoch.
///
/// Each `makeIterator()` (each `for` loop) starts the next epoch: the first loop is epoch 0,
/// the second epoch 1, and so on. The epoch counter is shared by copies of the loader.
///
/// PyTorch's `torch.utils.data.DataLoader(dataset, batch_size, shuffle, drop_last)` is the
/// model; its shuffling draws from a global generator instead of (seed, epoch).
public struct DataLoader: Sequence {
  /// The examples served.
  public let dataset: Dataset
  /// The number of examples per batch (the last batch of an epoch may have fewer).
  public let batchSize: Int
  /// Whether each epoch visits the examples in a new random order (true) or in stored order.
  public let shuffle: Bool
  /// Whether an epoch's last batch is dropped when it has fewer than `batchSize` examples.
  public let dropLast: Bool
  /// The seed from which every epoch's order is derived.
  public let seed: UInt64
  private let counters = LoaderCounters()

  /// Creates a loader; stops with a message when `batchSize` is not positive.
  public init(
    _ dataset: Dataset, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false,
    seed: UInt64
  ) {
    check(batchSize >= 1, "DataLoader: batchSize must be >= 1, got \(batchSize)")
    self.dataset = dataset
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.dropLast = dropLast
    self.seed = seed
  }

  /// How many epochs `makeIterator()` has started (the next `for` loop is epoch
  /// `epochsStarted`).
  public var epochsStarted: Int { counters.epochsStarted }

  /// How many batches `batch(_:)` has built so far, over all epochs: a window on the laziness
  /// of the iterator.
  public var batchesBuilt: Int { counters.batchesBuilt }

  /// The seed of epoch `epoch`'s shuffle, mixed from the loader's seed and the epoch:
  ///
  /// ```
  /// SeededGenerator(seed: seed ^ (epoch &* 0xD1B54A32D192ED03)).next()
  /// ```
  ///
  /// Why not simply `seed + epoch`? Then a loader with seed 1 would shuffle its epoch 0 exactly
  /// like a loader with seed 0 shuffles its epoch 1. Multiplying the epoch by a large odd
  /// constant and passing the result through one SplitMix64 step keeps every (seed, epoch) pair
  /// apart.
  public static func shuffleSeed(_ seed: UInt64, epoch: Int) -> UInt64 {
    var mixer = SeededGenerator(
      seed: seed ^ (UInt64(truncatingIfNeeded: epoch) &* 0xD1B5_4A32_D192_ED03))
    return mixer.next()
  }

  /// The order in which epoch `epoch` visits the examples: a permutation of
  /// `0 ..< dataset.count`.
  ///
  /// ```
  /// shuffle:     var generator = SeededGenerator(seed: DataLoader.shuffleSeed(seed, epoch: epoch))
  ///              generator.permutation(dataset.count)
  /// no shuffle:  [0, 1, ..., dataset.count - 1]          (the same every epoch)
  /// ```
  ///
  /// The same (seed, epoch) always gives the same order; another epoch gives another order. A
  /// generator made from `seed` alone would repeat one permutation every epoch: the model then
  /// sees the same batches in the same sequence forever, which is barely better than not
  /// shuffling at all.
  ///
  /// Exercise 9.1.
  public func order(epoch: Int) -> [Int] {
    // TODO(9.1): your code here (README.md, exercise 9.1).
    return []
  }

  /// The number of batches in one epoch:
  ///
  /// ```
  /// dropLast:  floor(count / batchSize)          (an incomplete last batch is dropped)
  /// otherwise: ceil(count / batchSize)           (the last batch may be smaller)
  /// ```
  ///
  /// 10 examples in batches of 4: 3 batches (4, 4, 2), or 2 with `dropLast` (4, 4). When the
  /// count is a multiple of the batch size both give the same number, and there is never an
  /// empty batch.
  ///
  /// Exercise 9.1.
  public var batchCount: Int {
    // TODO(9.1): your code here (README.md, exercise 9.1).
    return 0
  }

  /// Builds the batch of the examples at `indices` (a `Dataset.subset`) and counts it in
  /// `batchesBuilt`. The iterator builds every batch through this.
  public func batch(_ indices: [Int]) -> Batch {
    counters.batchesBuilt += 1
    let examples = dataset.subset(indices)
    return Batch(inputs: examples.inputs, labels: examples.labels)
  }

  /// The batches of epoch `epoch`, without starting a new epoch: for reproducing or inspecting
  /// one epoch. Stops with a message when `epoch` is negative.
  public func batches(epoch: Int) -> Iterator {
    check(epoch >= 0, "DataLoader.batches(epoch:): epoch must be >= 0, got \(epoch)")
    return Iterator(loader: self, order: order(epoch: epoch))
  }

  /// Starts the next epoch (`epochsStarted` goes up by one) and returns its batches.
  public func makeIterator() -> Iterator {
    let epoch = counters.epochsStarted
    counters.epochsStarted += 1
    return batches(epoch: epoch)
  }

  /// The first batch of the next epoch, without starting it (the next `for` loop still begins
  /// with this batch). Builds exactly one batch: `Sequence` has no `first`, and
  /// `first(where:)` or `Array(loader)[0]` would start an epoch (the second builds them all).
  public var first: Batch? {
    var iterator = batches(epoch: epochsStarted)
    return iterator.next()
  }

  /// Walks one epoch's order, building each batch only when it is asked for.
  public struct Iterator: IteratorProtocol {
    /// The loader whose batches this iterator serves.
    public let loader: DataLoader
    /// The epoch's order of the examples (`loader.order(epoch:)`).
    public let order: [Int]
    /// How many entries of `order` have been served so far.
    public private(set) var position = 0

    init(loader: DataLoader, order: [Int]) {
      self.loader = loader
      self.order = order
    }

    /// The next batch of the epoch, or nil when the epoch is over.
    ///
    /// The batch holds the examples `order[position ..< position + batchSize]` (fewer at the
    /// end), built with `loader.batch(_:)`; then `position` moves past them. When fewer than
    /// `batchSize` entries are left and `loader.dropLast` is true, the epoch is over: those
    /// examples wait for a later epoch, where another order puts them elsewhere.
    ///
    /// With 10 examples, batches of 4 and `shuffle: false`: `[0, 1, 2, 3]`, `[4, 5, 6, 7]`,
    /// `[8, 9]`, then nil (or, with `dropLast`, nil after the second batch).
    ///
    /// Exercise 9.1.
    public mutating func next() -> Batch? {
      // TODO(9.1): your code here (README.md, exercise 9.1).
      return nil
    }
  }
}
