import Autodiff
import Foundation
import Tensors

/// Which kind of non-finite number an anomaly found first.
public enum AnomalyKind: String, Sendable, CustomStringConvertible {
  case nan = "NaN"
  case positiveInfinity = "+inf"
  case negativeInfinity = "-inf"

  public var description: String { rawValue }
}

/// The first non-finite tensor of a run, named the way a person needs it: which operation
/// wrote it, into which variable, of which shape, in which phase of which step.
public struct Anomaly: Sendable, Equatable, CustomStringConvertible {
  /// The operation of the variable written (`"log"`, `"divide"`, `"leaf"` for a parameter or
  /// an input, ...).
  public var operation: String
  /// The variable's name, when it has one (`"w"`, `"layer1.weight"`).
  public var name: String?
  /// The shape of the tensor written.
  public var shape: [Int]
  /// Forward (an operation's result), backward (a gradient) or update (a parameter's value).
  public var phase: EnginePhase
  /// The training step, counted from 0.
  public var step: Int
  /// The kind of the first non-finite element.
  public var kind: AnomalyKind
  /// The position of the first non-finite element in row-major order.
  public var index: Int
  /// How many elements of the tensor are not finite.
  public var count: Int
  /// What the variable was computed from: each parent's name, or its operation when it has no
  /// name, in order. Empty for a leaf.
  public var inputs: [String]

  public init(
    operation: String, name: String?, shape: [Int], phase: EnginePhase, step: Int,
    kind: AnomalyKind, index: Int, count: Int, inputs: [String]
  ) {
    self.operation = operation
    self.name = name
    self.shape = shape
    self.phase = phase
    self.step = step
    self.kind = kind
    self.index = index
    self.count = count
    self.inputs = inputs
  }

  /// One line, e.g. `step 0, forward: log (unnamed) of [subtract], shape [64, 1]: -inf at
  /// element 3, 5 of 64 elements not finite`.
  public var description: String {
    let label = name.map { "'\($0)'" } ?? "unnamed"
    let from = inputs.isEmpty ? "" : " of [" + inputs.joined(separator: ", ") + "]"
    let elements = shape.reduce(1, *)
    return "step \(step), \(phase): \(operation) (\(label))\(from), shape \(shape): \(kind) at "
      + "element \(index), \(count) of \(elements) elements not finite"
  }
}

extension Anomaly {
  /// What the stub of exercise 22.1 reports for every tensor: an anomaly that names no
  /// operation, so that a healthy run is never called healthy before 22.1 is written.
  public static func notWritten(shape: [Int], phase: EnginePhase, step: Int) -> Anomaly {
    Anomaly(
      operation: "not written (22.1)", name: nil, shape: shape, phase: phase, step: step,
      kind: .nan, index: -1, count: -1, inputs: [])
  }
}

/// The first non-finite element of `tensor`, which the engine just wrote into `variable` in
/// `phase` of training step `step`, as an `Anomaly`; nil when every element is finite.
///
/// ```
/// index = the first position (row-major) whose element is NaN, +inf or -inf
/// kind  = .nan, .positiveInfinity or .negativeInfinity, for that element
/// count = the number of non-finite elements in the whole tensor
/// operation, name          = variable's
/// shape                    = tensor's
/// inputs                   = for each parent of variable, in order: its name ?? its operation
/// ```
///
/// The tensor is passed separately because in the backward phase it is the new gradient,
/// not the variable's value. A NaN is not an infinity: test `isNaN` first, and the sign of an
/// infinity tells `+inf` from `-inf`.
///
/// Stops with a message when `step` is negative.
///
/// Exercise 22.1.
public func firstAnomaly(
  in tensor: Tensor, of variable: Variable, phase: EnginePhase, step: Int
) -> Anomaly? {
  // BEGIN EXERCISE 22.1
  // STUB: return .notWritten(shape: tensor.shape, phase: phase, step: step)
  check(step >= 0, "firstAnomaly: step must be >= 0, got \(step)")
  guard let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) else { return nil }
  let first = tensor.scalars[index]
  let kind: AnomalyKind =
    first.isNaN ? .nan : (first > 0 ? .positiveInfinity : .negativeInfinity)
  let count = tensor.scalars.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
  return Anomaly(
    operation: variable.operation, name: variable.name, shape: tensor.shape, phase: phase,
    step: step, kind: kind, index: index, count: count,
    inputs: variable.parents.map { $0.name ?? $0.operation })
  // END EXERCISE 22.1
}

/// The anomaly mode's observer: it checks every tensor the engine writes while it is on and
/// keeps the first anomaly. Provided.
///
/// ```swift
/// let detector = AnomalyDetector()
/// detector.step = 7
/// withAnomalyMode(detector) {
///   let loss = model(x) ...       // every operation's result is checked
///   loss.backward()               // every gradient is checked
///   optimizer.step()              // every updated parameter is checked
/// }
/// detector.first                  // the first anomaly, or nil
/// ```
///
/// A class because the engine and the training loop share it; `@unchecked Sendable` because
/// its two mutable fields are guarded by a lock (the engine itself is single-threaded, but the
/// task-local that carries the observer requires a Sendable value).
public final class AnomalyDetector: EngineObserver, @unchecked Sendable {
  private let lock = NSLock()
  private var currentStep = 0
  private var firstFound: Anomaly?
  private var checkedCount = 0

  public init() {}

  /// The training step the next tensors belong to; the training loop sets it.
  public var step: Int {
    get { lock.withLock { currentStep } }
    set { lock.withLock { currentStep = newValue } }
  }

  /// The first anomaly seen, or nil.
  public var first: Anomaly? { lock.withLock { firstFound } }

  /// How many tensors were checked.
  public var checked: Int { lock.withLock { checkedCount } }

  /// Called by the engine for every tensor it writes (see `EngineObserver`). After the first
  /// anomaly it stops checking: the first is the one that names the cause, and everything
  /// computed from it is NaN too.
  public func observe(_ variable: Variable, tensor: Tensor, phase: EnginePhase) {
    lock.withLock {
      guard firstFound == nil else { return }
      checkedCount += 1
      firstFound = firstAnomaly(in: tensor, of: variable, phase: phase, step: currentStep)
    }
  }
}

/// Runs `body` with the anomaly mode on: every tensor the engine writes inside it (in this
/// task) is shown to `detector`. Provided. Outside, the mode is off again.
public func withAnomalyMode<Result>(_ detector: AnomalyDetector, _ body: () -> Result) -> Result {
  EngineHooks.$observer.withValue(detector) { body() }
}
