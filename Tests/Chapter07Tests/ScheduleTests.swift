import Autodiff
import Foundation
import Optimizers
import Tensors
import TestSupport
import Testing

@Suite("7.5 Learning-rate schedules")
struct ScheduleTests {
  @Test(
    "StepDecay keeps the initial rate before epoch k and divides by 1.5 exactly at k, k + n, ...")
  func stepDecayBoundaries() {
    let schedule = StepDecay(initial: 0.9, every: 3, after: 5)  // the default divisor, 1.5
    let expected: [(epoch: Int, rate: Double)] = [
      (0, 0.9), (4, 0.9), (5, 0.6), (7, 0.6), (8, 0.4), (10, 0.4), (11, 0.9 / 3.375),
    ]
    for (epoch, rate) in expected {
      let actual = schedule.learningRate(epoch: epoch)
      #expect(
        isClose(actual, rate, tolerance: 1e-12),
        """
        StepDecay(initial: 0.9, every: 3, after: 5) at epoch \(epoch): expected \(rate), got \
        \(actual). Epochs 0-4 keep 0.9, the first division happens AT epoch 5 (epoch >= k), \
        the next at 8 and 11: divisions = (epoch - k) / n + 1 in integer arithmetic.
        """)
    }
  }

  @Test("ExponentialDecay multiplies the rate by γ at every epoch")
  func exponentialDecay() {
    let schedule = ExponentialDecay(initial: 0.2, gamma: 0.5)
    let rates =
      (0..<4).map { schedule.learningRate(epoch: $0) } + [
        schedule.learningRate(epoch: 10)
      ]
    expectClose(
      Tensor(rates), Tensor([0.2, 0.1, 0.05, 0.025, 0.2 / 1024]), tolerance: 1e-14,
      "rate = initial · γ^epoch: epoch 0 has the initial rate")
  }

  @Test("CosineDecay falls from initial to minimum over T epochs along a half cosine, then stays")
  func cosineDecay() {
    let schedule = CosineDecay(initial: 0.5, minimum: 0.1, totalEpochs: 8)
    let epochs = [0, 2, 4, 8, 20]
    let expected = [0.5, 0.1 + 0.4 * (1 + cos(Double.pi / 4)) / 2, 0.3, 0.1, 0.1]
    expectClose(
      Tensor(epochs.map { schedule.learningRate(epoch: $0) }), Tensor(expected),
      tolerance: 1e-12,
      """
      rate = minimum + (initial - minimum) (1 + cos(π · epoch / T)) / 2 for epochs 0, 2, 4, 8 \
      and 20 with T = 8: initial at 0, halfway at T/2, minimum at T and after
      """)
  }

  @Test(
    "LinearWarmup climbs in w + 1 equal steps, then runs its schedule from that schedule's epoch 0")
  func linearWarmup() {
    let constant = LinearWarmup(warmupEpochs: 4, then: ConstantSchedule(0.1))
    expectClose(
      Tensor((0..<6).map { constant.learningRate(epoch: $0) }),
      Tensor([0.02, 0.04, 0.06, 0.08, 0.1, 0.1]), tolerance: 1e-14,
      "rate = target · (epoch + 1) / (w + 1) during the warm-up (w = 4, target 0.1)")
    let decaying = LinearWarmup(
      warmupEpochs: 2, then: StepDecay(initial: 0.3, divisor: 2, every: 10, after: 1))
    expectClose(
      Tensor((0..<5).map { decaying.learningRate(epoch: $0) }),
      Tensor([0.1, 0.2, 0.3, 0.15, 0.15]), tolerance: 1e-14,
      """
      after a warm-up of w epochs, epoch e uses the wrapped schedule's epoch e - w: the \
      StepDecay's own epoch 0 (0.3) is epoch 2, its first division (epoch 1) is epoch 3
      """)
  }

  @Test(
    "LinearWarmup with a start factor s is PyTorch's LinearLR(s, 1.0, w): s + (1 - s) · e / w",
    arguments: [(4, 0.25), (5, 1.0 / 3), (3, 1.0)] as [(Int, Double)])
  func linearWarmupStartFactor(warmupEpochs: Int, startFactor: Double) {
    let target = 0.1
    let schedule = LinearWarmup(
      warmupEpochs: warmupEpochs, startFactor: startFactor, then: ConstantSchedule(target))
    // PyTorch's documented closed form of LinearLR with end_factor = 1 and total_iters = w:
    // base_lr · (start_factor + (end_factor - start_factor) · min(epoch, total_iters) / total_iters)
    let epochs = Array(0...(warmupEpochs + 2))
    let pytorch = epochs.map { epoch in
      target
        * (startFactor
          + (1 - startFactor) * Double(min(epoch, warmupEpochs)) / Double(warmupEpochs))
    }
    let actual = epochs.map { schedule.learningRate(epoch: $0) }
    let ignoresTheFactor =
      startFactor != 1 / Double(warmupEpochs + 1)
      && isClose(actual[0], target / Double(warmupEpochs + 1), tolerance: 1e-12)
    expectClose(
      Tensor(actual), Tensor(pytorch), tolerance: 1e-14,
      """
      LinearWarmup(warmupEpochs: \(warmupEpochs), startFactor: \(startFactor)) over epochs \
      0-\(warmupEpochs + 2): rate = target · (s + (1 - s) · epoch / w), so epoch 0 has s · target \
      and epoch w the full target\(ignoresTheFactor
        ? "; epoch 0 has target / (w + 1): the start factor was ignored" : "")
      """)
  }

  @Test("LinearWarmup with a start factor of 0 stops with a message")
  func linearWarmupStartFactorRange() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      LinearWarmup(startFactor: 0) was accepted: the start factor must be in (0, 1] (PyTorch's \
      LinearLR refuses 0 too), or the first epoch is wasted at rate 0
      """
    ) {
      _ = LinearWarmup(warmupEpochs: 4, startFactor: 0, then: ConstantSchedule(0.1))
    }
    expectMessage(result, contains: ["LinearWarmup", "startFactor", "0.0"])
  }

  @Test("a schedule drives an optimizer: SGD takes the scheduled step at every epoch")
  func scheduleDrivesAnOptimizer() throws {
    let theta = parameter([0], gradient: [1])
    let sgd = SGD(parameters: [theta], learningRate: 1)
    let schedule = StepDecay(initial: 0.3, divisor: 3, every: 2, after: 1)
    for epoch in 0..<4 {
      let rate = schedule.learningRate(epoch: epoch)
      // An optimizer stops on a negative or NaN rate; end the test with a message instead.
      try #require(rate.isFinite && rate >= 0, "StepDecay gave \(rate) for epoch \(epoch)")
      sgd.learningRate = rate
      sgd.step()
    }
    let travelled: Double = 0.3 + 0.1 + 0.1 + 0.3 / 9
    expectClose(
      theta.value, Tensor([-travelled]), tolerance: 1e-14,
      "rates 0.3, 0.1, 0.1, 0.0333 for epochs 0-3; each step moves θ by -rate · 1")
  }

  @Test("StepDecay with a step of 0 epochs stops with a message")
  func stepDecayNeedsAPositiveInterval() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      StepDecay(every: 0) was accepted: the interval must be at least 1 epoch, or the first \
      decayed epoch divides by zero
      """
    ) {
      _ = StepDecay(initial: 0.1, every: 0, after: 5)
    }
    expectMessage(result, contains: ["StepDecay", "every", "0"])
  }

  @Test("CosineDecay with a minimum above the initial rate stops with a message")
  func cosineMinimumAboveInitial() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      """
      CosineDecay(initial: 0.1, minimum: 0.2) was accepted: a minimum above the initial rate \
      turns the decay into a climb
      """
    ) {
      _ = CosineDecay(initial: 0.1, minimum: 0.2, totalEpochs: 10)
    }
    expectMessage(result, contains: ["CosineDecay", "minimum", "0.2", "0.1"])
  }
}
