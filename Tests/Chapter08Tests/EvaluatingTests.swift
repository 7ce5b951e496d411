import Autodiff
import DropoutAndModes
import Layers
import Tensors
import TestSupport
import Testing

@Suite("8.3 Evaluating without leaking the mode")
struct EvaluatingTests {
  /// The likely cause when every module comes back in evaluation mode.
  private let allStillInEvaluation = """
    Every module is still in evaluation mode: were the modes saved after eval() (save them \
    before switching), or never restored?
    """

  @Test("the provided leakyEvaluate leaves the model in eval mode; evaluating {} restores training")
  func leakyHelperVersusEvaluating() {
    let (model, _) = nestedProbeModel()
    _ = leakyEvaluate(model, on: Tensor([[1, 2]]))
    #expect(
      model.modules.allSatisfy { !$0.isTraining },
      "the broken helper is expected to leave every module in evaluation mode: \(modes(model))")

    model.train()
    var inside: [Bool] = []
    model.evaluating { inside = model.modules.map(\.isTraining) }
    #expect(
      inside.count == 7 && inside.allSatisfy { !$0 },
      "inside evaluating {} every module must be in evaluation mode; modes seen: \(inside)")
    #expect(
      model.modules.allSatisfy { $0.isTraining },
      """
      after evaluating {} the model must be training again, or the next training steps run \
      without dropout (the bug of leakyEvaluate): \(modes(model)). \
      \(model.modules.allSatisfy { !$0.isTraining } ? allStillInEvaluation : "")
      """)
  }

  @Test("the body runs in evaluation mode and its result is returned")
  func bodyRunsInEvaluationMode() {
    let model = Sequential(ModeProbe(), Sequential(ModeProbe()))
    let x = Tensor([1, -2, 3])
    let validation = model.evaluating { model(Variable(x)).value }
    expectClose(
      validation, x, tolerance: 0,
      "each probe doubles its input while training: in evaluation mode the model is the identity")
    expectClose(
      model(Variable(x)).value, x * 4, tolerance: 0,
      "after evaluating {} both probes are training again, so the model multiplies by 4")
  }

  @Test("each module gets back its own mode: a block kept in evaluation mode stays there")
  func restoresEachModulesMode() {
    let (model, block) = nestedProbeModel()
    block.eval()
    let before = modes(model)
    var inside: [Bool] = []
    model.evaluating { inside = model.modules.map(\.isTraining) }
    #expect(inside.count == 7 && inside.allSatisfy { !$0 }, "inside, every module is in eval")
    #expect(
      modes(model) == before,
      """
      evaluating {} must restore every module's previous mode, not call model.train(): the \
      block was in evaluation mode on purpose (a pretrained part whose dropout stays off).
      before: \(before)
      after:  \(modes(model))
      """)
  }

  @Test(
    "the mode found is the mode restored: a training model trains, a model in eval stays in eval")
  func restoresWhicheverMode() {
    let training = Sequential(ModeProbe(), ModeProbe())
    let trainingInside = training.evaluating { training.modules.map(\.isTraining) }
    #expect(
      trainingInside == [false, false, false], "inside evaluating {}, every module is in eval")
    #expect(training.modules.allSatisfy { $0.isTraining }, "a training model comes back training")

    let evaluated = Sequential(ModeProbe(), ModeProbe())
    evaluated.eval()
    evaluated.evaluating { _ = evaluated(Variable(Tensor([1]))) }
    #expect(
      evaluated.modules.allSatisfy { !$0.isTraining },
      "a model that was in evaluation mode before must still be after: restore, don't train()")
  }

  @Test("the modes are restored when the body throws")
  func restoresOnThrow() {
    let (model, block) = nestedProbeModel()
    block.eval()
    let before = modes(model)
    var inside: [Bool] = []
    #expect(throws: ValidationFailed.self) {
      try model.evaluating {
        inside = model.modules.map(\.isTraining)
        throw ValidationFailed()
      }
    }
    #expect(inside.count == 7 && inside.allSatisfy { !$0 }, "inside, every module is in eval")
    #expect(
      modes(model) == before,
      """
      an error thrown by the body must not skip the restore (put it in a defer):
      before: \(before)
      after:  \(modes(model))
      """)
  }

  @Test("nested calls: the inner evaluating {} gives the outer one back its evaluation mode")
  func nestedCalls() {
    let (model, block) = nestedProbeModel()
    var afterInner: [Bool] = []
    model.evaluating {
      block.evaluating {}
      afterInner = model.modules.map(\.isTraining)
    }
    #expect(
      afterInner.count == 7 && afterInner.allSatisfy { !$0 },
      """
      after the inner call returns, the outer call's body must still see every module in \
      evaluation mode (the inner call restores what IT found: eval); modes seen: \(afterInner)
      """)
    #expect(model.modules.allSatisfy { $0.isTraining }, "after the outer call, all are training")
  }

  @Test("with dropout: validation passes agree, and training passes still drop afterwards")
  func dropoutThroughEvaluating() {
    let model = Sequential(Dropout(probability: 0.5, seed: 41))
    let x = signedTensor([5, 8], seed: 42)
    let first = model.evaluating { model(Variable(x)).value }
    let second = model.evaluating { model(Variable(x)).value }
    expectClose(first, x, tolerance: 0, "while evaluating, dropout is the identity")
    #expect(first == second, "two validation passes must agree")
    let a = model(Variable(x)).value
    let b = model(Variable(x)).value
    let problem = dropoutProblem(a, input: x, probability: 0.5)
    #expect(
      problem == nil && a != b,
      """
      after evaluating {}, training passes must drop again, with a new mask each time \
      \(problem ?? "")
      """)
  }

  @Test("the leaky helper switches dropout off for the rest of training")
  func leakyRunLosesDropout() {
    let run = trainWithPeriodicValidation(evaluate: leakyEvaluate, validateEvery: 10, seed: 1)
    let before = run.droppedFractions.prefix(10)
    let after = run.droppedFractions.dropFirst(10)
    #expect(
      before.allSatisfy { abs($0 - 0.5) < 0.05 },
      "until the first validation, about half of the dropout's outputs are zero: \(before)")
    #expect(
      after.allSatisfy { $0 == 0 },
      "after leakyEvaluate, training runs in evaluation mode: nothing is dropped")
    let losses = Array(run.trainingLosses.dropFirst(10))
    #expect(
      zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 },
      """
      without dropout the training loss falls smoothly, step after step: the noise of dropout \
      is gone (the jump in the curve): \(losses.prefix(8))
      """)
  }

  @Test("with evaluating {}, every training step still drops about p and the curve stays noisy")
  func scopedRunKeepsDropout() {
    let run = trainWithPeriodicValidation(evaluate: scopedEvaluate, validateEvery: 10, seed: 1)
    // 64 points x 64 hidden units = 4096 Bernoulli(0.5) draws per step: standard deviation
    // sqrt(0.25 / 4096) = 0.0078, and 5 of them is 0.04.
    let wrong = run.droppedFractions.enumerated().filter { abs($0.element - 0.5) > 0.04 }
    #expect(
      run.droppedFractions.count == 60 && wrong.isEmpty,
      """
      every training step must drop about half of the dropout's outputs, before and after \
      each validation; (step, fraction) out of range: \(wrong.prefix(5))
      """)
    let losses = Array(run.trainingLosses.dropFirst(10))
    #expect(
      zip(losses, losses.dropFirst()).contains { $1 > $0 } && losses.allSatisfy { $0.isFinite },
      "with dropout still on, the training loss keeps fluctuating from step to step")
    #expect(run.validationLosses.count == 6 && run.validationLosses.allSatisfy { $0 < 0.3 })
  }
}
