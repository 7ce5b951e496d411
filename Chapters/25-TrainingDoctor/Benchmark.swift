/// The doctor's benchmark: 16 healthy runs of different shapes, every mistake of
/// chapters 5-24 and the four classics in two forms each, and two runs with two interacting
/// mistakes. Provided.
///
/// Each entry is a scenario: its name says what it is; its `causes` say what was planted.
/// The lab runs them all (`workbook lab 25`); the graded test runs `gradedBenchmark`, a fixed
/// subset.
public let doctorBenchmark: [Scenario] = healthyScenarios + brokenScenarios + interactionScenarios

/// The healthy runs: different data, widths, depths, activations, optimizers, batch sizes
/// and regularisers, a large but stable rate and a clipped run. Provided.
public let healthyScenarios: [Scenario] = [
  Scenario("healthy: spirals, ReLU, Adam"),
  Scenario("healthy: spirals, tanh").with(\.activation, .tanh),
  Scenario("healthy: 4 blobs, SGD").with(\.data, .blobs(classes: 4, dimensions: 2))
    .with(\.optimizer, .sgd(0.1)).with(\.hidden, [16]).with(\.points, 60).with(\.steps, 400),
  Scenario("healthy: blobs in 10 dimensions").with(\.data, .blobs(classes: 3, dimensions: 10)),
  Scenario("healthy: moons").with(\.data, .moons).with(\.hidden, [16]),
  Scenario("healthy: sine regression, tanh").with(\.data, .sine).with(\.activation, .tanh)
    .with(\.points, 160).with(\.steps, 300),
  Scenario("healthy: sine regression, ReLU").with(\.data, .sine).with(\.hidden, [64])
    .with(\.points, 160).with(\.steps, 300),
  Scenario("healthy: mini-batches of 32").with(\.batchSize, 32).with(\.optimizer, .adam(0.005))
    .with(\.steps, 300),
  Scenario("healthy: three hidden layers").with(\.hidden, [32, 32, 32]),
  Scenario("healthy: 128 units, SGD").with(\.data, .blobs(classes: 3, dimensions: 2))
    .with(\.hidden, [128]).with(\.optimizer, .sgd(0.05)),
  Scenario("healthy: dropout 0.2, evaluated in eval mode").with(\.hidden, [64])
    .with(\.dropout, 0.2),
  Scenario("healthy: weight decay 1e-4").with(\.data, .moons).with(\.weightDecay, 1e-4),
  Scenario("healthy: classes 2 : 1").with(\.data, .blobs(classes: 3, dimensions: 2))
    .with(\.minorityShare, 0.5),
  Scenario("healthy: SGD at a large stable rate").with(\.data, .blobs(classes: 3, dimensions: 2))
    .with(\.optimizer, .sgd(0.5)),
  Scenario("healthy: clipped at 5").with(\.clipNorm, 5),
  Scenario("healthy: 4 spirals, two tanh layers").with(\.data, .spirals(classes: 4))
    .with(\.activation, .tanh).with(\.hidden, [64, 32]),
]

