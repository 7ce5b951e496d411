import Initialisation
import Initializers
import Layers
import Tensors
import TestSupport
import Testing
import Training
import WorkbookSupport

/// The broken runs' networks re-initialised with the fix (seed 1) and trained like the runs,
/// for half as many steps (100).
enum Fixed {
  static let seed = Trained.seed
  static let runs: [InitialisationRun: Telemetry] = {
    var runs: [InitialisationRun: Telemetry] = [:]
    let data = makeInitialisationData(seed: seed)
    for kind in [InitialisationRun.zeros, .tooSmall, .tooLarge] {
      let model = makeInitialisationModel(kind, seed: seed)
      reinitialise(model, seed: seed &+ 100)
      runs[kind] = trainInitialisationModel(model, on: data, steps: fixSteps)
    }
    return runs
  }()
}

/// The final loss the fixed runs must reach and no broken run does: the healthy run ends near
/// 0.02, the broken ones at ln 3 = 1.0986 (nothing learned) or not finite.
let fixTarget = 0.2

/// The steps the fixed runs train: half the broken runs' 200.
let fixSteps = 100

@Suite("19.4 The fix: a rule for every layer")
struct FixTests {
  @Test("He for ReLU and leaky ReLU (with their gain), LeCun for tanh, sigmoid and the output")
  func recommendedRules() {
    let cases: [(Nonlinearity, Initializer)] = [
      (.relu, .heNormal(.relu)), (.leakyReLU(slope: 0.2), .heNormal(.leakyReLU(slope: 0.2))),
      (.tanh, .lecunNormal), (.sigmoid, .lecunNormal), (.linear, .lecunNormal),
    ]
    for (nonlinearity, expected) in cases {
      let rule = recommendedInitializer(for: nonlinearity)
      #expect(
        rule == expected,
        """
        before \(nonlinearity): expected \(expected), got \(rule). He's gain²/fan_in gives \
        back what a rectifier takes away; tanh, sigmoid and no activation are roughly the \
        identity near 0, so LeCun's 1/fan_in keeps the variance
        """)
    }
  }

  @Test("every bias starts at zero")
  func biasesAreZero() {
    var generator = SeededGenerator(seed: 3)
    let model = Sequential(
      Linear(inputs: 2, outputs: 8, using: &generator), ReLU(),
      Linear(inputs: 8, outputs: 3, using: &generator))
    reinitialise(model, seed: 4)
    let biases = linears(model).map { $0.bias!.value.scalars }
    #expect(
      biases.allSatisfy { $0.allSatisfy { $0 == 0 } },
      """
      the layers started with PyTorch's default random biases; after the fix every bias is \
      0 (He, LeCun and Xavier assume it; the weights break the symmetry). Got \(biases)
      """)
  }

  @Test("each weight gets its layer's rule: 2/fan_in before a ReLU, 1/fan_in before tanh")
  func weightVariances() {
    let relu = makeInitialisationModel(.tooLarge, seed: 2)
    reinitialise(relu, seed: 5)
    let tanh = makeInitialisationModel(.decoy, seed: 2)
    reinitialise(tanh, seed: 5)
    let reluVariance = variance(linears(relu)[2].weight.value)
    let tanhVariance = variance(linears(tanh)[2].weight.value)
    let first = linears(relu)[0].weight.value.shape
    #expect(
      abs(reluVariance / (2.0 / 32) - 1) < 0.25 && abs(tanhVariance / (1.0 / 32) - 1) < 0.25
        && first == [32, 2],
      """
      a 32 x 32 layer before a ReLU should get He, variance 2/32 = 0.0625, and before tanh \
      LeCun, 1/32 = 0.03125 (within 25%, 5 standard errors); got \(reluVariance) and \
      \(tanhVariance). Look up each layer's nonlinearity with nonlinearity(after:in:), draw \
      the weight in its own shape [outputs, inputs] (got \(first) for the first layer)
      """)
    var generator = SeededGenerator(seed: 6)
    let wide = Sequential(
      makeLinear(inputs: 64, outputs: 64, initializer: .zeros, using: &generator), ReLU(),
      makeLinear(inputs: 64, outputs: 64, initializer: .zeros, using: &generator))
    reinitialise(wide, seed: 7)
    let hidden = variance(linears(wide)[0].weight.value)
    let output = variance(linears(wide)[1].weight.value)
    #expect(
      abs(hidden / (2.0 / 64) - 1) < 0.15 && abs(output / (1.0 / 64) - 1) < 0.15,
      """
      Linear(64, 64) → ReLU → Linear(64, 64): the rule depends on the activation after the \
      layer, so the hidden layer gets He (2/64 = \(2.0 / 64)) and the output layer, with \
      nothing after it, LeCun (1/64 = \(1.0 / 64)); got \(hidden) and \(output) (4096 \
      entries: within 15%)
      """)
  }

  @Test("the re-initialised broken networks pass the diagnostic")
  func fixedNetworksAreQuiet() {
    for kind in [InitialisationRun.zeros, .tooSmall, .tooLarge] {
      for start in starts(kind) {
        reinitialise(start.model, seed: start.seed &+ 100)
        let findings = diagnoseInitialisation(start.model, probe: start.probe)
        #expect(
          findings.isEmpty && !findings.contains { $0.symptom == .notWritten },
          """
          \(kind), seed \(start.seed): after reinitialise every layer's weight is redrawn at \
          random with the right variance and its bias is zero, so the diagnostic finds \
          nothing; got:
          \(findings.report)
          """)
      }
    }
  }

  @Test(
    "the fixed run reaches a loss the broken run cannot, on the same seed",
    arguments: [InitialisationRun.zeros, .tooSmall, .tooLarge])
  func fixBeatsTheBrokenRun(kind: InitialisationRun) {
    let broken = Trained.of(kind)
    let fixed = Fixed.runs[kind]!
    let loss = fixed.losses.last ?? .nan
    #expect(
      loss < fixTarget,
      """
      \(kind), seed \(Fixed.seed): re-initialised (He before ReLU, LeCun at the output, zero \
      biases) and trained \(fixSteps) steps, the loss should end below \(fixTarget); got \
      \(loss). Still stuck at ln 3 = 1.0986 or NaN: is the weight redrawn for every Linear \
      layer, with the rule of the nonlinearity after it?
      """)
    #expect(
      !(broken.finalLoss < fixTarget),
      """
      \(kind), seed \(Fixed.seed): the broken run (\(initialisationRunSteps) steps) should \
      end at or above \(fixTarget) (or diverge), got \(broken.finalLoss): the runs are provided, so the data or the engine \
      changed
      """)
  }
}
