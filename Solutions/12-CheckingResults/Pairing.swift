import DataPipeline
import Foundation
import Tensors
import WorkbookSupport

/// One image file of an exported data set: its identifier (the number in its file name), the
/// size its header declares and its pixels, row-major (pixel (r, c) is `pixels[r * width + c]`).
public struct ImageRecord: Sendable, Equatable {
  public let id: Int
  public let width: Int
  public let height: Int
  public let pixels: [Double]

  public init(id: Int, width: Int, height: Int, pixels: [Double]) {
    self.id = id
    self.width = width
    self.height = height
    self.pixels = pixels
  }
}

/// One row of an exported label file: the identifier of an image and its class.
public struct LabelRecord: Sendable, Equatable {
  public let id: Int
  public let label: Int

  public init(id: Int, label: Int) {
    self.id = id
    self.label = label
  }
}

/// A data set as it arrives from an export: image files and a label file, two lists that are
/// *meant* to be in the same order. The way MNIST ships (an image file and a label file) and
/// the way most image folders with a CSV of labels do.
public struct RawImages: Sendable, Equatable {
  /// The image files, in the order they were listed.
  public var images: [ImageRecord]
  /// The rows of the label file, in the order they were written.
  public var labels: [LabelRecord]

  public init(images: [ImageRecord], labels: [LabelRecord]) {
    self.images = images
    self.labels = labels
  }
}

/// What went wrong in an export, on purpose.
public enum ExportFault: Sendable, Equatable {
  /// Nothing: both files list the identifiers in the same order.
  case none
  /// The label file starts one row late and wraps around: row i holds the label of image i + 1
  /// (the last row that of image 1). Every identifier is still right; only the order is off
  /// by one, once, so the misalignment is the same in every epoch.
  case labelsShiftedByOne
  /// Every image is stored transposed, its header declaring width and height swapped: a
  /// 5 x 7 digit arrives as a 7-wide, 5-high picture of the digit flipped about its diagonal.
  case transposed
}

/// Exports a labelled set of `width` x `height` images the way a data pipeline receives them:
/// shuffled once (seeded), given identifiers 1, 2, ... in that order, and written as image
/// records (in identifier order) and label records (in identifier order, unless `fault` says
/// otherwise). Provided.
///
/// ```swift
/// let raw = exportImages(Datasets.digits(count: 300, seed: 1), width: 5, height: 7,
///                        fault: .labelsShiftedByOne, seed: 2)
/// raw.images[0].id, raw.labels[0].id   // 1, 2: the files disagree from the first row on
/// ```
///
/// Stops with a message when a row of `set` does not have `width * height` pixels.
public func exportImages(
  _ set: ClassificationSet, width: Int, height: Int, fault: ExportFault = .none, seed: UInt64
) -> RawImages {
  check(width >= 1 && height >= 1, "exportImages: need width, height >= 1")
  if let row = set.inputs.firstIndex(where: { $0.count != width * height }) {
    check(
      false,
      "exportImages: row \(row) has \(set.inputs[row].count) pixels, not \(width) x \(height)")
  }
  var generator = SeededGenerator(seed: seed)
  let order = generator.permutation(set.count)
  var images: [ImageRecord] = []
  var labels: [LabelRecord] = []
  for (position, index) in order.enumerated() {
    let id = position + 1
    let pixels = set.inputs[index]
    if fault == .transposed {
      let flipped = (0..<(width * height)).map { k in pixels[(k % height) * width + k / height] }
      images.append(ImageRecord(id: id, width: height, height: width, pixels: flipped))
    } else {
      images.append(ImageRecord(id: id, width: width, height: height, pixels: pixels))
    }
    labels.append(LabelRecord(id: id, label: set.labels[index]))
  }
  if fault == .labelsShiftedByOne, !labels.isEmpty {
    labels = Array(labels[1...]) + [labels[0]]
  }
  return RawImages(images: images, labels: labels)
}

/// Pairs the i-th image with the i-th label, as most quick pipelines do. Provided: the bug of
/// this chapter.
///
/// ```
/// inputs[i] = images[i].pixels;  labels[i] = labels[i].label      identifiers never looked at
/// ```
///
/// It is right exactly when both files list the identifiers in the same order, and silently
/// wrong otherwise: a label file one row off gives a data set of the right size, with the
/// right class counts and the right pixel values, in which no label belongs to its image. It
/// checks the counts (which a shift by one does not change) and ignores the declared sizes.
public func pairByPosition(_ raw: RawImages) -> Dataset {
  check(
    raw.images.count == raw.labels.count,
    "pairByPosition: \(raw.images.count) images but \(raw.labels.count) labels")
  let features = raw.images.first?.pixels.count ?? 0
  return Dataset(
    inputs: Tensor(shape: [raw.images.count, features], scalars: raw.images.flatMap(\.pixels)),
    labels: raw.labels.map(\.label))
}

