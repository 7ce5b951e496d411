import Autodiff
import Layers
import Losses
import Tensors
import WorkbookSupport

/// Trains a small classifier on spirals with SGD, with or without zeroing the gradients before
/// each backward pass, and returns the loss before each step. Provided: the experiment that
/// shows the missing `zeroGrad` (Karpathy's and Greenfield's list of common mistakes).
///
/// The data is `Datasets.spirals(pointsPerClass:classes: 3, noise: 0.2, seed:)`, the model
/// `Linear(2, hidden) → ReLU → Linear(hidden, hidden) → ReLU → Linear(hidden, 3)` with PyTorch's
/// default initialisation, the
/// loss the cross-entropy of the whole data set (one full batch per step). Each step is
///
/// ```
/// if zeroingGradients { optimizer.zeroGrad() }
/// loss = crossEntropy(logits: model(x), labels: y)
/// loss.backward()
/// optimizer.step()                      // SGD(learningRate:), no momentum
/// ```
///
/// Without `zeroGrad`, each `backward()` adds to what the previous ones left, so step t follows
/// the *sum* of the t gradients so far: an ever longer step pointing where the model used to
/// be. The loss falls at first, then stalls or blows up, while the same run with `zeroGrad`
/// keeps falling.
///
/// ```swift
/// let right = trainSpiralClassifier(zeroingGradients: true, seed: 1)
/// let wrong = trainSpiralClassifier(zeroingGradients: false, seed: 1)
/// var plot = LinePlot(title: "spirals, SGD 0.5", width: 60, height: 12)
/// plot.add("zeroGrad", right)
/// plot.add("no zeroGrad", wrong)
/// print(plot.render())
/// ```
///
/// The same seed gives the same data and the same starting weights to both runs.
///
/// - Parameters:
///   - zeroingGradients: Whether to call `optimizer.zeroGrad()` before each backward pass.
///   - pointsPerClass: Points on each of the 3 spiral arms, at least 2.
///   - hidden: The width of the hidden layer, at least 1.
///   - steps: The number of SGD steps, at least 1.
///   - learningRate: SGD's step size, >= 0.
///   - seed: Seeds the data and the weights.
/// - Returns: `steps` losses, the one before each update.
public func trainSpiralClassifier(
  zeroingGradients: Bool, pointsPerClass: Int = 20, hidden: Int = 32, steps: Int = 300,
  learningRate: Double = 0.5, seed: UInt64
) -> [Double] {
  check(
    pointsPerClass >= 2 && hidden >= 1 && steps >= 1,
    "trainSpiralClassifier: pointsPerClass \(pointsPerClass) must be >= 2, hidden \(hidden) and "
      + "steps \(steps) >= 1")
  let data = Datasets.spirals(pointsPerClass: pointsPerClass, classes: 3, noise: 0.2, seed: seed)
  let inputs = Variable(Tensor(data.inputs))
  var generator = SeededGenerator(seed: seed &+ 1)
  let model = Sequential(
    Linear(inputs: 2, outputs: hidden, using: &generator), ReLU(),
    Linear(inputs: hidden, outputs: hidden, using: &generator), ReLU(),
    Linear(inputs: hidden, outputs: 3, using: &generator))
  let optimizer = SGD(parameters: model.parameters, learningRate: learningRate)
  var losses: [Double] = []
  losses.reserveCapacity(steps)
  for _ in 0..<steps {
    if zeroingGradients { optimizer.zeroGrad() }
    let loss = crossEntropy(logits: model(inputs), labels: data.labels)
    losses.append(loss.value.scalar)
    loss.backward()
    optimizer.step()
  }
  return losses
}
