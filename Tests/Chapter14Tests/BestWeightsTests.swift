import Autodiff
import Optimizers
import Regularisation
import Tensors
import TestSupport
import Testing

/// One parameter p = 5 trained by SGD at learning rate 0.1 on the loss p: each update
/// subtracts exactly 0.1, so the weights before the update of step s are 5 - 0.1 s.
private func countdown() -> (Variable, SGD) {
  let p = Variable(Tensor([5.0]))
  return (p, SGD(parameters: [p], learningRate: 0.1))
}

private let everySnapshot =
  "a snapshot was taken at every validation: take it only when the validation is the best so far"

@Suite("14.4 Early stopping that keeps the best weights")
struct BestWeightsTests {
  @Test(
    "a snapshot holds copies: changing the parameters does not change it, restore puts them back")
  func snapshotCopiesValues() {
    let a = Variable(Tensor([[1, 2], [3, 4]]))
    let b = Variable(Tensor([0.5]))
    let snapshot = ParameterSnapshot([a, b])
    a.value = Tensor([[9, 9], [9, 9]])
    b.value = Tensor([-1.0])
    #expect(
      snapshot.values == [Tensor([[1, 2], [3, 4]]), Tensor([0.5])],
      "the snapshot must keep the values of the moment it was taken, got \(snapshot.values)")
    snapshot.restore([a, b])
    #expect(
      a.value == Tensor([[1, 2], [3, 4]]) && b.value == Tensor([0.5]),
      "restore must put every saved value back into its parameter, got \(a.value), \(b.value)")
  }

  @Test("it stops after `patience` validations without improvement, with the best step's weights")
  func stopsAndRestores() {
    let (p, sgd) = countdown()
    let script = [1.0, 0.8, 0.6, 0.7, 0.65, 0.9, 0.5, 0.4]
    var calls = 0
    let run = trainWithEarlyStopping(
      parameters: [p], optimizer: sgd, maxSteps: 100, validateEvery: 3, patience: 3,
      trainingLoss: { p.sum() },
      validationLoss: {
        defer { calls += 1 }
        return script[Swift.min(calls, script.count - 1)]
      })
    // Validations at steps 0, 3, 6, 9, 12, 15: the best is 0.6 at step 6, then 3 without
    // improvement, so the run stops at step 15 before its update.
    let late =
      run.curves.steps.count > 6 && run.curves.steps.prefix(6) == [0, 3, 6, 9, 12, 15]
      ? " (one validation late, or more: the stopper's patience is `patience`, not patience + 1)"
      : ""
    let counted =
      run.curves.steps.count == 6 && run.stepsTaken == 16
      ? " (stepsTaken counts the updates made: step 15 stopped before its update, so 15)" : ""
    #expect(
      run.curves.steps == [0, 3, 6, 9, 12, 15] && run.stoppedEarly && run.stepsTaken == 15,
      """
      validations at steps 0, 3, 6, ... with losses \(script.prefix(6)): the best is step 6 \
      and the third validation without improvement (step 15) ends the run, before step 15's \
      update. Got validations at \(run.curves.steps), \(run.stepsTaken) steps taken, stopped \
      early \(run.stoppedEarly)\(late)\(counted)
      """)
    #expect(
      run.bestStep == 6 && run.bestValidationLoss == 0.6,
      """
      the best validation is 0.6 at step 6, got \(run.bestValidationLoss) at step \
      \(run.bestStep)\(run.bestStep == run.curves.steps.last ? ": " + everySnapshot : "")
      """)
    let value = p.value.scalars.first ?? .nan
    let cause: String
    if isClose(value, 4.3, tolerance: 1e-9) {
      cause = "4.3 means the snapshot was taken after step 6's update: validate before it"
    } else if isClose(value, 3.5, tolerance: 1e-9) && run.bestStep == 15 {
      cause = "3.5 is the weights of the stopping step: \(everySnapshot)"
    } else if isClose(value, 3.5, tolerance: 1e-9) {
      cause =
        "3.5 means the last weights were kept: no restore at the end, or a snapshot of the "
        + "parameters themselves instead of their values"
    } else if isClose(value, 5, tolerance: 1e-9) {
      cause =
        "5.0 is the initial weights: the snapshot of step 0 was never replaced. Take one when "
        + "the stopper's bestEpoch is the index of the validation just recorded, "
        + "validation.count - 1"
    } else {
      cause = "each update subtracts 0.1"
    }
    #expect(
      isClose(value, 4.4, tolerance: 1e-12),
      "the weights of step 6 are 5 - 0.1·6 = 4.4, got \(value): \(cause)")
  }

  @Test("each validation measures the weights before that step's update, and the best are restored")
  func validationMeasuresTheWeightsOfItsStep() {
    let (p, sgd) = countdown()
    let run = trainWithEarlyStopping(
      parameters: [p], optimizer: sgd, maxSteps: 10, validateEvery: 4, patience: 2,
      trainingLoss: { p.sum() }, validationLoss: { p.value.scalars[0] })
    expectClose(
      Tensor(run.curves.validation), Tensor([5, 4.6, 4.2]), tolerance: 1e-12,
      """
      validating p itself at steps 0, 4 and 8 gives 5 - 0.1 s = 5, 4.6, 4.2: validate before \
      the update of the step (after the forward pass of its training loss)
      """)
    expectClose(
      Tensor(run.curves.training), Tensor([5, 4.75, 4.35]), tolerance: 1e-12,
      "each record's training loss is the mean of the step losses since the previous record")
    let value = p.value.scalars.first ?? .nan
    #expect(
      !run.stoppedEarly && run.stepsTaken == 10 && run.bestStep == 8
        && isClose(value, 4.2, tolerance: 1e-12),
      """
      the loss keeps improving, so all 10 steps run; the best validation is the last one, at \
      step 8, and its weights (4.2) come back at the end, not the final 4.0. Got p = \(value), \
      best step \(run.bestStep), \(run.stepsTaken) steps, stopped early \(run.stoppedEarly)
      """)
  }

  @Test("the fix: the model it returns has the best validation loss, below the target")
  func earlyStoppingFixesTheBrokenRun() {
    for (broken, fixed) in zip(brokenRuns, earlyStoppingFixes) {
      #expect(
        isClose(fixed.restoredLoss, fixed.run.bestValidationLoss, tolerance: 1e-12),
        """
        seed \(broken.seed): after the run the model must be the best one: its validation \
        loss is \(fixed.restoredLoss), the best recorded \(fixed.run.bestValidationLoss)
        """)
      #expect(
        fixed.restoredLoss < validationTarget && broken.finalValidationLoss > validationTarget,
        """
        seed \(broken.seed): early stopping should end below \(validationTarget), the broken \
        run above: got \(fixed.restoredLoss) (weights of step \(fixed.run.bestStep)) against \
        \(broken.finalValidationLoss)
        """)
      #expect(
        fixed.run.stoppedEarly && fixed.run.stepsTaken < 200,
        """
        seed \(broken.seed): the validation loss turns up within 100 steps, so a patience of 5 \
        validations (50 steps) must stop the run early; it took \(fixed.run.stepsTaken) steps
        """)
    }
  }

  @Test("restore with a different number of parameters stops with a message naming both counts")
  func restoreCountMismatchIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "zip stops at the shorter list, restoring part of the snapshot silently: check the counts"
    ) {
      let snapshot = ParameterSnapshot([Variable(Tensor([1.0])), Variable(Tensor([2.0]))])
      snapshot.restore([Variable(Tensor([1.0]))])
    }
    expectMessage(result, contains: ["ParameterSnapshot", "2", "1"])
  }

  @Test("restore into a parameter of another shape stops with a message naming both shapes")
  func restoreShapeMismatchIsRejected() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "the value of another model would be put back silently: check each parameter's shape"
    ) {
      let snapshot = ParameterSnapshot([Variable(Tensor([[1.0, 2.0]]))])
      snapshot.restore([Variable(Tensor([1.0, 2.0, 3.0]))])
    }
    expectMessage(result, contains: ["ParameterSnapshot", "[1, 2]", "[3]"])
  }

  @Test("maxSteps 0 stops with a message naming it")
  func zeroStepsIsRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let (p, sgd) = countdown()
      _ = trainWithEarlyStopping(
        parameters: [p], optimizer: sgd, maxSteps: 0, validateEvery: 1, patience: 1,
        trainingLoss: { p.sum() }, validationLoss: { 0 })
    }
    expectMessage(result, contains: ["trainWithEarlyStopping", "maxSteps", "0"])
  }
}
