import Foundation
import Testing
import WorkbookSupport

@Suite("Datasets: seeded synthetic data with the documented shape and labels")
struct DatasetsTests {
  @Test("spirals has N points per class, two features, labels grouped by class")
  func spiralsShape() {
    let data = Datasets.spirals(pointsPerClass: 40, classes: 3, seed: 1)
    #expect(data.count == 120)
    #expect(data.labels.count == 120)
    #expect(data.classCount == 3)
    #expect(data.inputs.allSatisfy { $0.count == 2 })
    #expect(data.labels == (0..<3).flatMap { Array(repeating: $0, count: 40) })
  }

  @Test("spiral radii run evenly from 0 to 1 along each arm")
  func spiralRadii() {
    let data = Datasets.spirals(pointsPerClass: 50, classes: 2, noise: 0.3, seed: 2)
    let radii = data.inputs.map { ($0[0] * $0[0] + $0[1] * $0[1]).squareRoot() }
    for arm in 0..<2 {
      for i in 0..<50 {
        let radius = radii[arm * 50 + i]
        // Noise moves the angle only, so the radius is exactly i / 49 up to rounding.
        #expect(abs(radius - Double(i) / 49) < 1e-12, "arm \(arm), point \(i): radius \(radius)")
      }
    }
    #expect(radii.min()! < 1e-12 && abs(radii.max()! - 1) < 1e-12)
  }

  @Test("spirals without noise follows the CS231n formula exactly")
  func spiralFormula() {
    let data = Datasets.spirals(pointsPerClass: 5, classes: 2, noise: 0, seed: 3)
    let (i, j) = (3, 1)
    let r = Double(i) / 4
    let t = 4 * Double(j) + 4 * Double(i) / 4
    #expect(data.inputs[j * 5 + i] == [r * sin(t), r * cos(t)])
  }

