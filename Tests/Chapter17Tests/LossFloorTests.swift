import FinalActivation
import Foundation
import Tensors
import TestSupport
import Testing
import Training
import WorkbookSupport

@Suite("17.2 The loss floor of a bounded output")
struct LossFloorTests {
  @Test("a ReLU output on targets -2, -1, 0, 3: the floor is (4 + 1 + 0 + 0) / 4 = 1.25")
  func reluFloorByHand() {
    let floor = lossFloor(
      columnTensor([-2, -1, 0, 3]), range: OutputRange(lower: 0, upper: .infinity))
    #expect(
      isClose(floor, 1.25),
      """
      the best a ReLU can do is predict 0 for a negative target: squared distances 4, 1, 0, 0, \
      their mean over EVERY target 1.25; got \(floor). 0.75 is the mean distance without the \
      square, 2.5 the mean over the two negative targets only, 5 the sum
      """)
  }

  @Test("both ends count: targets -3, 0, 2 against [-1, 1] give (4 + 0 + 1) / 3")
  func twoSidedFloorByHand() {
    let floor = lossFloor(columnTensor([-3, 0, 2]), range: OutputRange(lower: -1, upper: 1))
    #expect(
      isClose(floor, 5.0 / 3),
      """
      -3 is 2 below the lower end, 2 is 1 above the upper end, 0 is inside (distance 0): \
      (4 + 0 + 1) / 3 = 1.667; got \(floor). 1.333 means only the lower end was used, 0.333 \
      only the upper one
      """)
  }

  @Test("targets inside the range cost nothing: an unbounded or wide enough range gives 0")
  func insideCostsNothing() {
    let targets = columnTensor([-0.9, -0.2, 0.4, 0.99])
    let unbounded = lossFloor(targets, range: .unbounded)
    let wide = lossFloor(targets, range: OutputRange(lower: -1, upper: 1))
    #expect(
      unbounded == 0 && wide == 0,
      """
      every target lies inside the range, so predicting it exactly is allowed: floor 0; got \
      \(unbounded) (unbounded) and \(wide) ([-1, 1]). A target inside is at distance 0, not \
      at its distance to the nearest end
      """)
  }

  @Test(
    "the floor is reached: predicting each target clamped into the range scores exactly it",
    arguments: [1, 2, 3] as [UInt64])
  func floorIsTheClampedPrediction(seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    let targets = (0..<40).map { _ in 3 * generator.normal() }
    let lower = generator.uniform(in: -2...0)
    let upper = lower + generator.uniform(in: 0.5...3)
    let floor = lossFloor(columnTensor(targets), range: OutputRange(lower: lower, upper: upper))
    let expected = oracleFloor(targets, lower: lower, upper: upper)
    #expect(
      isClose(floor, expected, tolerance: 1e-12),
      """
      seed \(seed): no prediction in [\(lower), \(upper)] beats the target clamped into it, \
      and that one scores the mean of dist(y, range)² over every target, \(expected); got \
      \(floor)
      """)
  }

  @Test("the curriculum's case: sin(x) at 64 points, a ReLU's floor mean(min(y, 0)²) ≈ 0.25")
  func sineFloor() {
    let targets = outputRunTargets(.reluOutput)
    let expected = oracleFloor(targets.scalars, lower: 0, upper: .infinity)
    let floor = lossFloor(targets, range: OutputRange(lower: 0, upper: .infinity))
    #expect(
      isClose(floor, expected, tolerance: 1e-12) && abs(floor - 0.25) < 0.01,
      """
      half the sine is negative and the mean of sin² over a half period is 1/2, so the \
      floor is about 0.25 (exactly \(expected) at these 64 points); got \(floor)
      """)
  }

  @Test("no run gets below its floor: the broken runs' loss at every step is at or above it")
  func brokenRunsStayAboveTheFloor() {
    for kind in visiblyBroken {
      let oracle = oracleRange(kind.activation)
      for run in Runs.of(kind) {
        let floor = lossFloor(
          run.targets, range: OutputRange(lower: oracle.lower, upper: oracle.upper))
        let lowest = run.telemetry.losses.min() ?? .nan
        #expect(
          lowest >= floor * (1 - 1e-9) && floor > 0.2,
          """
          \(kind), seed \(run.seed): a lower bound of the loss must be below every loss of \
          the run; the lowest loss is \(lowest), the floor \(floor) (the oracle: \
          \(oracleFloor(run.targets.scalars, lower: oracle.lower, upper: oracle.upper)))
          """)
      }
    }
  }

  @Test("an empty target tensor stops with a message")
  func emptyTargetsAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = lossFloor(Tensor(shape: [0, 1], scalars: []), range: .unbounded)
    }
    expectMessage(result, contains: ["lossFloor", "[0, 1]"])
  }

  @Test("a NaN target stops with a message")
  func nanTargetIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = lossFloor(columnTensor([1, .nan]), range: .unbounded)
    }
    expectMessage(
      result, contains: ["lossFloor", "finite"],
      "a NaN compares false with both ends, so it would count as inside: check first")
  }
}
