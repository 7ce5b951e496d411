import Preprocessing
import Tensors
import Training

/// Each example minus its own centroid, written here independently of exercise 13.3, so that
/// the tests of the diagnostics do not depend on the learner's centring.
func oracleCentred(_ inputs: Tensor, dimensions: Int = 2) -> Tensor {
  let (rows, features) = (inputs.shape[0], inputs.shape[1])
  let points = features / dimensions
  var scalars = inputs.scalars
  for row in 0..<rows {
    for axis in 0..<dimensions {
      let indices = (0..<points).map { row * features + $0 * dimensions + axis }
      let mean = indices.reduce(0) { $0 + inputs.scalars[$1] } / Double(points)
      for index in indices { scalars[index] -= mean }
    }
  }
  return Tensor(shape: inputs.shape, scalars: scalars)
}

/// A correct left-right flip with mirrored labels, written here independently of exercise
/// 13.5, so that the tests of the augmentation check do not depend on the learner's flip.
func oracleLabelAwareFlip(mirror: [Int]) -> Augmentation {
  Augmentation(name: "oracle flip, labels mirrored") { inputs, labels in
    var scalars = inputs.scalars
    for index in stride(from: 0, to: scalars.count, by: 2) { scalars[index] = -scalars[index] }
    return (Tensor(shape: inputs.shape, scalars: scalars), labels.map { mirror[$0] })
  }
}

/// The mirror table of the four arrow classes [right, left, up, down].
let arrowMirror = [1, 0, 2, 3]

/// The evidence of the first finding with `symptom`, or [] when there is none.
func evidence(of symptom: Symptom, in findings: [Finding]) -> [Evidence] {
  findings.first { $0.symptom == symptom }?.evidence ?? []
}

/// The centroid of each row of `inputs` (points of `dimensions` coordinates), computed here.
func oracleCentroids(_ inputs: Tensor, dimensions: Int = 2) -> [[Double]] {
  let (rows, features) = (inputs.shape[0], inputs.shape[1])
  let points = features / dimensions
  return (0..<rows).map { row in
    (0..<dimensions).map { axis in
      (0..<points).reduce(0) { $0 + inputs.scalars[row * features + $1 * dimensions + axis] }
        / Double(points)
    }
  }
}
