import Tensors

/// A left-right flip that keeps every label true: the mirror image of each example, with the
/// label of what the mirror image shows.
///
/// ```
/// x'  = -x     for the first coordinate of every point (the mirror is the line x = 0)
/// y'  =  y     every other coordinate unchanged
/// label' = mirror[label]
/// ```
///
/// `mirror[c]` is the class that a mirror image of class c belongs to: for arrows
/// `[right, left, up, down]` it is `[1, 0, 2, 3]` (right and left swap, up and down look the
/// same in a mirror). A mirror image of a mirror image is the original, so `mirror` must undo
/// itself: `mirror[mirror[c]] == c` for every class.
///
/// ```swift
/// let arrowsRightThenUp = Tensor([[1, 0, 0.3, 0.5, 0.3, -0.5, 0, 0, -1, 0],
///                                 [0, 1, -0.5, 0.3, 0.5, 0.3, 0, 0, 0, -1]])
/// let flipped = labelAwareFlip(arrowsRightThenUp, labels: [0, 2], mirror: [1, 0, 2, 3])
/// flipped.inputs   // [[-1, 0, -0.3, 0.5, -0.3, -0.5, 0, 0, 1, 0], [0, 1, 0.5, 0.3, ...]]
/// flipped.labels   // [1, 2]: the right arrow now points left, the up arrow still up
/// ```
///
/// Flip about x = 0 on centred data (`centred(_:)`); on raw data the flip also mirrors where
/// each example sits, which is harmless only when the position is a nuisance.
///
/// - Parameters:
///   - inputs: `[examples, k * dimensions]` coordinates, point after point.
///   - labels: The class of each example, in `0 ..< mirror.count`.
///   - mirror: The class of each class's mirror image.
///   - dimensions: The coordinates of one point, at least 1.
///
/// Stops with a message naming the operation and the values unless the inputs are a matrix of
/// whole points, there is one label in range per example, and `mirror` undoes itself.
///
/// Exercise 13.5.
public func labelAwareFlip(
  _ inputs: Tensor, labels: [Int], mirror: [Int], dimensions: Int = 2
) -> (inputs: Tensor, labels: [Int]) {
  // TODO(13.5): your code here (README.md, exercise 13.5).
  return (Tensor(shape: inputs.shape, repeating: .nan), labels)
}
