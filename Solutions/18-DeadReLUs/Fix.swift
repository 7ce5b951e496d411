/// The fix: the same network and data, with each cause of zero gradients removed. Builds on
/// chapter 4 (LeakyReLU), chapter 6 (He initialisation with the activation's gain, zero
/// biases) and chapter 7 (clipping the gradient norm):
///
/// ```
/// activation   → .leakyReLU(slope: 0.01)          a negative unit still passes 1% back
/// initializer  → .heNormal(.leakyReLU(slope: 0.01)) He for that activation (gain √(2/1.0001))
/// hiddenBias   → 0                                 biases start at zero
/// learningRate → min(learningRate, maximumRate)    a rate that does not throw units away
/// lossClip     → nil; clipNorm → clipNorm ?? 1      when the loss was clipped: clip the
///                                                  gradient instead, never the loss
/// ```
///
/// Everything else (width, steps, and a gradient clip already set) is kept. The fix does not
/// read which run it is given: the same function repairs all three broken runs, and leaves a
/// healthy setup healthy.
///
/// ```swift
/// let fixed = trainDeadReLUSetup(repairedSetup(DeadReLURun.deadAtInit.setup), seed: 1)
/// fixed.accuracy   // 0.99, against 0.33 for the broken run
/// ```
///
/// Exercise 18.3.
public func repairedSetup(_ setup: DeadReLUSetup) -> DeadReLUSetup {
  // BEGIN EXERCISE 18.3
  // STUB: return setup
  var repaired = setup
  repaired.activation = .leakyReLU(slope: 0.01)
  repaired.initializer = .heNormal(.leakyReLU(slope: 0.01))
  repaired.hiddenBias = 0
  repaired.learningRate = min(setup.learningRate, DeadReLUThresholds.maximumRate)
  if setup.lossClip != nil {
    repaired.lossClip = nil
    repaired.clipNorm = setup.clipNorm ?? 1
  }
  return repaired
  // END EXERCISE 18.3
}
