import Training

/// How much of the gradient reaches the first layer, at one probed step: the norms of the
/// first and the last layer's gradients and their ratio. Provided.
public struct GradientFlow: Equatable, Sendable {
  /// The probed step.
  public let step: Int
  /// The index of the first layer with parameters (in the top-level `Sequential`).
  public let firstLayer: Int
  /// The index of the last layer with parameters (the output layer).
  public let lastLayer: Int
  /// The first layer's gradient norm `||∇ W_1||` (weight and bias together).
  public let firstNorm: Double
  /// The last layer's gradient norm `||∇ W_L||`.
  public let lastNorm: Double

  public init(step: Int, firstLayer: Int, lastLayer: Int, firstNorm: Double, lastNorm: Double) {
    self.step = step
    self.firstLayer = firstLayer
    self.lastLayer = lastLayer
    self.firstNorm = firstNorm
    self.lastNorm = lastNorm
  }

  /// `||∇ W_1|| / ||∇ W_L||`: about 1 when the gradient flows, far below 1 when it vanishes
  /// on its way back, far above when it explodes.
  public var ratio: Double { firstNorm / lastNorm }
}

/// The gradient flow of one probed step: the first and the last entry of `probe.layers` (the
/// layers in the order of the forward pass) and their gradient norms.
///
/// ```
/// first = probe.layers.first,  last = probe.layers.last
/// GradientFlow(step: probe.step, firstLayer: first.index, lastLayer: last.index,
///              firstNorm: first.gradientNorm, lastNorm: last.gradientNorm)
/// ```
///
/// Returns nil when there is no flow to measure: fewer than two layers (a single layer is
/// both first and last), a gradient norm that is not finite (chapter 16's problem, not this
/// one's), or a last-layer norm of exactly 0 (no gradient at all, not a fading one: the loss
/// path is cut, chapter 18's problem; the ratio would divide by zero).
///
/// ```swift
/// let run = makeDepthRun(.tooDeep, seed: 1)
/// gradientFlow(at: run.telemetry.probes[0])!.ratio      // about 1e-12
/// ```
///
/// Exercise 20.1.
public func gradientFlow(at probe: ProbeRecord) -> GradientFlow? {
  // BEGIN EXERCISE 20.1
  // STUB: return GradientFlow(
  // STUB:   step: probe.step, firstLayer: -1, lastLayer: -1, firstNorm: .nan, lastNorm: .nan)
  guard probe.layers.count >= 2, let first = probe.layers.first, let last = probe.layers.last
  else { return nil }
  guard first.gradientNorm.isFinite, last.gradientNorm.isFinite, last.gradientNorm > 0 else {
    return nil
  }
  return GradientFlow(
    step: probe.step, firstLayer: first.index, lastLayer: last.index,
    firstNorm: first.gradientNorm, lastNorm: last.gradientNorm)
  // END EXERCISE 20.1
}
