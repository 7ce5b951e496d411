import Foundation
import Initializers
import Tensors
import TestSupport
import Testing

// The thresholds below were calibrated on the reference over 150 seeds (depth 20, width 64,
// batch 256, ReLU unless said otherwise), and each keeps a wide margin over the worst seed, so a
// correct implementation that draws its numbers in another order passes too. The "ref" values
// are the reference's for the seed the test uses.

@Suite("6.4 The 20-layer experiment")
struct ActivationStatisticsTests {
  @Test("LayerStatistics pools every element: mean, std (divided by n) and mean square")
  func layerStatistics() {
    let statistics = LayerStatistics(layer: 3, of: Tensor([[1, -1], [3, 1]]))
    #expect(statistics.layer == 3)
    #expect(isClose(statistics.mean, 1), "(1 - 1 + 3 + 1) / 4 = 1")
    #expect(
      isClose(statistics.standardDeviation, 2.0.squareRoot()),
      "sqrt((0 + 4 + 4 + 0) / 4) = sqrt(2): divide by n, the population formula, not n - 1")
    #expect(isClose(statistics.meanSquare, 3), "(1 + 1 + 9 + 1) / 4 = 3 = std^2 + mean^2")
  }

  @Test("one entry per layer, numbered from 1, measured after the activation")
  func shapeOfTheResult() {
    let statistics = activationStatistics(initializer: .heNormal(), seed: 0)
    #expect(statistics.map(\.layer) == Array(1...20), "layers 1 ... depth, in order")
    #expect(
      activationStatistics(depth: 3, width: 8, batch: 4, initializer: .heNormal(), seed: 0).count
        == 3)
    // Layer 1 of He + ReLU: z ~ N(0, 2) per element, so relu(z) has mean sqrt(2) / sqrt(2 pi)
    // = 0.564, mean square Var(z) / 2 = 1 and std sqrt(1 - 1/pi) = 0.826 (ref 0.558, 1.01,
    // 0.835).
    guard let first = statistics.first else { return }
    #expect(
      (0.4...0.75).contains(first.mean),
      """
      layer 1 mean \(first.mean), expected about 0.56: measure the output AFTER the ReLU \
      (before it, the mean is about 0)
      """)
    #expect(
      (0.7...1.4).contains(first.meanSquare),
      "layer 1 mean square \(first.meanSquare), expected about 1: fan_in * (2 / fan_in) / 2")
    #expect((0.65...1).contains(first.standardDeviation), "expected about 0.83")
  }

  @Test("He keeps all 20 ReLU layers healthy: mean square between 0.01 and 100 (ref last 0.59)")
  func heIsHealthy() {
    let statistics = activationStatistics(initializer: .heNormal(), seed: 0)
    #expect(statistics.count == 20)
    for entry in statistics {
      #expect(
        (0.01...100).contains(entry.meanSquare),
        """
        He: layer \(entry.layer) has mean square \(entry.meanSquare). Each layer multiplies it \
        by fan_in * Var(w) / 2 = 1 on average; use fresh He weights and zero biases per layer
        """)
    }
  }

  @Test("Xavier halves the mean square at every ReLU layer: below 1e-4 after 20 (ref 5.6e-7)")
  func xavierVanishes() {
    let statistics = activationStatistics(initializer: .xavierNormal(), seed: 0)
    guard let first = statistics.first, let last = statistics.last, statistics.count == 20 else {
      Issue.record("expected 20 layers, got \(statistics.count)")
      return
    }
    #expect(
      last.meanSquare < 1e-4 && last.meanSquare > 0,
      "Xavier on 64 -> 64: Var(w) = 1/64, so each ReLU layer keeps 64 * (1/64) / 2 = 1/2")
    // The mean factor per layer, (last / first)^(1/19), was 0.42 to 0.55 over 150 seeds.
    let factor = pow(last.meanSquare / first.meanSquare, 1.0 / 19)
    #expect((0.35...0.65).contains(factor), "per-layer factor \(factor), expected about 1/2")
  }

  @Test("chapter 4's default, U(-1/sqrt(64), 1/sqrt(64)), shrinks the signal about 6x per layer")
  func pytorchDefaultShrinks() {
    // Var(w) = (1/8)^2 / 3 = 1/192, so each ReLU layer keeps 64 * (1/192) / 2 = 1/6 of the mean
    // square (ref: 0.17 at layer 1, 4.7e-16 at layer 20).
    let statistics = activationStatistics(initializer: .uniform(-0.125...0.125), seed: 0)
    guard let first = statistics.first, let last = statistics.last, statistics.count == 20 else {
      Issue.record("expected 20 layers, got \(statistics.count)")
      return
    }
    let factor = pow(last.meanSquare / first.meanSquare, 1.0 / 19)
    #expect(
      (0.1...0.25).contains(factor),
      """
      per-layer factor \(factor), expected about 1/6: PyTorch's default Linear init is made for \
      shallow networks, not for 20 ReLU layers
      """)
  }

  @Test("N(0, 0.01) 'small random numbers' vanish below 1e-40 after 20 layers (ref 7.4e-51)")
  func smallWeightsVanish() {
    let statistics = activationStatistics(
      initializer: .normal(mean: 0, standardDeviation: 0.01), seed: 0)
    let last = statistics.last?.meanSquare ?? .nan
    #expect(
      last < 1e-40 && last > 0,
      "each layer multiplies the mean square by 64 * 0.01^2 / 2 = 0.0032; got \(last)")
  }

  @Test("N(0, 1) explodes above 1e20 after 20 layers (ref 7.4e29)")
  func unitWeightsExplode() {
    let statistics = activationStatistics(
      initializer: .normal(mean: 0, standardDeviation: 1), seed: 0)
    let last = statistics.last?.meanSquare ?? .nan
    #expect(
      last > 1e20 && last.isFinite,
      "each layer multiplies the mean square by 64 * 1 / 2 = 32, and 32^20 = 1e30; got \(last)")
  }

  @Test("tanh: gain 5/3 keeps the signal (ref 0.42), gain 1 lets it fade, N(0, 1) saturates")
  func tanhNetworks() {
    func last(_ initializer: Initializer) -> Double {
      activationStatistics(initializer: initializer, nonlinearity: .tanh, seed: 1).last?
        .meanSquare ?? .nan
    }
    let withGain = last(.heNormal(.tanh))
    let withoutGain = last(.lecunNormal)
    let unit = last(.normal(mean: 0, standardDeviation: 1))
    #expect(
      (0.2...0.7).contains(withGain),
      "He with tanh's gain 5/3: mean square \(withGain), expected about 0.4 at layer 20")
    #expect(
      withoutGain < 0.1 && withGain > 5 * withoutGain,
      "gain 1 (LeCun) through 20 tanh layers: \(withoutGain) (ref 0.020), 5x below gain 5/3")
    #expect(
      unit > 0.8 && unit < 1,
      "N(0, 1) pushes tanh into saturation: outputs near -1 or 1, mean square \(unit) (ref 0.90)")
  }

  @Test("the plot shows one bar per layer, every line at most 80 columns")
  func plot() {
    let statistics = activationStatistics(
      initializer: .normal(mean: 0, standardDeviation: 0.01), seed: 0)
    let lines = activationPlot(statistics).split(separator: "\n")
    #expect(lines.count == 22, "a title, an axis line and 20 layers")
    #expect(lines.allSatisfy { $0.count <= 80 && $0.unicodeScalars.allSatisfy(\.isASCII) })
    let bars = lines.dropFirst(2).map { $0.count { $0 == "#" } }
    #expect(
      bars.count == 20 && bars.last ?? 0 >= 5 * max(1, bars.first ?? 0),
      "the vanishing signal draws ever longer bars to the left: \(bars)")
  }
}
