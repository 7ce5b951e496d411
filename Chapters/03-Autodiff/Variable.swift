import Tensors

/// A node of a computation graph: a tensor, the gradient of the loss with respect to it, and
/// the recipe that sends that gradient back to the nodes it was computed from.
///
/// Every operation on variables (`a + b`, `matmul(a, b)`, `x.relu()`, ...) computes its value
/// at once, like plain tensor code, and also returns a new node that remembers its parents and
/// a *backward rule*. Calling `backward()` on the final loss then walks the graph from the loss
/// back to the leaves and fills in every `grad`: reverse-mode automatic differentiation, the
/// engine inside PyTorch, JAX and micrograd.
///
/// ```swift
/// let w = Variable(Tensor([[1, 2], [3, 4]]), name: "w")
/// let x = Variable(Tensor([[1], [1]]))
/// let loss = matmul(w, x).sum()   // (1 + 2) + (3 + 4) = 10
/// loss.backward()
/// w.grad                          // [[1.0, 1.0], [1.0, 1.0]]
/// ```
///
/// A variable is a class, not a struct, because identity matters: when `a` feeds two
/// operations, both must point at the *same* node, so that the two gradients flowing back meet
/// in one place. Two structs with equal values would be two unrelated copies.
public final class Variable {
  /// The tensor this node holds. An optimizer changes it in place between training steps.
  public var value: Tensor {
    // Chapter 22's anomaly mode (off by default): an assignment after creation is an update.
    didSet {
      if let observer = EngineHooks.observer {
        observer.observe(self, tensor: value, phase: .update)
      }
    }
  }

  /// The gradient of the loss with respect to `value`, with `value`'s shape.
  ///
  /// It starts at zero, and every `backward()` *adds* its result to it (see `backward()` for
  /// why), so it must be reset with `zeroGrad()` before each new gradient is computed.
  public var grad: Tensor {
    get { storedGradient ?? Tensor.zeros(value.shape) }
    set {
      storedGradient = newValue
      if let observer = EngineHooks.observer {
        observer.observe(self, tensor: newValue, phase: .backward)
      }
    }
  }

  /// True once a gradient has been stored: before that, `grad` reads as zeros.
  public var hasGradient: Bool { storedGradient != nil }

  /// The gradient, or nil while it is still zero. Most nodes live for one training step, and
  /// allocating a tensor of zeros for every one of them when it was created took a fifth of
  /// the benchmark's step time.
  private var storedGradient: Tensor?

  /// The nodes this one was computed from, in the order the backward rule returns their
  /// gradients. Empty for a leaf. A node may appear twice (`x * x` has parents `[x, x]`).
  public private(set) var parents: [Variable]

  /// The operation that produced this node: `"leaf"` for an input or a parameter, otherwise
  /// the name of the operation (`"add"`, `"matmul"`, `"relu"`, ...). Error messages use it to
  /// say which operation a problem came from.
  public let operation: String

  /// An optional label for messages and printing, such as `"w1"` or `"loss"`.
  public var name: String?

  /// The backward rule: given the gradient of the loss with respect to this node's value, it
  /// returns the gradient with respect to each parent's value, one per parent, in order, each
  /// with that parent's shape.
  ///
  /// A rule captures the tensors it needs at the time of the forward pass (never the parent
  /// variables themselves): changing a parent's `value` afterwards cannot change the gradient,
  /// and the graph is freed as soon as the loss is.
  public let backwardRule: (Tensor) -> [Tensor]

  /// Creates a leaf: an input or a parameter, with a zero gradient.
  public init(_ value: Tensor, name: String? = nil) {
    self.value = value
    self.parents = []
    self.operation = "leaf"
    self.name = name
    self.backwardRule = { _ in [] }
  }

  /// Creates the output of an operation.
  ///
  /// - Parameters:
  ///   - value: The result of the forward computation.
  ///   - parents: The variables it was computed from.
  ///   - operation: A short name for the operation, used in messages.
  ///   - backward: Maps `dL/d(this node)` to `[dL/d(parent 0), dL/d(parent 1), ...]`.
  public init(
    value: Tensor, parents: [Variable], operation: String,
    backward: @escaping (Tensor) -> [Tensor]
  ) {
    self.value = value
    self.parents = parents
    self.operation = operation
    self.name = nil
    self.backwardRule = backward
    if let observer = EngineHooks.observer {
      observer.observe(self, tensor: value, phase: .forward)
    }
  }

  /// Frees a long chain of nodes one after the other instead of recursively.
  ///
  /// Without this, releasing the last node of a 10,000-node chain releases its parent, which
  /// releases its parent, and so on: 10,000 nested calls, enough to overflow a thread's stack.
  /// Here each node whose only owner is this loop hands its parents over before it goes, so
  /// no release ever has more than one level below it.
  deinit {
    var pending = parents
    parents = []
    while var node = pending.popLast() {
      if isKnownUniquelyReferenced(&node) {
        pending += node.parents
        node.parents = []
      }
    }
  }

  /// The shape of `value`.
  public var shape: [Int] { value.shape }
}

extension Variable: CustomStringConvertible {
  /// The name (if any), the operation, the shape and the value, e.g.
  /// `Variable(w, leaf, [2, 2]: [[1.0, 2.0], [3.0, 4.0]])`.
  public var description: String {
    let label = name.map { "\($0), " } ?? ""
    return "Variable(\(label)\(operation), \(shape): \(value))"
  }
}

/// What a backward rule that has not been written yet returns: NaN gradients of the parents'
/// shapes. The backward pass runs to the end without crashing, and every check of those
/// gradients fails.
func placeholderGradients(_ shapes: [Int]...) -> [Tensor] {
  shapes.map { Tensor(shape: $0, repeating: .nan) }
}
