import Autodiff
import Tensors

/// The building block of a network: something that maps a variable to a variable and may own
/// trainable parameters and submodules.
///
/// A subclass does three things at most: it overrides `callAsFunction(_:)` (the forward pass),
/// lists its own trainable variables in `ownParameters`, and lists its submodules in
/// `children`. Everything else (collecting every parameter of a model, switching the whole
/// model between training and evaluation) is done here, once, by walking `children`.
///
/// ```swift
/// let model = Sequential(Linear(inputs: 2, outputs: 8, using: &generator), ReLU(),
///                        Linear(inputs: 8, outputs: 1, using: &generator))
/// model.parameters.count   // 4: two weights and two biases
/// model.eval()             // every module inside is now in evaluation mode
/// ```
///
/// A module is a class, not a struct, because identity matters: a layer used twice in a model
/// is *one* layer with one set of weights, and `model.eval()` must switch the very modules the
/// forward pass calls, not copies of them.
///
/// The design follows PyTorch's `nn.Module` and mlx-swift's `Module`, cut down to what the
/// workbook needs.
open class Module: CustomStringConvertible {
  /// True in training mode (the default), false in evaluation mode.
  ///
  /// Layers that behave differently while training (dropout in chapter 8, batch normalisation)
  /// read this flag in their forward pass. Change it with `train()`, `eval()` or
  /// `setTraining(_:)`, which reach every descendant, never on one module alone by accident.
  public private(set) var isTraining = true

  /// A frozen module contributes no parameters to `parameters`, and neither does anything
  /// inside it: an optimizer given `model.parameters` never changes its weights.
  ///
  /// Freezing is how a pretrained part of a model is kept fixed while the rest learns. Gradients
  /// still flow *through* a frozen module (the layers before it still learn); its own weights
  /// just never reach the optimizer. (PyTorch's `requires_grad = False` also skips computing
  /// their gradients; here that is only an optimisation we do without.) Freezing does not
  /// change the mode: a frozen module follows `train()` and `eval()` like any other.
  public var isFrozen = false

  /// Creates a module in training mode, not frozen.
  public init() {}

  /// The direct submodules, in the order the forward pass uses them. Containers and composite
  /// layers override this; a plain layer has none.
  ///
  /// Return the stored modules themselves (never copies): `parameters`, `train()` and `eval()`
  /// reach a submodule only through this list.
  open var children: [Module] { [] }

  /// This module's own trainable variables, not those of its children. `Linear` returns
  /// `[weight, bias]`; an activation returns `[]`.
  open var ownParameters: [Variable] { [] }

  /// The forward pass. Every subclass overrides it; the base class stops with a message.
  open func callAsFunction(_ input: Variable) -> Variable {
    check(
      false,
      "Module: \(type(of: self)) does not override callAsFunction(_:), so it has no forward pass")
    return input
  }

  /// Every trainable variable of this module and of all its descendants, each exactly once,
  /// in a fixed order: a module's own parameters first, then each child's, depth first.
  ///
  /// ```
  /// Sequential(a, ReLU(), Sequential(b))   ->  [a.weight, a.bias, b.weight, b.bias]
  /// Sequential(a, ReLU(), a)               ->  [a.weight, a.bias]            (a is shared)
  /// ```
  ///
  /// This is the list handed to an optimizer, so every rule matters:
  /// - *Recursively*, at every depth. A parameter the optimizer never sees never learns, and
  ///   nothing complains: the model just trains worse.
  /// - *Each variable once*, recognised by identity (`ObjectIdentifier`), not by value. A layer
  ///   used twice in a model, or one weight tied between two layers, is one parameter: listed
  ///   twice, an optimizer would apply its update twice per step (and keep two sets of
  ///   momentum for it).
  /// - *Frozen modules are skipped, with everything inside them.* A module reached only through
  ///   frozen modules contributes nothing; one that is also reachable along a path without a
  ///   frozen module (a layer shared between a frozen and a trainable block) does contribute.
  ///   A frozen model returns `[]`.
  ///
  /// The order is deterministic (optimizers keep per-parameter state, and checkpoints are
  /// written in this order).
  ///
  /// Exercise 4.4.
  public final var parameters: [Variable] {
    // BEGIN EXERCISE 4.4
    // STUB: return []
    var result: [Variable] = []
    var seenModules: Set<ObjectIdentifier> = []
    var seenVariables: Set<ObjectIdentifier> = []
    var pending: [Module] = [self]
    while let module = pending.popLast() {
      guard !module.isFrozen, seenModules.insert(ObjectIdentifier(module)).inserted else {
        continue
      }
      for parameter in module.ownParameters
      where seenVariables.insert(ObjectIdentifier(parameter)).inserted {
        result.append(parameter)
      }
      pending += module.children.reversed()
    }
    return result
    // END EXERCISE 4.4
  }

