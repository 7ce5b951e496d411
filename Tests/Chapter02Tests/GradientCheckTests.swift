import Foundation
import Gradients
import Tensors
import TestSupport
import Testing

@Suite("2.4 The gradient checker")
struct GradientCheckTests {
  /// Elements of size 0.5 to 2.5 with random signs: far from 0, where 3x^2 would be tiny.
  static func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
    randomTensor(shape, seed: seed).map { ($0 < 0 ? -1 : 1) * (0.5 + min(abs($0), 2)) }
  }

  static func cubeSum(_ x: Tensor) -> Double { (x * x * x).sum() }

  @Test("sum(x^3): the numerical gradient is 3x^2 and checkGradient reports error < 1e-7, good")
  func knownFunction() {
    let x = Self.awayFromZero([2, 3], seed: 5)
    let numeric = numericalGradient(of: Self.cubeSum, at: x)
    let doubled =
      numeric.shape == x.shape
      && zip(numeric.scalars, (3 * x * x).scalars).allSatisfy {
        isClose($0, 2 * $1, tolerance: 1e-6)
      }
    expectClose(
      numeric, 3 * x * x, tolerance: 1e-8,
      doubled
        ? """
        twice the slope: x + h and x - h are 2h apart, so a central difference divides by 2h, \
        not h
        """
        : "central differences: (f(x + h e_i) - f(x - h e_i)) / 2h, one element i at a time")
    let report = checkGradient(of: Self.cubeSum, analytic: 3 * x * x, at: x)
    #expect(
      report.maxRelativeError < 1e-7,
      "a correct gradient checked in Double with h = 1e-5 is accurate to about 1e-10")
    #expect(
      report.verdict == .good,
      """
      checkGradient's verdict on a right gradient (relative error \(report.maxRelativeError)) \
      is \(report.verdict.rawValue), expected good: the verdict is \
      GradientVerdict(relativeError: maxRelativeError), good below 1e-7
      """)
  }

  @Test("a gradient scaled by 0.5 (a classic bug) gives a relative error of 0.5: wrong")
  func halfGradient() {
    let x = Self.awayFromZero([2, 3], seed: 6)
    let report = checkGradient(of: Self.cubeSum, analytic: 0.5 * 3 * x * x, at: x)
    let error = report.maxRelativeError
    let diagnosis =
      abs(error - 1) < 1e-6
      ? "you got 1: that is |0.5 n - n| divided by the smaller magnitude |0.5 n|"
      : error > 1.5
        ? """
        you got \(error): an absolute difference |a - n|, which grows with the gradient's \
        size, instead of the relative error
        """
        : "you got \(error)"
    #expect(
      abs(error - 0.5) < 1e-6,
      "|0.5 n - n| / max(|0.5 n|, |n|) = 0.5: divide by the LARGER magnitude; \(diagnosis)")
    #expect(
      report.verdict == .wrong,
      """
      checkGradient's verdict on a gradient half as large as it should be is \
      \(report.verdict.rawValue), expected wrong: a relative error of 0.5 is far above 1e-2
      """)
  }

  @Test("relativeError is |a - n| / max(|a|, |n|), and 0 when both are 0")
  func relativeErrorByHand() {
    #expect(relativeError(0, 0) == 0, "both zero is a perfect match, not 0/0 = NaN")
    #expect(isClose(relativeError(1, 1.5), 1.0 / 3), "|1 - 1.5| / max(1, 1.5) = 0.5 / 1.5")
    #expect(isClose(relativeError(1.5, 1), 1.0 / 3), "the error is symmetric in a and n")
    #expect(relativeError(-2, 2) == 2, "magnitudes: |-2 - 2| / max(|-2|, |2|) = 2")
    #expect(relativeError(0, 1e-20) == 1, "against 0, any nonzero value is 100% off")
  }

  @Test("the verdict follows the CS231n thresholds 1e-7, 1e-4 and 1e-2")
  func verdictThresholds() {
    let expected: [(Double, GradientVerdict)] = [
      (0, .good), (3e-11, .good), (1e-7, .acceptableOnlyAtKinks), (5e-6, .acceptableOnlyAtKinks),
      (1e-4, .suspicious), (2e-3, .suspicious), (1e-2, .wrong), (0.5, .wrong), (.nan, .wrong),
    ]
    for (error, verdict) in expected {
      let nan =
        error.isNaN
        ? """
        A NaN error means the check itself broke, and every comparison with NaN is false: \
        test for the good cases (error < threshold) and let everything else fall to .wrong.
        """ : ""
      #expect(
        GradientVerdict(relativeError: error) == verdict,
        """
        error \(error): below 1e-7 good, below 1e-4 acceptable only at kinks, below 1e-2 \
        suspicious, else wrong (NaN is wrong too). \(nan)
        """
      )
    }
  }

  @Test("checkGradient reports the largest error and the multi-index where it happens")
  func worstIndex() {
    let x = Self.awayFromZero([2, 3], seed: 7)
    var analytic = 3 * x * x
    analytic[0, 1] *= 1.001
    analytic[1, 2] *= 1.005
    let report = checkGradient(of: Self.cubeSum, analytic: analytic, at: x)
    expectEqual(
      report.worstIndex, [1, 2], "checkGradient's worstIndex",
      """
      the element [1, 2] is 0.5% off and [0, 1] only 0.1%: report the worst element, as \
      [row, column] (a flat position 5 must be turned into a multi-index)
      """)
    #expect(
      abs(report.maxRelativeError - 0.005 / 1.005) < 1e-7,
      "the maximum over elements of |a - n| / max(|a|, |n|)")
    #expect(
      report.verdict == .suspicious,
      """
      checkGradient's verdict for a worst relative error of 0.005 is \
      \(report.verdict.rawValue), expected suspicious (from 1e-4 to 1e-2): the verdict \
      follows the largest error, not the first or the last element's
      """)
  }

  @Test("each element is nudged on its own and put back: the gradient of x0 * x1^2 at (3, 2)")
  func perturbOneElementAtATime() {
    let gradient = numericalGradient(of: { $0[0] * $0[1] * $0[1] }, at: Tensor([3, 2]))
    expectClose(
      gradient, Tensor([4, 12]), tolerance: 1e-8,
      """
      d/dx0 = x1^2 = 4, d/dx1 = 2 x0 x1 = 12. A slightly wrong second value means x0 was \
      not restored after its nudge; restore each element before moving to the next
      """
    )
  }

  @Test("the step matters: h = 1e-5 beats h = 1e-1 (truncation) and h = 1e-12 (rounding)")
  func stepSize() {
    let x = Self.awayFromZero([5], seed: 8)
    let f = { (x: Tensor) in x.map(Foundation.exp).sum() }
    let analytic = x.map(Foundation.exp)
    let coarse = checkGradient(of: f, analytic: analytic, at: x, step: 1e-1).maxRelativeError
    let good = checkGradient(of: f, analytic: analytic, at: x, step: 1e-5).maxRelativeError
    let tiny = checkGradient(of: f, analytic: analytic, at: x, step: 1e-12).maxRelativeError
    #expect(good < 1e-8, "h = 1e-5 in Double: a correct gradient checks to about 1e-10")
    #expect(
      coarse > 1e-4 && coarse > 1000 * good,
      "h = 0.1 is too large: the error of a central difference grows like h^2 (here ~ h^2/6)")
    #expect(
      tiny > 1e-6 && tiny > 100 * good,
      "h = 1e-12 is too small: f(x + h) - f(x - h) loses most of its digits to rounding")
  }

  @Test("across ReLU's kink a correct gradient reads as wrong; away from it, or with h < |x|, good")
  func reluKink() {
    let f = { (x: Tensor) in relu(x).sum() }
    let gradientOf = { (x: Tensor) in x.map { $0 > 0 ? 1.0 : 0.0 } }  // correct, 0 at the kink
    // x[2] = 2e-6 is closer to the kink than h = 1e-5: x - h is negative, where relu is flat,
    // so the central difference is (x + h - 0) / 2h = 0.6 where the slope is 1.
    let nearKink = Tensor([0.8, -0.6, 2e-6, 1.5])
    let straddling = checkGradient(of: f, analytic: gradientOf(nearKink), at: nearKink)
    #expect(
      straddling.worstIndex == [2] && isClose(straddling.maxRelativeError, 0.4, tolerance: 1e-6)
        && straddling.verdict == .wrong,
      """
      a correct ReLU gradient at x = \(nearKink.scalars) with h = 1e-5: element 2 sits 2e-6 \
      from the kink, so x ± h straddles it and the measurement is (x + h) / 2h = 0.6 against \
      the slope 1, a relative error of 0.4 at [2], verdict .wrong (the checker measures; it is \
      the measurement that is off). Got \(straddling.maxRelativeError) at \
      \(straddling.worstIndex), \(straddling.verdict).
      """)
    let away = Tensor([0.8, -0.6, 0.2, 1.5])
    let awayReport = checkGradient(of: f, analytic: gradientOf(away), at: away)
    let smallStep = checkGradient(
      of: f, analytic: gradientOf(nearKink), at: nearKink, step: 1e-7)
    #expect(
      awayReport.verdict == .good && smallStep.verdict == .good,
      """
      the same correct gradient is .good once no input is within h of the kink: moved to 0.2 \
      (got \(awayReport.verdict), error \(awayReport.maxRelativeError)), or measured with \
      h = 1e-7 < 2e-6 (got \(smallStep.verdict), error \(smallStep.maxRelativeError))
      """)
  }

  /// Mean softmax cross-entropy of a `[rows, classes]` batch, computed in `Float` throughout.
  static func floatCrossEntropy(_ logits: [Float], classes: Int, labels: [Int]) -> Float {
    var total: Float = 0
    for (row, label) in labels.enumerated() {
      let z = Array(logits[(row * classes)..<((row + 1) * classes)])
      let largest = z.max() ?? 0
      let sum = z.reduce(Float(0)) { $0 + exp($1 - largest) }
      total += largest + log(sum) - z[label]
    }
    return total / Float(labels.count)
  }

  @Test("Float with h = 1e-3 reads a correct gradient as suspicious; Double with h = 1e-5, good")
  func floatAgainstDouble() {
    let logits = randomTensor([8, 3], seed: 31)
    let labels = [0, 2, 1, 1, 0, 2, 2, 1]
    let analytic = (1.0 / 8) * (logits.softmax(alongAxis: 1) - oneHot(labels, classes: 3))

    // The same central difference as numericalGradient, in single precision.
    let h: Float = 1e-3
    var point = logits.scalars.map { Float($0) }
    var worst = 0.0
    for i in point.indices {
      let original = point[i]
      point[i] = original + h
      let plus = Self.floatCrossEntropy(point, classes: 3, labels: labels)
      point[i] = original - h
      let minus = Self.floatCrossEntropy(point, classes: 3, labels: labels)
      point[i] = original
      let error = relativeError(analytic.scalars[i], Double((plus - minus) / (2 * h)))
      worst = error.isNaN ? .nan : max(worst, error)
    }
    let inFloat = GradientVerdict(relativeError: worst)
    #expect(
      worst > 1e-4 && worst < 5e-2 && (inFloat == .suspicious || inFloat == .wrong),
      """
      the exact gradient (softmax - onehot) / N, measured in Float with h = 1e-3: about 7 \
      significant digits leave the difference f(x + h) - f(x - h) with 3 or 4, so the worst \
      relative error should be between 1e-4 and 5e-2 and read as suspicious or wrong on a \
      correct gradient; got \(worst), \(inFloat). relativeError is |a - n| / max(|a|, |n|).
      """)
    let inDouble = checkGradient(
      of: { softmaxCrossEntropy(logits: $0, labels: labels) }, analytic: analytic, at: logits)
    #expect(
      inDouble.maxRelativeError < 1e-7 && inDouble.verdict == .good,
      """
      the same gradient checked in Double with h = 1e-5 should be good (error < 1e-7), got \
      \(inDouble.maxRelativeError), \(inDouble.verdict): this is why the checker works in Double
      """)
  }

  @Test("an analytic gradient of the wrong shape stops with a message naming both shapes")
  func shapeMismatchStops() async {
    let hint: Comment = """
      checkGradient must compare the shapes of analytic and x first: [3, 2] and [2, 3] have \
      the same number of elements, so without the check they are silently paired up
      """
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent], hint
    ) {
      _ = checkGradient(
        of: { $0.sum() }, analytic: Tensor.zeros([3, 2]), at: Tensor.zeros([2, 3]))
    }
    expectMessage(
      result, from: "checkGradient with a [3, 2] analytic gradient at a [2, 3] x",
      contains: ["checkGradient", "[3, 2]", "[2, 3]"], hint)
  }
}
