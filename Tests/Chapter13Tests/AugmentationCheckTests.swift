import Preprocessing
import Tensors
import TestSupport
import Testing
import Training

/// Class c's label becomes c + 1 (mod classes), the inputs untouched: the opposite bug, a
/// label changed without the input.
func shiftedLabels(classes: Int) -> Augmentation {
  Augmentation(name: "labels shifted by one") { inputs, labels in
    (inputs, labels.map { ($0 + 1) % classes })
  }
}

@Suite("13.4 Check that an augmentation keeps the labels")
struct AugmentationCheckTests {
  @Test(
    "the naive flip, judged by the arrow rule: right and left change meaning, up and down do not")
  func naiveFlipJudgedByTheRule() {
    let set = flipRunData(.broken, seed: 1).training
    let findings = checkLabelPreservation(
      .naiveFlip, inputs: set.inputs, labels: set.labels, classes: 4,
      labeller: arrowDirectionRule())
    #expect(
      findings.symptoms == [.augmentationChangesLabels],
      """
      a mirror image of an arrow pointing right points left, and the naive flip still calls \
      it "right": expected one finding, augmentation changes the label (the drop is the \
      agreement before minus after augmenting); got \(findings.symptoms)
      """)
    let found = evidence(of: .augmentationChangesLabels, in: findings)
    #expect(
      found.map(\.location) == [.target(0), .target(1)],
      """
      exactly classes 0 (right) and 1 (left) change meaning, in increasing order; up and down \
      look the same in a mirror. Got \(found.map(\.location))
      """)
    #expect(
      found.allSatisfy {
        $0.side == .above && $0.threshold == LabelPreservationThresholds.agreementDrop
          && $0.measured > 0.9
      },
      """
      the rule agreed with every right and left arrow before the flip and with none after: a \
      drop near 1, above LabelPreservationThresholds.agreementDrop; got \(found)
      """)
  }

  @Test("it flags the broken run, judged by a model trained without the augmentation")
  func flagsTheBrokenRun() {
    for seed: UInt64 in [1, 2] {
      let run = makeFlipRun(.broken, seed: seed)
      let findings = checkLabelPreservation(
        run.augmentation, inputs: run.training.inputs, labels: run.training.labels,
        classes: 4, labeller: modelLabeller(run.reference))
      let found = evidence(of: .augmentationChangesLabels, in: findings)
      #expect(
        findings.symptoms == [.augmentationChangesLabels]
          && found.map(\.location) == [.target(0), .target(1)]
          && found.allSatisfy { $0.measured > 0.5 },
        """
        seed \(seed): a model trained on un-augmented arrows reads the flipped right arrows \
        as left: classes 0 and 1 must be flagged, with a drop above 0.5; got \(findings.report)
        """)
    }
  }

  @Test("it stays quiet on the healthy run: the flip mirrors the label too")
  func quietOnTheHealthyRun() {
    for seed: UInt64 in [1, 2] {
      let run = makeFlipRun(.broken, seed: seed)  // the same data and reference as healthy
      let findings = checkLabelPreservation(
        oracleLabelAwareFlip(mirror: arrowMirror), inputs: run.training.inputs,
        labels: run.training.labels, classes: 4, labeller: modelLabeller(run.reference))
      #expect(
        findings.isEmpty,
        """
        seed \(seed): a flip that turns the label "right" into "left" with the arrow keeps \
        every label true; compare the labeller with the AUGMENTED labels, not the original \
        ones. Got \(findings.report)
        """)
    }
  }

  @Test("it stays quiet on the decoy: flipping up and down arrows changes no meaning")
  func quietOnTheDecoy() {
    for seed: UInt64 in [1, 2] {
      let run = makeFlipRun(.decoy, seed: seed)
      for (name, labeller) in [
        ("its reference model", modelLabeller(run.reference)),
        ("the arrow rule", arrowDirectionRule([.up, .down])),
      ] {
        let findings = checkLabelPreservation(
          run.augmentation, inputs: run.training.inputs, labels: run.training.labels,
          classes: 2, labeller: labeller)
        #expect(
          findings.isEmpty,
          """
          seed \(seed), judged by \(name): the same naive flip is harmless when no class \
          depends on left and right; a check that flags the code instead of measuring its \
          effect fails here. Got \(findings.report)
          """)
      }
    }
  }

  @Test("changing the label without the input is caught too, in every class")
  func labelsChangedWithoutInputs() {
    let set = flipRunData(.broken, seed: 3).training
    let findings = checkLabelPreservation(
      shiftedLabels(classes: 4), inputs: set.inputs, labels: set.labels, classes: 4,
      labeller: arrowDirectionRule())
    #expect(
      evidence(of: .augmentationChangesLabels, in: findings).map(\.location)
        == [.target(0), .target(1), .target(2), .target(3)],
      """
      labels shifted by one with the arrows unchanged: the rule never agrees with the new \
      labels, so all four classes are flagged; got \(findings.report)
      """)
  }

  @Test("the identity changes nothing and is not flagged")
  func identityIsQuiet() {
    let set = flipRunData(.broken, seed: 4).training
    let findings = checkLabelPreservation(
      .identity, inputs: set.inputs, labels: set.labels, classes: 4,
      labeller: arrowDirectionRule())
    #expect(
      findings.isEmpty,
      "an augmentation that changes nothing keeps every label; got \(findings.report)")
  }

  @Test("a labeller that disagrees before augmenting is reported as untrusted, not as a verdict")
  func untrustedLabeller() {
    let set = flipRunData(.broken, seed: 5).training
    // A labeller that calls every arrow "up": right only for class 2.
    let findings = checkLabelPreservation(
      .naiveFlip, inputs: set.inputs, labels: set.labels, classes: 4,
      labeller: { [Int](repeating: 2, count: $0.shape[0]) })
    #expect(
      findings.symptoms == [.untrustedLabeller],
      """
      a labeller that agrees with no right, left or down arrow cannot judge those classes: \
      expected only the finding "labeller disagrees with the labels", got \(findings.symptoms)
      """)
    let found = evidence(of: .untrustedLabeller, in: findings)
    #expect(
      found.map(\.location) == [.target(0), .target(1), .target(3)]
        && found.allSatisfy { $0.measured == 0 && $0.side == .below },
      """
      classes 0, 1 and 3 have an agreement of 0 before augmenting, below \
      LabelPreservationThresholds.trustedAgreement; class 2 is judged (and keeps its label). \
      Got \(found)
      """)
  }

  @Test("a class with no example in the batch is skipped")
  func emptyClassIsSkipped() {
    let set = flipRunData(.decoy, seed: 6).training  // up and down only: labels 0 and 1
    let findings = checkLabelPreservation(
      .identity, inputs: set.inputs, labels: set.labels, classes: 5,
      labeller: arrowDirectionRule([.up, .down]))
    #expect(
      findings.isEmpty,
      "classes 2, 3 and 4 have no example: nothing to measure, no finding; got \(findings.report)")
  }

  @Test("a labeller that returns the wrong number of labels stops with a message")
  func labellerCountIsChecked() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkLabelPreservation(
        .identity, inputs: Tensor([[0, 1, 0, -1], [1, 0, -1, 0]]), labels: [0, 1], classes: 2,
        labeller: { _ in [0] })
    }
    expectMessage(result, contains: ["checkLabelPreservation", "labeller", "1", "2"])
  }

  @Test("an augmentation that drops examples stops with a message naming the shapes")
  func augmentationShapeIsChecked() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let dropper = Augmentation(name: "drops a row") { inputs, labels in
        (Tensor(shape: [1, 4], scalars: Array(inputs.scalars[0..<4])), [labels[0]])
      }
      _ = checkLabelPreservation(
        dropper, inputs: Tensor([[0, 1, 0, -1], [1, 0, -1, 0]]), labels: [0, 1], classes: 2,
        labeller: { _ in [0, 1] })
    }
    expectMessage(result, contains: ["checkLabelPreservation", "drops a row", "[2, 4]", "[1, 4]"])
  }

  @Test("an empty batch stops with a message naming the shape")
  func emptyBatchIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkLabelPreservation(
        .identity, inputs: Tensor(shape: [0, 4], scalars: []), labels: [], classes: 2,
        labeller: { _ in [] })
    }
    expectMessage(result, contains: ["checkLabelPreservation", "[0, 4]"])
  }

  @Test("a label out of range stops with a message naming it")
  func labelOutOfRangeIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkLabelPreservation(
        .identity, inputs: Tensor([[0, 1, 0, -1]]), labels: [7], classes: 2,
        labeller: { _ in [0] })
    }
    expectMessage(result, contains: ["checkLabelPreservation", "7", "2 classes"])
  }
}
