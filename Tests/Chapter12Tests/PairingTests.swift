import CheckingResults
import DataPipeline
import Foundation
import Tensors
import TestSupport
import Testing
import WorkbookSupport

/// Three 1 x 2 "images" with ids 5, 3, 9 and labels listed in another order.
func tinyExport() -> RawImages {
  RawImages(
    images: [
      ImageRecord(id: 5, width: 1, height: 2, pixels: [0.5, 0.25]),
      ImageRecord(id: 3, width: 1, height: 2, pixels: [0.3, 0.75]),
      ImageRecord(id: 9, width: 1, height: 2, pixels: [0.9, 1]),
    ],
    labels: [
      LabelRecord(id: 9, label: 2), LabelRecord(id: 5, label: 0), LabelRecord(id: 3, label: 1),
    ])
}

func digitExport(_ fault: ExportFault, seed: UInt64 = 4) -> RawImages {
  exportImages(
    Datasets.digits(count: 20, noise: 0.2, seed: seed), width: 5, height: 7, fault: fault,
    seed: seed)
}

@Suite("12.3 Pairing by identifier, checking the layout")
struct PairingTests {
  @Test("every image gets the label with its own identifier, in the images' order")
  func joinsOnTheIdentifier() {
    let data = pairByIdentifier(tinyExport(), width: 1, height: 2)
    #expect(
      data.labels == [0, 1, 2],
      """
      image 5 has label 0, image 3 label 1, image 9 label 2, whatever order the label file \
      lists them in; got \(data.labels) (pairing by position gives [2, 0, 1])
      """)
    expectClose(
      data.inputs, Tensor([[0.5, 0.25], [0.3, 0.75], [0.9, 1]]), tolerance: 0,
      "row i is the pixels of the i-th image record, unchanged")
  }

  @Test("on the label file shifted by one, it rebuilds exactly the data set of the right export")
  func repairsTheShift() {
    let repaired = pairByIdentifier(digitExport(.labelsShiftedByOne), width: 5, height: 7)
    let right = pairByPosition(digitExport(.none))
    let shifted = pairByPosition(digitExport(.labelsShiftedByOne))
    #expect(
      repaired.labels == right.labels && repaired.inputs == right.inputs,
      """
      joined on identifiers, the shifted export must give the same labels as the right one: \
      \(right.labels), got \(repaired.labels)
      """)
    #expect(shifted.labels != right.labels, "(pairing the shifted export by position does not)")
  }

  @Test(
    "the fix reaches 90% validation accuracy where the same export paired by position stays at chance",
    arguments: [1, 2] as [UInt64])
  func fixBeatsTheBrokenPipeline(seed: UInt64) throws {
    let raw = makeResultsExport(.broken, seed: seed)
    let repaired = pairByIdentifier(raw, width: 5, height: 7)
    try #require(
      repaired.count == raw.images.count && repaired.featureCount == 35,
      "pairByIdentifier must return one 35-pixel row per image; got \(repaired.count) rows")
    let fixed = trainingAndValidation(repaired)
    let fixedRun = trainClassifier(
      training: fixed.training, validation: fixed.validation, seed: seed &+ 2)
    let broken = trainingAndValidation(pairByPosition(raw))
    let brokenRun = trainClassifier(
      training: broken.training, validation: broken.validation, seed: seed &+ 2)
    #expect(
      fixedRun.validation.accuracy >= 0.9,
      """
      paired by identifier, clean digits are easy (ref: validation 1.0); got \
      \(fixedRun.validation.accuracy)
      """)
    #expect(
      brokenRun.validation.accuracy < 0.19 && brokenRun.training.accuracy > 0.9,
      """
      the same seeds paired by position memorise the training labels and stay below the \
      chance bar on validation (ref: 1.0 and 0.13); got \(brokenRun.training.accuracy) and \
      \(brokenRun.validation.accuracy)
      """)
  }

  @Test("layoutProblem is nil for a right record and names a swapped width and height")
  func layoutProblemNamesTheSwap() {
    let right = digitExport(.none).images[0]
    let transposed = digitExport(.transposed).images[0]
    #expect(
      layoutProblem(of: right, width: 5, height: 7) == nil,
      "a 5 x 7 record with 35 pixels is fine: nil; got \(String(describing: layoutProblem(of: right, width: 5, height: 7)))"
    )
    let message = layoutProblem(of: transposed, width: 5, height: 7) ?? ""
    for fragment in ["image \(transposed.id)", "7 wide", "5 high", "5 x 7", "swapped"] {
      #expect(
        message.contains(fragment),
        """
        a record declaring 7 x 5 when 5 x 7 is expected is a transposed image: the message \
        should contain "\(fragment)"; got "\(message)"
        """)
    }
  }

  @Test("layoutProblem names any other wrong size, and a pixel count that does not match")
  func layoutProblemNamesOtherSizes() {
    let long = ImageRecord(id: 8, width: 35, height: 1, pixels: Array(repeating: 0, count: 35))
    let other = layoutProblem(of: long, width: 5, height: 7) ?? ""
    #expect(
      other.contains("image 8") && other.contains("35 wide") && other.contains("5 x 7")
        && !other.contains("swapped"),
      "35 x 1 is wrong but not a swap: name the sizes, not a transposition; got \"\(other)\"")
    let short = ImageRecord(id: 2, width: 5, height: 7, pixels: Array(repeating: 0, count: 34))
    let count = layoutProblem(of: short, width: 5, height: 7) ?? ""
    #expect(
      count.contains("image 2") && count.contains("34") && count.contains("35"),
      "a 5 x 7 header over 34 pixels: name both counts; got \"\(count)\"")
  }

  @Test("a transposed image stops pairByIdentifier with the swap named")
  func transposedExportStops() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "pairByIdentifier accepted transposed images: check every image with layoutProblem first"
    ) {
      _ = pairByIdentifier(digitExport(.transposed), width: 5, height: 7)
    }
    expectMessage(
      result, contains: ["pairByIdentifier", "7 wide", "swapped"],
      "check every image's layout with layoutProblem and stop with its message")
  }

  @Test("an image without a label, or a label without an image, stops with the identifier")
  func unmatchedIdentifiersStop() async {
    let missing = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "image 3 has no label: stop with its identifier, never give it a default label"
    ) {
      var raw = tinyExport()
      raw.labels.removeAll { $0.id == 3 }
      _ = pairByIdentifier(raw, width: 1, height: 2)
    }
    expectMessage(missing, contains: ["pairByIdentifier", "3"])
    let orphan = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "the label of image 42 has no image: stop, a label left over means the files do not match"
    ) {
      var raw = tinyExport()
      raw.labels.append(LabelRecord(id: 42, label: 1))
      _ = pairByIdentifier(raw, width: 1, height: 2)
    }
    expectMessage(orphan, contains: ["pairByIdentifier", "42"])
  }

  @Test("an identifier listed twice stops: a join must not guess")
  func duplicateIdentifiersStop() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "image 5 is listed twice in the labels: stop, never keep the first or the last one"
    ) {
      var raw = tinyExport()
      raw.labels.append(LabelRecord(id: 5, label: 1))
      _ = pairByIdentifier(raw, width: 1, height: 2)
    }
    expectMessage(result, contains: ["pairByIdentifier", "5"])
  }
}
