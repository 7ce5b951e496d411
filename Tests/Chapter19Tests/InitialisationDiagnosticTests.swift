import Initialisation
import Initializers
import Layers
import Tensors
import TestSupport
import Testing
import Training

@Suite("19.3 Diagnosing the initialisation")
struct InitialisationDiagnosticTests {
  @Test("all zeros: symmetric at every layer, and nothing else")
  func zerosAreSymmetric() {
    for start in starts(.zeros) {
      let findings = diagnoseInitialisation(start.model, probe: start.probe)
      let evidence = findings.first?.evidence ?? []
      #expect(
        findings.symptoms == [.symmetricInitialisation],
        """
        seed \(start.seed): every weight is 0, so every row of every layer is the same: \
        expected [symmetric initialisation] alone (a symmetric layer's variance is not judged: \
        the symmetry is the problem), got:
        \(findings.report)
        """)
      #expect(
        evidence.map(\.location) == linearIndices.map { .layer($0) }
          && evidence.allSatisfy {
            $0.quantity == "distinct rows" && $0.measured == 1 && $0.threshold == 2
          },
        """
        seed \(start.seed): one Evidence("distinct rows", at: .layer(i), measured: 1, \
        threshold: 2, .below) per layer with at least 2 units, in order (layers \
        \(linearIndices)); got \(evidence)
        """)
    }
  }

  @Test("N(0, 0.01²): too small, where the signal vanished and at every layer's weights")
  func tooSmallIsFlagged() {
    for start in starts(.tooSmall) {
      let findings = diagnoseInitialisation(start.model, probe: start.probe)
      let evidence = findings.first?.evidence ?? []
      #expect(
        findings.symptoms == [.initialisationTooSmall],
        "seed \(start.seed): expected [initialisation too small], got:\n\(findings.report)")
      let signal = evidence.first
      #expect(
        signal?.quantity == "activation standard deviation" && signal?.location == .layer(0)
          && (signal?.measured ?? 1) < 0.05 && signal?.threshold == 0.05,
        """
        seed \(start.seed): the first evidence is the FIRST hidden layer whose activations \
        have a standard deviation below 0.05, here layer 0 (about 0.008): \
        Evidence("activation standard deviation", at: .layer(0), ...); got \
        \(String(describing: signal))
        """)
      let weights = evidence.dropFirst()
      #expect(
        weights.map(\.location) == linearIndices.map { .layer($0) }
          && weights.allSatisfy {
            $0.quantity == "weight variance / lowest prediction" && $0.measured < 0.01
              && $0.threshold == 0.5
          },
        """
        seed \(start.seed): then every layer whose weight variance is below half the lowest \
        prediction (1e-4 against 1/fan_in or 2/(fan_in + fan_out): about 0.003), in order: \
        Evidence("weight variance / lowest prediction", at: .layer(j), measured: variance / \
        lowestPrediction, threshold: 0.5, .below); got \(Array(weights))
        """)
    }
  }

  @Test("N(0, 1): too large, where the signal exploded and at the layers whose weights are too big")
  func tooLargeIsFlagged() {
    for start in starts(.tooLarge) {
      let findings = diagnoseInitialisation(start.model, probe: start.probe)
      let evidence = findings.first?.evidence ?? []
      #expect(
        findings.symptoms == [.initialisationTooLarge],
        "seed \(start.seed): expected [initialisation too large], got:\n\(findings.report)")
      let first = activationSummaries(of: start.model, on: start.probe).first {
        $0.activation.standardDeviation > 20
      }
      let signal = evidence.first
      #expect(
        first != nil && signal?.quantity == "activation standard deviation"
          && signal?.location == .layer(first!.layer)
          && signal?.measured == first!.activation.standardDeviation && signal?.threshold == 20,
        """
        seed \(start.seed): the first evidence is the FIRST hidden layer whose activation \
        standard deviation is above 20, layer \(first.map { "\($0.layer)" } ?? "?") \
        (\(first.map { "\($0.activation.standardDeviation)" } ?? "?")); got \
        \(String(describing: signal))
        """)
      let weights = evidence.dropFirst()
      #expect(
        weights.map(\.location) == linearIndices.dropFirst().map { .layer($0) }
          && weights.allSatisfy {
            $0.quantity == "weight variance / highest prediction" && $0.measured > 8
              && $0.threshold == 2
          },
        """
        seed \(start.seed): then the layers whose weight variance is above twice the highest \
        prediction: layers 2 ... 10 (1 against 2/32 = 0.0625 for He), but NOT layer 0: with \
        fan_in 2, N(0, 1) is exactly He's 2 / fan_in = 1. Got \(Array(weights))
        """)
    }
  }

  @Test("quiet on the healthy run (He, ReLU)", arguments: [0, 1, 2])
  func quietOnHealthy(index: Int) {
    let start = starts(.healthy)[index]
    let findings = diagnoseInitialisation(start.model, probe: start.probe)
    #expect(
      findings.isEmpty,
      "seed \(start.seed): He initialisation for ReLU; expected nothing, got:\n\(findings.report)")
  }

  @Test("quiet on the decoy: tanh with Xavier, and a last layer 100 times smaller on purpose")
  func quietOnDecoy() {
    for start in starts(.decoy) {
      let findings = diagnoseInitialisation(start.model, probe: start.probe)
      #expect(
        findings.isEmpty,
        """
        seed \(start.seed): Xavier's 2 / (fan_in + fan_out) is a standard rule for tanh (it \
        is the band's lowest prediction, not below it), the hidden activations' spread is \
        about 0.2-0.3 (low, but a factor 4 above 0.05), and the last layer's tiny weights are \
        a choice: its output is no hidden layer, and a small-weight finding needs BOTH a \
        vanished hidden signal and small weights. Got:
        \(findings.report)
        """)
    }
  }

  @Test("a signal lost to dead units is not blamed on sound weights")
  func deadUnitsAreNotAnInitialisationProblem() {
    let model = network(.relu, .heNormal(), seed: 5)
    for linear in linears(model).dropLast() {
      linear.bias!.value = Tensor(shape: linear.bias!.shape, repeating: -5)
    }
    let findings = diagnoseInitialisation(model, probe: makeInitialisationData(seed: 5).inputs)
    #expect(
      findings.isEmpty,
      """
      He weights with biases at -5: every hidden unit is dead, so the activations' spread is \
      0, but every weight is inside its band. Too small needs both the vanished signal and \
      weights below half the lowest prediction (this is chapter 18's problem); got:
      \(findings.report)
      """)
  }

  @Test("tanh with N(0, 1) is too large by its saturated fraction (a tanh cannot exceed 1)")
  func saturatedTanhIsTooLarge() {
    let model = network(.tanh, .normal(mean: 0, standardDeviation: 1), seed: 6)
    let probe = makeInitialisationData(seed: 6).inputs
    let findings = diagnoseInitialisation(model, probe: probe)
    let first = activationSummaries(of: model, on: probe).first {
      $0.activation.saturatedFraction > 0.5
    }
    let signal = findings.first?.evidence.first
    #expect(
      findings.symptoms == [.initialisationTooLarge] && first != nil
        && signal?.quantity == "saturated fraction" && signal?.location == .layer(first!.layer)
        && signal?.threshold == 0.5,
      """
      a tanh's output stays in [-1, 1], so its spread never passes 20: a too-large start shows \
      as saturation. Expected [too large] whose first evidence is Evidence("saturated \
      fraction", at: .layer(\(first.map { "\($0.layer)" } ?? "?")), ..., threshold: 0.5, \
      .above) for the FIRST tanh layer more than half saturated; got:
      \(findings.report)
      """)
  }

  @Test("a layer with a single unit cannot be symmetric")
  func singleUnitIsNotSymmetric() {
    let model = network(.relu, .heNormal(), seed: 7, widths: [2, 32, 32, 1])
    let findings = diagnoseInitialisation(model, probe: makeInitialisationData(seed: 7).inputs)
    #expect(
      findings.isEmpty,
      """
      the output layer of a regression has 1 unit, so 1 distinct row is all it can have: the \
      symmetry rule needs at least 2 rows (fanOut >= 2); got:
      \(findings.report)
      """)
  }

  @Test("an empty probe stops with a message")
  func emptyProbeStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = diagnoseInitialisation(
        makeInitialisationModel(.healthy, seed: 1), probe: Tensor(shape: [0, 2], scalars: []))
    }
    expectMessage(result, contains: ["diagnoseInitialisation", "[0, 2]"])
  }
}
