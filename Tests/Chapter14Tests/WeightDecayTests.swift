import Autodiff
import Layers
import Regularisation
import Tensors
import TestSupport
import Testing

/// Linear(2 → 2) with weight [[1, 2], [3, 4]] and bias [5, 6], then ReLU, then Linear(2 → 1)
/// with weight [[1, -1]] and bias [10]: Σ W² = 30 + 2 = 32, Σ b² = 161.
private func smallModel() -> (Sequential, Linear, Linear) {
  let first = Linear(weight: Tensor([[1, 2], [3, 4]]), bias: Tensor([5, 6]))
  let second = Linear(weight: Tensor([[1, -1]]), bias: Tensor([10]))
  return (Sequential(first, ReLU(), second), first, second)
}

@Suite("14.3 Weight decay in the loss")
struct WeightDecayTests {
  @Test("the penalty is λ times the sum of the squared weights, the biases left out")
  func penaltyValue() {
    let (model, _, _) = smallModel()
    let penalty = l2Penalty(model, strength: 0.5).value
    let value = penalty.scalars.first ?? .nan
    #expect(
      penalty.count == 1 && isClose(value, 16, tolerance: 1e-12),
      """
      Σ W² over the two weight matrices is 1 + 4 + 9 + 16 + 1 + 1 = 32, so λ = 0.5 gives 16, \
      got \(value). 96.5 means the biases were penalised too (only parameters of rank 2 or \
      more); 5 means the weights were summed instead of their squares; 32 means λ was not applied
      """)
    let zero = l2Penalty(model, strength: 0).value.scalars.first ?? .nan
    #expect(zero == 0, "λ = 0 means no penalty at all, got \(zero)")
  }

  @Test("its gradient is 2λW for each weight matrix and zero for every bias")
  func penaltyGradient() {
    let (model, first, second) = smallModel()
    l2Penalty(model, strength: 0.25).backward()
    expectClose(
      first.weight.grad, 0.5 * first.weight.value, tolerance: 1e-12,
      """
      d/dW of λ Σ W² is 2λW = 0.5 W for λ = 0.25: build the penalty from Variables, \
      (parameter * parameter).sum(), so that backward reaches the weights
      """)
    expectClose(second.weight.grad, 0.5 * second.weight.value, tolerance: 1e-12)
    for bias in [first.bias!, second.bias!] {
      #expect(
        bias.grad.scalars.allSatisfy { $0 == 0 },
        "the biases are not penalised, so their gradient is 0, got \(bias.grad.scalars)")
    }
  }

  @Test("frozen layers are not penalised: the penalty covers model.parameters")
  func frozenLayersAreLeftOut() {
    let (model, first, _) = smallModel()
    first.isFrozen = true
    let value = l2Penalty(model, strength: 1).value.scalars.first ?? .nan
    #expect(
      isClose(value, 2, tolerance: 1e-12),
      """
      with the first layer frozen only the second weight [[1, -1]] is trained, so the \
      penalty is 1·(1 + 1) = 2, got \(value): walk model.parameters (what the optimizer \
      updates), not every Linear in the model
      """)
  }

  @Test("the fix: l2Penalty(0.01) brings the broken runs' validation loss below the target")
  func penaltyFixesTheBrokenRun() {
    for (broken, fixed) in zip(brokenRuns, weightDecayFixes) {
      #expect(
        fixed.finalValidationLoss < validationTarget
          && broken.finalValidationLoss > validationTarget,
        """
        seed \(broken.seed): with the penalty the validation loss should end below \
        \(validationTarget), without it above: got \(fixed.finalValidationLoss) with, \
        \(broken.finalValidationLoss) without
        """)
      #expect(
        fixed.weightNorm < broken.weightNorm / 2,
        """
        seed \(broken.seed): the penalty keeps the weights small: norm \(fixed.weightNorm) \
        with it, \(broken.weightNorm) without (about 4 against 15 on the reference)
        """)
    }
  }

  @Test("a negative strength stops with a message naming the value")
  func negativeStrengthIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let model = Linear(weight: Tensor([[1, 2]]), bias: Tensor([0]))
      _ = l2Penalty(model, strength: -0.01)
    }
    expectMessage(result, contains: ["l2Penalty", "-0.01"])
  }
}
