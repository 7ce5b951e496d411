import Normalisation
import Tensors
import TestSupport
import Testing

@Suite("11.4 Scale the targets, un-scale the predictions")
struct TargetScalerTests {
  @Test("fit measures each column's mean and population standard deviation")
  func fitMeasuresEachColumn() {
    let scaler = TargetScaler.fit(Tensor([[0, 10], [255, 30]]))
    #expect(
      scaler.mean.scalars == [127.5, 20] && scaler.standardDeviation.scalars == [127.5, 10],
      """
      for the columns (0, 255) and (10, 30): means [127.5, 20] and population standard \
      deviations [127.5, 10] (divide by N, per column, not one number for the whole tensor); \
      got \(scaler.mean.scalars) and \(scaler.standardDeviation.scalars)
      """)
  }

  @Test("scaled training colours have mean 0 and standard deviation 1 in every column")
  func scaledTargetsAreStandard() {
    let colours = makeColourData(.broken, seed: 0).trainingTargets
    let scaled = TargetScaler.fit(colours).scale(colours)
    #expect(scaled.shape == colours.shape, "scale keeps the shape, got \(scaled.shape)")
    guard scaled.shape == colours.shape else { return }
    for column in 0..<3 {
      let (mean, spread) = columnStatistics(scaled, column)
      #expect(
        Swift.abs(mean) < 1e-9 && Swift.abs(spread - 1) < 1e-9,
        """
        column \(column) of the scaled colours has mean \(mean) and spread \(spread), \
        expected 0 and 1: subtract the mean, then divide by the standard deviation, \
        (y - mean) / standardDeviation, column by column
        """)
    }
  }

  @Test("unscale maps 0 to the mean and 1 to mean + std, and undoes scale exactly")
  func unscaleUndoesScale() {
    let scaler = TargetScaler.fit(makeColourData(.broken, seed: 1).trainingTargets)
    let (mean, spread) = (scaler.mean.scalars, scaler.standardDeviation.scalars)
    expectClose(
      scaler.unscale(Tensor([[0, 0, 0], [1, -1, 2]])),
      Tensor([mean, [mean[0] + spread[0], mean[1] - spread[1], mean[2] + 2 * spread[2]]]),
      tolerance: 1e-12,
      """
      a prediction z in standard units is z * standardDeviation + mean in grey levels: 0 is \
      the mean colour, 1 one spread above it (multiply first, then add the mean; never divide \
      again)
      """)
    let other = makeColourData(.broken, seed: 2).trainingTargets
    expectClose(
      scaler.unscale(scaler.scale(other)), other, tolerance: 1e-9,
      "unscale(scale(y)) must give y back, for any data, not just the fitted targets")
  }

  @Test("a constant column is centred with scale 1, and comes back unchanged")
  func constantColumnIsCentred() async {
    let fitted = await #expect(
      processExitsWith: .success,
      """
      TargetScaler.fit stopped on a constant column: its spread of 0 must be stored as 1 \
      (TargetScaler's init rejects a standard deviation that is not positive)
      """
    ) {
      _ = TargetScaler.fit(Tensor([[7, 1], [7, 3], [7, 5]]))
    }
    guard fitted != nil else { return }
    let targets = Tensor([[7, 1], [7, 3], [7, 5]])
    let scaler = TargetScaler.fit(targets)
    #expect(
      scaler.standardDeviation.scalars == [1, (8.0 / 3).squareRoot()],
      """
      a constant column has no spread to divide by: its standardDeviation is stored as 1 \
      exactly (centred, never divided by 0, nor by a tiny epsilon added to every spread); got \
      \(scaler.standardDeviation.scalars)
      """)
    let scaled = scaler.scale(targets)
    #expect(
      scaled.isFinite && (0..<3).allSatisfy { scaled.scalars[$0 * 2] == 0 },
      "the constant column scales to 0 everywhere, finite; got \(scaled.scalars)")
    expectClose(scaler.unscale(scaled), targets, tolerance: 1e-12)
  }

  @Test(
    "the fix: scaled targets reach 40 grey levels where raw 0-255 targets diverge",
    arguments: testSeeds)
  func fixReachesWhatRawTargetsCannot(seed: UInt64) {
    let raw = makeColourRun(.broken, seed: seed)
    let fixed = makeScaledColourRun(seed: seed)
    let colours = makeColourData(.broken, seed: seed).validationColours
    let meanColour = Tensor(
      shape: colours.shape,
      scalars: Array(repeating: colours.mean(alongAxis: 0).scalars, count: colours.shape[0])
        .flatMap { $0 })
    let baseline = rootMeanSquaredError(meanColour, colours)
    #expect(
      !(raw.validationError < 100),
      """
      premise, seed \(seed): with raw 0-255 targets, SGD at 0.1 blows up (validation error \
      \(raw.validationError) grey levels)
      """)
    #expect(
      fixed.validationError < 40 && fixed.validationError < baseline / 2,
      """
      seed \(seed): trained against scaled colours and measured after un-scaling, the error \
      should be below 40 grey levels and half the \(baseline) of always predicting the mean \
      colour; got \(fixed.validationError). Are the predictions un-scaled (z * std + mean) \
      before they are compared with the colours?
      """)
  }

  @Test("scaling targets with the wrong number of columns stops with a message")
  func scaleWithWrongColumnsIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = TargetScaler.fit(Tensor([[1, 2, 3], [4, 5, 6]])).scale(Tensor([[1, 2]]))
    }
    expectMessage(result, contains: ["TargetScaler.scale", "3", "[1, 2]"])
  }

  @Test("un-scaling predictions with the wrong number of columns stops with a message")
  func unscaleWithWrongColumnsIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = TargetScaler.fit(Tensor([[1, 2], [4, 5]])).unscale(Tensor([[1, 2, 3]]))
    }
    expectMessage(result, contains: ["TargetScaler.unscale", "2", "[1, 3]"])
  }

  @Test("fitting on a vector stops with a message: targets are an [examples, outputs] matrix")
  func fitOnVectorIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = TargetScaler.fit(Tensor([1, 2, 3]))
    }
    expectMessage(result, contains: ["TargetScaler.fit", "[3]"])
  }
}
