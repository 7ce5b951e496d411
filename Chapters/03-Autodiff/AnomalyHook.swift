import Tensors

/// Where in a training step a tensor was written: by an operation (forward), by `backward()`
/// into a `grad` (backward), or by an optimizer into a parameter's `value` (update).
public enum EnginePhase: String, Sendable, CaseIterable, CustomStringConvertible {
  case forward, backward, update

  public var description: String { rawValue }
}

/// Something that wants to see every tensor the engine writes: chapter 22's anomaly mode.
///
/// Provided, not an exercise. The engine calls `observe` from three places in `Variable`:
/// when an operation creates its result (`.forward`, the tensor is the result's value), when
/// a gradient is stored in `grad` (`.backward`, the tensor is the new gradient), and when a
/// `value` is assigned after creation (`.update`: an optimizer's step, or any code that edits
/// a parameter).
///
/// The observer is reached through the task-local `EngineHooks.observer`, so it is on only
/// inside `EngineHooks.$observer.withValue(observer) { ... }`, only for the code that block
/// runs, and never for tests running in parallel on other tasks. Off (the default), each of
/// the three places costs one read of a task-local and one branch.
public protocol EngineObserver: AnyObject, Sendable {
  /// Called with the variable written, the tensor just written into it and the phase.
  func observe(_ variable: Variable, tensor: Tensor, phase: EnginePhase)
}

/// The engine's hooks. Provided, not an exercise.
public enum EngineHooks {
  /// The observer every operation, gradient and update reports to; nil (off) by default.
  @TaskLocal public static var observer: (any EngineObserver)?
}