/// Every mistake in two forms. Provided.
public let brokenScenarios: [Scenario] = [
  // Three of the four classics, and a layer left out of the optimizer: the bug the fourth
  // classic (overfit one batch first) is there to catch.
  Scenario("softmax into a logits loss", causes: [.softmaxIntoLogitsLoss]).with(\.output, .softmax),
  Scenario("softmax into a logits loss, 4 blobs, SGD", causes: [.softmaxIntoLogitsLoss])
    .with(\.output, .softmax).with(\.data, .blobs(classes: 4, dimensions: 2))
    .with(\.optimizer, .sgd(0.1)),
  Scenario("no zeroGrad, SGD", causes: [.forgotZeroGrad]).with(\.zeroGrad, false)
    .with(\.optimizer, .sgd(0.1)),
  Scenario("no zeroGrad, moons", causes: [.forgotZeroGrad]).with(\.zeroGrad, false)
    .with(\.data, .moons).with(\.optimizer, .sgd(0.05)),
  Scenario("dropout 0.5 left on at evaluation", causes: [.forgotEvalMode]).with(\.hidden, [64])
    .with(\.dropout, 0.5).with(\.evaluationMode, false),
  Scenario("dropout 0.3 left on, moons", causes: [.forgotEvalMode]).with(\.data, .moons)
    .with(\.dropout, 0.3).with(\.evaluationMode, false),
  Scenario("first layer not in the optimizer", causes: [.frozenLayers]).with(\.notOptimised, [0]),
  Scenario("hidden layers not in the optimizer", causes: [.frozenLayers])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.hidden, [16, 16])
    .with(\.notOptimised, [0, 1]),
  // Chapter 11.
  Scenario("0-255 pixels", causes: [.unscaledInputs]).with(
    \.data, .blobs(classes: 3, dimensions: 2)
  )
  .with(\.standardise, false).with(\.inputScale, 255),
  Scenario("one feature in thousands", causes: [.unscaledInputs]).with(\.standardise, false)
    .with(\.inputScale, 1000).with(\.scaledFeature, 1),
  Scenario("targets times 100", causes: [.unscaledTargets]).with(\.data, .sine)
    .with(\.points, 160).with(\.targetScale, 100),
  Scenario("targets around 500", causes: [.unscaledTargets]).with(\.data, .sine)
    .with(\.points, 160).with(\.targetOffset, 500),
  // Chapters 9 and 12.
  Scenario("labels shuffled on their own", causes: [.misalignedLabels]).with(\.pairing, .permuted)
    .with(\.hidden, [128]).with(\.steps, 400),
  Scenario("labels one row off", causes: [.misalignedLabels])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.pairing, .shifted)
    .with(\.hidden, [128]).with(\.steps, 400),
  // Chapters 13 and 24.
  Scenario("validation not standardised", causes: [.missingPreprocessing])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.preprocessValidation, false),
  Scenario("validation not standardised, moons", causes: [.missingPreprocessing])
    .with(\.data, .moons).with(\.inputScale, 10).with(\.preprocessValidation, false),
  // Chapter 14.
  Scenario("20 examples, 128 units, long", causes: [.overfitting]).with(\.trainingSize, 20)
    .with(\.hidden, [128]).with(\.steps, 500),
  Scenario("24 examples of 4 spirals, 128 units", causes: [.overfitting])
    .with(\.data, .spirals(classes: 4)).with(\.trainingSize, 24).with(\.hidden, [128])
    .with(\.steps, 500),
  Scenario("dropout 0.9", causes: [.tooMuchRegularisation]).with(\.dropout, 0.9),
  Scenario("weight decay 0.5", causes: [.tooMuchRegularisation]).with(\.data, .moons)
    .with(\.optimizer, .sgd(0.1)).with(\.weightDecay, 0.5),
  // Chapter 15.
  Scenario("15 steps", causes: [.tooFewUpdates]).with(\.steps, 15),
  Scenario("10 SGD steps on blobs", causes: [.tooFewUpdates])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.optimizer, .sgd(0.1))
    .with(\.steps, 10),
  // Chapter 16.
  Scenario("SGD at 20", causes: [.learningRateTooHigh]).with(\.optimizer, .sgd(20)),
  Scenario("SGD at 50, moons", causes: [.learningRateTooHigh]).with(\.data, .moons)
    .with(\.optimizer, .sgd(50)),
  Scenario("SGD at 1e-4", causes: [.learningRateTooLow]).with(\.optimizer, .sgd(1e-4))
    .with(\.steps, 300),
  Scenario("Adam at 1e-5, moons", causes: [.learningRateTooLow]).with(\.data, .moons)
    .with(\.optimizer, .adam(1e-5)).with(\.steps, 300),
  // Chapter 17.
  Scenario("ReLU on a signed output", causes: [.wrongFinalActivation]).with(\.data, .sine)
    .with(\.points, 160).with(\.output, .relu).with(\.activation, .tanh),
  Scenario("sigmoid on a signed output", causes: [.wrongFinalActivation]).with(\.data, .sine)
    .with(\.points, 160).with(\.output, .sigmoid).with(\.activation, .tanh),
  // Chapter 18.
  Scenario("hidden biases at -5", causes: [.deadReLUs]).with(\.initialisation, .hiddenBiases(-5)),
  Scenario("hidden biases at -10, two layers", causes: [.deadReLUs])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.hidden, [32, 32])
    .with(\.initialisation, .hiddenBiases(-10)),
  // Chapter 19.
  Scenario("zero weights", causes: [.badInitialisation]).with(\.initialisation, .zeros),
  Scenario("tanh weights times 10", causes: [.badInitialisation]).with(\.activation, .tanh)
    .with(\.hidden, [32, 32]).with(\.initialisation, .scaled(10)),
  // Chapter 20.
  Scenario("8 sigmoid layers", causes: [.tooDeep]).with(\.activation, .sigmoid)
    .with(\.hidden, Array(repeating: 16, count: 8)).with(\.optimizer, .sgd(0.5)),
  Scenario("10 sigmoid layers, Adam", causes: [.tooDeep]).with(\.activation, .sigmoid)
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.hidden, Array(repeating: 16, count: 10))
    .with(\.optimizer, .adam(0.001)),
  // Chapter 21.
  Scenario("one hidden unit", causes: [.tooNarrow]).with(\.hidden, [1]),
  Scenario("two hidden units, 4 spirals", causes: [.tooNarrow]).with(\.data, .spirals(classes: 4))
    .with(\.hidden, [2]),
  // Chapter 22.
  Scenario("x / sum(x) with empty rows", causes: [.divisionByZero])
    .with(\.data, .blobs(classes: 3, dimensions: 3)).with(\.standardise, false).with(
      \.emptyRows, 5),
  Scenario("x / sum(x), one empty row", causes: [.divisionByZero])
    .with(\.data, .blobs(classes: 4, dimensions: 4)).with(\.standardise, false).with(
      \.emptyRows, 1),
  // Chapter 23.
  Scenario("NaN in two rows", causes: [.nonFiniteInputs])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.nonFiniteRows, 2),
  Scenario("an infinity in one row", causes: [.nonFiniteInputs]).with(\.nonFiniteRows, 1)
    .with(\.infinite, true),
  Scenario("half the validation copied from training", causes: [.leakAcrossSplits])
    .with(\.leak, 0.5),
  Scenario("all of the validation copied", causes: [.leakAcrossSplits])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.leak, 1),
  Scenario("30% of labels wrong", causes: [.noisyLabels]).with(\.labelNoise, 0.3),
  Scenario("20% of labels wrong, blobs", causes: [.noisyLabels])
    .with(\.data, .blobs(classes: 3, dimensions: 2)).with(\.labelNoise, 0.2),
  Scenario("sorted by label, never shuffled", causes: [.unshuffledData]).with(\.shuffle, false)
    .with(\.batchSize, 16).with(\.optimizer, .sgd(0.1)),
  Scenario("sorted blobs, batches of 20", causes: [.unshuffledData]).with(\.shuffle, false)
    .with(\.data, .blobs(classes: 4, dimensions: 2)).with(\.batchSize, 20),
  Scenario("classes 20 : 1", causes: [.classImbalance]).with(
    \.data, .blobs(classes: 3, dimensions: 2)
  )
  .with(\.minorityShare, 0.05),
  Scenario("moons 20 : 1", causes: [.classImbalance]).with(\.data, .moons)
    .with(\.minorityShare, 0.05),
]

