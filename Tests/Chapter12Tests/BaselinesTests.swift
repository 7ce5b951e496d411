import CheckingResults
import DataPipeline
import Foundation
import TestSupport
import Testing
import WorkbookSupport

@Suite("12.1 Baselines and their noise")
struct BaselinesTests {
  @Test("the majority class is the most frequent label; a tie goes to the smallest class")
  func majorityClassCounts() {
    let cases: [([Int], Int, Int)] = [
      ([1, 1, 0], 2, 1), ([2, 0, 2, 1, 0], 3, 0), ([4], 5, 4), ([3, 3, 1, 1, 2, 2, 2], 4, 2),
    ]
    for (labels, classes, expected) in cases {
      let found = majorityClass(of: labels, classes: classes)
      let largest = classCounts(labels, classes: classes).max() ?? 0
      let likely =
        found == largest && found != expected
        ? " \(found) is the largest count, not the class: return the class that has it." : ""
      #expect(
        found == expected,
        """
        majorityClass(of: \(labels), classes: \(classes)) should be \(expected), got \(found): \
        count each class (classCounts) and take the first class with the largest count (on a \
        tie, the smallest class).\(likely)
        """)
    }
  }

  @Test("the majority-class baseline picks its class on the training labels, never on validation")
  func baselineUsesTrainingMajority() {
    let found = majorityClassAccuracy(training: [1, 1, 0], validation: [0, 0, 0, 1], classes: 2)
    #expect(
      isClose(found, 0.25),
      """
      training says "always answer 1", which is right on 1 of the 4 validation labels: 0.25, \
      got \(found). 0.75 means the class was chosen on the validation labels, which no model \
      could have known
      """)
    let balanced = majorityClassAccuracy(
      training: [0, 1, 2, 0, 1, 2], validation: [2, 2, 1], classes: 3)
    #expect(isClose(balanced, 0), "the training tie goes to class 0, absent from validation")
  }

  @Test("on the chapter's data: about chance for balanced digits, about 0.88 for 88% ones")
  func baselineOnTheRuns() {
    for (kind, range) in [(ResultsRun.healthy, 0.0...0.2), (.imbalanced, 0.8...0.96)] {
      let (training, validation) = trainingAndValidation(
        pairByPosition(makeResultsExport(kind, seed: 1)))
      let found = majorityClassAccuracy(
        training: training.labels, validation: validation.labels, classes: 10)
      #expect(
        range.contains(found),
        "\(kind.title): the majority-class baseline should be in \(range), got \(found)")
    }
  }

  @Test("the binomial standard error is sqrt(p (1 - p) / n)")
  func standardError() {
    let cases: [(Double, Int, Double)] = [
      (0.1, 100, 0.03), (0.9, 100, 0.03), (0.5, 25, 0.1), (0.88, 100, 0.0324961536185438),
      (0, 50, 0), (1, 50, 0),
    ]
    for (p, n, expected) in cases {
      let found = binomialStandardError(accuracy: p, count: n)
      let variance = p * (1 - p) / Double(n)
      let likely =
        expected == 0 || isClose(found, expected, tolerance: 1e-12)
        ? ""
        : isClose(found, variance, tolerance: 1e-12)
          ? " \(found) is the variance: the standard error is its square root."
          : isClose(found, (p * (1 - p)).squareRoot() / Double(n), tolerance: 1e-12)
            ? " \(found) is sqrt(p (1 - p)) / n: the n belongs inside the square root." : ""
      #expect(
        isClose(found, expected, tolerance: 1e-12),
        """
        binomialStandardError(accuracy: \(p), count: \(n)) should be \(expected), got \(found): \
        the variance of a fraction of n Bernoulli(p) answers is p (1 - p) / n, and the \
        standard error is its square root.\(likely)
        """)
    }
  }

  @Test("the accuracy to beat is the baseline plus 3 of its standard errors")
  func accuracyToBeatAddsThreeStandardErrors() {
    let cases: [(Double, Int, Double)] = [
      (0.1, 100, 0.19), (0.88, 100, 0.88 + 3 * 0.0324961536185438), (0.1, 10_000, 0.109),
      (1, 100, 1),
    ]
    for (baseline, n, expected) in cases {
      let found = accuracyToBeat(baseline: baseline, count: n)
      #expect(
        isClose(found, expected, tolerance: 1e-12),
        """
        accuracyToBeat(baseline: \(baseline), count: \(n)) should be \(expected), got \(found): \
        baseline + standardErrorsRequired (3) * binomialStandardError(baseline, count)
        """)
    }
  }

  @Test("models at chance almost never beat the bar: under 1% of 2000 simulated validations")
  func barHoldsForModelsAtChance() {
    let bar = accuracyToBeat(baseline: 0.1, count: 100)
    var generator = SeededGenerator(seed: 12)
    var above = 0
    for _ in 0..<2000 {
      let right = (0..<100).count { _ in generator.bernoulli(probability: 0.1) }
      if Double(right) / 100 > bar { above += 1 }
    }
    #expect(
      bar > 0.15 && bar < 0.25 && above < 20,
      """
      a model that guesses among 10 classes scores Binomial(100, 0.1) / 100 on 100 examples; \
      it should score above the bar (\(bar), expected 0.19) in about 0.2% of validations, got \
      \(above) of 2000
      """)
  }

  @Test("no labels to count stops with a message naming majorityClass")
  func emptyLabelsStop() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = majorityClass(of: [], classes: 3)
    }
    expectMessage(result, contains: ["majorityClass"], "an empty list has no majority: check it")
  }

  @Test("a label outside 0..<classes stops with a message naming it")
  func labelOutOfRangeStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = majorityClass(of: [0, 1, 7], classes: 3)
    }
    expectMessage(result, contains: ["majorityClass", "7"])
  }

  @Test("an accuracy outside [0, 1] or a count of 0 stops binomialStandardError")
  func badStandardErrorInputStops() async {
    let accuracy = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "an accuracy of 1.5 must stop binomialStandardError: check 0 <= p <= 1 (1.5 gives NaN)"
    ) {
      _ = binomialStandardError(accuracy: 1.5, count: 10)
    }
    expectMessage(accuracy, contains: ["binomialStandardError", "1.5"])
    let count = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = binomialStandardError(accuracy: 0.5, count: 0)
    }
    expectMessage(count, contains: ["binomialStandardError", "0"])
  }
}
