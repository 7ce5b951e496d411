import Preprocessing
import Tensors
import TestSupport
import Testing
import Training

@Suite("13.5 A label-aware flip")
struct FlipTests {
  @Test("a right arrow becomes a left arrow labelled left; an up arrow stays up")
  func knownAnswer() {
    let inputs = Tensor([
      [1, 0, 0.3, 0.5, 0.3, -0.5, 0, 0, -1, 0], [0, 1, -0.5, 0.3, 0.5, 0.3, 0, 0, 0, -1],
    ])
    let flipped = labelAwareFlip(inputs, labels: [0, 2], mirror: arrowMirror)
    expectClose(
      flipped.inputs,
      Tensor([
        [-1, 0, -0.3, 0.5, -0.3, -0.5, 0, 0, 1, 0], [0, 1, 0.5, 0.3, -0.5, 0.3, 0, 0, 0, -1],
      ]),
      "a left-right mirror negates every point's x (features 0, 2, 4, ...) and keeps its y")
    #expect(
      flipped.labels == [1, 2],
      """
      the mirror image of class c is class mirror[c]: right (0) becomes left (1), up (2) \
      stays up; got \(flipped.labels)
      """)
  }

  @Test("flipping twice gives back the inputs and the labels")
  func flipTwiceIsIdentity() {
    let set = arrows(count: 24, seed: 137)
    let once = labelAwareFlip(set.inputs, labels: set.labels, mirror: arrowMirror)
    let twice = labelAwareFlip(once.inputs, labels: once.labels, mirror: arrowMirror)
    expectClose(
      twice.inputs, set.inputs, tolerance: 0, "a mirror image of a mirror image is the original")
    #expect(twice.labels == set.labels, "the labels too: mirror[mirror[c]] == c")
    #expect(once.inputs != set.inputs, "one flip must change the inputs")
  }

  @Test("after the flip, what each arrow shows is what its label says")
  func flippedArrowsMatchTheirLabels() {
    let set = flipRunData(.broken, seed: 2).training
    let flipped = labelAwareFlip(set.inputs, labels: set.labels, mirror: arrowMirror)
    let read = arrowDirectionRule()(flipped.inputs)
    let wrong = zip(read, flipped.labels).count { $0 != $1 }
    #expect(
      wrong == 0 && flipped.labels != set.labels,
      """
      the arrow rule reads the direction each flipped arrow shows; \(wrong) of \
      \(set.count) labels disagree with it. Map every label through mirror, the right and \
      left ones included
      """)
  }

  @Test("classes that look the same in a mirror keep their label")
  func symmetricClassesKeepTheirLabel() {
    let set = arrows(count: 20, directions: [.up, .down], seed: 138)
    let flipped = labelAwareFlip(set.inputs, labels: set.labels, mirror: [0, 1])
    #expect(flipped.labels == set.labels, "with mirror [0, 1] no label changes")
    let yCoordinates = { (t: Tensor) in stride(from: 1, to: t.count, by: 2).map { t.scalars[$0] } }
    #expect(
      yCoordinates(flipped.inputs) == yCoordinates(set.inputs),
      "a left-right flip leaves every y coordinate as it was")
  }

  @Test("with 3 coordinates per point only the first is negated")
  func threeDimensions() {
    let flipped = labelAwareFlip(
      Tensor([[1, 2, 3, -4, 5, 6]]), labels: [0], mirror: [0], dimensions: 3)
    expectClose(
      flipped.inputs, Tensor([[-1, 2, 3, 4, 5, 6]]),
      "a point is `dimensions` features; the mirror negates its first coordinate only")
  }

  @Test("the fix: with the labels mirrored, the flipped run learns left from right")
  func labelAwareFlipFixesTheRun() {
    for seed: UInt64 in [1, 2] {
      let broken = makeFlipRun(.broken, seed: seed)
      let healthy = makeFlipRun(.healthy, seed: seed)
      let leftRight = { (run: FlipRunResult) in
        (run.classAccuracies[0] + run.classAccuracies[1]) / 2
      }
      #expect(
        healthy.validationAccuracy >= 0.95 && leftRight(healthy) >= 0.9,
        """
        seed \(seed): with a label-aware flip every augmented example tells the truth, so the \
        model should reach at least 95% (got \(healthy.validationAccuracy)) and 90% on right \
        and left (got \(leftRight(healthy)))
        """)
      #expect(
        broken.validationAccuracy <= 0.85 && leftRight(broken) <= 0.75,
        """
        seed \(seed): the naive flip contradicts itself on right and left, capping them near \
        chance (50%): expected at most 85% overall and 75% on right and left, got \
        \(broken.validationAccuracy) and \(leftRight(broken))
        """)
    }
  }

  @Test("a mirror that does not undo itself stops with a message naming the classes")
  func mirrorMustBeAnInvolution() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "mirror [1, 2, 0] does not undo itself (0 -> 1 -> 2): check mirror[mirror[c]] == c"
    ) {
      _ = labelAwareFlip(Tensor([[1, 0, 2, 0]]), labels: [0], mirror: [1, 2, 0])
    }
    expectMessage(result, contains: ["labelAwareFlip", "mirror", "[1, 2, 0]"])
  }

  @Test("a mirror class that does not exist stops with a message")
  func mirrorOutOfRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "mirror [0, 5] names a class 5 that does not exist: a mirror must undo itself"
    ) {
      _ = labelAwareFlip(Tensor([[1, 0, 2, 0]]), labels: [0], mirror: [0, 5])
    }
    expectMessage(result, contains: ["labelAwareFlip", "5"])
  }

  @Test("a label count that does not match the examples stops with a message")
  func labelCountIsChecked() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = labelAwareFlip(Tensor([[1, 0, 2, 0]]), labels: [0, 1], mirror: [1, 0])
    }
    expectMessage(result, contains: ["labelAwareFlip", "2 labels", "1 example"])
  }

  @Test("a label with no mirror class stops with a message naming it")
  func labelOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = labelAwareFlip(Tensor([[1, 0, 2, 0]]), labels: [4], mirror: [1, 0])
    }
    expectMessage(result, contains: ["labelAwareFlip", "label 4"])
  }
}
