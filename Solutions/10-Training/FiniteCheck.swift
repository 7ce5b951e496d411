import Autodiff
import Layers
import Losses
import Tensors

extension Symptom {
  /// `checkFinite`: the batch itself holds a NaN or an infinity.
  public static let notFiniteInputs = Symptom("inputs not finite")
  /// `checkFinite`: a parameter's value is NaN or infinite before the forward pass.
  public static let notFiniteParameter = Symptom("parameter not finite")
  /// `checkFinite`: a layer's output is the first non-finite activation of the forward pass.
  public static let notFiniteActivation = Symptom("activation not finite")
  /// `checkFinite`: the loss is NaN or infinite.
  public static let notFiniteLoss = Symptom("loss not finite")
  /// `checkFinite`: a parameter's gradient is NaN or infinite while the loss is finite.
  public static let notFiniteGradient = Symptom("gradient not finite")
}

/// The result of `checkFinite`.
public struct FiniteCheck: SanityCheck {
  /// The loss of the forward pass checked (NaN or infinite when that is the problem).
  public let loss: Double
  /// One finding per thing found not finite, in the order of the forward and backward passes:
  /// inputs, parameters, the first activation, the loss, gradients. Empty when all is finite.
  public let findings: [Finding]

  /// Creates a result from its numbers.
  public init(loss: Double, findings: [Finding]) {
    self.loss = loss
    self.findings = findings
  }

  /// "everything finite".
  public var name: String { "everything finite" }

  /// Whether nothing was found.
  public var passed: Bool { findings.isEmpty }

  /// The first finding's symptom and evidence, or the loss when there is none.
  public var summary: String {
    guard let first = findings.first else {
      return "inputs, parameters, activations, loss (\(String(format: "%.4g", loss))), "
        + "gradients"
    }
    let more = findings.count > 1 ? " (and \(findings.count - 1) more)" : ""
    return "\(first.symptom): " + first.evidence.map(\.description).joined(separator: "; ")
      + more
  }
}

extension Finding {
  /// The finding of `checkFinite` for one tensor: nil when every element of `tensor` is finite;
  /// otherwise `symptom` at `location`, with the number of non-finite values as evidence (above
  /// the threshold 0) and `nonFiniteDescription(tensor)` in the likely cause. Provided.
  ///
  /// ```swift
  /// Finding.notFinite(.notFiniteActivation, "the output of Log", at: .layer(2), in: output)
  /// // activation not finite: layer 2: non-finite values of the output of Log 51, above the
  /// // threshold 0
  /// //   likely cause: the output of Log: 51 of 96 values are not finite (first: -inf at
  /// //   [0, 0]); this layer makes them from finite inputs (a log of 0, a division by 0, ...)
  /// ```
  public static func notFinite(
    _ symptom: Symptom, _ what: String, at location: Location, in tensor: Tensor
  ) -> Finding? {
    guard let description = nonFiniteDescription(tensor) else { return nil }
    let count = tensor.scalars.count { !$0.isFinite }
    let cause: String
    let fix: String
    switch symptom {
    case .notFiniteInputs:
      cause = "the data: \(description)"
      fix = "find the examples in the data set and clean or drop them before training"
    case .notFiniteParameter:
      cause = "\(what): \(description); an earlier step diverged, or the weights were loaded broken"
      fix = "re-initialise the model, then lower the learning rate or clip the gradients"
    case .notFiniteActivation:
      cause =
        "\(what): \(description); this layer makes them from finite inputs (a log of 0, a "
        + "division by 0, an exp that overflows)"
      fix = "make the operation safe (clamp before the log, add an epsilon, shift before exp)"
    case .notFiniteLoss:
      cause =
        "the loss is \(tensor.scalars.first ?? .nan): inherited from a non-finite activation "
        + "reported before it, or, when there is none, made by the loss function itself"
      fix = "fix the first finding; with none before it, look for a log of a probability of 0"
    default:
      cause =
        "\(what): \(description); a backward rule makes them while the forward pass is finite"
      fix = "check the backward rules of the operations after this parameter (a division by 0)"
    }
    return Finding(
      symptom,
      evidence: [
        Evidence(
          "non-finite values of \(what)", at: location, measured: Double(count), threshold: 0,
          .above)
      ], likelyCause: cause, fix: fix)
  }
}

