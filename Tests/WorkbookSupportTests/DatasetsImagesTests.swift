import Foundation
import Testing
import WorkbookSupport

@Suite("Datasets: pixel images, digit bitmaps and the text renderer")
struct DatasetsImagesTests {
  @Test("a clean digit bitmap renders back to its string art, and the ten glyphs differ")
  func digitGlyphs() {
    let one = Datasets.renderBitmap(Datasets.digitBitmap(1), width: Datasets.digitWidth)
    let expected = [
      "    @@    ",
      "  @@@@    ",
      "    @@    ",
      "    @@    ",
      "    @@    ",
      "    @@    ",
      "  @@@@@@  ",
    ]
    #expect(one == expected.joined(separator: "\n"), "\n\(one)")
    let glyphs = (0...9).map(Datasets.digitBitmap)
    #expect(glyphs.allSatisfy { $0.count == 35 && $0.allSatisfy { $0 == 0 || $0 == 1 } })
    #expect(Set(glyphs).count == 10, "two digits share a glyph")
    // Every glyph touches the top and bottom rows: the art is 7 rows, not 6 or 8.
    for glyph in glyphs {
      #expect(glyph[0..<5].contains(1) && glyph[30..<35].contains(1))
    }
  }

  @Test("digits: 35 features in [0, 1], grouped by digit, the remainder to the first digits")
  func digitsShape() {
    let data = Datasets.digits(count: 23, noise: 0.3, seed: 1)
    #expect(data.count == 23 && data.classCount == 10)
    #expect(data.inputs.allSatisfy { $0.count == 35 && $0.allSatisfy { (0...1).contains($0) } })
    let sizes = [3, 3, 3, 2, 2, 2, 2, 2, 2, 2]
    #expect(data.labels == sizes.enumerated().flatMap { Array(repeating: $0, count: $1) })

    let clean = Datasets.digits(count: 10, noise: 0, seed: 1)
    #expect(clean.inputs == (0...9).map(Datasets.digitBitmap), "noise 0 gives the clean glyphs")
  }

  @Test("noisy digits stay closest to their own glyph")
  func digitsRecognisable() {
    let data = Datasets.digits(count: 200, noise: 0.2, seed: 2)
    let glyphs = (0...9).map(Datasets.digitBitmap)
    var correct = 0
    for (image, label) in zip(data.inputs, data.labels) {
      let distances = glyphs.map { glyph in
        zip(image, glyph).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
      }
      if distances.firstIndex(of: distances.min()!) == label { correct += 1 }
    }
    #expect(correct >= 190, "nearest-glyph accuracy \(correct) / 200")
  }

  @Test("pixelImages: whole numbers in 0...255, grouped by class, far from mean 0 and std 1")
  func pixelImagesValues() {
    let data = Datasets.pixelImages(count: 43, width: 5, height: 3, classes: 4, seed: 3)
    #expect(data.count == 43 && data.classCount == 4)
    #expect(data.inputs.allSatisfy { $0.count == 15 })
    let sizes = [11, 11, 11, 10]
    #expect(data.labels == sizes.enumerated().flatMap { Array(repeating: $0, count: $1) })
    let values = data.inputs.flatMap { $0 }
    #expect(values.allSatisfy { $0 >= 0 && $0 <= 255 && $0 == $0.rounded() })
    let mean = values.reduce(0, +) / Double(values.count)
    let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
      .squareRoot()
    #expect(mean > 60 && mean < 140, "mean \(mean)")
    #expect(spread > 50, "standard deviation \(spread)")
  }

  @Test("pixelImages: each class is one ink pattern (mean near 200) on background (near 30)")
  func pixelImagesPatterns() {
    let data = Datasets.pixelImages(count: 400, classes: 8, seed: 4)
    #expect(data.inputs.allSatisfy { $0.count == 64 })
    var patterns: [[Bool]] = []
    for label in 0..<8 {
      let rows = data.inputs[(label * 50)..<(label * 50 + 50)]
      let means = (0..<64).map { pixel in rows.reduce(0) { $0 + $1[pixel] } / 50 }
      // 50 images with noise 40: each mean is within about 3 * 40 / sqrt(50) = 17 of its base
      // (clipping moves a background mean up to about 36).
      #expect(
        means.allSatisfy { abs($0 - 200) < 25 || abs($0 - 33) < 25 }, "class \(label): \(means)")
      patterns.append(means.map { $0 > 115 })
    }
    #expect(Set(patterns).count == 8, "every class has its own pattern")
    let inkFraction = Double(patterns.joined().count(where: { $0 })) / Double(8 * 64)
    #expect(inkFraction > 0.3 && inkFraction < 0.5, "ink fraction \(inkFraction), expected 0.4")
  }

  @Test("renderBitmap maps the range onto ten shades, two characters per pixel")
  func renderShades() {
    #expect(Datasets.renderBitmap([0, 1, 0.5, 0], width: 2) == "  @@\n++  ")
    #expect(
      Datasets.renderBitmap([0, 255, 128, 64], width: 4, range: 0...255) == "  @@++::",
      "a fixed range 0...255: 128 is level round(4.52) = 5 (+), 64 is round(2.26) = 2 (:)")
    #expect(Datasets.renderBitmap([7, 7, 7], width: 3) == "      ", "a constant image is blank")
    #expect(Datasets.renderBitmap([0, .nan, 1], width: 1) == "  \n??\n@@", "NaN shows as ??")
    #expect(Datasets.renderBitmap([-5, 10], width: 2, range: 0...1) == "  @@", "clamped")
  }

  @Test("A bad argument stops with a message naming the function and the values")
  func badArguments() async {
    let images = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Datasets.pixelImages(count: 3, classes: 4, seed: 1)
    }
    let message = String(decoding: images?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("Datasets.pixelImages") && message.contains("count 3"), "\(message)")

    let render = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Datasets.renderBitmap([1, 2, 3, 4, 5], width: 2)
    }
    let text = String(decoding: render?.standardErrorContent ?? [], as: UTF8.self)
    #expect(text.contains("Datasets.renderBitmap") && text.contains("5 pixels"), "\(text)")
  }
}
