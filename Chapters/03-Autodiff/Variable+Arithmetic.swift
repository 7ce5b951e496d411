import Tensors

// Elementwise arithmetic with broadcasting. Each operation computes its value with the tensor
// arithmetic of chapter 1 and, right there, the backward rule that sends the gradient `g` of
// its output back to its operands. The rules are written for tensors of the same shape and
// then summed back to each operand's shape with `unbroadcast`, which makes them correct for
// broadcast operands too.
//
// The rules capture tensors and shapes, never the operand variables (see
// `Variable.backwardRule`).

extension Variable {
  /// Elementwise sum with broadcasting.
  ///
  /// ```
  /// forward:   c = a + b
  /// backward:  dL/da = unbroadcast(g, to: a.shape)
  ///            dL/db = unbroadcast(g, to: b.shape)
  /// ```
  ///
  /// Both derivatives are 1: an addition passes the gradient through unchanged, to both sides.
  ///
  /// Exercise 3.4.
  public static func + (a: Variable, b: Variable) -> Variable {
    let (aShape, bShape) = (a.shape, b.shape)
    return Variable(value: a.value + b.value, parents: [a, b], operation: "add") { g in
      // TODO(3.4): your code here (README.md, exercise 3.4).
      return placeholderGradients(aShape, bShape)
    }
  }

  /// Elementwise difference with broadcasting.
  ///
  /// ```
  /// forward:   c = a - b
  /// backward:  dL/da = unbroadcast(g, to: a.shape)
  ///            dL/db = unbroadcast(-g, to: b.shape)
  /// ```
  ///
  /// Exercise 3.4.
  public static func - (a: Variable, b: Variable) -> Variable {
    let (aShape, bShape) = (a.shape, b.shape)
    return Variable(value: a.value - b.value, parents: [a, b], operation: "subtract") { g in
      // TODO(3.4): your code here (README.md, exercise 3.4).
      return placeholderGradients(aShape, bShape)
    }
  }

  /// Elementwise product with broadcasting (not the matrix product: see `matmul`).
  ///
  /// ```
  /// forward:   c = a * b
  /// backward:  dL/da = unbroadcast(g * b, to: a.shape)
  ///            dL/db = unbroadcast(g * a, to: b.shape)
  /// ```
  ///
  /// Each operand's gradient is the upstream gradient times the *other* operand. For `x * x`
  /// both parents are `x`, and the two halves add up to `2 x g`.
  ///
  /// Exercise 3.4.
  public static func * (a: Variable, b: Variable) -> Variable {
    let (x, y) = (a.value, b.value)
    return Variable(value: x * y, parents: [a, b], operation: "multiply") { g in
      // TODO(3.4): your code here (README.md, exercise 3.4).
      return placeholderGradients(x.shape, y.shape)
    }
  }

  /// Elementwise quotient with broadcasting.
  ///
  /// ```
  /// forward:   c = a / b
  /// backward:  dL/da = unbroadcast(g / b, to: a.shape)
  ///            dL/db = unbroadcast(-g * a / b^2, to: b.shape)
  /// ```
  ///
  /// Exercise 3.4.
  public static func / (a: Variable, b: Variable) -> Variable {
    let (x, y) = (a.value, b.value)
    return Variable(value: x / y, parents: [a, b], operation: "divide") { g in
      // TODO(3.4): your code here (README.md, exercise 3.4).
      return placeholderGradients(x.shape, y.shape)
    }
  }

  /// Elementwise negation.
  ///
  /// ```
  /// forward:   c = -a
  /// backward:  dL/da = -g
  /// ```
  ///
  /// Exercise 3.4.
  public static prefix func - (a: Variable) -> Variable {
    Variable(value: -a.value, parents: [a], operation: "negate") { g in
      // TODO(3.4): your code here (README.md, exercise 3.4).
      return placeholderGradients(g.shape)
    }
  }
}

// With a number on one side, the number becomes a constant leaf (a rank-0 tensor that
// broadcasts against anything) and the operation above does the rest, rules included, as
// micrograd does. The constant receives a gradient too; nothing reads it.

extension Variable {
  /// A number as a rank-0 leaf, for arithmetic with variables.
  static func constant(_ value: Double) -> Variable {
    Variable(Tensor(value), name: "constant")
  }

  /// Adds a number to every element.
  public static func + (a: Variable, b: Double) -> Variable { a + constant(b) }
  /// Adds every element to a number.
  public static func + (a: Double, b: Variable) -> Variable { constant(a) + b }
  /// Subtracts a number from every element.
  public static func - (a: Variable, b: Double) -> Variable { a - constant(b) }
  /// Subtracts every element from a number.
  public static func - (a: Double, b: Variable) -> Variable { constant(a) - b }
  /// Multiplies every element by a number.
  public static func * (a: Variable, b: Double) -> Variable { a * constant(b) }
  /// Multiplies a number by every element.
  public static func * (a: Double, b: Variable) -> Variable { constant(a) * b }
  /// Divides every element by a number.
  public static func / (a: Variable, b: Double) -> Variable { a / constant(b) }
  /// Divides a number by every element.
  public static func / (a: Double, b: Variable) -> Variable { constant(a) / b }
}
