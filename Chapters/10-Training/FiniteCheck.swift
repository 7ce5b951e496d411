import Autodiff
import Layers
import Losses
import Tensors

/// The result of `checkFinite`.
public struct FiniteCheck: SanityCheck {
  /// The loss of the forward pass checked (NaN or infinite when that is the problem).
  public let loss: Double
  /// One line per thing found not finite, in the order of the forward and backward passes:
  /// inputs, parameters, the first activation, the loss, gradients. Empty when all is finite.
  public let problems: [String]

  /// Creates a result from its numbers.
  public init(loss: Double, problems: [String]) {
    self.loss = loss
    self.problems = problems
  }

  /// "everything finite".
  public var name: String { "everything finite" }

  /// Whether nothing was found.
  public var passed: Bool { problems.isEmpty }

  /// The first problem, or the loss when there is none.
  public var summary: String {
    guard let first = problems.first else {
      return "inputs, parameters, activations, loss (\(String(format: "%.4g", loss))), "
        + "gradients"
    }
    let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
    return first + more
  }
}

/// Runs one forward and backward pass and names everything in it that is NaN or infinite:
/// the inputs, each parameter, the first activation, the loss, each parameter's gradient.
///
/// ```
/// "inputs"                           the batch
/// "parameter <path> <layer> <name>"  each parameter's value, e.g. "parameter model.2 Linear(16 -> 3) weight"
/// "activation <path> <layer>"        the output of each layer of a Sequential, in order (only
///                                    the first non-finite one: the rest follow from it); the
///                                    model's output for any other model
/// "loss"                             the loss
/// "gradient <path> <layer> <name>"   each parameter's gradient (only when the loss is finite:
///                                    otherwise every gradient is NaN and the loss is the news)
/// ```
///
/// Each line is the name, a colon, and what `nonFiniteDescription` says of the tensor, e.g.
/// `"activation model.2 Log: 3 of 24 values are not finite (first: -inf at [0, 1])"`. Paths
/// are the model's name, `model`, followed by child indices: `model.2` is the third layer.
///
/// The first NaN is the one that matters; everything computed from it is NaN too. This tells
/// you where it appeared: in the data, in a layer (a log of 0, a division by zero), in the
/// loss, or only in the backward pass. Chapter 22 builds the same idea into every operation.
///
/// The forward pass runs in the model's current mode. Parameter gradients are put back as they
/// were.
///
/// - Parameters:
///   - model: The model to check.
///   - inputs: A batch of inputs.
///   - labels: Its labels.
///   - loss: The mean loss of a batch; the cross-entropy by default.
///
/// Exercise 10.6.
public func checkFinite(
  _ model: Module, inputs: Tensor, labels: [Int],
  loss: LossFunction = { crossEntropy(logits: $0, labels: $1) }
) -> FiniteCheck {
  // TODO(10.6): your code here (README.md, exercise 10.6).
  return FiniteCheck(loss: .nan, problems: [])
}

/// Nil when every element of `tensor` is finite; otherwise how many are not, of how many, and
/// the first one with its index. Provided.
///
/// ```swift
/// nonFiniteDescription(Tensor([[1, .nan], [.infinity, 2]]))
/// // "2 of 4 values are not finite (first: nan at [0, 1])"
/// ```
public func nonFiniteDescription(_ tensor: Tensor) -> String? {
  guard let first = tensor.scalars.firstIndex(where: { !$0.isFinite }) else { return nil }
  let count = tensor.scalars.count { !$0.isFinite }
  var index: [Int] = []
  var remainder = first
  for size in tensor.shape.reversed() {
    index.insert(size > 0 ? remainder % size : 0, at: 0)
    remainder = size > 0 ? remainder / size : 0
  }
  return "\(count) of \(tensor.count) value\(tensor.count == 1 ? " is" : "s are") not finite "
    + "(first: \(tensor.scalars[first]) at \(index))"
}

/// Every parameter of every module of `model`, each once, with a name made of the module's
/// path, its description and the parameter's own name: `"model.2 Linear(16 -> 3) weight"`.
/// Provided.
///
/// Paths are `model` for the model itself and a dot and the child's index for each level
/// below, depth first; a module reached twice keeps its first path. Frozen modules are
/// included (their values can be broken too).
public func namedParameters(of model: Module) -> [(name: String, variable: Variable)] {
  var result: [(name: String, variable: Variable)] = []
  var seenModules: Set<ObjectIdentifier> = []
  var seenVariables: Set<ObjectIdentifier> = []
  var pending: [(path: String, module: Module)] = [("model", model)]
  while let (path, module) = pending.popLast() {
    guard seenModules.insert(ObjectIdentifier(module)).inserted else { continue }
    for (index, parameter) in module.ownParameters.enumerated()
    where seenVariables.insert(ObjectIdentifier(parameter)).inserted {
      let name = parameter.name ?? "parameter \(index)"
      result.append(("\(path) \(module.description) \(name)", parameter))
    }
    pending += module.children.enumerated().reversed().map { ("\(path).\($0)", $1) }
  }
  return result
}
