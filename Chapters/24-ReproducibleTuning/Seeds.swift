import WorkbookSupport

/// The random streams of a training run. Each one gets its own generator, seeded from the one
/// seed of the run by `streamSeed(_:for:)`. Provided.
///
/// A stream that is forgotten (a shuffle seeded from the clock, a dropout mask drawn from the
/// system generator) makes the whole run irreproducible, however carefully the others are
/// seeded: list them all here.
public enum RandomStream: Int, CaseIterable, Sendable, CustomStringConvertible {
  /// The synthetic data: the inputs, the noise on the targets, the split.
  case data
  /// The initial weights.
  case initialisation
  /// The order of the examples in each epoch (the mini-batches).
  case shuffle
  /// Dropout masks and any other noise drawn during training.
  case dropout

  public var description: String {
    switch self {
    case .data: "data"
    case .initialisation: "initialisation"
    case .shuffle: "shuffle"
    case .dropout: "dropout"
    }
  }
}

/// The seed of one random stream of a run, derived from the run's one seed: the run's seed
/// starts a master generator, and the streams take its outputs in order.
///
/// ```
/// master = SeededGenerator(seed: seed)
/// streamSeed(seed, .data)           = 1st master.next()
/// streamSeed(seed, .initialisation) = 2nd master.next()
/// streamSeed(seed, .shuffle)        = 3rd master.next()
/// streamSeed(seed, .dropout)        = 4th master.next()        (stream.rawValue + 1 draws)
/// ```
///
/// ```swift
/// streamSeed(42, for: .data)             // 0xBDD732262FEB6E95 (SeededGenerator(seed: 42).next())
/// streamSeed(42, for: .initialisation)   // the second number of that stream
/// ```
///
/// Why not use `seed` itself for every stream? Two generators with the same seed produce the
/// same numbers: the noise added to the data and the initial weights would be the same
/// sequence, and changing the seed would move both together. One seed per run, one derived
/// seed per stream, gives independent streams and still a single number to write down.
///
/// Exercise 24.1.
public func streamSeed(_ seed: UInt64, for stream: RandomStream) -> UInt64 {
  // TODO(24.1): your code here (README.md, exercise 24.1).
  return 0
}

/// A generator for one stream of the run of `seed`. Provided.
///
/// ```swift
/// var weights = streamGenerator(seed: 1, for: .initialisation)
/// ```
public func streamGenerator(seed: UInt64, for stream: RandomStream) -> SeededGenerator {
  SeededGenerator(seed: streamSeed(seed, for: stream))
}
