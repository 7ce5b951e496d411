import DataInspection
import DataPipeline
import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite("23.4 Non-finite values, features without spread, outliers")
struct FeatureChecksTests {
  @Test("-999 in feature 1: outliers, measured by the median and the MAD", arguments: testSeeds)
  func flagsSentinel(seed: UInt64) {
    let inputs = Runs.run(.outliers, .broken, seed: seed).training.inputs
    let findings = featureFindings(inputs)
    let score = robustScore(finiteColumn(inputs, 1))
    let evidence = findings.finding(.featureOutliers)?.evidence ?? []
    #expect(
      findings.symptoms == [.featureOutliers] && evidence.map(\.location) == [.feature(1)]
        && isClose(evidence.first?.measured ?? .nan, score, tolerance: 1e-9),
      "seed \(seed): feature 1 holds -999 in a few rows: one outlier finding at feature 1 measuring max |x - median| / (1.4826 MAD) = \(score) expected (the mean and standard deviation are dragged by the -999 themselves); got \(findings.report)"
    )
  }

  @Test("a feature that is 1 everywhere has no spread", arguments: testSeeds)
  func flagsConstant(seed: UInt64) {
    let findings = featureFindings(Runs.run(.constant, .broken, seed: seed).training.inputs)
    let evidence = findings.finding(.featureWithoutSpread)?.evidence ?? []
    #expect(
      findings.symptoms == [.featureWithoutSpread] && evidence.map(\.location) == [.feature(4)]
        && evidence.first?.measured == 1 && evidence.first?.threshold == 2,
      "seed \(seed): feature 4 is 1 in every row: one feature-without-spread finding at feature 4 (distinct values 1, below 2) and no outliers (a constant has no MAD to divide by); got \(findings.report)"
    )
  }

  @Test(
    "NaN in feature 2: non-finite values, counted per feature; the other checks use the finite values",
    arguments: testSeeds)
  func flagsNaN(seed: UInt64) {
    let inputs = Runs.run(.nonFinite, .broken, seed: seed).training.inputs
    let count = inputs.shape[0] - finiteColumn(inputs, 2).count
    let findings = featureFindings(inputs)
    let evidence = findings.finding(.nonFiniteInputs)?.evidence ?? []
    #expect(
      findings.symptoms == [.nonFiniteInputs] && evidence.map(\.location) == [.feature(2)]
        && evidence.first?.measured == Double(count),
      "seed \(seed): \(count) NaN in feature 2: one non-finite-inputs finding at feature 2 measuring \(count), and nothing else (the median of the finite values is unchanged by two missing rows); got \(findings.report)"
    )
  }

  @Test(
    "quiet on clean features and on the decoys: a heavy tail, a rare 0/1 flag, values near 1e200",
    arguments: [DataCheck.outliers, .constant, .nonFinite])
  func quiet(check: DataCheck) {
    for variant in [DataVariant.clean, .decoy] {
      for seed in testSeeds {
        let findings = featureFindings(Runs.run(check, variant, seed: seed).training.inputs)
        #expect(
          findings.isEmpty,
          "\(check) \(variant), seed \(seed): every value is finite and valid, yet \(findings.report). A heavy tail reaches 20-40 robust spreads, not 100; a rare flag has MAD 0 (skip it); 1e200 is finite (never square it)"
        )
      }
    }
  }

  @Test("the median of an even count is the mean of the two middle values")
  func evenMedian() {
    // 10 values: median 4.5, |x - 4.5| has median 2.5, so 1000 scores (1000 - 4.5) / (1.4826 * 2.5)
    let column: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 1000]
    let findings = featureFindings(Tensor(shape: [10, 1], scalars: column))
    let expected = (1000 - 4.5) / (1.4826 * 2.5)
    let measured = findings.finding(.featureOutliers)?.evidence.first?.measured ?? .nan
    #expect(
      isClose(measured, expected, tolerance: 1e-9),
      "median 4.5 (the mean of 4 and 5), MAD 2.5: the robust score of 1000 is \(expected); got \(measured)"
    )
  }

  @Test("a one-row input stops with a message")
  func tooFewRowsStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = featureFindings(Tensor(shape: [1, 3], repeating: 0))
    }
    expectMessage(result, contains: ["featureFindings", "[1, 3]"])
  }
}
