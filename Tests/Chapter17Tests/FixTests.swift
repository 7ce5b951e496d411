import FinalActivation
import Layers
import Tensors
import TestSupport
import Testing
import Training

/// The fixed network of each broken kind and test seed, trained as the broken run was.
enum Fixed {
  static let runs: [OutputRun: [(seed: UInt64, layers: String, finalLoss: Double)]] = {
    var runs: [OutputRun: [(UInt64, String, Double)]] = [:]
    for kind in visiblyBroken {
      runs[kind] = testSeeds.map { seed in
        let targets = outputRunTargets(kind)
        let model = withReachableOutput(
          makeOutputModel(final: kind.activation, seed: seed), targets: targets)
        // A model without parameters (the stub's empty Sequential) cannot be trained.
        guard !model.parameters.isEmpty else { return (seed, "\(model.layers)", .nan) }
        let losses = trainOutputModel(model, targets: targets).losses
        return (seed, "\(model.layers)", losses.last ?? .nan)
      }
    }
    return runs
  }()
}

@Suite("17.4 The fix: an output that can reach the targets")
struct FixTests {
  @Test(
    "the fixed network gets below 1e-3, where the broken one stays above its floor, on the same seeds",
    arguments: visiblyBroken)
  func fixReachesWhatTheBrokenRunCannot(kind: OutputRun) {
    for (index, fixed) in (Fixed.runs[kind] ?? []).enumerated() {
      let broken = Runs.of(kind)[index]
      let oracle = oracleRange(kind.activation)
      let floor = oracleFloor(broken.targets.scalars, lower: oracle.lower, upper: oracle.upper)
      #expect(broken.seed == fixed.seed)
      #expect(
        fixed.finalLoss < 1e-3,
        """
        \(kind), seed \(fixed.seed): with an identity output the same network reaches below \
        1e-3 in the same 400 steps; got \(fixed.finalLoss) with layers \(fixed.layers). \
        Replace the final activation with Identity() when a target is out of its range
        """)
      #expect(
        broken.finalLoss >= floor * (1 - 1e-9),
        """
        \(kind), seed \(fixed.seed): the broken run must end at or above the floor \(floor), \
        got \(broken.finalLoss): the runs are provided, so this means the data or the engine \
        changed
        """)
    }
  }

  @Test("the fix keeps the same linear layers (the same objects) and ends with Identity")
  func fixKeepsTheLinearLayers() {
    let model = makeOutputModel(final: .relu, seed: 1)
    let fixed = withReachableOutput(model, targets: outputRunTargets(.reluOutput))
    let kept = zip(fixed.layers.dropLast(), model.layers.dropLast()).allSatisfy { $0 === $1 }
    #expect(
      fixed.layers.count == model.layers.count && kept && fixed.layers.last is Identity,
      """
      the ReLU is the last layer: keep the layers up to the last one with parameters (the same \
      objects, so the same initial weights) and append Identity(); got \(fixed.layers)
      """)
  }

  @Test(
    "an activation whose range holds every target is kept: the model itself is returned",
    arguments: [OutputRun.sigmoidInsideRange, .reluNonNegative, .healthy])
  func reachableActivationsAreKept(kind: OutputRun) {
    let model = makeOutputModel(final: kind.activation, seed: 1)
    let fixed = withReachableOutput(model, targets: outputRunTargets(kind))
    #expect(
      fixed === model,
      """
      \(kind): every target is inside the \(kind.activation) output's range (the floor is \
      0), so there is nothing to fix: return the model itself; got \(fixed.layers)
      """)
  }

  @Test("a sigmoid on labels of exactly 0 and 1 keeps its sigmoid: the ends are reachable")
  func endsOfTheRangeCount() {
    let model = Sequential(passThrough(), Sigmoid())
    let fixed = withReachableOutput(model, targets: columnTensor([0, 1, 1, 0, 0.5]))
    #expect(
      fixed === model,
      """
      targets 0 and 1 are the ends of the sigmoid's range [0, 1], at distance 0: the floor is \
      0 and the sigmoid stays; got \(fixed.layers). Compare the floor with 0 (> 0), and count \
      the ends as inside
      """)
  }
}
