/// Elementary functions computed the same way, to the last bit, on every platform.
///
/// The platform's math library (`log`, `exp`, ...) is accurate, but not identical everywhere:
/// macOS and Linux may round the same `log(x)` to neighbouring doubles. That is harmless for
/// training, but it would make seeded random streams (for example the normal values of
/// `SeededGenerator`) differ between machines. The functions here use only `+`, `-`, `*`, `/`
/// and bit manipulation, which IEEE 754 defines exactly, so their results are bit-identical on
/// every platform.
public enum DeterministicMath {
  /// ln 2 split in two: `ln2High` has its 32 low bits zero, so `k * ln2High` is exact for every
  /// exponent k a `Double` can have; `ln2Low` carries the rest (ln 2 = ln2High + ln2Low).
  private static let ln2High = Double(bitPattern: 0x3FE6_2E42_FEE0_0000)
  private static let ln2Low = Double(bitPattern: 0x3DEA_39EF_3579_3C76)

  /// The natural logarithm, bit-identical on every platform and within 1 ulp of the platform's
  /// `log` (checked over millions of values from subnormals to the largest double).
  ///
  /// Range reduction, then a fast series (the method of fdlibm's `__ieee754_log`):
  ///
  /// ```
  /// x = m * 2^k,  m in [sqrt(1/2), sqrt(2))       (read k and m from the bits of x)
  /// f = m - 1,    s = f / (2 + f) = (m - 1) / (m + 1),   |s| <= 0.1716
  /// ln m = 2 atanh(s) = 2s + 2s^3/3 + 2s^5/5 + ...
  ///      = f - (f^2/2 - s * (f^2/2 + R)),   R = 2s^2/3 + 2s^4/5 + ...
  /// ln x = k * ln2High + (ln m + k * ln2Low)
  /// ```
  ///
  /// Why these steps: reducing m to [sqrt(1/2), sqrt(2)) keeps |s| small, so the odd series
  /// converges fast (each term is at most 0.03 times the one before; it stops once a term no
  /// longer changes the sum). Writing ln m as f minus a small correction, instead of 2s plus
  /// terms, keeps the result accurate when x is close to 1 and ln x is tiny. Splitting ln 2 in
  /// two keeps `k * ln 2` exact to about 2^-85 relative.
  ///
  /// Special values follow IEEE 754: `log(0) = -infinity`, `log(+infinity) = +infinity`, and
  /// `log(x) = nan` for negative x and for nan. Subnormal x are scaled by 2^54 first.
  public static func log(_ x: Double) -> Double {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x == .infinity { return .infinity }

    var value = x
    var k = 0
    if value < .leastNormalMagnitude {
      value *= 0x1p54  // exact: brings a subnormal into the normal range
      k -= 54
    }
    // The exponent field holds k + 1023; replacing it with 1023 leaves m in [1, 2).
    let bits = value.bitPattern
    k += Int((bits >> 52) & 0x7FF) - 1023
    var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
    if m >= 1.414_213_562_373_095_1 {
      m *= 0.5  // exact
      k += 1
    }

    let f = m - 1  // exact (Sterbenz): m is within a factor 2 of 1
    let halfFSquared = 0.5 * f * f
    let s = f / (2 + f)
    let z = s * s
    var r = 0.0
    var power = z
    var denominator = 3.0
    while true {
      let term = 2 * power / denominator
      let sum = r + term
      if sum == r { break }
      r = sum
      power *= z
      denominator += 2
    }
    let dk = Double(k)
    return dk * ln2High - ((halfFSquared - (s * (halfFSquared + r) + dk * ln2Low)) - f)
  }
}
