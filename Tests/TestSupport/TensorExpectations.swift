import Foundation
import Tensors
import Testing
import WorkbookSupport

/// Records an issue unless `actual` has the shape of `expected` and every element is within
/// `tolerance` of it (absolutely, or relatively for large values).
///
/// The message names the first element that differs, its index, both values, and `comment`
/// (the likely cause, for the learner).
public func expectClose(
  _ actual: Tensor, _ expected: Tensor, tolerance: Double = 1e-9, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  var problem: String?
  if actual.shape != expected.shape {
    problem = "shape \(actual.shape), expected \(expected.shape)"
  } else if let index = actual.scalars.indices.first(where: {
    !isClose(actual.scalars[$0], expected.scalars[$0], tolerance: tolerance)
  }) {
    problem =
      "element \(multiIndex(index, shape: actual.shape)) is \(actual.scalars[index]), "
      + "expected \(expected.scalars[index]) (tolerance \(tolerance))"
  }
  guard let problem else { return }
  let hint = comment.map { "\n\($0)" } ?? ""
  Issue.record("\(problem)\(hint)", sourceLocation: sourceLocation)
}

/// True when `a` and `b` agree within `tolerance`, absolutely or relative to the larger one.
/// NaN is close to nothing; two infinities of the same sign are close.
public func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  if a == b { return true }
  guard a.isFinite && b.isFinite else { return false }
  return abs(a - b) <= tolerance * Swift.max(1, abs(a), abs(b))
}

/// The multi-index of a flat row-major position (computed here, independently of chapter 1).
public func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
  var remainder = flat
  var index = [Int](repeating: 0, count: shape.count)
  for dimension in shape.indices.reversed() where shape[dimension] > 0 {
    index[dimension] = remainder % shape[dimension]
    remainder /= shape[dimension]
  }
  return index
}

/// A tensor of standard normal values from its own seeded stream.
public func randomTensor(_ shape: [Int], seed: UInt64) -> Tensor {
  var generator = SeededGenerator(seed: seed)
  let count = shape.reduce(1, *)
  return Tensor(shape: shape, scalars: (0..<count).map { _ in generator.normal() })
}

/// The textbook triple loop, an oracle for `matmul` that uses nothing from chapter 1.
public func naiveMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
  let (m, n, p) = (a.shape[0], a.shape[1], b.shape[1])
  var c = [Double](repeating: 0, count: m * p)
  for i in 0..<m {
    for j in 0..<p {
      for k in 0..<n { c[i * p + j] += a.scalars[i * n + k] * b.scalars[k * p + j] }
    }
  }
  return Tensor(shape: [m, p], scalars: c)
}

/// Checks the standard error of an exit test: the program must have stopped with a message
/// that contains every fragment (the operation's name and the offending values).
///
/// `#expect(processExitsWith: .failure)` returns nil when the program did not stop (it exited
/// with status 0, the one outcome `.failure` does not match), and then only says
/// `.failure → .exitCode(0)`; this records in words which call should have stopped. `call`
/// describes it, e.g. `"offset(of: [0, 3]) on shape [2, 3]"`.
public func expectMessage(
  _ result: ExitTest.Result?, from call: String? = nil, contains fragments: [String],
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  let hint = comment.map { "\n\($0)" } ?? ""
  guard let result else {
    let named = fragments.map { "\"\($0)\"" }.joined(separator: ", ")
    Issue.record(
      """
      \(call ?? "the code of this test") should stop the program with an error message \
      naming \(named); it returned normally instead. Stop it with check(condition, message) \
      where the bad values enter.\(hint)
      """,
      sourceLocation: sourceLocation)
    return
  }
  let stderr = String(decoding: result.standardErrorContent, as: UTF8.self)
  let missing = fragments.filter { !stderr.contains($0) }
  guard !missing.isEmpty else { return }
  Issue.record(
    "the error message should mention \(missing), but it was:\n\(stderr.prefix(600))\(hint)",
    sourceLocation: sourceLocation)
}

/// Records an issue unless `actual == expected`, as one sentence, "`what` should be
/// `expected`, got `actual`", followed by `comment` (the likely cause).
///
/// Use it for arrays and other collections: `#expect(a == b)` would print Swift Testing's
/// diff of inserted and removed elements, which says nothing to a reader who does not know it.
public func expectEqual<Value: Equatable>(
  _ actual: Value, _ expected: Value, _ what: String, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual != expected else { return }
  let hint = comment.map { "\n\($0)" } ?? ""
  Issue.record(
    "\(what) should be \(expected), got \(actual)\(hint)", sourceLocation: sourceLocation)
}

/// A tensor whose elements have magnitudes in `range` and random signs: away from 0, so that
/// no gradient is so small that a numerical check measures only rounding noise, and so that a
/// zero in a dropout's output can only mean "dropped".
public func signedTensor(
  _ shape: [Int], seed: UInt64, in range: ClosedRange<Double> = 0.5...2
) -> Tensor {
  var generator = SeededGenerator(seed: seed)
  let scalars = (0..<shape.reduce(1, *)).map { _ in
    (generator.bernoulli(probability: 0.5) ? 1.0 : -1.0) * generator.uniform(in: range)
  }
  return Tensor(shape: shape, scalars: scalars)
}
