import CheckingResults
import Foundation
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("12.4 Predictions next to the truth")
struct PredictionGalleryTests {
  @Test("two images side by side, each with 'true L' and 'pred P', a mistake marked with !")
  func knownGallery() {
    let text = renderPredictions(
      images: Tensor([[0, 1, 1, 0], [1, 0, 0, 1]]), labels: [3, 4], predictions: [3, 7],
      width: 2)
    let expected = [
      "  @@      @@",
      "@@          @@",
      "true 3    true 4",
      "pred 3    pred 7 !",
    ].joined(separator: "\n")
    #expect(
      text.contains("true 4") && !text.contains("true 7"),
      "the caption 'true L' shows the label (4), not the prediction (7); got\n\(text)")
    #expect(
      text == expected,
      """
      each cell is the bitmap (renderBitmap, 2 characters per pixel), then "true L", then \
      "pred P" with " !" when P != L; cells padded to the widest line (8 here) and joined by \
      two spaces, trailing spaces removed. Expected
      \(expected)
      got
      \(text)
      """)
  }

  @Test("perRow images to a row of cells, rows separated by an empty line")
  func wrapsIntoRows() {
    let images = Tensor(shape: [3, 2], scalars: [0, 1, 1, 0, 1, 1])
    let text = renderPredictions(
      images: images, labels: [0, 1, 2], predictions: [0, 1, 0], width: 2, perRow: 2,
      range: 0...1)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let likely =
      lines.count == 7 && lines[4] != "@@@@"
      ? "\nthe third image is all 1s: drawn with range: 0...1 it is \"@@@@\"; pass the range to "
        + "renderBitmap (without it, each image is stretched to its own min and max)" : ""
    #expect(
      lines.count == 7 && lines[3].isEmpty && lines[4] == "@@@@" && lines[5] == "true 2"
        && lines[6] == "pred 0 !",
      """
      3 images, 2 per row: a first row of cells (1 bitmap line + 2 captions), an empty line, \
      then the third image alone; got
      \(text)\(likely)
      """)
  }

  @Test("a gallery of 12 digits: every bitmap drawn exactly, every line within 80 columns")
  func digitsGallery() {
    let digits = Datasets.digits(count: 12, noise: 0.1, seed: 3)
    let images = Tensor(shape: [12, 35], scalars: digits.inputs.flatMap { $0 })
    let predictions = digits.labels.map { ($0 * 3) % 10 }
    let text = renderPredictions(
      images: images, labels: digits.labels, predictions: predictions, width: 5, range: 0...1)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(
      lines.count == 19 && lines.allSatisfy { $0.count <= 80 },
      "12 images, 6 per row: 2 rows of 9 lines and one empty line, within 80 columns; got \(lines.count) lines"
    )
    guard lines.count == 19 else { return }
    let first = Datasets.renderBitmap(digits.inputs[0], width: 5, range: 0...1)
      .split(separator: "\n", omittingEmptySubsequences: false)
    let drawn = lines[0..<7].map { String($0.prefix(10)) }
    #expect(
      drawn == first.map { String($0.prefix(10)) },
      "the first cell must be renderBitmap(image, width: 5, range: 0...1), line by line")
    let marks = text.components(separatedBy: " !").count - 1
    let mistakes = zip(digits.labels, predictions).count { $0 != $1 }
    #expect(
      marks == mistakes,
      "every wrong prediction is marked with \" !\" and no right one: \(mistakes) mistakes, \(marks) marks"
    )
  }

  @Test("a width that does not divide the pixels stops, listing the widths that do")
  func wrongWidthStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = renderPredictions(
        images: Tensor(shape: [1, 35], repeating: 0.5), labels: [1], predictions: [1], width: 6)
    }
    expectMessage(
      result, contains: ["renderPredictions", "35", "6", "[1, 5, 7, 35]"],
      """
      check pixels % width == 0 first and name the widths that work: 35 = 5 x 7, only 1, 5, 7 \
      and 35 divide it, which is why prime sizes catch a wrong one
      """
    )
  }

  @Test("a prediction or label missing for an image stops with the three counts")
  func mismatchedCountsStop() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = renderPredictions(
        images: Tensor(shape: [3, 4], repeating: 0), labels: [1, 2, 3], predictions: [1, 2],
        width: 2)
    }
    expectMessage(result, contains: ["renderPredictions", "3", "2"])
  }
}
