import Preprocessing
import Tensors
import TestSupport
import Testing

@Suite("13.1 Frame statistics")
struct FrameStatisticsTests {
  @Test("two segments of length 2, one at x = 0 and one at x = 4: spread 2, size 1, share 1")
  func twoSegments() {
    let inputs = Tensor([[-1, 0, 1, 0], [3, 0, 5, 0]])
    let statistics = frameStatistics(inputs, labels: [0, 1], classes: 2)
    #expect(
      statistics.centroids == [[0, 0], [4, 0]],
      """
      the centroid of an example is the mean of ITS points, one coordinate at a time: \
      expected [[0, 0], [4, 0]], got \(statistics.centroids)
      """)
    #expect(
      isClose(statistics.centroidSpread, 2),
      """
      the centroid spread is the RMS distance of the centroids from their mean (2, 0): \
      expected 2, got \(statistics.centroidSpread)
      """)
    #expect(
      isClose(statistics.shapeSize, 1),
      """
      the shape size is the RMS distance of every point from its own example's centroid: \
      expected 1, got \(statistics.shapeSize). Measuring from the data set's mean centroid \
      mixes the position into the size
      """)
    #expect(
      isClose(statistics.positionLabelShare, 1),
      """
      each class sits in its own place, so the class explains all of the centroids' \
      variance: expected 1, got \(statistics.positionLabelShare)
      """)
  }

  @Test("centroids that wander the same way in every class: the class explains none of it")
  func shareIsZeroWhenClassMeansCoincide() {
    // Class 0 at (2, 0) and (-2, 0), class 1 at (0, 2) and (0, -2): both class means are the
    // overall mean (0, 0). Each example is a segment of half-length 0.5.
    let inputs = Tensor([
      [1.5, 0, 2.5, 0], [-2.5, 0, -1.5, 0], [0, 1.5, 0, 2.5], [0, -2.5, 0, -1.5],
    ])
    let statistics = frameStatistics(inputs, labels: [0, 0, 1, 1], classes: 2)
    #expect(isClose(statistics.centroidSpread, 2), "every centroid is 2 from (0, 0)")
    #expect(isClose(statistics.shapeSize, 0.5), "every point is 0.5 from its centroid")
    #expect(
      abs(statistics.positionLabelShare) < 1e-12,
      """
      the two class means coincide with the overall mean, so the between-class sum of squares \
      sum_c N_c ||cbar_c - cbar||^2 is 0: expected a share of 0, got \
      \(statistics.positionLabelShare)
      """)
    #expect(
      isClose(statistics.spreadRatio, 4),
      "spreadRatio is centroidSpread / shapeSize = 4, got \(statistics.spreadRatio)")
  }

  @Test("points of 3 coordinates: centroids, size and a share of 0 when nothing moves")
  func threeDimensionalPoints() {
    let inputs = Tensor([[0, 0, 0, 2, 2, 2], [1, 1, 1, 1, 1, 1]])
    let statistics = frameStatistics(inputs, labels: [0, 0], classes: 1, dimensions: 3)
    #expect(
      statistics.centroids == [[1, 1, 1], [1, 1, 1]],
      "with dimensions 3 a point is 3 consecutive features, got \(statistics.centroids)")
    #expect(
      abs(statistics.centroidSpread) < 1e-12 && abs(statistics.positionLabelShare) < 1e-12,
      """
      both centroids are (1, 1, 1): spread 0, and a share of 0 (not NaN) when the centroids \
      do not vary at all; got \(statistics.centroidSpread) and \(statistics.positionLabelShare)
      """)
    #expect(
      isClose(statistics.shapeSize, 1.5.squareRoot()),
      """
      the size is the RMS over ALL points of all examples: sqrt((3 + 3 + 0 + 0) / 4) = \
      1.2247, got \(statistics.shapeSize)
      """)
  }

  @Test("moving the whole data set moves the centroids, and changes no other number")
  func translationOfTheWholeSet() {
    let set = arrows(count: 40, seed: 131)
    let moved = set.inputs + 7.5
    let before = frameStatistics(set.inputs, labels: set.labels, classes: 4)
    let after = frameStatistics(moved, labels: set.labels, classes: 4)
    for (a, b) in zip(before.centroids, after.centroids) {
      #expect(isClose(b[0], a[0] + 7.5) && isClose(b[1], a[1] + 7.5))
    }
    #expect(
      isClose(before.centroidSpread, after.centroidSpread, tolerance: 1e-9)
        && isClose(before.shapeSize, after.shapeSize, tolerance: 1e-9)
        && isClose(before.positionLabelShare, after.positionLabelShare, tolerance: 1e-9),
      """
      spread, size and share measure differences, so moving every example by the same amount \
      changes none of them: spread \(before.centroidSpread) -> \(after.centroidSpread), size \
      \(before.shapeSize) -> \(after.shapeSize), share \(before.positionLabelShare) -> \
      \(after.positionLabelShare)
      """)
  }

  @Test("random offsets change the centroids' spread, not the shapes' size")
  func offsetsMoveCentroidsNotShapes() {
    // The same stream of arrows, once without offsets and once with offsets in -3...3.
    let still = arrows(count: 40, offsets: 0...0, seed: 132)
    let moving = arrows(count: 40, offsets: -3...3, seed: 132)
    let a = frameStatistics(still.inputs, labels: still.labels, classes: 4)
    let b = frameStatistics(moving.inputs, labels: moving.labels, classes: 4)
    #expect(
      isClose(a.shapeSize, b.shapeSize, tolerance: 1e-9),
      """
      the offsets move whole examples, so the size measured from each example's own \
      centroid must not change: \(a.shapeSize) without offsets, \(b.shapeSize) with
      """)
    #expect(
      a.centroidSpread < 0.2 && b.centroidSpread > 1.5,
      """
      without offsets the centroids barely move (noise only), with offsets in -3...3 they \
      wander by about sqrt(6) = 2.45: got \(a.centroidSpread) and \(b.centroidSpread)
      """)
  }

  @Test("the broken run's arrows wander 2-5 times their size; their place says nothing")
  func brokenRunStatistics() {
    for seed: UInt64 in [1, 2, 3] {
      let set = positionRunData(.broken, seed: seed).training
      let statistics = frameStatistics(set.inputs, labels: set.labels, classes: 4)
      #expect(
        (2...5).contains(statistics.spreadRatio),
        """
        seed \(seed): offsets in -3...3 move arrows of RMS radius about 0.75 by about 3 times \
        their size, got a spread ratio of \(statistics.spreadRatio)
        """)
      #expect(
        statistics.positionLabelShare < 0.3,
        """
        seed \(seed): the offsets are drawn independently of the direction, so the class \
        explains only chance-level (about (C-1)/(N-1) = 0.077) of the centroids' variance, \
        got \(statistics.positionLabelShare)
        """)
    }
  }

  @Test("the decoy's arrows are labelled by their quadrant: the class explains most of it")
  func decoyStatistics() {
    for seed: UInt64 in [1, 2, 3] {
      let set = positionRunData(.decoy, seed: seed).training
      let statistics = frameStatistics(set.inputs, labels: set.labels, classes: 4)
      #expect(
        statistics.positionLabelShare > 0.7,
        """
        seed \(seed): the label is the quadrant of the centroid, so the class means sit far \
        apart and explain most of the variance, got a share of \
        \(statistics.positionLabelShare). Is the between-class term weighted by N_c?
        """)
    }
  }

  @Test("features that are not whole points stop with a message naming the numbers")
  func partialPointsAreRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "3 features are not whole points of 2 coordinates: check features % dimensions == 0"
    ) {
      _ = frameStatistics(Tensor([[1, 2, 3]]), labels: [0], classes: 1)
    }
    expectMessage(result, contains: ["frameStatistics", "3", "2"])
  }

  @Test("a label count that does not match the examples stops with a message")
  func mismatchedLabelsAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = frameStatistics(Tensor([[1, 2, 3, 4]]), labels: [0, 1], classes: 2)
    }
    expectMessage(result, contains: ["frameStatistics", "2 labels", "1 example"])
  }

  @Test("a label out of range stops with a message naming it")
  func labelOutOfRangeIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = frameStatistics(Tensor([[1, 2, 3, 4], [0, 0, 1, 1]]), labels: [0, 5], classes: 2)
    }
    expectMessage(result, contains: ["frameStatistics", "label 5", "2 classes"])
  }

  @Test("an empty data set stops with a message naming the shape")
  func emptyInputsAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = frameStatistics(Tensor(shape: [0, 4], scalars: []), labels: [], classes: 2)
    }
    expectMessage(result, contains: ["frameStatistics", "[0, 4]"])
  }
}
