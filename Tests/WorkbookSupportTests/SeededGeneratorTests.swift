import Testing
import WorkbookSupport

// Expected values below were computed independently with a few lines of Python (arbitrary-
// precision integers masked to 64 bits, and `math.log` / `math.sqrt` for the normal values),
// written from the algorithms' published descriptions, not from this Swift code:
//
//   M = (1 << 64) - 1
//   state = (state + 0x9E3779B97F4A7C15) & M
//   z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
//   z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
//   return z ^ (z >> 31)
//
// So they cross-check this implementation against a second one; they are not circular. The
// first output for seed 0, 0xE220A8397B1DCDAF, is also the value published with Vigna's
// reference splitmix64.c.

@Suite("SeededGenerator: a SplitMix64 stream that depends only on its seed")
struct SeededGeneratorTests {
  @Test("The first outputs for seed 42 and seed 0 equal an independent SplitMix64")
  func knownOutputs() {
    var generator = SeededGenerator(seed: 42)
    let outputs = (0..<5).map { _ in generator.next() }
    #expect(
      outputs == [
        0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52,
        0x581C_E1FF_0E4A_E394, 0x09BC_585A_2448_23F2,
      ], "SplitMix64 with seed 42 must match the Python reference bit for bit")

    var zero = SeededGenerator(seed: 0)
    #expect(zero.next() == 0xE220_A839_7B1D_CDAF, "seed 0 is valid and has a published output")
  }

  @Test("uniform() maps the top 53 bits to [0, 1) exactly like the reference")
  func knownUniforms() {
    var generator = SeededGenerator(seed: 42)
    let values = (0..<5).map { _ in generator.uniform() }
    #expect(
      values == [
        0.7415648787718233, 0.1599103928769201, 0.27860113025513866, 0.34419071652363753,
        0.03803016854024621,
      ])
  }

  @Test("normal() follows Marsaglia's polar method and uses both values of each pair")
  func knownNormals() {
    // Python's math.log may differ from DeterministicMath.log by an ulp, hence the tolerance.
    let expected = [
      0.49295065581737485, -0.6940056672160174, -1.2810773478777024, -0.901557193497174,
      -0.6018779810957331, 0.6425676289796471,
    ]
    var generator = SeededGenerator(seed: 42)
    for (index, reference) in expected.enumerated() {
      let value = generator.normal()
      #expect(
        abs(value - reference) <= 1e-14 * abs(reference),
        "normal value \(index): expected \(reference), got \(value)")
    }
  }

  @Test("integer(below:) matches Lemire's method in the reference")
  func knownIntegers() {
    var generator = SeededGenerator(seed: 42)
    let values = (0..<10).map { _ in generator.integer(below: 10) }
    #expect(values == [7, 1, 2, 3, 0, 8, 2, 8, 3, 6])
  }

  @Test("The same seed gives the same stream; different seeds give different streams")
  func seedDeterminesStream() {
    var first = SeededGenerator(seed: 7)
    var second = SeededGenerator(seed: 7)
    var other = SeededGenerator(seed: 8)
    let a = (0..<100).map { _ in first.next() }
    let b = (0..<100).map { _ in second.next() }
    let c = (0..<100).map { _ in other.next() }
    #expect(a == b)
    #expect(a != c)
    #expect(zip(a, c).allSatisfy { $0 != $1 }, "neighbouring seeds must not share outputs")
  }

  @Test("uniform() has mean 1/2 and variance 1/12 over 100_000 draws (5 standard errors)")
  func uniformMoments() {
    let n = 100_000
    var generator = SeededGenerator(seed: 1)
    let values = (0..<n).map { _ in generator.uniform() }
    let (mean, variance) = moments(values)
    // Var(U) = 1/12, so the standard error of the mean is sqrt(1/12 / n); the squared deviation
    // (U - 1/2)^2 has variance 1/80 - 1/144 = 1/180, giving the standard error of the variance.
    let meanTolerance = 5 * (1.0 / 12 / Double(n)).squareRoot()
    let varianceTolerance = 5 * (1.0 / 180 / Double(n)).squareRoot()
    #expect(abs(mean - 0.5) < meanTolerance, "mean \(mean), expected 0.5 +- \(meanTolerance)")
    #expect(
      abs(variance - 1.0 / 12) < varianceTolerance,
      "variance \(variance), expected 1/12 +- \(varianceTolerance)")
    #expect(values.allSatisfy { $0 >= 0 && $0 < 1 }, "uniform() must lie in [0, 1)")
  }

  @Test("uniform(in:) stays within its bounds")
  func uniformInRange() {
    var generator = SeededGenerator(seed: 2)
    let values = (0..<1000).map { _ in generator.uniform(in: -3...5) }
    #expect(values.allSatisfy { (-3...5).contains($0) })
    #expect(values.min()! < -2.9 && values.max()! > 4.9, "1000 draws should reach both ends")
  }

  @Test("normal() has mean 0, variance 1 and 68.3% within one standard deviation")
  func normalMoments() {
    let n = 100_000
    var generator = SeededGenerator(seed: 3)
    let values = (0..<n).map { _ in generator.normal() }
    let (mean, variance) = moments(values)
    // SE(mean) = 1/sqrt(n); Var(Z^2) = 2, so SE(variance) = sqrt(2/n); a proportion p has
    // SE sqrt(p(1-p)/n).
    let meanTolerance = 5 / Double(n).squareRoot()
    let varianceTolerance = 5 * (2 / Double(n)).squareRoot()
    let p = 0.682_689_492_137_085_9
    let withinOne = Double(values.count(where: { abs($0) < 1 })) / Double(n)
    let proportionTolerance = 5 * (p * (1 - p) / Double(n)).squareRoot()
    #expect(abs(mean) < meanTolerance, "mean \(mean), expected 0 +- \(meanTolerance)")
    #expect(
      abs(variance - 1) < varianceTolerance,
      "variance \(variance), expected 1 +- \(varianceTolerance)")
    #expect(
      abs(withinOne - p) < proportionTolerance,
      "\(withinOne) within one standard deviation, expected \(p) +- \(proportionTolerance)")
  }

  @Test("normal(mean:standardDeviation:) shifts and scales the standard normal")
  func normalShiftAndScale() {
    var standard = SeededGenerator(seed: 4)
    var shifted = SeededGenerator(seed: 4)
    for _ in 0..<10 {
      let z = standard.normal()
      #expect(shifted.normal(mean: 3, standardDeviation: 2) == 3 + 2 * z)
    }
  }

  @Test(
    "integer(below:) never reaches the bound",
    arguments: [1, 2, 3, 10, 1000, Int.max])
  func integerStaysBelowBound(bound: Int) {
    var generator = SeededGenerator(seed: UInt64(bound % 1000))
    for _ in 0..<2000 {
      let value = generator.integer(below: bound)
      #expect(value >= 0 && value < bound, "integer(below: \(bound)) gave \(value)")
    }
  }

  @Test("integer(below: 7) hits every value about equally often (5 standard errors)")
  func integerIsUniform() {
    let bound = 7
    let n = 70_000
    var generator = SeededGenerator(seed: 5)
    var counts = [Int](repeating: 0, count: bound)
    for _ in 0..<n { counts[generator.integer(below: bound)] += 1 }
    // Each count is Binomial(n, 1/7): mean n/7, standard deviation sqrt(n * 1/7 * 6/7).
    let expected = Double(n) / Double(bound)
    let tolerance = 5 * (Double(n) / 7 * 6 / 7).squareRoot()
    for (value, count) in counts.enumerated() {
      #expect(
        abs(Double(count) - expected) < tolerance,
        "value \(value) came \(count) times, expected \(expected) +- \(tolerance)")
    }
  }

  @Test("bernoulli(probability:) is true with the given frequency, never for 0, always for 1")
  func bernoulliFrequency() {
    let n = 20_000
    var generator = SeededGenerator(seed: 6)
    let trues = (0..<n).count(where: { _ in generator.bernoulli(probability: 0.3) })
    let tolerance = 5 * (0.3 * 0.7 / Double(n)).squareRoot()
    #expect(abs(Double(trues) / Double(n) - 0.3) < tolerance)
    #expect((0..<100).allSatisfy { _ in !generator.bernoulli(probability: 0) })
    #expect((0..<100).allSatisfy { _ in generator.bernoulli(probability: 1) })
  }

  @Test("shuffle reorders without losing or duplicating, and the order depends on the seed")
  func shuffleIsAPermutation() {
    let original = Array(0..<50)
    var first = original
    var again = original
    var other = original
    var generator = SeededGenerator(seed: 9)
    generator.shuffle(&first)
    generator = SeededGenerator(seed: 9)
    generator.shuffle(&again)
    generator = SeededGenerator(seed: 10)
    generator.shuffle(&other)
    #expect(first.sorted() == original, "a shuffle must keep every element exactly once")
    #expect(first != original, "50 elements left in order: the shuffle did nothing")
    #expect(first == again, "the same seed must give the same order")
    #expect(first != other, "a different seed should give a different order")
  }

  @Test("permutation(n) contains every index below n once; empty and single cases work")
  func permutationCoversIndices() {
    var generator = SeededGenerator(seed: 11)
    #expect(generator.permutation(20).sorted() == Array(0..<20))
    #expect(generator.permutation(0).isEmpty)
    #expect(generator.permutation(1) == [0])
  }

  @Test("integer(below: 0) stops with a message naming the function and the bound")
  func integerRejectsNonPositiveBound() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var generator = SeededGenerator(seed: 1)
      _ = generator.integer(below: 0)
    }
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("SeededGenerator.integer(below:): bound must be positive, got 0"))
  }
}

/// The sample mean and the (population) variance of `values`.
private func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
  let mean = values.reduce(0, +) / Double(values.count)
  let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
  return (mean, variance)
}
