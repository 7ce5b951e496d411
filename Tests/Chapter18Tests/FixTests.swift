import DeadReLUs
import Testing
import Training

/// The accuracy the fixed runs must reach and no broken run does: the healthy run reaches
/// 0.96-0.99 over 50 seeds, the broken ones at most 0.74.
let fixTarget = 0.9

enum Fixed {
  static func of(_ kind: DeadReLURun) -> [DeadReLURunResult] {
    switch kind {
    case .deadAtInit: deadAtInit
    case .killedByRate: killedByRate
    default: clippedLoss
    }
  }
  nonisolated(unsafe) static let deadAtInit = train(.deadAtInit)
  nonisolated(unsafe) static let killedByRate = train(.killedByRate)
  nonisolated(unsafe) static let clippedLoss = train(.clippedLoss)
  static func train(_ kind: DeadReLURun) -> [DeadReLURunResult] {
    testSeeds.map { trainDeadReLUSetup(repairedSetup(kind.setup), seed: $0) }
  }
}

@Suite("18.3 The fix")
struct FixTests {
  @Test("the repaired setup: LeakyReLU(0.01), He weights for it, zero biases")
  func activationAndInitialisation() {
    let repaired = repairedSetup(DeadReLURun.deadAtInit.setup)
    #expect(
      repaired.activation == .leakyReLU(slope: 0.01),
      Comment(
        rawValue:
          "a leaky ReLU of slope 0.01 (chapter 4) keeps a gradient on the negative side; got "
          + "\(repaired.activation)"))
    #expect(
      repaired.initializer == .heNormal(.leakyReLU(slope: 0.01)),
      "He normal with the leaky ReLU's gain (chapter 6), got \(repaired.initializer)")
    #expect(
      repaired.hiddenBias == 0,
      Comment(
        rawValue: "biases start at zero: the -5 bias is what put every unit below zero; got "
          + "\(repaired.hiddenBias)"))
    #expect(
      repaired.learningRate == 0.5 && repaired.lossClip == nil && repaired.clipNorm == nil,
      Comment(
        rawValue: "a rate of 0.5 is already sane and nothing was clipped: keep them; got rate "
          + "\(repaired.learningRate), lossClip \(String(describing: repaired.lossClip)), "
          + "clipNorm \(String(describing: repaired.clipNorm))"))
  }

  @Test("a rate that kills units is lowered to the maximum rate, a sane one is kept")
  func rateIsCapped() {
    let repaired = repairedSetup(DeadReLURun.killedByRate.setup)
    #expect(
      repaired.learningRate == DeadReLUThresholds.maximumRate,
      Comment(
        rawValue: "rate 5 threw the units below zero: lower it to maximumRate (1), got "
          + "\(repaired.learningRate)"))
    var slow = DeadReLUSetup()
    slow.learningRate = 0.1
    #expect(
      repairedSetup(slow).learningRate == 0.1,
      "min(rate, maximumRate): a rate of 0.1 stays 0.1, got \(repairedSetup(slow).learningRate)")
  }

  @Test("a clipped loss is unclipped and the gradient clipped instead (an existing clip kept)")
  func lossClipBecomesGradientClip() {
    let repaired = repairedSetup(DeadReLURun.clippedLoss.setup)
    #expect(
      repaired.lossClip == nil && repaired.clipNorm == 1,
      Comment(
        rawValue:
          "clip the gradient (norm 1), never the loss: expected lossClip nil and clipNorm 1, got "
          + "\(String(describing: repaired.lossClip)) and \(String(describing: repaired.clipNorm))")
    )
    var both = DeadReLURun.clippedLoss.setup
    both.clipNorm = 0.5
    #expect(
      repairedSetup(both).clipNorm == 0.5,
      Comment(
        rawValue: "a gradient clip already set is kept: expected 0.5, got "
          + "\(String(describing: repairedSetup(both).clipNorm))"))
  }

  @Test(
    "the repaired run reaches an accuracy the broken run cannot, on the same seeds",
    arguments: [DeadReLURun.deadAtInit, .killedByRate, .clippedLoss])
  func fixBeatsTheBrokenRun(kind: DeadReLURun) {
    for (broken, fixed) in zip(Runs.of(kind), Fixed.of(kind)) {
      #expect(broken.seed == fixed.seed)
      #expect(
        fixed.accuracy >= fixTarget,
        """
        seed \(fixed.seed): the repaired \(kind) run should reach a training accuracy of at \
        least \(fixTarget), got \(fixed.accuracy) (a dead run stays at 1/3: are the biases \
        reset to 0 and the activation leaky?)
        """)
      #expect(
        broken.accuracy < fixTarget,
        """
        seed \(broken.seed): the broken run should stay below \(fixTarget), got \
        \(broken.accuracy): the runs are provided, so this means the data or the engine changed
        """)
    }
  }
}
