/// Small image data sets, and a renderer that prints an image as text.
///
/// An image of `width` x `height` pixels is stored flattened, row-major: pixel (row r, column c)
/// is element `r * width + c`, the top row first. Rendering it with the wrong width (or with
/// width and height swapped) scrambles the picture, which is how such a bug shows itself.
extension Datasets {
  /// The width of a digit bitmap, in pixels.
  public static let digitWidth = 5
  /// The height of a digit bitmap, in pixels.
  public static let digitHeight = 7

  /// The digits 0-9 as 5 x 7 string art: `#` is ink (1), `.` is background (0). A classic dot
  /// matrix font, as on small LCD character displays.
  private static let digitArt: [String] = [
    """
    .###.
    #...#
    #..##
    #.#.#
    ##..#
    #...#
    .###.
    """,
    """
    ..#..
    .##..
    ..#..
    ..#..
    ..#..
    ..#..
    .###.
    """,
    """
    .###.
    #...#
    ....#
    ...#.
    ..#..
    .#...
    #####
    """,
    """
    #####
    ...#.
    ..#..
    ...#.
    ....#
    #...#
    .###.
    """,
    """
    ...#.
    ..##.
    .#.#.
    #..#.
    #####
    ...#.
    ...#.
    """,
    """
    #####
    #....
    ####.
    ....#
    ....#
    #...#
    .###.
    """,
    """
    ..##.
    .#...
    #....
    ####.
    #...#
    #...#
    .###.
    """,
    """
    #####
    ....#
    ...#.
    ..#..
    .#...
    .#...
    .#...
    """,
    """
    .###.
    #...#
    #...#
    .###.
    #...#
    #...#
    .###.
    """,
    """
    .###.
    #...#
    #...#
    .####
    ....#
    ...#.
    .##..
    """,
  ]

  /// The clean bitmap of one digit: 35 values (5 wide, 7 high, row-major), 1 for ink and 0 for
  /// background.
  ///
  /// ```swift
  /// print(Datasets.renderBitmap(Datasets.digitBitmap(1), width: Datasets.digitWidth))
  /// //     @@
  /// //   @@@@
  /// //     @@
  /// //     ...
  /// ```
  ///
  /// - Parameter digit: The digit, 0 through 9.
  public static func digitBitmap(_ digit: Int) -> [Double] {
    guard (0...9).contains(digit) else {
      fatalError("Datasets.digitBitmap: digit must be in 0...9, got \(digit)")
    }
    return digitArt[digit].filter { $0 == "#" || $0 == "." }.map { $0 == "#" ? 1 : 0 }
  }

  /// Noisy 5 x 7 bitmaps of the digits 0-9, flattened row-major (35 features, values in [0, 1]).
  ///
  /// The digits are split as evenly as `count` allows (each gets `count / 10` images, the first
  /// `count % 10` digits one more) and grouped by digit, all the 0s first. Each pixel is the
  /// clean glyph's value (`digitBitmap`) plus Gaussian noise, clipped to [0, 1]:
  ///
  /// ```
  /// pixel = min(max(glyph + noise * normal(), 0), 1)
  /// ```
  ///
  /// Clipping makes the noise one-sided at the extremes: background pixels only get brighter,
  /// ink pixels only darker. The noise is drawn image by image, pixel by pixel.
  ///
  /// Width 5 and height 7 are distinct primes, so a bitmap rendered with the wrong width (or
  /// with width and height swapped) is visibly scrambled.
  ///
  /// - Parameters:
  ///   - count: The number of images; must be >= 10 (every digit at least once).
  ///   - noise: The standard deviation of the pixel noise; must be finite and >= 0.
  ///   - seed: The seed of the generator.
  public static func digits(count: Int = 100, noise: Double = 0.2, seed: UInt64)
    -> ClassificationSet
  {
    guard count >= 10, noise >= 0, noise.isFinite else {
      fatalError(
        "Datasets.digits: need count >= 10 (every digit at least once) and a finite noise "
          + ">= 0, got count \(count), noise \(noise)")
    }
    var generator = SeededGenerator(seed: seed)
    let glyphs = (0...9).map(digitBitmap)
    var inputs: [[Double]] = []
    var labels: [Int] = []
    inputs.reserveCapacity(count)
    labels.reserveCapacity(count)
    for digit in 0...9 {
      for _ in 0..<classSize(digit, count: count, classes: 10) {
        inputs.append(
          glyphs[digit].map { Swift.min(Swift.max($0 + noise * generator.normal(), 0), 1) })
        labels.append(digit)
      }
    }
    return ClassificationSet(inputs: inputs, labels: labels, classCount: 10)
  }

