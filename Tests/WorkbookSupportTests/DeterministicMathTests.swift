import Foundation
import Testing
import WorkbookSupport

@Suite("DeterministicMath.log: a portable logarithm as accurate as the platform's")
struct DeterministicMathTests {
  /// Values from the smallest subnormal to the largest double: random significands at random
  /// exponents over 1e-300 ... 1e300, random subnormals, and hand-picked hard cases.
  static let samples: [Double] = {
    var generator = SeededGenerator(seed: 2024)
    var values: [Double] = [
      1, 2, 0.5, 10, 0.1, .pi, M_E, 1e-300, 1e300, 0x1p-1030, 0x1p-1063,
      .greatestFiniteMagnitude, .leastNormalMagnitude, .leastNonzeroMagnitude,
      Double.leastNormalMagnitude.nextDown, Double(1).nextUp, Double(1).nextDown,
      1 + 1e-10, 1 - 1e-10, 2.0.squareRoot(), 2.0.squareRoot().nextDown, 0.5.squareRoot(),
      0.5.squareRoot().nextDown,
    ]
    for _ in 0..<20_000 {
      // 1e-300 = 2^-996.6 and 1e300 = 2^996.6.
      let exponent = generator.integer(below: 1993) - 996
      values.append(Double(sign: .plus, exponent: exponent, significand: 1 + generator.uniform()))
    }
    for _ in 0..<2_000 {
      let significandBits = generator.next() & 0x000F_FFFF_FFFF_FFFF
      values.append(Double(bitPattern: max(1, significandBits)))  // a subnormal
    }
    for _ in 0..<2_000 {
      values.append(1 + (generator.uniform() - 0.5) * 1e-3)  // near 1, where ln x is tiny
    }
    return values
  }()

  @Test("log is within 2 ulp of Foundation.log from subnormals to 1e300")
  func matchesFoundation() {
    var worst = (x: 1.0, ulps: 0.0)
    for x in Self.samples {
      let expected = Foundation.log(x)
      let seen = DeterministicMath.log(x)
      let ulps = expected == 0 ? (seen == 0 ? 0 : .infinity) : abs(seen - expected) / expected.ulp
      if ulps > worst.ulps { worst = (x, ulps) }
    }
    #expect(
      worst.ulps <= 2,
      "log(\(worst.x)) is \(worst.ulps) ulp away from Foundation.log: check the range reduction")
  }

  @Test("log of exact powers of two is k * ln 2 to the last bit")
  func powersOfTwo() {
    #expect(DeterministicMath.log(1) == 0)
    #expect(DeterministicMath.log(2) == 0.6931471805599453)
    #expect(DeterministicMath.log(0x1p-1074) == -744.4400719213812)
    #expect(DeterministicMath.log(0x1p1023) == 709.0895657128241)
  }

  @Test("log follows IEEE 754 at 0, infinity, negatives and nan")
  func specialValues() {
    #expect(DeterministicMath.log(0) == -.infinity)
    #expect(DeterministicMath.log(-0.0) == -.infinity)
    #expect(DeterministicMath.log(.infinity) == .infinity)
    #expect(DeterministicMath.log(-1).isNaN)
    #expect(DeterministicMath.log(-.infinity).isNaN)
    #expect(DeterministicMath.log(.nan).isNaN)
    #expect(DeterministicMath.log(-.leastNonzeroMagnitude).isNaN)
  }
}
