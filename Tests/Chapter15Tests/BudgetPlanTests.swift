import BatchSize
import Foundation
import TestSupport
import Testing

@Suite("15.3 Choose the batch size for an epoch budget")
struct BudgetPlanTests {
  @Test("150 examples, 5 epochs: batches of 16, the largest with 50 updates and 10 per epoch")
  func chapterBudget() {
    let plan = planForBudget(exampleCount: 150, epochs: 5, learningRate: 0.1)
    #expect(
      plan.batchSize == 16,
      """
      batches of 16 give ceil(150/16) = 10 steps per epoch and 50 updates, exactly the \
      minimums; 32 gives 5 and 25. Expected 16, got \(plan.batchSize) (\(plan)). A plan \
      exactly at the minimums qualifies: compare with >=, not >
      """)
    #expect(
      plan.exampleCount == 150 && plan.epochs == 5 && plan.learningRate == 0.1,
      "the plan keeps the data, the epochs and the learning rate it was given; got \(plan)")
  }

  @Test("the whole data set, or the largest power of two below it that meets both minimums")
  func knownAnswers() {
    // (examples, epochs, minimum updates, minimum steps per epoch, expected batch size, why)
    let cases: [(Int, Int, Int, Int, Int, String)] = [
      (150, 5, 5, 1, 150, "one batch per epoch gives 5 updates: the whole data set is enough"),
      (150, 1, 50, 10, 2, "one epoch: 75 steps with 2, 38 with 4"),
      (100, 1, 4, 1, 32, "ceil(100/32) = 4 steps, the incomplete last batch counts"),
      (1000, 3, 100, 10, 16, "63 steps per epoch x 3 = 189; 32 gives 32 x 3 = 96"),
      (128, 10, 20, 2, 64, "128 is itself the whole data set (1 step), then 64 (2 steps, 20)"),
      (150, 20, 50, 10, 16, "64 gives 60 updates but only 3 steps per epoch; 16 gives 10"),
    ]
    for (examples, epochs, updates, perEpoch, expected, why) in cases {
      let plan = planForBudget(
        exampleCount: examples, epochs: epochs, learningRate: 0.1, minimumUpdates: updates,
        minimumStepsPerEpoch: perEpoch)
      #expect(
        plan.batchSize == expected,
        """
        \(examples) examples, \(epochs) epochs, at least \(updates) updates and \(perEpoch) \
        steps per epoch: expected batches of \(expected) (\(why)), got \(plan.batchSize). Try \
        the whole data set first, then powers of two from the largest down (the largest \
        power of two below N first); count ceil(N / B) steps per epoch, and take the first \
        plan that meets both minimums, the updates and the steps per epoch
        """)
    }
  }

  @Test("when even batches of one fall short, batch 1 is the best the budget allows")
  func batchOfOneWhenNothingSuffices() {
    let plan = planForBudget(
      exampleCount: 10, epochs: 2, learningRate: 0.05, minimumUpdates: 50)
    #expect(
      plan.batchSize == 1 && plan.epochs == 2 && plan.learningRate == 0.05,
      """
      10 examples for 2 epochs allow at most 20 updates (batches of 1), fewer than 50: \
      expected batch 1 with the epochs and rate unchanged, got \(plan)
      """)
  }

  @Test(
    "the plan fixes the broken run: its loss ends below 0.1 on seeds where the full batch stays above 0.2"
  )
  func planFixesTheBrokenRun() {
    let plan = planForBudget(exampleCount: 150, epochs: 5, learningRate: 0.1)
    for seed in runSeeds {
      let broken = brokenRuns.first { $0.seed == seed }!
      let fixed = runPlan(plan, seed: seed)
      #expect(
        broken.finalLoss > 0.2,
        "seed \(seed): the full batch for 5 epochs should stay above 0.2, got \(broken.finalLoss)")
      #expect(
        fixed.finalLoss < 0.1,
        """
        seed \(seed): the same 5 epochs in the planned batches (\(plan)) should end below 0.1, \
        got \(fixed.finalLoss) (the full batch: \(broken.finalLoss))
        """)
    }
  }

  @Test("a budget of no epochs or no examples stops with a message naming planForBudget")
  func badBudgetStops() async {
    let noEpochs = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "a budget of 0 epochs must stop in planForBudget, with a message naming it and the budget"
    ) {
      _ = planForBudget(exampleCount: 150, epochs: 0, learningRate: 0.1)
    }
    expectMessage(noEpochs, contains: ["planForBudget", "epochs 0"])
    let noExamples = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      _ = planForBudget(exampleCount: 0, epochs: 5, learningRate: 0.1)
    }
    expectMessage(noExamples, contains: ["planForBudget", "exampleCount 0"])
  }
}