/// Two mistakes at once, where one hides the other. Provided.
public let interactionScenarios: [Scenario] = [
  // Clipping keeps a rate that is far too high from exploding: the loss no longer blows up,
  // but nearly every step is clipped.
  Scenario("clipping hides SGD at 5", causes: [.learningRateTooHigh]).with(\.optimizer, .sgd(5))
    .with(\.clipNorm, 0.05),
  // Dropout 0.9 stops the model from memorising anything, so the misaligned labels do not
  // show as "memorised, at chance": the overfit check fails for the dropout's reason.
  Scenario(
    "dropout 0.9 and misaligned labels", causes: [.tooMuchRegularisation, .misalignedLabels]
  )
  .with(\.dropout, 0.9).with(\.pairing, .permuted),
]

/// The fixed subset the graded test runs on the learner's doctor: 2 healthy runs and one
/// form of 5 different mistakes, one from each stage (small, so the suite stays fast).
/// Provided.
public let gradedBenchmark: [String] = [
  "healthy: spirals, ReLU, Adam", "healthy: sine regression, tanh",
  "softmax into a logits loss", "0-255 pixels", "hidden biases at -5",
  "x / sum(x) with empty rows", "labels shuffled on their own",
]

/// Runs every scenario of `scenarios` with `seed` and diagnoses it. Provided.
public func runBenchmark(_ scenarios: [Scenario] = doctorBenchmark, seed: UInt64)
  -> [BenchmarkEntry]
{
  scenarios.map { scenario in
    BenchmarkEntry(
      name: scenario.name, truth: scenario.causes,
      diagnosis: diagnose(runScenario(scenario, seed: seed)))
  }
}
