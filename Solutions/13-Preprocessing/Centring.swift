import Tensors

/// Each example moved into its own frame: its centroid subtracted from every one of its
/// points, and optionally its size divided out.
///
/// ```
/// c_i    = (1/k) sum_j p_ij                          centroid of example i
/// q_ij   = p_ij - c_i                                centred
/// r_i    = sqrt( (1/k) sum_j ||q_ij||^2 )            RMS radius of example i
/// q_ij  /= r_i                                       with normalisingScale (when r_i > 0)
/// ```
///
/// After centring, a shape gives the same numbers wherever it was measured: `centred(x + t)`
/// equals `centred(x)` for any translation t of a whole example. With `normalisingScale` it
/// also gives the same numbers at any size. Each example is centred with *its own* centroid,
/// never the data set's mean: that would be standardisation (chapter 11), which moves every
/// example by the same amount and leaves their differences of position in place.
///
/// ```swift
/// let inputs = Tensor([[3, 1, 5, 1, 4, 4]])   // a triangle of 3 points around (4, 2)
/// centred(inputs)                              // [[-1, -1, 1, -1, 0, 2]]
/// centred(inputs + 10) == centred(inputs)      // true: moving it changes nothing
/// centred(inputs, normalisingScale: true)      // the same divided by sqrt(8/3) = 1.633
/// ```
///
/// An example whose points all coincide (radius 0) is centred to zeros and not divided: a
/// shape with no size has no scale to normalise, and dividing by 0 would give NaN.
///
/// When *not* to do it: when the position is the label (a detection in the left half means
/// "left"), centring throws the signal away; when the size is the label (a coin's diameter
/// tells its value), normalising the scale does. `diagnosePosition` checks the first.
///
/// - Parameters:
///   - inputs: `[examples, k * dimensions]` coordinates, point after point (`x0, y0, x1, ...`).
///   - dimensions: The coordinates of one point, at least 1 (2 for points in a plane).
///   - normalisingScale: Also divide each example by its RMS radius.
///
/// Stops with a message naming the operation and the shape unless `inputs` is a matrix whose
/// number of features is a non-zero multiple of `dimensions`.
///
/// Exercise 13.3.
public func centred(_ inputs: Tensor, dimensions: Int = 2, normalisingScale: Bool = false)
  -> Tensor
{
  // BEGIN EXERCISE 13.3
  // STUB: return Tensor(shape: inputs.shape, repeating: .nan)
  check(dimensions >= 1, "centred: dimensions must be at least 1, got \(dimensions)")
  check(
    inputs.rank == 2 && inputs.shape[1] >= dimensions && inputs.shape[1] % dimensions == 0,
    "centred: expected [examples, points * dimensions] coordinates with \(dimensions) per "
      + "point, got shape \(inputs.shape)")
  let (examples, features) = (inputs.shape[0], inputs.shape[1])
  let points = features / dimensions
  var scalars = inputs.scalars
  for row in 0..<examples {
    let start = row * features
    var centroid = [Double](repeating: 0, count: dimensions)
    for point in 0..<points {
      for axis in 0..<dimensions {
        centroid[axis] += scalars[start + point * dimensions + axis] / Double(points)
      }
    }
    var squaredRadius = 0.0
    for point in 0..<points {
      for axis in 0..<dimensions {
        let index = start + point * dimensions + axis
        scalars[index] -= centroid[axis]
        squaredRadius += scalars[index] * scalars[index]
      }
    }
    let radius = (squaredRadius / Double(points)).squareRoot()
    if normalisingScale && radius > 0 {
      for index in start..<(start + features) { scalars[index] /= radius }
    }
  }
  return Tensor(shape: inputs.shape, scalars: scalars)
  // END EXERCISE 13.3
}
