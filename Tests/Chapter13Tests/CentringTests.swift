import Preprocessing
import Tensors
import TestSupport
import Testing
import Training

@Suite("13.3 Centre each example in its own frame")
struct CentringTests {
  @Test("a triangle around (4, 2) is moved to the origin; divided by sqrt(8/3) with the scale")
  func triangleKnownAnswer() {
    let inputs = Tensor([[3, 1, 5, 1, 4, 4]])
    expectClose(
      centred(inputs), Tensor([[-1, -1, 1, -1, 0, 2]]),
      "subtract the example's centroid (4, 2) from each of its points: x from the x's, y from the y's"
    )
    let radius = (8.0 / 3).squareRoot()
    expectClose(
      centred(inputs, normalisingScale: true),
      Tensor([[-1, -1, 1, -1, 0, 2]]) / radius,
      """
      with normalisingScale, divide the centred points by the example's RMS radius \
      sqrt((2 + 2 + 4) / 3) = 1.633 (the mean squared distance over the POINTS, not the \
      coordinates)
      """)
  }

  @Test("after centring, every example's centroid is at the origin and its shape is unchanged")
  func centroidsAreZeroShapesKept() {
    let set = arrows(count: 40, seed: 133)
    let result = centred(set.inputs)
    let centroids = oracleCentroids(result)
    let worst = centroids.map { Swift.max(abs($0[0]), abs($0[1])) }.max() ?? .nan
    #expect(
      worst < 1e-9,
      """
      each example's own centroid must be subtracted: the largest centroid coordinate left is \
      \(worst). Subtracting the data set's mean centroid (one number for everyone) leaves \
      every example's own offset in place
      """)
    expectClose(
      result, oracleCentred(set.inputs), tolerance: 1e-9,
      "centring moves each example as a whole: the points relative to each other stay")
  }

  @Test("a shape gives the same numbers wherever it was measured: offsets make no difference")
  func translationInvariance() {
    let still = arrows(count: 40, offsets: 0...0, seed: 134)
    let moving = arrows(count: 40, offsets: -3...3, shift: (12, -5), seed: 134)
    expectClose(
      centred(moving.inputs), centred(still.inputs), tolerance: 1e-9,
      """
      the same arrows at other places must centre to the same numbers: centred(x + t) = \
      centred(x) for any t added to all of an example's points
      """)
  }

  @Test("each example is centred on its own: the other rows of the batch change nothing")
  func examplesAreIndependent() {
    let set = arrows(count: 12, seed: 135)
    let batch = centred(set.inputs)
    for row in [0, 5, 11] {
      let alone = Tensor(
        shape: [1, 10], scalars: Array(set.inputs.scalars[(row * 10)..<(row * 10 + 10)]))
      let fromBatch = Tensor(
        shape: [1, 10], scalars: Array(batch.scalars[(row * 10)..<(row * 10 + 10)]))
      expectClose(
        centred(alone), fromBatch, tolerance: 1e-12,
        "row \(row) centred alone must equal row \(row) of the centred batch: use the row's own centroid"
      )
    }
  }

  @Test("normalising the scale gives every example an RMS radius of 1, at any size")
  func scaleNormalisation() {
    let set = arrows(count: 20, seed: 136)
    let normalised = centred(set.inputs, normalisingScale: true)
    for row in 0..<20 {
      var squared = 0.0
      for index in (row * 10)..<(row * 10 + 10) {
        squared += normalised.scalars[index] * normalised.scalars[index]
      }
      let radius = (squared / 5).squareRoot()
      #expect(
        isClose(radius, 1, tolerance: 1e-9),
        "row \(row): after normalising, the RMS distance of the 5 points from the centroid must be 1, got \(radius)"
      )
    }
    expectClose(
      centred(set.inputs * 3, normalisingScale: true), normalised, tolerance: 1e-9,
      "the same shapes three times as large must normalise to the same numbers")
    #expect(
      centred(set.inputs) != normalised,
      "without normalisingScale the size is kept: only the centroid is subtracted")
  }

  @Test("an example whose points coincide centres to zeros, never to NaN")
  func zeroSizeExample() {
    let inputs = Tensor([[2, 3, 2, 3, 2, 3], [0, 0, 2, 0, 1, 3]])
    for normalise in [false, true] {
      let result = centred(inputs, normalisingScale: normalise)
      #expect(
        result.isFinite && Array(result.scalars[0..<6]) == [0, 0, 0, 0, 0, 0],
        """
        normalisingScale \(normalise): three copies of (2, 3) centre to zeros; a radius of 0 \
        has no scale to divide by (dividing gives NaN). Got \(result.scalars)
        """)
    }
  }

  @Test("points of 3 coordinates are centred coordinate by coordinate")
  func threeDimensions() {
    let inputs = Tensor([[1, 2, 3, 3, 2, 1]])
    expectClose(
      centred(inputs, dimensions: 3), Tensor([[-1, 0, 1, 1, 0, -1]]),
      "two points (1, 2, 3) and (3, 2, 1) around (2, 2, 2): a point is `dimensions` features")
  }

  @Test("the fix: centred, the model holds its accuracy on a translated validation set")
  func centringHoldsAccuracyUnderTranslation() {
    for seed: UInt64 in [3, 4, 7] {
      let broken = makePositionRun(.broken, seed: seed)
      let healthy = makePositionRun(.healthy, seed: seed)
      let brokenAccuracy = broken.translatedAccuracy ?? .nan
      let healthyAccuracy = healthy.translatedAccuracy ?? .nan
      #expect(
        healthyAccuracy >= 0.95,
        """
        seed \(seed): with every example centred, moving the validation set by (12, 12) changes \
        nothing the model sees, so it should keep at least 95% accuracy; got \
        \(healthyAccuracy). Are training and validation inputs both centred?
        """)
      #expect(
        brokenAccuracy <= 0.6,
        """
        seed \(seed): the raw run should fall apart on the translated set (at most 60%, \
        chance is 25%); got \(brokenAccuracy)
        """)
    }
  }

  @Test("centring the decoy destroys its signal: its label was the position")
  func centringTheDecoyHurts() {
    let raw = makePositionRun(.decoy, seed: 1)
    let destroyed = makePositionRun(.decoy, seed: 1, centring: true)
    #expect(
      destroyed.telemetry.firstNonFiniteStep == nil,
      "the centred decoy must train on finite inputs; a NaN means centred(_:) is not written")
    #expect(
      raw.validationAccuracy >= 0.9 && destroyed.validationAccuracy < 0.5,
      """
      the decoy's label is its quadrant: raw coordinates should give at least 90% \
      (got \(raw.validationAccuracy)), centred ones near chance, 25% (got \
      \(destroyed.validationAccuracy))
      """)
  }

  @Test("coordinates that are not whole points stop with a message naming the shape")
  func partialPointsAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = centred(Tensor([[1, 2, 3]]))
    }
    expectMessage(result, contains: ["centred", "[1, 3]"])
  }

  @Test("a vector instead of a matrix stops with a message naming the shape")
  func vectorIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = centred(Tensor([1, 2, 3, 4]))
    }
    expectMessage(result, contains: ["centred", "[4]"])
  }
}
