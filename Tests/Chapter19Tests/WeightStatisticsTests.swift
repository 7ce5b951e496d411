import Initialisation
import Initializers
import Layers
import Tensors
import TestSupport
import Testing

@Suite("19.1 Weight statistics against the predictions")
struct WeightStatisticsTests {
  let healthy = makeInitialisationModel(.healthy, seed: 1)

  @Test("one entry per Linear layer, at its position in the Sequential")
  func onePerLinearLayer() {
    let layers = weightStatistics(of: healthy).map(\.layer)
    #expect(
      layers == linearIndices,
      """
      the network is Linear, ReLU, Linear, ReLU, ..., Linear: expected the positions \
      \(linearIndices) (the index in model.layers, counting the activations too, as the \
      telemetry's .layer(i) does), got \(layers)
      """)
  }

  @Test("fan_in is the weight's second dimension, fan_out its first")
  func fansFromTheShape() {
    let statistics = weightStatistics(of: healthy)
    let fanIns = statistics.map(\.fanIn)
    let fanOuts = statistics.map(\.fanOut)
    #expect(
      fanIns == [2, 32, 32, 32, 32, 32] && fanOuts == [32, 32, 32, 32, 32, 3],
      """
      a Linear weight is stored [outputs, inputs], so fan_in = inputs (2 for the first layer) \
      and fan_out = outputs (3 for the last); chapter 6's fans(of:) does it. Expected fan_in \
      [2, 32, 32, 32, 32, 32] and fan_out [32, 32, 32, 32, 32, 3], got \(fanIns) and \(fanOuts)
      """)
  }

  @Test(
    "the nonlinearity after each layer: ReLU or tanh for the hidden ones, linear for the output")
  func nonlinearityAfterEachLayer() {
    let relu = weightStatistics(of: healthy).map(\.nonlinearity)
    let tanh = weightStatistics(of: makeInitialisationModel(.decoy, seed: 1)).map(\.nonlinearity)
    #expect(
      relu == [.relu, .relu, .relu, .relu, .relu, .linear]
        && tanh == [.tanh, .tanh, .tanh, .tanh, .tanh, .linear],
      """
      each layer's nonlinearity is the activation AFTER it (nonlinearity(after: index, in: \
      model)), and the output layer has none (.linear). Got \(relu) for the ReLU network and \
      \(tanh) for the tanh one
      """)
  }

  @Test("the mean and the population variance of the entries: [[1, -1], [3, 1]] gives 1 and 2")
  func populationVariance() {
    let model = Sequential(Linear(weight: Tensor([[1, -1], [3, 1]]), bias: nil))
    let statistics = weightStatistics(of: model).first
    #expect(
      statistics?.mean == 1 && statistics.map { isClose($0.variance, 2) } == true,
      """
      the entries 1, -1, 3, 1 have mean 1 and population variance (0 + 4 + 4 + 0) / 4 = 2; got \
      mean \(String(describing: statistics?.mean)) and variance \
      \(String(describing: statistics?.variance)). 3 is the mean square (subtract the mean); \
      8/3 divides by n - 1 instead of n
      """)
  }

  @Test(
    "the ReLU band: lowest min(1/fan_in, 2/(fan_in+fan_out)), highest max of the two with gain² = 2"
  )
  func reluBand() {
    let statistics = weightStatistics(of: healthy)
    let expected: [(Double, Double)] = [
      (2.0 / 34, 1), (1.0 / 32, 2.0 / 32), (1.0 / 32, 2.0 / 32), (1.0 / 32, 2.0 / 32),
      (1.0 / 32, 2.0 / 32), (1.0 / 32, 2.0 / 35),
    ]
    #expect(statistics.count == expected.count, "expected 6 layers, got \(statistics.count)")
    for (entry, (lowest, highest)) in zip(statistics, expected) {
      #expect(
        isClose(entry.lowestPrediction, lowest) && isClose(entry.highestPrediction, highest),
        """
        layer \(entry.layer) ([\(entry.fanOut), \(entry.fanIn)], then \(entry.nonlinearity)): \
        expected the band \(lowest) ... \(highest), got \(entry.lowestPrediction) ... \
        \(entry.highestPrediction). Lowest = min(LeCun 1/fan_in, Xavier 2/(fan_in + fan_out)); \
        highest = max(He gain²/fan_in, Xavier gain² · 2/(fan_in + fan_out)) with the gain of \
        the activation after the layer (ReLU: 2; the output layer: 1)
        """)
    }
  }

  @Test("the tanh band uses tanh's gain 5/3: highest (25/9)/fan_in")
  func tanhBand() {
    let statistics = weightStatistics(of: makeInitialisationModel(.decoy, seed: 1))
    let hidden = statistics.dropFirst().first
    let gain = 25.0 / 9
    #expect(
      hidden.map {
        isClose($0.lowestPrediction, 1.0 / 32) && isClose($0.highestPrediction, gain / 32)
      } == true,
      """
      a 32 → 32 layer followed by tanh: lowest 1/32 = 0.03125 (LeCun, Xavier), highest \
      (5/3)² / 32 = \(gain / 32) (He or Xavier with tanh's gain); got \
      \(String(describing: hidden.map { ($0.lowestPrediction, $0.highestPrediction) }))
      """)
  }

  @Test("He weights measure close to 2/fan_in, N(0, 0.01²) close to 1e-4")
  func measuredVariances() {
    let he = weightStatistics(of: healthy).dropFirst().first?.variance ?? .nan
    let small =
      weightStatistics(of: makeInitialisationModel(.tooSmall, seed: 1)).dropFirst().first?
      .variance ?? .nan
    // 1024 entries: the sample variance has a relative standard error of sqrt(2/1024) = 4.4%.
    #expect(
      abs(he / (2.0 / 32) - 1) < 0.25 && abs(small / 1e-4 - 1) < 0.25,
      """
      layer 2 is a 32 x 32 He weight (variance 2/32 = 0.0625 by fan_in) in the healthy \
      network and N(0, 0.01²) (1e-4) in the broken one: got \(he) and \(small), more than \
      25% (5 standard errors) away
      """)
  }

  @Test("a model without a Linear layer stops with a message")
  func noLinearLayerStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = weightStatistics(of: Sequential(ReLU(), Tanh()))
    }
    expectMessage(result, contains: ["weightStatistics", "Linear"])
  }
}
