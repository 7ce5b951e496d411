import DataPipeline
import Foundation
import Tensors
import Training

/// The fair comparisons of batch sizes that the lab prints and the lesson quotes. Provided.
///
/// Comparing batch sizes is only fair when the budget is named:
/// - **equal epochs** (the same passes over the data, so the same examples seen): a large
///   batch takes far fewer steps;
/// - **equal steps** (the same number of updates): a large batch sees more data per step, and
///   does as well or better;
/// - **its own learning rate**: a new batch size needs the rate tuned again (Google's Deep
///   Learning Tuning Playbook); a large batch's less noisy gradient tolerates a larger one.
public enum BatchComparison {
  /// Batches of 1, 8, 32 and 150 (the whole data), 5 epochs each at rate 0.1.
  public static let equalEpochs = [1, 8, 32, 150].map {
    BatchPlan(exampleCount: 150, batchSize: $0, epochs: 5, learningRate: 0.1)
  }

  /// Batches of 8, 32 and 150, 95 updates each at rate 0.1: 5, 19 and 95 epochs.
  public static let equalSteps = [(8, 5), (32, 19), (150, 95)].map {
    BatchPlan(exampleCount: 150, batchSize: $0.0, epochs: $0.1, learningRate: 0.1)
  }

  /// 5 epochs at other rates: the full batch (5 updates) at 0.1 (the broken run), 0.3, 1 and
  /// 3, and batches of 8 (95 updates) at 0.3 and 1, so that both sizes get their own rate.
  public static let retunedRates =
    [0.1, 0.3, 1, 3].map {
      BatchPlan(exampleCount: 150, batchSize: 150, epochs: 5, learningRate: $0)
    }
    + [0.3, 1].map { BatchPlan(exampleCount: 150, batchSize: 8, epochs: 5, learningRate: $0) }
}

/// The full-data loss of a run sampled `pointsPerEpoch` times per epoch, from 0 to the end:
/// value j is the loss after the updates that fit in `j / pointsPerEpoch` epochs. Provided.
///
/// This is the loss "against epochs", the x axis on which runs with different batch sizes
/// have seen the same amount of data: a full-batch run makes its only update of an epoch at
/// the epoch's end, so its curve is a staircase.
public func lossAgainstEpochs(_ run: BatchRunResult, pointsPerEpoch: Int = 10) -> [Double] {
  check(
    pointsPerEpoch >= 1, "lossAgainstEpochs: pointsPerEpoch must be >= 1, got \(pointsPerEpoch)")
  let perEpoch = run.plan.stepsPerEpoch
  return (0...(run.plan.epochs * pointsPerEpoch)).map { point in
    let updates = Swift.min(point * perEpoch / pointsPerEpoch, run.fullLosses.count - 1)
    return run.fullLosses[updates]
  }
}

/// One line of the gradient-noise table: the measured variance of the mini-batch gradient
/// against the 1/B prediction. Provided.
public struct GradientNoiseRow: Sendable {
  public let noise: GradientNoise
  public let predicted: Double
}

/// The gradient noise of the chapter's model at its initial weights on the data of `seed`,
/// for each batch size, with the prediction of the 1/B law. Provided; the lab prints it.
public func gradientNoiseTable(
  seed: UInt64, batchSizes: [Int] = [1, 4, 16, 64, 150],
  samples: Int = 200
) -> (spread: Double, gradientNormSquared: Double, rows: [GradientNoiseRow]) {
  let data = makeBlobData(seed: seed)
  let model = makeBlobModel(seed: seed)
  let spread = perExampleGradientSpread(of: model, on: data)
  let full = flatGradient(of: model, on: data, indices: Array(0..<data.count))
  let rows = batchSizes.map { batchSize in
    GradientNoiseRow(
      noise: measureGradientNoise(
        of: model, on: data, batchSize: batchSize, samples: samples, seed: seed &+ 1),
      predicted: predictedGradientVariance(
        spread: spread, batchSize: batchSize, exampleCount: data.count))
  }
  return (spread, squaredDistance(full, full.map { _ in 0 }), rows)
}
