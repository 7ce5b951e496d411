/// A small, fast random number generator whose stream depends only on its seed: SplitMix64.
///
/// Every random number in the workbook (initial weights, dropout masks, shuffles, synthetic
/// data) comes from one of these, so a run is reproducible: the same seed gives the same
/// numbers on every run, on macOS and Linux, today and after a toolchain upgrade.
///
/// ```
/// state = state &+ 0x9E3779B97F4A7C15
/// z = state
/// z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
/// return z ^ (z >> 31)
/// ```
///
/// Why not the standard library's `SystemRandomNumberGenerator`? It cannot be seeded. And why
/// the hand-written helpers below instead of `Double.random(in:using:)` or `Array.shuffle(using:)`?
/// The standard library does not promise how those turn raw bits into values, so their output for
/// a given seed may change between Swift versions. Every helper here is spelled out, so the
/// stream of every helper is bit-identical on every platform and toolchain.
///
/// ```swift
/// var generator = SeededGenerator(seed: 42)
/// generator.next()      // 0xBDD732262FEB6E95
/// generator.uniform()   // 0.1599103928769201
/// ```
///
/// SplitMix64 is not cryptographically secure; it is meant for simulations and tests.
///
/// Reference: G. L. Steele, D. Lea, C. H. Flood, "Fast Splittable Pseudorandom Number
/// Generators", OOPSLA 2014; S. Vigna, splitmix64.c (prng.di.unimi.it).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  /// The 64-bit state; advanced by the golden-ratio increment on every call to `next()`.
  private var state: UInt64

  /// The second value of the last Marsaglia polar pair, returned by the next `normal` call.
  private var cachedNormal: Double?

  /// Creates a generator whose stream is determined by `seed` alone.
  ///
  /// Every seed is valid, including 0: the output mixing turns the plain counter
  /// `seed + n * 0x9E3779B97F4A7C15` into well-spread bits.
  public init(seed: UInt64) {
    state = seed
    cachedNormal = nil
  }

  /// Returns the next 64 random bits (the SplitMix64 step above).
  ///
  /// Arithmetic wraps around (`&+`, `&*`) on purpose: the algorithm works modulo 2^64.
  public mutating func next() -> UInt64 {
    state = state &+ 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Returns a uniform random number in [0, 1).
  ///
  /// ```
  /// uniform = Double(next() >> 11) * 2^-53
  /// ```
  ///
  /// A `Double` has 53 significant bits, so the top 53 bits of `next()` map exactly onto the
  /// 2^53 evenly spaced values k / 2^53, k = 0 ..< 2^53. The result is never 1.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Returns a uniform random number between the bounds of `range`.
  ///
  /// ```
  /// lower + (upper - lower) * uniform()
  /// ```
  ///
  /// Rounding may, very rarely, give exactly `upper`; code that must exclude the upper bound
  /// should use `uniform()` directly.
  public mutating func uniform(in range: ClosedRange<Double>) -> Double {
    guard range.lowerBound.isFinite, range.upperBound.isFinite else {
      fatalError(
        "SeededGenerator.uniform(in:): the bounds must be finite, got "
          + "\(range.lowerBound)...\(range.upperBound)")
    }
    return range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
  }

  /// Returns a normally distributed random number, N(mean, standardDeviation^2).
  ///
  /// Marsaglia's polar method: draw (u, v) uniformly in the square [-1, 1)^2 until
  /// 0 < s = u^2 + v^2 < 1 (about 79% of draws are kept), then
  ///
  /// ```
  /// factor = sqrt(-2 ln(s) / s)
  /// z1 = u * factor,   z2 = v * factor     (two independent N(0, 1) values)
  /// ```
  ///
  /// The first value is returned and the second is kept for the next call, so consecutive calls
  /// use both halves of each pair.
  ///
  /// The logarithm is `DeterministicMath.log`, not the platform's `log`: libm's `log` may differ
  /// by one unit in the last place between macOS and Linux, which would make the normal stream
  /// (and every weight initialised from it) platform-dependent. `squareRoot()` is correctly
  /// rounded by IEEE 754, so it is the same everywhere. The stream is therefore bit-identical on
  /// every platform.
  ///
  /// Reference: G. Marsaglia, T. A. Bray, "A Convenient Method for Generating Normal
  /// Variables", SIAM Review 6(3), 1964.
  ///
  /// - Parameters:
  ///   - mean: The centre of the distribution.
  ///   - standardDeviation: The spread; must be finite and >= 0.
  public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
    guard standardDeviation >= 0, standardDeviation.isFinite else {
      fatalError(
        "SeededGenerator.normal(mean:standardDeviation:): standardDeviation must be finite and "
          + ">= 0, got \(standardDeviation)")
    }
    return mean + standardDeviation * standardNormal()
  }

  /// Returns an N(0, 1) value, using the cached half of the last pair when there is one.
  private mutating func standardNormal() -> Double {
    if let cached = cachedNormal {
      cachedNormal = nil
      return cached
    }
    var u: Double
    var v: Double
    var s: Double
    repeat {
      u = 2 * uniform() - 1
      v = 2 * uniform() - 1
      s = u * u + v * v
    } while s >= 1 || s == 0
    let factor = (-2 * DeterministicMath.log(s) / s).squareRoot()
    cachedNormal = v * factor
    return u * factor
  }

  /// Returns a uniformly distributed integer in 0 ..< bound, without modulo bias.
  ///
  /// Lemire's method: the full 128-bit product `next() * bound` has its high word uniformly in
  /// 0 ..< bound, except for a small excess of products whose low word is below
  /// `2^64 mod bound`; those are rejected and redrawn.
  ///
  /// ```
  /// (high, low) = next() * bound            (128-bit product)
  /// while low < (2^64 - bound) mod bound:  redraw
  /// return high
  /// ```
  ///
  /// Why not `next() % bound`? When 2^64 is not a multiple of `bound`, the small remainders come
  /// up slightly more often than the large ones.
  ///
  /// Reference: D. Lemire, "Fast Random Integer Generation in an Interval", ACM TOMACS 29(1),
  /// 2019.
  ///
  /// - Parameter bound: The exclusive upper bound; must be positive.
  public mutating func integer(below bound: Int) -> Int {
    guard bound > 0 else {
      fatalError("SeededGenerator.integer(below:): bound must be positive, got \(bound)")
    }
    let width = UInt64(bound)
    var product = next().multipliedFullWidth(by: width)
    if product.low < width {
      let threshold = (0 &- width) % width
      while product.low < threshold {
        product = next().multipliedFullWidth(by: width)
      }
    }
    return Int(product.high)
  }

  /// Returns `true` with probability `p`.
  ///
  /// ```
  /// uniform() < p
  /// ```
  ///
  /// `p = 0` never gives `true` and `p = 1` always does, because `uniform()` lies in [0, 1).
  ///
  /// - Parameter p: The probability of `true`; must be in [0, 1].
  public mutating func bernoulli(probability p: Double) -> Bool {
    guard p >= 0, p <= 1 else {
      fatalError("SeededGenerator.bernoulli(probability:): p must be in [0, 1], got \(p)")
    }
    return uniform() < p
  }

  /// Shuffles `array` in place, every order being equally likely.
  ///
  /// Fisher-Yates (Durstenfeld's version): walk from the last position down, swapping each
  /// element with a uniformly chosen one at or before it.
  ///
  /// ```
  /// for i in n-1 down to 1:  swap(a[i], a[integer(below: i + 1)])
  /// ```
  ///
  /// The standard library's `shuffle(using:)` is not used: its algorithm is not promised to stay
  /// the same between Swift versions, and a seeded shuffle must.
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i > 0 {
      array.swapAt(i, integer(below: i + 1))
      i -= 1
    }
  }

  /// Returns a random ordering of 0 ..< count (a shuffled `Array(0..<count)`).
  ///
  /// Handy for shuffling several arrays the same way: index each one with the permutation.
  ///
  /// - Parameter count: The number of indices; must be >= 0.
  public mutating func permutation(_ count: Int) -> [Int] {
    guard count >= 0 else {
      fatalError("SeededGenerator.permutation(_:): count must be >= 0, got \(count)")
    }
    var indices = Array(0..<count)
    shuffle(&indices)
    return indices
  }
}
