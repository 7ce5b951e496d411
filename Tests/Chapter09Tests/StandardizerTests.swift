import DataPipeline
import Tensors
import TestSupport
import Testing
import WorkbookSupport

@Suite("9.3 Standardisation fitted on the training split only")
struct StandardizerTests {
  /// The likely cause when column 0's spread comes out as its variance, 5.
  let varianceNotSpread = """
    You returned the variance of column 0 (5): the standard deviation is its square root, \
    sqrt(5) = 2.236
    """

  /// `rows` examples of 4 features on very different scales, one of them living in 0...0.001.
  static func features(rows: Int, seed: UInt64, shift: Double = 0) -> Tensor {
    let scale = Tensor([1, 10, 0.0002, 100])
    let offset = Tensor([5, -3, 0.0005, 1000])
    return randomTensor([rows, 4], seed: seed) * scale + offset + shift * scale
  }

  @Test("fit measures each feature's mean and population standard deviation (divide by N)")
  func fitByHand() {
    let x = Tensor([[1, 10, 5], [3, 20, 5], [5, 60, 5], [7, 30, 5]])
    let scaler = Standardizer.fit(x)
    expectClose(scaler.mean, Tensor([4, 30, 5]), tolerance: 1e-12, "the mean of each column")
    expectClose(
      scaler.standardDeviation, Tensor([(5.0).squareRoot(), (350.0).squareRoot(), 0]),
      tolerance: 1e-12,
      """
      column 0 deviates by -3, -1, 1, 3 from its mean: variance (9 + 1 + 1 + 9) / 4 = 5. \
      Dividing by N - 1 gives 20 / 3 (that is the sample variance, not the population one). \
      \(isClose(scaler.standardDeviation.scalars.first ?? 0, 5) ? varianceNotSpread : "")
      """)
    #expect(scaler.constantFeatures == [2], "column 2 is 5 in every row: it has no spread")
  }

  @Test("after apply every training feature has mean 0 and standard deviation 1")
  func trainingFeaturesStandardised() throws {
    let x = Self.features(rows: 200, seed: 1)
    let z = Standardizer.fit(x).apply(x)
    try #require(z.shape == [200, 4], "apply keeps the shape of its input")
    for feature in 0..<4 {
      let (mean, spread) = TestData.meanAndSpread(TestData.column(z, feature))
      #expect(
        abs(mean) < 1e-9 && abs(spread - 1) < 1e-9,
        """
        feature \(feature): mean \(mean), standard deviation \(spread) after standardising \
        (z = (x - mean) / std, per feature: mean and std along axis 0, over the rows)
        """)
    }
  }

  @Test("apply uses the fitted numbers only: one row alone gives the same as in a batch")
  func applyDoesNotRefit() throws {
    let train = Self.features(rows: 100, seed: 2)
    let scaler = Standardizer.fit(train)
    let validation = Self.features(rows: 5, seed: 3, shift: 0.5)
    let together = scaler.apply(validation)
    try #require(together.shape == [5, 4], "apply keeps the shape of its input")
    for row in 0..<5 {
      let alone = scaler.apply(
        Tensor(shape: [1, 4], scalars: Array(validation.scalars[(row * 4)..<(row * 4 + 4)])))
      expectClose(
        alone, Tensor(shape: [1, 4], scalars: Array(together.scalars[(row * 4)..<(row * 4 + 4)])),
        tolerance: 1e-12,
        """
        row \(row) standardised alone differs from the same row in a batch: apply must use the \
        stored mean and standardDeviation, not statistics of its own input
        """)
    }
    // The expected values, from the training columns' statistics computed here.
    let statistics = (0..<4).map { TestData.meanAndSpread(TestData.column(train, $0)) }
    let expected = (0..<20).map {
      (validation.scalars[$0] - statistics[$0 % 4].mean) / statistics[$0 % 4].spread
    }
    expectClose(
      together, Tensor(shape: [5, 4], scalars: expected), tolerance: 1e-9,
      "z = (x - mean) / standardDeviation with the TRAINING statistics")
  }

  @Test("a zero-spread feature is centred, not divided: no NaN, listed in constantFeatures")
  func constantFeatureNoNaN() throws {
    // Column 1 is 5 everywhere; column 2 is 0.1 everywhere, whose mean over 7 rows is not
    // exactly 0.1 in Double, so its measured spread is about 1e-17 instead of 0.
    let rows: [[Double]] = (0..<7).map { [Double($0), 5, 0.1] }
    let scaler = Standardizer.fit(Tensor(rows))
    #expect(
      scaler.constantFeatures == [1, 2],
      """
      constantFeatures \(scaler.constantFeatures): a spread <= 1e-10 * max(1, |mean|) counts \
      as none (0.1 seven times measures about 1e-17, not exactly 0)
      """)
    let z = scaler.apply(Tensor(rows))
    try #require(z.shape == [7, 3], "apply keeps the shape of its input")
    #expect(z.isFinite, "dividing by a zero spread gives 0/0 = NaN: \(z)")
    #expect(
      TestData.column(z, 1).allSatisfy { $0 == 0 }
        && TestData.column(z, 2).allSatisfy { abs($0) < 1e-15 },
      "a constant training feature becomes 0 everywhere: \(z)")
    expectClose(
      scaler.apply(Tensor([[3, 7, 0.1]])), Tensor([[0, 2, 0]]), tolerance: 1e-12,
      "a constant feature is centred only: 7 - 5 = 2 (not divided by its spread of 0)")
  }

  @Test("standardized fits on the training split only and applies it to every split")
  func fitOnTrainingOnly() throws {
    let train = Dataset(inputs: Self.features(rows: 200, seed: 4), labels: Array(0..<200))
    let shifted = Dataset(
      inputs: Self.features(rows: 50, seed: 5, shift: 3), labels: Array(200..<250))
    let test = train.subset(Array(0..<10))
    let (scaled, scaler) = standardized([train, shifted, test])
    try #require(scaled.count == 3, "one standardised data set per split")
    try #require(
      scaled.allSatisfy { $0.inputs.shape.count == 2 && $0.inputs.shape[1] == 4 },
      "each split keeps its 4 features")
    expectClose(
      scaler.mean, Standardizer.fit(train.inputs).mean, tolerance: 1e-12,
      "the statistics come from splits[0] alone; fitting on all splits together leaks")
    for feature in 0..<4 {
      let trainMean = TestData.meanAndSpread(TestData.column(scaled[0].inputs, feature)).mean
      let shiftedMean = TestData.meanAndSpread(TestData.column(scaled[1].inputs, feature)).mean
      #expect(abs(trainMean) < 1e-9, "the training split is centred exactly: \(trainMean)")
      #expect(
        shiftedMean > 2,
        """
        feature \(feature): the shifted validation split has mean \(shiftedMean) after \
        standardising; its raw data sits 3 standard deviations above the training data, so \
        it must stay near 3. Near 0 means the scaler was fitted on the validation split
        """)
    }
    #expect(
      scaled[2].inputs.scalars == Array(scaled[0].inputs.scalars.prefix(40)),
      "the test split (the first 10 training rows) is standardised with the training numbers")
    #expect(scaled.map(\.labels) == [train.labels, shifted.labels, test.labels], "labels kept")
  }

  @Test("apply with the wrong number of features stops with a message naming both counts")
  func wrongFeatureCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let scaler = Standardizer.fit(Tensor([[1, 2], [3, 4]]))
      _ = scaler.apply(Tensor.zeros([2, 3]))
    }
    expectMessage(result, contains: ["Standardizer.apply", "[2, 3]", "2"])
  }
}