/// The top-level layer a parameter named by `namedParameters(of:)` belongs to: `.layer(i)` for
/// a path `model.i...`, `.run` for a parameter of the model itself. Provided.
func location(ofParameterNamed name: String) -> Location {
  let path = name.prefix { $0 != " " }.split(separator: ".")
  guard path.count >= 2, let index = Int(path[1]) else { return .run }
  return .layer(index)
}

/// Runs one forward and backward pass and reports everything in it that is NaN or infinite:
/// the inputs, each parameter, the first activation, the loss, each parameter's gradient.
///
/// ```
/// symptom               location             what
/// .notFiniteInputs      .run                 "the inputs"
/// .notFiniteParameter   .layer(i) or .run    each parameter's value, by its name from
///                                            namedParameters: "model.2 Linear(16 -> 3) weight"
/// .notFiniteActivation  .layer(i)            "the output of <layer>": the output of each layer
///                                            of a Sequential, in order, only the first
///                                            non-finite one (the rest follow from it); for
///                                            any other model its output, at .run
/// .notFiniteLoss        .run                 "the loss"
/// .notFiniteGradient    .layer(i) or .run    "the gradient of <name>", each parameter's
///                                            gradient (only when the loss is finite: otherwise
///                                            every gradient is NaN and the loss is the news)
/// ```
///
/// Each finding is made by the provided `Finding.notFinite(_:_:at:in:)`, which returns nil for
/// a finite tensor; its evidence is the number of non-finite values, and its likely cause
/// quotes `nonFiniteDescription`, e.g. "51 of 96 values are not finite (first: -inf at
/// [0, 0])". `.layer(i)` is the top-level layer: for a parameter, the first index of its path
/// (`model.2.0` is in layer 2; `location(ofParameterNamed:)` reads it).
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
/// Exercise 10.16.
public func checkFinite(
  _ model: Module, inputs: Tensor, labels: [Int],
  loss: LossFunction = { crossEntropy(logits: $0, labels: $1) }
) -> FiniteCheck {
  // BEGIN EXERCISE 10.16
  // STUB: return FiniteCheck(loss: .nan, findings: [.notWritten("10.16")])
  var findings: [Finding] = []
  func add(_ finding: Finding?) {
    if let finding { findings.append(finding) }
  }
  let parameters = namedParameters(of: model)
  add(.notFinite(.notFiniteInputs, "the inputs", at: .run, in: inputs))
  for (name, parameter) in parameters {
    add(
      .notFinite(
        .notFiniteParameter, name, at: location(ofParameterNamed: name), in: parameter.value))
  }

  var output = Variable(inputs)
  var activationProblem = false
  let layers: [(location: Location, module: Module)] =
    (model as? Sequential)?.layers.enumerated().map { (.layer($0), $1) } ?? [(.run, model)]
  for (location, layer) in layers {
    output = layer(output)
    let what = "the output of \(layer.description)"
    if !activationProblem,
      let finding = Finding.notFinite(.notFiniteActivation, what, at: location, in: output.value)
    {
      findings.append(finding)
      activationProblem = true
    }
  }
  let value = loss(output, labels)
  let lossValue = value.value.scalar
  guard lossValue.isFinite else {
    add(.notFinite(.notFiniteLoss, "the loss", at: .run, in: value.value))
    return FiniteCheck(loss: lossValue, findings: findings)
  }

  let saved = parameters.map { ($0.variable, $0.variable.grad) }
  defer {
    for (parameter, grad) in saved { parameter.grad = grad }
  }
  for (_, parameter) in parameters { parameter.zeroGrad() }
  value.backward()
  for (name, parameter) in parameters {
    let what = "the gradient of \(name)"
    add(
      .notFinite(.notFiniteGradient, what, at: location(ofParameterNamed: name), in: parameter.grad)
    )
  }
  return FiniteCheck(loss: lossValue, findings: findings)
  // END EXERCISE 10.16
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
