import Autodiff
import AutodiffTestSupport
import Layers
import Tensors
import TestSupport
import WorkbookSupport

// Helpers shared by the chapter's suites. The suites of 8.2 and 8.3 use `ModeProbe` rather than
// `Dropout`, so that they test the mode handling alone, whatever the state of exercise 8.1.

/// Why `output` is not a possible training-mode output of dropout with probability `p` for
/// `input` (every element either exactly 0 or `input / (1 - p)`), or nil when it is. The
/// message names the first wrong element and, when it recognises it, the likely bug.
func dropoutProblem(_ output: Tensor, input: Tensor, probability p: Double) -> String? {
  guard output.shape == input.shape else {
    return "the output has shape \(output.shape), the input \(input.shape): they must agree"
  }
  for (index, (y, x)) in zip(output.scalars, input.scalars).enumerated() {
    if y == 0 || isClose(y, x / (1 - p), tolerance: 1e-12) { continue }
    let position = multiIndex(index, shape: input.shape)
    let found = "element \(position) is \(y) for input \(x) (p = \(p))"
    if y == x {
      return """
        \(found): kept but not scaled. Inverted dropout divides every kept element by \
        1 - p, so that the expected output equals the input
        """
    }
    if isClose(y, x * (1 - p), tolerance: 1e-12) {
      return "\(found): multiplied by 1 - p; inverted dropout DIVIDES the kept elements by it"
    }
    return "\(found); it should be 0 (dropped) or x / (1 - p) = \(x / (1 - p)) (kept)"
  }
  return nil
}

/// The fraction of exact zeros in `tensor`.
func zeroFraction(_ tensor: Tensor) -> Double {
  Double(tensor.scalars.filter { $0 == 0 }.count) / Double(max(tensor.count, 1))
}

/// A parameterless module that behaves differently in the two modes, like dropout but
/// deterministic: it doubles its input in training mode and passes it through in evaluation
/// mode.
final class ModeProbe: Module {
  override func callAsFunction(_ input: Variable) -> Variable {
    isTraining ? input * 2 : input
  }
}

/// A model with modules at three depths: `Sequential(ModeProbe, Identity, Sequential(ModeProbe,
/// Sequential(ModeProbe)))`, seven modules in all. Returns the model and its inner block
/// (`model.2`).
func nestedProbeModel() -> (model: Sequential, block: Sequential) {
  let block = Sequential(ModeProbe(), Sequential(ModeProbe()))
  return (Sequential(ModeProbe(), Identity(), block), block)
}

/// The modes of `model`'s modules, in `model.modules` order, as "train"/"eval" labels with the
/// module's position: readable in a failure message.
func modes(_ model: Module) -> [String] {
  model.modules.enumerated().map { index, module in
    "\(index) \(type(of: module)): \(module.isTraining ? "train" : "eval")"
  }
}

/// An error for the tests of `evaluating` with a throwing body.
struct ValidationFailed: Error {}
