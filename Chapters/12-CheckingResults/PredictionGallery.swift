import Foundation
import Tensors
import WorkbookSupport

/// Draws images as text, side by side, each with its label and the model's prediction under
/// it: the look at the results that no number replaces.
///
/// Each image is a row of `images`, drawn with `Datasets.renderBitmap(_:width:range:)`. Under
/// it, two caption lines: `true L` and `pred P`, followed by ` !` when P is not L. A cell is as
/// wide as the widest of its lines (`2 * width` characters for the bitmap); cells are padded
/// to that width and joined by two spaces, `perRow` to a row of cells, rows of cells separated
/// by an empty line. Trailing spaces are removed from every line.
///
/// ```swift
/// print(renderPredictions(images: Tensor([[0, 1, 1, 0], [1, 0, 0, 1]]), labels: [3, 4],
///                         predictions: [3, 7], width: 2))
/// //   @@      @@
/// // @@          @@
/// // true 3    true 4
/// // pred 3    pred 7 !
/// ```
///
/// A misaligned pipeline gives itself away here in seconds: a clear 3 captioned `true 0`, and
/// the next image a clear 0. Drawn with the wrong width, an image is scrambled; with distinct
/// prime sizes (5 x 7 digits) every wrong width except the swapped one does not even divide
/// the pixel count, and is refused.
///
/// Stops with a message naming `renderPredictions` unless `images` is a matrix with at least
/// one row, one label and one prediction per row, `width >= 1` and `perRow >= 1`, and the
/// number of pixels per image is a multiple of `width` (the message lists the widths that
/// are).
///
/// Exercise 12.4.
public func renderPredictions(
  images: Tensor, labels: [Int], predictions: [Int], width: Int, perRow: Int = 6,
  range: ClosedRange<Double>? = nil
) -> String {
  // TODO(12.4): your code here (README.md, exercise 12.4).
  return ""
}
