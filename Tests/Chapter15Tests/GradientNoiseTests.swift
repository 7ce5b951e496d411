import BatchSize
import DataPipeline
import Foundation
import Layers
import Tensors
import TestSupport
import Testing

/// The chapter's model at its initial weights on the data of seed 3, and the spread σ² of its
/// per-example gradients.
let noiseSeed: UInt64 = 3
let noiseData = makeBlobData(seed: noiseSeed)
let noiseSpread = perExampleGradientSpread(of: makeBlobModel(seed: noiseSeed), on: noiseData)

@Suite("15.1 Measure the mini-batch gradient noise")
struct GradientNoiseTests {
  @Test(
    "the variance of the mini-batch gradient is σ²/B · (N - B)/(N - 1), within 5 standard errors",
    arguments: [1, 4, 16, 64])
  func varianceFollowsTheLaw(batchSize: Int) {
    let noise = measureGradientNoise(
      of: makeBlobModel(seed: noiseSeed), on: noiseData, batchSize: batchSize, samples: 400,
      seed: 30)
    let predicted = predictedGradientVariance(
      spread: noiseSpread, batchSize: batchSize, exampleCount: noiseData.count)
    #expect(
      noise.samples == 400,
      "asked for 400 sampled mini-batches, got \(noise.samples) squared deviations")
    let tolerance = 5 * noise.standardError
    #expect(
      abs(noise.variance - predicted) <= tolerance,
      """
      B = \(batchSize): the mean of ||g_B - g||² over 400 mini-batches is \(noise.variance), \
      the 1/B law predicts \(predicted) (σ² = \(noiseSpread), N = \(noiseData.count)) +- \
      \(tolerance) (5 standard errors). Record the SQUARED distance to the FULL-batch \
      gradient, and draw each batch without replacement (distinct examples)
      """)
  }

  @Test("the full batch has no noise: at B = N every squared deviation is 0 (to rounding)")
  func fullBatchHasNoNoise() {
    let noise = measureGradientNoise(
      of: makeBlobModel(seed: noiseSeed), on: noiseData, batchSize: noiseData.count,
      samples: 5, seed: 31)
    let largest = noise.squaredDeviations.max() ?? .nan
    #expect(
      noise.samples == 5 && largest <= 1e-20,
      """
      a batch of all \(noiseData.count) distinct examples IS the full batch: its gradient must \
      equal the full-batch gradient, so ||g_B - g||² = 0; got \(noise.squaredDeviations). \
      Sampling with replacement repeats some examples and leaves others out
      """)
  }

  @Test("two examples, batches of one: every squared deviation is exactly ||g0 - g1||² / 4")
  func twoExamplesKnownAnswer() {
    let data = noiseData.subset([0, 60])
    let model = makeBlobModel(seed: noiseSeed)
    let g0 = flatGradient(of: model, on: data, indices: [0])
    let g1 = flatGradient(of: model, on: data, indices: [1])
    let expected = squaredDistance(g0, g1) / 4
    let noise = measureGradientNoise(of: model, on: data, batchSize: 1, samples: 6, seed: 32)
    #expect(noise.samples == 6, "asked for 6 samples, got \(noise.samples)")
    for (index, deviation) in noise.squaredDeviations.enumerated() {
      #expect(
        isClose(deviation, expected, tolerance: 1e-9),
        """
        sample \(index): the full-batch gradient is (g0 + g1) / 2, so either example is \
        ||g0 - g1|| / 2 away from it: expected \(expected), got \(deviation)
        """)
    }
  }

  @Test("every sample is a new random batch: the squared deviations differ")
  func samplesAreFreshBatches() {
    let noise = measureGradientNoise(
      of: makeBlobModel(seed: noiseSeed), on: noiseData, batchSize: 8, samples: 20, seed: 33)
    let distinct = Set(noise.squaredDeviations).count
    let same =
      distinct == 1
      ? " Every sample is the same batch: draw a random one each time, not the first B "
        + "examples in stored order, and not from a generator re-created for each sample." : ""
    #expect(
      noise.samples == 20 && distinct >= 15,
      """
      20 random batches of 8 out of \(noiseData.count) examples should give (nearly) 20 \
      different deviations, got \(distinct) distinct values among \(noise.squaredDeviations). \
      Create the generator ONCE, before the loop, and draw every batch from it.\(same)
      """)
  }

  @Test("the same seed gives the same measurement, another seed another")
  func seededAndReproducible() {
    let model = makeBlobModel(seed: noiseSeed)
    let first = measureGradientNoise(of: model, on: noiseData, batchSize: 4, samples: 10, seed: 34)
    let again = measureGradientNoise(of: model, on: noiseData, batchSize: 4, samples: 10, seed: 34)
    let other = measureGradientNoise(of: model, on: noiseData, batchSize: 4, samples: 10, seed: 35)
    #expect(
      first == again && first.samples == 10,
      "the same seed must draw the same batches: SeededGenerator(seed: seed), nothing global")
    #expect(first != other, "another seed must draw other batches")
  }

  @Test("a batch size outside 1...N or fewer than 2 samples stops with a message")
  func badInputStops() async {
    let tooLarge = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "a batch of 151 distinct examples out of 150 cannot be drawn: check batchSize <= data.count"
    ) {
      let data = makeBlobData(seed: 3)
      _ = measureGradientNoise(
        of: makeBlobModel(seed: 3), on: data, batchSize: 151, samples: 10, seed: 1)
    }
    expectMessage(tooLarge, contains: ["measureGradientNoise", "batchSize", "151"])
    let zero = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "an empty batch has no gradient: check batchSize >= 1"
    ) {
      let data = makeBlobData(seed: 3)
      _ = measureGradientNoise(
        of: makeBlobModel(seed: 3), on: data, batchSize: 0, samples: 10, seed: 1)
    }
    expectMessage(zero, contains: ["measureGradientNoise", "batchSize", "0"])
    let oneSample = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "one sample has no standard error: check samples >= 2"
    ) {
      let data = makeBlobData(seed: 3)
      _ = measureGradientNoise(
        of: makeBlobModel(seed: 3), on: data, batchSize: 4, samples: 1, seed: 1)
    }
    expectMessage(
      oneSample, contains: ["measureGradientNoise", "samples", "1"],
      "one sample has no standard error")
  }
}
