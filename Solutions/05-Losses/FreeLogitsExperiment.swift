import Autodiff
import Tensors
import WorkbookSupport

/// Trains a matrix of free logits on random labels with plain gradient descent, and returns
/// the loss before each step. Provided: the experiment that shows the softmax-into-logits floor.
///
/// The "model" is the smallest one possible: a `[rows, classes]` variable `z`, one row of
/// logits per example, started near 0 (N(0, 0.1²)), with labels drawn at random. Any labels
/// can be fitted exactly, so the correct loss goes to 0. Each step is
///
/// ```
/// loss = crossEntropy(logits: softmaxFirst ? z.softmax(alongAxis: 1) : z, labels: labels)
/// z.zeroGrad();  loss.backward();  z.value = z.value - learningRate * z.grad
/// ```
///
/// With `softmaxFirst`, the mistake: the loss sees probabilities, stays above
/// `softmaxIntoLogitsLossFloor(classes:)` forever and approaches it ever more slowly.
///
/// ```swift
/// let right = trainFreeLogits(classes: 10, softmaxFirst: false, seed: 1)
/// let wrong = trainFreeLogits(classes: 10, softmaxFirst: true, seed: 1)
/// var plot = LinePlot(title: "cross-entropy, C = 10", width: 60, height: 10)
/// plot.add("logits", right)
/// plot.add("softmax first", wrong)
/// print(plot.render())
/// ```
///
/// The same seed gives the same labels and starting logits to both runs.
///
/// - Parameters:
///   - classes: C, at least 2.
///   - rows: The number of examples, at least 1.
///   - steps: The number of gradient steps, at least 1.
///   - learningRate: The step size, positive. The loss is a mean over rows, so each row moves
///     by `learningRate / rows` times its own gradient.
///   - softmaxFirst: Apply a softmax before the loss (the mistake) or not.
///   - seed: Seeds the labels and the starting logits.
/// - Returns: `steps` losses, the one before each update.
public func trainFreeLogits(
  classes: Int, rows: Int = 8, steps: Int = 300, learningRate: Double = 1,
  softmaxFirst: Bool, seed: UInt64
) -> [Double] {
  check(classes >= 2, "trainFreeLogits: classes must be at least 2, got \(classes)")
  check(rows >= 1 && steps >= 1, "trainFreeLogits: rows \(rows) and steps \(steps) must be >= 1")
  check(learningRate > 0, "trainFreeLogits: learningRate must be positive, got \(learningRate)")
  var generator = SeededGenerator(seed: seed)
  let labels = (0..<rows).map { _ in generator.integer(below: classes) }
  let start = Tensor.randomNormal([rows, classes], standardDeviation: 0.1, using: &generator)
  let z = Variable(start, name: "z")
  var losses: [Double] = []
  for _ in 0..<steps {
    let scores = softmaxFirst ? z.softmax(alongAxis: 1) : z
    let loss = crossEntropy(logits: scores, labels: labels)
    losses.append(loss.value.scalar)
    z.zeroGrad()
    loss.backward()
    z.value = z.value - learningRate * z.grad
  }
  return losses
}
