import Layers

/// One line of a mode report: where a module sits in the model, what it is, and its mode.
public struct ModeEntry: Equatable, Sendable, CustomStringConvertible {
  /// The module's position: the model's name, then the index of each child on the way down,
  /// separated by dots. `"model"` is the model itself, `"model.2.0"` the first child of its
  /// third child.
  public let path: String

  /// The module's type name, such as `"Dropout"` or `"Sequential"`.
  public let typeName: String

  /// True in training mode, false in evaluation mode.
  public let isTraining: Bool

  /// Creates an entry.
  public init(path: String, typeName: String, isTraining: Bool) {
    self.path = path
    self.typeName = typeName
    self.isTraining = isTraining
  }

  /// `model.2.0 Dropout: eval`.
  public var description: String {
    "\(path) \(typeName): \(isTraining ? "train" : "eval")"
  }
}

/// The mode of every module of `model`, one entry per module, with its path: the diagnostic
/// that makes a model left in evaluation mode visible.
///
/// ```swift
/// let model = Sequential(Linear(...), ReLU(), Sequential(Dropout(seed: 1), Identity()))
/// model.layers[2].eval()
/// modeReport(model).map(\.description)
/// // ["model Sequential: train", "model.0 Linear: train", "model.1 ReLU: train",
/// //  "model.2 Sequential: eval", "model.2.0 Dropout: eval", "model.2.1 Identity: eval"]
/// ```
///
/// The order is depth first, a module before its children and the children in order (the
/// order of `Module.modules`). A module that appears more than once (a shared layer) is listed
/// once, at its first path, and so are its children. The type name is
/// `String(describing: type(of: module))`.
///
/// PyTorch's `model.named_modules()` walks a model the same way (its paths leave out the
/// model's own name); printing `[(name, m.training) for name, m in model.named_modules()]`
/// at the top of a training step is the Python version of this check.
///
/// - Parameters:
///   - model: The model to inspect.
///   - name: The path of the model itself, the prefix of every other path.
///
/// Exercise 8.2.
public func modeReport(_ model: Module, name: String = "model") -> [ModeEntry] {
  // TODO(8.2): your code here (README.md, exercise 8.2).
  return []
}

/// The paths of the modules of `model` that are in evaluation mode; empty when the whole model
/// is training. Provided.
///
/// A training loop can check it before each step and stop with the list, instead of training
/// for hours without dropout:
///
/// ```swift
/// let stuck = modulesInEvaluationMode(model)
/// check(stuck.isEmpty, "training step with modules in eval mode: \(stuck)")
/// ```
public func modulesInEvaluationMode(_ model: Module, name: String = "model") -> [String] {
  modeReport(model, name: name).filter { !$0.isTraining }.map(\.path)
}