  /// Greyscale "pixel" images with values 0-255, one random pattern per class, flattened
  /// row-major (`width * height` features).
  ///
  /// Real image data arrives as bytes: every feature between 0 and 255, mean near 100, far from
  /// the mean 0 and standard deviation 1 a freshly initialised network expects. This is a
  /// small, seeded stand-in for it.
  ///
  /// First each class gets a prototype: every pixel is ink with probability 0.4, drawn class by
  /// class, pixel by pixel. Then the images, grouped by class (each class gets
  /// `count / classes` images, the first `count % classes` classes one more), pixel by pixel:
  ///
  /// ```
  /// base  = 200 for an ink pixel of the class's prototype, 30 for a background pixel
  /// pixel = round(min(max(base + noise * normal(), 0), 255))        a whole number in 0...255
  /// ```
  ///
  /// With the default noise the classes are easy to tell apart once the inputs are
  /// standardised. Tiny images (a handful of pixels) may give two classes the same prototype.
  ///
  /// - Parameters:
  ///   - count: The number of images; must be >= `classes` (every class at least once).
  ///   - width: The width of an image in pixels; must be >= 1.
  ///   - height: The height of an image in pixels; must be >= 1.
  ///   - classes: The number of classes; must be >= 1.
  ///   - noise: The standard deviation of the pixel noise, in grey levels; must be finite and
  ///     >= 0.
  ///   - seed: The seed of the generator.
  public static func pixelImages(
    count: Int = 500, width: Int = 8, height: Int = 8, classes: Int = 10, noise: Double = 40,
    seed: UInt64
  ) -> ClassificationSet {
    guard width >= 1, height >= 1, classes >= 1, count >= classes, noise >= 0, noise.isFinite
    else {
      fatalError(
        "Datasets.pixelImages: need width >= 1, height >= 1, classes >= 1, count >= classes "
          + "and a finite noise >= 0, got count \(count), width \(width), height \(height), "
          + "classes \(classes), noise \(noise)")
    }
    var generator = SeededGenerator(seed: seed)
    let pixels = width * height
    var prototypes: [[Bool]] = []
    for _ in 0..<classes {
      prototypes.append((0..<pixels).map { _ in generator.bernoulli(probability: 0.4) })
    }
    var inputs: [[Double]] = []
    var labels: [Int] = []
    inputs.reserveCapacity(count)
    labels.reserveCapacity(count)
    for (label, prototype) in prototypes.enumerated() {
      for _ in 0..<classSize(label, count: count, classes: classes) {
        inputs.append(
          prototype.map { ink in
            let value = (ink ? 200 : 30) + noise * generator.normal()
            return Swift.min(Swift.max(value, 0), 255).rounded()
          })
        labels.append(label)
      }
    }
    return ClassificationSet(inputs: inputs, labels: labels, classCount: classes)
  }

  /// The number of examples of class `label` when `count` examples are shared by `classes`
  /// classes as evenly as possible, the first classes taking the remainder.
  private static func classSize(_ label: Int, count: Int, classes: Int) -> Int {
    count / classes + (label < count % classes ? 1 : 0)
  }

  /// The characters of `renderBitmap`, from the darkest level (a space) to the brightest.
  public static let bitmapShades: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

  /// Draws a flattened greyscale image as text, one line per row of pixels.
  ///
  /// Each pixel becomes two copies of one character of `bitmapShades` (a terminal cell is about
  /// twice as tall as it is wide, so two characters make a roughly square pixel):
  ///
  /// ```
  /// level = round(9 * (pixel - low) / (high - low)),  clamped to 0...9
  /// ```
  ///
  /// where `low...high` is `range`, or the smallest and largest finite pixel when `range` is
  /// nil (a constant image is drawn blank). A NaN or infinite pixel is drawn as `??`, so a
  /// broken value is visible instead of silently dark. Every line has the same length
  /// (`2 * width` characters, trailing spaces kept) and lines are joined by newlines without a
  /// final one, so renderings can be placed side by side line by line.
  ///
  /// ```swift
  /// Datasets.renderBitmap([0, 1, 0.5, 0], width: 2)   // "  @@\n++  "
  /// ```
  ///
  /// - Parameters:
  ///   - pixels: The image, row-major; its count must be a positive multiple of `width`.
  ///   - width: The number of pixels per row; must be >= 1.
  ///   - range: The values drawn darkest and brightest, or nil for the image's own extremes.
  public static func renderBitmap(
    _ pixels: [Double], width: Int, range: ClosedRange<Double>? = nil
  ) -> String {
    guard width >= 1, !pixels.isEmpty, pixels.count % width == 0 else {
      fatalError(
        "Datasets.renderBitmap: need width >= 1 and a positive multiple of width pixels, got "
          + "\(pixels.count) pixels for width \(width)")
    }
    if let range, !range.lowerBound.isFinite || !range.upperBound.isFinite {
      fatalError(
        "Datasets.renderBitmap: the range must be finite, got "
          + "\(range.lowerBound)...\(range.upperBound)")
    }
    let finite = pixels.filter(\.isFinite)
    let low = range?.lowerBound ?? finite.min() ?? 0
    let high = range?.upperBound ?? finite.max() ?? 0
    var lines: [String] = []
    for start in stride(from: 0, to: pixels.count, by: width) {
      var line = ""
      for value in pixels[start..<(start + width)] {
        guard value.isFinite else {
          line += "??"
          continue
        }
        var level = 0
        if high > low {
          let scaled = (9 * (value - low) / (high - low)).rounded()
          level = Int(Swift.min(Swift.max(scaled, 0), 9))
        }
        line += String(repeating: bitmapShades[level], count: 2)
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}
