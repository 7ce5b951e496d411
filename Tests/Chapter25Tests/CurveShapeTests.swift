import Foundation
import TestSupport
import Testing
import TrainingDoctor

@Suite("25.2 The shape of a loss curve")
struct CurveShapeTests {
  @Test("a curve that comes down is falling, even with mini-batch noise on half its steps")
  func falling() {
    let smooth = fallingLosses(100)
    let noisy = (0..<100).map { pow(0.97, Double($0)) * ($0 % 2 == 0 ? 1.1 : 0.9) }
    #expect(
      curveShape(smooth) == .falling && curveShape(noisy) == .falling,
      Comment(
        rawValue:
          "both curves end near 5% of their start: falling. Got \(curveShape(smooth)) and, with "
          + "the direction changing at every step, \(curveShape(noisy)) (turns decide only "
          + "between curves that did not come down)"))
  }

  @Test("a curve that barely moved is a plateau; one that jumps without coming down oscillates")
  func plateauAndOscillation() {
    let flat = (0..<100).map { 1 - 0.001 * Double($0) }
    let jumping = (0..<100).map { $0 % 2 == 0 ? 1.0 : 0.7 }
    #expect(
      curveShape(flat) == .plateau && curveShape(jumping) == .oscillating,
      Comment(
        rawValue:
          "a loss from 1 to 0.9 (end above 0.8 of the start) that never turns is a plateau: got "
          + "\(curveShape(flat)); a loss alternating 1, 0.7 (turning at every point, the end at "
          + "0.85 of the start: the end is the mean of the last tenth, not the last loss) "
          + "oscillates: got \(curveShape(jumping))"))
  }

  @Test("a curve that ends at or above its start rises; turning at many points, it oscillates")
  func rising() {
    let up = (0..<50).map { 1 + 0.01 * Double($0) }
    let equal = [1.0, 0.5, 0.6, 1.0]
    let shape = curveShape(up)
    #expect(
      shape == .rising && curveShape(equal) == .oscillating,
      Comment(
        rawValue:
          "a loss from 1 to 1.49, every step up, ends above its start and never turns: rising, "
          + "got \(shape) (count the turns, not the steps up: a steady climb goes up at every "
          + "step). [1, 0.5, 0.6, 1] ends at its start and turns at 1 of its 2 inner points: "
          + "oscillating, got \(curveShape(equal))"))
  }

  @Test("a non-finite loss, or one 10 times the first, is an explosion")
  func exploding() {
    let nan = [1, 0.9, 3, .nan]
    let big = [1, 0.5, 12, 0.4, 0.3]
    let under = [1, 0.5, 9.9, 0.4, 0.3]
    #expect(
      curveShape(nan) == .exploding && curveShape(big) == .exploding
        && curveShape(under) != .exploding,
      Comment(
        rawValue:
          "a NaN anywhere, or a loss above 10 times the first, is an explosion even if the "
          + "curve ends low: got \(curveShape(nan)) and \(curveShape(big)); 9.9 times is not "
          + "(the threshold is above 10): got \(curveShape(under))"))
  }

  @Test("fewer than 2 losses stops with a message naming curveShape")
  func tooShort() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = curveShape([1])
    }
    expectMessage(result, contains: ["curveShape"])
  }

  @Test("a first loss that is not finite and > 0 stops with a message")
  func badFirst() async {
    await #expect(processExitsWith: .failure) { _ = curveShape([.nan, 1]) }
  }
}
