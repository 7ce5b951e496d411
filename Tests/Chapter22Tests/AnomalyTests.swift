import Autodiff
import NaNHunting
import Optimizers
import Tensors
import Testing

@Suite("22.1 The first anomaly")
struct AnomalyTests {
  @Test("a tensor whose every element is finite is no anomaly")
  func finiteTensor() {
    let x = Variable(Tensor([[1e300, -1e300], [0, .leastNonzeroMagnitude]]), name: "x")
    let found = firstAnomaly(in: x.value, of: x, phase: .forward, step: 0)
    #expect(
      found == nil,
      "1e300, -1e300, 0 and the smallest subnormal are all finite: expected nil, got \(String(describing: found))"
    )
  }

  @Test("the first non-finite element is found, with its position and the count of all of them")
  func positionAndCount() {
    let x = Variable(Tensor([1, .nan, 2, .infinity, -.infinity]), name: "x")
    let found = firstAnomaly(in: x.value, of: x, phase: .forward, step: 0)
    #expect(
      found?.index == 1,
      Comment(
        rawValue: "the FIRST non-finite element of [1, nan, 2, inf, -inf] is at index 1, got "
          + "\(String(describing: found?.index)) (did you keep the last one?)"))
    #expect(
      found?.count == 3,
      Comment(
        rawValue: "the count of non-finite elements (NaN and both infinities) is 3, got "
          + "\(String(describing: found?.count)) (did you count only the NaNs?)"))
    #expect(found?.kind == .nan, "the first non-finite element is a NaN")
  }

  @Test(
    "an infinity is found as well as a NaN, with its sign",
    arguments: [
      (Double.nan, AnomalyKind.nan), (Double.infinity, .positiveInfinity),
      (-Double.infinity, .negativeInfinity),
    ])
  func kinds(value: Double, kind: AnomalyKind) {
    let x = Variable(Tensor([0, 1, value]), name: "x")
    let found = firstAnomaly(in: x.value, of: x, phase: .forward, step: 0)
    #expect(
      found?.kind == kind && found?.index == 2,
      Comment(
        rawValue: "an element \(value) at index 2 is the anomaly \(kind) at index 2, got "
          + "\(String(describing: found?.kind)) at \(String(describing: found?.index)) "
          + "(an infinity is not a NaN: check isNaN first, then the sign of the infinity)"))
  }

  @Test("the anomaly names the operation, the variable, the shape, its inputs, phase and step")
  func names() {
    let p = Variable(Tensor([[0, 1]]), name: "p")
    let logarithm = p.log()
    logarithm.name = "log p"
    let found = firstAnomaly(in: logarithm.value, of: logarithm, phase: .forward, step: 7)
    let expected = Anomaly(
      operation: "log", name: "log p", shape: [1, 2], phase: .forward, step: 7,
      kind: .negativeInfinity, index: 0, count: 1, inputs: ["p"])
    #expect(
      found == expected,
      Comment(
        rawValue: "log([[0, 1]]) named 'log p' at step 7: expected \(expected), got "
          + "\(String(describing: found)) (the inputs are the parents' names, or their operation "
          + "when they have no name)"))
  }

  @Test("the anomaly mode names the log of zero in the forward pass")
  func forwardPhase() {
    let detector = AnomalyDetector()
    detector.step = 3
    withAnomalyMode(detector) {
      let p = Variable(Tensor([0.5, 0]), name: "p")
      _ = p.log().sum()
    }
    let found = detector.first
    #expect(
      found?.operation == "log" && found?.phase == .forward && found?.step == 3
        && found?.kind == .negativeInfinity,
      Comment(
        rawValue: "log([0.5, 0]) = [-0.69, -inf]: expected the log, forward, step 3, -inf, got "
          + "\(String(describing: found))"))
  }

  @Test("the anomaly mode finds an infinity that appears only in the backward pass")
  func backwardPhase() {
    let detector = AnomalyDetector()
    let x = Variable(Tensor([1e-200]), name: "x")
    withAnomalyMode(detector) {
      let y = (1 / x).sum()  // 1e200: finite
      y.backward()  // dy/dx = -1/x² = -1e400: -inf
    }
    let found = detector.first
    #expect(
      found?.phase == .backward && found?.name == "x" && found?.kind == .negativeInfinity,
      Comment(
        rawValue:
          "1/x at x = 1e-200 is finite (1e200) but its gradient -1/x² is -inf: expected the "
          + "gradient of 'x' in the backward phase, -inf, got \(String(describing: found)) "
          + "(PyTorch's detect_anomaly would miss this infinity: it looks for NaN only)"))
  }

  @Test("the anomaly mode finds a parameter that the update made infinite")
  func updatePhase() {
    let detector = AnomalyDetector()
    let w = Variable(Tensor([1.0]), name: "w")
    w.grad = Tensor([1e308])
    let sgd = SGD(parameters: [w], learningRate: 10)
    withAnomalyMode(detector) { sgd.step() }
    let found = detector.first
    #expect(
      found?.phase == .update && found?.name == "w" && found?.kind == .negativeInfinity,
      Comment(
        rawValue: "w = 1 - 10 · 1e308 = -inf: expected 'w' in the update phase, -inf, got "
          + "\(String(describing: found))"))
  }

  @Test(
    "each culprit run's first anomaly is where the lesson says",
    arguments: [
      (NaNRun.logOfZero, "log"), (.unstableSoftmax, "exp"), (.divisionByZero, "divide"),
      (.explodingRecurrence, "multiply"),
    ])
  func culprits(kind: NaNRun, operation: String) {
    for (seed, run) in zip(testSeeds, Runs.of(kind)) {
      let found = run.anomaly
      #expect(
        found?.operation == operation && found?.phase == .forward,
        Comment(
          rawValue:
            "\(kind), seed \(seed): the first non-finite tensor is written by \(operation) in the "
            + "forward pass, got \(String(describing: found)) (is every element checked, "
            + "infinities too, and the first anomaly kept?)"))
    }
  }

  @Test("the rate-too-high run overflows late, after its loss has grown")
  func lateOverflow() {
    for (seed, run) in zip(testSeeds, Runs.rateTooHigh) {
      let found = run.anomaly
      #expect(
        (found?.step ?? 0) > 50 && found?.phase == .forward && found?.kind == .positiveInfinity,
        Comment(
          rawValue:
            "rate too high, seed \(seed): the loss grows for about 100 steps, then a forward "
            + "operation overflows to +inf; got \(String(describing: found))"))
    }
  }

  @Test(
    "runs that stay finite have no anomaly",
    arguments: [NaNRun.healthy, .stableSoftmax, .clippedTooHigh, .clippedRecurrence])
  func quiet(kind: NaNRun) {
    for (seed, run) in zip(testSeeds, Runs.of(kind)) {
      #expect(
        run.anomaly == nil && run.steps > 1,
        Comment(
          rawValue: "\(kind), seed \(seed): every tensor stays finite, so no anomaly; got "
            + "\(String(describing: run.anomaly)) (is a finite tensor returned as nil?)"))
    }
  }

  @Test("a negative step stops with a message naming it")
  func negativeStep() async {
    await #expect(processExitsWith: .failure) {
      let x = Variable(Tensor([1]))
      _ = firstAnomaly(in: x.value, of: x, phase: .forward, step: -1)
    }
  }
}