  /// The number of trainable scalars: the sum of the element counts of `parameters`.
  ///
  /// ```
  /// Sequential(Linear(inputs: 2, outputs: 3, ...), ReLU(), Linear(inputs: 3, outputs: 1, ...))
  ///     .parameterCount   // (3*2 + 3) + (1*3 + 1) = 13
  /// ```
  public final var parameterCount: Int {
    parameters.reduce(0) { $0 + $1.value.count }
  }

  /// This module and every module inside it, each exactly once, depth first (a module before
  /// its children, the children in order), frozen or not.
  ///
  /// ```
  /// Sequential(a, Sequential(b), a)   ->  [the outer Sequential, a, the inner Sequential, b]
  /// ```
  ///
  /// A module shared by two parents appears once, at its first position. `setTraining(_:)`
  /// walks this list, and chapter 8 saves and restores every module's mode along it.
  ///
  /// Exercise 4.5.
  public final var modules: [Module] {
    // BEGIN EXERCISE 4.5
    // STUB: return []
    var result: [Module] = []
    var seen: Set<ObjectIdentifier> = []
    var pending: [Module] = [self]
    while let module = pending.popLast() {
      guard seen.insert(ObjectIdentifier(module)).inserted else { continue }
      result.append(module)
      pending += module.children.reversed()
    }
    return result
    // END EXERCISE 4.5
  }

  /// Puts this module and every descendant in training mode. Same as `setTraining(true)`.
  public final func train() {
    setTraining(true)
  }

  /// Puts this module and every descendant in evaluation mode. Same as `setTraining(false)`.
  ///
  /// Forgetting to call it before measuring a model with dropout gives noisy, pessimistic
  /// validation numbers; forgetting `train()` afterwards silently trains without dropout
  /// (chapter 8).
  public final func eval() {
    setTraining(false)
  }

  /// A one-line summary for messages and printing: the type's name, followed by the children's
  /// descriptions in parentheses when there are any, e.g.
  /// `Sequential(Linear(2 -> 3), ReLU, Linear(3 -> 1))`. Layers with hyper-parameters override
  /// it to show them.
  open var description: String {
    let name = String(describing: type(of: self))
    let children = self.children
    guard !children.isEmpty else { return name }
    return name + "(" + children.map(\.description).joined(separator: ", ") + ")"
  }

  /// Sets `isTraining` to `training` on this module and on every descendant, at every depth,
  /// frozen or not, each shared module once. It never changes the module's parents.
  ///
  /// ```
  /// let model = Sequential(Linear(...), Sequential(Dropout(...)))
  /// model.setTraining(false)
  /// model.layers[1].children[0].isTraining   // false: the grandchild was reached too
  /// ```
  ///
  /// Exercise 4.5.
  public final func setTraining(_ training: Bool) {
    // BEGIN EXERCISE 4.5
    for module in modules {
      module.isTraining = training
    }
    // END EXERCISE 4.5
  }

  /// Sets the mode of this module alone (`recursively: false`) or of the module and every
  /// descendant (`recursively: true`, the same as `setTraining(_:)`). Provided.
  ///
  /// The non-recursive form exists to *restore* a model's modes exactly, one module at a time,
  /// when not every module was in the same mode (chapter 8's `evaluating {}`):
  ///
  /// ```
  /// let saved = model.modules.map { ($0, $0.isTraining) }
  /// model.eval()
  /// ...
  /// for (module, mode) in saved { module.setTraining(mode, recursively: false) }
  /// ```
  public final func setTraining(_ training: Bool, recursively: Bool) {
    if recursively {
      setTraining(training)
    } else {
      isTraining = training
    }
  }
}