  @Test("blobs has the right shape, and each class clusters around one centre in [-10, 10]^d")
  func blobsShape() {
    let data = Datasets.blobs(
      pointsPerClass: 30, classes: 4, dimensions: 3, spread: 0.5, seed: 4)
    #expect(data.count == 120)
    #expect(data.classCount == 4)
    #expect(data.inputs.allSatisfy { $0.count == 3 })
    #expect(data.labels == (0..<4).flatMap { Array(repeating: $0, count: 30) })
    for label in 0..<4 {
      let rows = data.inputs[(label * 30)..<(label * 30 + 30)]
      for d in 0..<3 {
        let values = rows.map { $0[d] }
        let mean = values.reduce(0, +) / 30
        let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 29).squareRoot()
        // The class mean is the centre +- 0.5/sqrt(30) (about 0.09): inside [-10.5, 10.5].
        #expect(abs(mean) < 10.5, "class \(label), feature \(d): mean \(mean)")
        #expect(spread > 0.25 && spread < 0.75, "class \(label), feature \(d): spread \(spread)")
      }
    }
  }

  @Test("xor has four clusters, two classes, and label 1 exactly where the signs differ")
  func xorLabels() {
    let data = Datasets.xor(pointsPerQuadrant: 20, noise: 0.1, seed: 5)
    #expect(data.count == 80)
    #expect(data.classCount == 2)
    #expect(data.inputs.allSatisfy { $0.count == 2 })
    #expect(data.labels.count(where: { $0 == 1 }) == 40)
    for (point, label) in zip(data.inputs, data.labels) {
      // With noise 0.1 a point is 10 standard deviations from the axes: it keeps its quadrant.
      let signsDiffer = (point[0] < 0) != (point[1] < 0)
      #expect(label == (signsDiffer ? 1 : 0), "point \(point) has label \(label)")
    }
  }

  @Test("moons without noise lies exactly on the two half circles of make_moons")
  func moonsFormula() {
    let data = Datasets.moons(pointsPerClass: 9, noise: 0, seed: 8)
    #expect(data.count == 18 && data.classCount == 2)
    #expect(data.labels == Array(repeating: 0, count: 9) + Array(repeating: 1, count: 9))
    for i in 0..<9 {
      let t = Double.pi * Double(i) / 8
      let upper = data.inputs[i]
      let lower = data.inputs[9 + i]
      #expect(abs(upper[0] - cos(t)) < 1e-12 && abs(upper[1] - sin(t)) < 1e-12, "\(upper)")
      #expect(
        abs(lower[0] - (1 - cos(t))) < 1e-12 && abs(lower[1] - (0.5 - sin(t))) < 1e-12,
        "\(lower)")
    }
    // The ends: t = 0 and t = pi.
    #expect(abs(data.inputs[0][0] - 1) < 1e-12 && abs(data.inputs[8][0] + 1) < 1e-12)
    #expect(abs(data.inputs[9][0]) < 1e-12 && abs(data.inputs[17][0] - 2) < 1e-12)
  }

  @Test("moons noise moves each coordinate by about the requested standard deviation")
  func moonsNoise() {
    let clean = Datasets.moons(pointsPerClass: 500, noise: 0, seed: 9)
    let noisy = Datasets.moons(pointsPerClass: 500, noise: 0.1, seed: 9)
    let offsets = zip(clean.inputs, noisy.inputs).flatMap { [$1[0] - $0[0], $1[1] - $0[1]] }
    let spread = (offsets.reduce(0) { $0 + $1 * $1 } / Double(offsets.count)).squareRoot()
    // 2000 offsets: the SE of the estimate is about 0.1 / sqrt(4000) = 0.0016.
    #expect(abs(spread - 0.1) < 0.008, "noise standard deviation \(spread), expected 0.1")
    #expect(noisy.labels == clean.labels)
  }

  @Test("sine spans the range with exact endpoints, even spacing and y = sin(x)")
  func sineGrid() {
    let data = Datasets.sine(count: 64, seed: 6)
    #expect(data.count == 64)
    #expect(data.inputs.first == [-Double.pi])
    #expect(data.inputs.last == [Double.pi])
    #expect(data.inputs.allSatisfy { $0.count == 1 } && data.targets.allSatisfy { $0.count == 1 })
    let step = 2 * Double.pi / 63
    for (i, row) in data.inputs.enumerated() {
      #expect(abs(row[0] - (-Double.pi + Double(i) * step)) < 1e-12)
    }
    #expect(zip(data.inputs, data.targets).allSatisfy { $1[0] == sin($0[0]) })

    let odd = Datasets.sine(count: 7, range: 0.1...0.7, seed: 6)
    #expect(odd.inputs.first == [0.1] && odd.inputs.last == [0.7], "endpoints must be exact")
  }

  @Test("sine noise has about the requested standard deviation")
  func sineNoise() {
    let clean = Datasets.sine(count: 2000, seed: 7)
    let noisy = Datasets.sine(count: 2000, noise: 0.1, seed: 7)
    #expect(clean.inputs == noisy.inputs)
    let residuals = zip(clean.targets, noisy.targets).map { $1[0] - $0[0] }
    let spread = (residuals.reduce(0) { $0 + $1 * $1 } / 2000).squareRoot()
    // SE of a standard deviation estimate is about sigma / sqrt(2n) = 0.0016.
    #expect(abs(spread - 0.1) < 0.008, "noise standard deviation \(spread), expected 0.1")
  }

  @Test("Every data set is identical for the same seed and differs for another seed")
  func seedDeterminesData() {
    #expect(Datasets.spirals(seed: 1) == Datasets.spirals(seed: 1))
    #expect(Datasets.spirals(seed: 1) != Datasets.spirals(seed: 2))
    #expect(Datasets.blobs(seed: 1) == Datasets.blobs(seed: 1))
    #expect(Datasets.blobs(seed: 1) != Datasets.blobs(seed: 2))
    #expect(Datasets.xor(seed: 1) == Datasets.xor(seed: 1))
    #expect(Datasets.xor(seed: 1) != Datasets.xor(seed: 2))
    #expect(Datasets.sine(noise: 0.1, seed: 1) == Datasets.sine(noise: 0.1, seed: 1))
    #expect(Datasets.sine(noise: 0.1, seed: 1) != Datasets.sine(noise: 0.1, seed: 2))
    #expect(Datasets.moons(seed: 1) == Datasets.moons(seed: 1))
    #expect(Datasets.moons(seed: 1) != Datasets.moons(seed: 2))
    #expect(Datasets.pixelImages(count: 20, seed: 1) == Datasets.pixelImages(count: 20, seed: 1))
    #expect(Datasets.pixelImages(count: 20, seed: 1) != Datasets.pixelImages(count: 20, seed: 2))
    #expect(Datasets.digits(count: 20, seed: 1) == Datasets.digits(count: 20, seed: 1))
    #expect(Datasets.digits(count: 20, seed: 1) != Datasets.digits(count: 20, seed: 2))
  }

  @Test("A bad argument stops with a message naming the function and the value")
  func spiralsRejectsSinglePoint() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Datasets.spirals(pointsPerClass: 1, seed: 1)
    }
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("Datasets.spirals"), "message: \(message)")
    #expect(message.contains("pointsPerClass 1"), "message: \(message)")
  }
}
