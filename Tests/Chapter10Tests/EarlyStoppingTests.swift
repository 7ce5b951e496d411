import TestSupport
import Testing
import Training

/// Feeds `losses` to `stopper` one epoch at a time and returns what `update` answered.
private func answers(_ stopper: inout EarlyStopping, _ losses: [Double]) -> [Bool] {
  losses.map { stopper.update(validationLoss: $0) }
}

/// A run of validation losses, what `update` must answer for each, and the best epoch.
struct StoppingCase: Sendable, CustomTestStringConvertible {
  let patience: Int
  let losses: [Double]
  let answers: [Bool]
  let bestEpoch: Int
  let why: String

  var testDescription: String { "patience \(patience), losses \(losses)" }
}

@Suite("10.4 Early stopping")
struct EarlyStoppingTests {
  @Test(
    "it stops once `patience` epochs in a row have not improved, not one later",
    arguments: [
      StoppingCase(
        patience: 2, losses: [1.0, 0.8, 0.85, 0.82], answers: [false, false, false, true],
        bestEpoch: 1,
        why: """
          epoch 1 is the best (0.8); epochs 2 and 3 do not beat it: 2 = patience epochs \
          without improvement, so stop at epoch 3 (one epoch late: comparing with > patience)
          """),
      StoppingCase(
        patience: 2, losses: [1.0, 0.9, 0.95, 0.85, 0.9, 0.95],
        answers: [false, false, false, false, false, true], bestEpoch: 3,
        why: "epoch 3 (0.85) improves on 0.9 and starts the count again: stop at epoch 5"),
      StoppingCase(
        patience: 1, losses: [0.5, 0.4, 0.4], answers: [false, false, true], bestEpoch: 1,
        why: "0.4 after 0.4 is no improvement (use <, not <=); with patience 1 that stops"),
    ])
  func stopsAfterPatience(_ run: StoppingCase) {
    var stopper = EarlyStopping(patience: run.patience)
    let seen = answers(&stopper, run.losses)
    #expect(seen == run.answers, "\(run.why). Expected \(run.answers), got \(seen)")
    #expect(
      stopper.bestEpoch == run.bestEpoch && stopper.bestLoss == run.losses[run.bestEpoch],
      """
      the best is epoch \(run.bestEpoch) with \(run.losses[run.bestEpoch]), got epoch \
      \(String(describing: stopper.bestEpoch)), \(stopper.bestLoss)
      """)
    #expect(
      stopper.shouldStop && stopper.epochsWithoutImprovement == run.patience,
      "at the stop, shouldStop is true and the count equals the patience")
  }

  @Test("improvements smaller than minDelta do not count, and do not move the best loss")
  func minDeltaIgnoresTinyImprovements() {
    var stopper = EarlyStopping(patience: 3, minDelta: 0.01)
    let seen = answers(&stopper, [1.0, 0.995, 0.993, 0.991])
    #expect(
      seen == [false, false, false, true],
      """
      each step improves by less than minDelta = 0.01, so none counts (a loss must be below \
      bestLoss - minDelta = 0.99): stop at epoch 3, got \(seen)
      """)
    #expect(
      stopper.bestLoss == 1.0 && stopper.bestEpoch == 0,
      """
      the best stays 1.0 at epoch 0: update the best only on a real improvement, or a slow \
      drift would creep past minDelta. Got \(stopper.bestLoss) at \
      \(String(describing: stopper.bestEpoch))
      """)
  }

  @Test("a NaN validation loss stops at once and keeps the best")
  func nonFiniteStopsAtOnce() {
    var stopper = EarlyStopping(patience: 5)
    let seen = answers(&stopper, [1.0, 0.9, .nan])
    #expect(
      seen == [false, false, true],
      "training has diverged: a non-finite loss must stop at once, whatever the patience; got \(seen)"
    )
    #expect(stopper.bestEpoch == 1 && stopper.bestLoss == 0.9, "the best is still epoch 1")
  }

  @Test("EarlyStopping stops with a message for a patience below 1")
  func patienceIsChecked() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "EarlyStopping(patience: 0) would stop after the first epoch, whatever the loss: check patience >= 1"
    ) {
      _ = EarlyStopping(patience: 0)
    }
    expectMessage(result, contains: ["EarlyStopping", "patience", "0"])
  }
}