/// What is wrong with the layout of one image record, when it should be `width` pixels wide and
/// `height` high; nil when nothing is.
///
/// ```
/// declared width x height == expected          and pixels.count == width * height   → nil
/// declared width == height and height == width (expected ones swapped)  → "... swapped ..."
/// any other declared size                                               → "... expected ..."
/// pixels.count != declared width * declared height                      → "... pixels ..."
/// ```
///
/// Each message names the record's identifier, the declared size and the expected one:
///
/// ```swift
/// layoutProblem(of: ImageRecord(id: 17, width: 7, height: 5, pixels: ...), width: 5, height: 7)
/// // "image 17 is 7 wide and 5 high, expected 5 x 7: width and height swapped (transposed)?"
/// ```
///
/// Why distinct prime sizes: 35 pixels can only be 1, 5, 7 or 35 wide, so any wrong width
/// other than 7 is already caught by the pixel count, and 7 is exactly the swap, which the
/// declared size gives away. With 6 x 6 images a transposed image has the same size and the
/// same count, and no check on shapes can see it; only the picture can.
///
/// Exercise 12.3.
public func layoutProblem(of record: ImageRecord, width: Int, height: Int) -> String? {
  // BEGIN EXERCISE 12.3
  // STUB: return "exercise 12.3 is not written yet"
  let declared = "image \(record.id) is \(record.width) wide and \(record.height) high"
  if record.width != width || record.height != height {
    if record.width == height && record.height == width {
      return "\(declared), expected \(width) x \(height): width and height swapped (transposed)?"
    }
    return "\(declared), expected \(width) x \(height)"
  }
  if record.pixels.count != width * height {
    return
      "image \(record.id) has \(record.pixels.count) pixels, but \(width) x \(height) needs "
      + "\(width * height)"
  }
  return nil
  // END EXERCISE 12.3
}

/// Pairs every image with the label of the *same identifier*, whatever order the two files are
/// in, after checking each image's layout: the fix.
///
/// ```
/// every image: layoutProblem(of: image, width, height) == nil      else stop with it
/// label of id = the one label record with that id                  else stop
/// row i = images[i].pixels, label of images[i].id                  (the images' order)
/// ```
///
/// ```swift
/// let raw = exportImages(digits, width: 5, height: 7, fault: .labelsShiftedByOne, seed: 2)
/// pairByIdentifier(raw, width: 5, height: 7).labels == pairByPosition(
///     exportImages(digits, width: 5, height: 7, seed: 2)).labels   // true: order repaired
/// ```
///
/// Joining on a key, the way a database joins two tables, never trusts two lists to be in the
/// same order, so an off-by-one, a sorted file or a directory listed in another order cannot
/// misalign anything. Anything that does not join is a stop, not a guess.
///
/// Stops with a message naming `pairByIdentifier` and the identifier when an image's layout is
/// wrong (the message of `layoutProblem`), when an identifier appears twice among the images or
/// among the labels, when an image has no label, or when a label has no image.
///
/// Exercise 12.3.
public func pairByIdentifier(_ raw: RawImages, width: Int, height: Int) -> Dataset {
  // BEGIN EXERCISE 12.3
  // STUB: return Dataset(inputs: Tensor(shape: [0, Swift.max(width * height, 0)], scalars: []), labels: [])
  var labelOf: [Int: Int] = [:]
  for record in raw.labels {
    check(labelOf[record.id] == nil, "pairByIdentifier: two labels for image \(record.id)")
    labelOf[record.id] = record.label
  }
  var seen = Set<Int>()
  var labels: [Int] = []
  for image in raw.images {
    if let problem = layoutProblem(of: image, width: width, height: height) {
      check(false, "pairByIdentifier: \(problem)")
    }
    check(seen.insert(image.id).inserted, "pairByIdentifier: two images with id \(image.id)")
    guard let label = labelOf[image.id] else {
      check(false, "pairByIdentifier: image \(image.id) has no label")
      return Dataset(inputs: Tensor(shape: [0, width * height], scalars: []), labels: [])
    }
    labels.append(label)
  }
  if let orphan = raw.labels.first(where: { !seen.contains($0.id) }) {
    check(false, "pairByIdentifier: the label of image \(orphan.id) has no image")
  }
  return Dataset(
    inputs: Tensor(
      shape: [raw.images.count, width * height], scalars: raw.images.flatMap(\.pixels)),
    labels: labels)
  // END EXERCISE 12.3
}
