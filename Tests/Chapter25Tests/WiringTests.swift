import Testing
import Training
import TrainingDoctor

@Suite("25.1 The static stage: how the model, loss and optimizer are wired")
struct WiringTests {
  @Test("a softmax (or sigmoid) layer before crossEntropy(logits:) is found at that layer")
  func softmaxBeforeLoss() {
    for last in ["Softmax", "Sigmoid"] {
      let wiring = Wiring(
        layers: ["Linear", "ReLU", "Linear", last], task: .classification(classes: 3))
      let findings = wiringFindings(wiring)
      #expect(
        findings.symptoms == [.softmaxBeforeLogitsLoss]
          && findings.first?.evidence.first?.location == .layer(3),
        Comment(
          rawValue:
            "a classifier ending in \(last): crossEntropy applies its own softmax, so the "
            + "outputs are squashed twice; expected one softmax-before-logits finding at layer "
            + "3 (the last), got \(findings.symptoms) at "
            + "\(findings.first?.evidence.map(\.location) ?? [])"))
    }
  }

  @Test("a regression ending in a sigmoid is not a softmax mistake (chapter 17's business)")
  func regressionIsNotSoftmax() {
    let wiring = Wiring(layers: ["Linear", "Tanh", "Linear", "Sigmoid"], task: .regression)
    let findings = wiringFindings(wiring)
    #expect(
      findings.isEmpty,
      Comment(
        rawValue:
          "the softmax rule is for classifiers trained with crossEntropy(logits:); a regression's "
          + "output range is chapter 17's check. Got \(findings.symptoms)"))
  }

  @Test("dropout left in training mode at evaluation is found at the first dropout layer")
  func trainingModeWithDropout() {
    let wiring = Wiring(
      layers: ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"],
      task: .classification(classes: 3), evaluatedInTrainingMode: true, dropout: [0.3, 0.3])
    let findings = wiringFindings(wiring)
    let evidence = findings.first?.evidence.first
    #expect(
      findings.symptoms == [.evaluatedInTrainingMode] && evidence?.location == .layer(2)
        && evidence?.measured == 2,
      Comment(
        rawValue:
          "model.eval() was forgotten and two dropout layers still drop units: expected one "
          + "evaluated-in-training-mode finding at layer 2 (the first Dropout) measuring 2 "
          + "layers, got \(findings.symptoms), \(evidence.map(\.description) ?? "no evidence")"))
  }

  @Test("training mode without any dropout is not a finding: nothing behaves differently")
  func trainingModeWithoutDropout() {
    var wiring = healthyWiring
    wiring.evaluatedInTrainingMode = true
    let findings = wiringFindings(wiring)
    #expect(
      findings.isEmpty,
      "a model without dropout gives the same outputs in both modes; got \(findings.symptoms)")
  }

  @Test("layers the optimizer was not given: one finding, one piece of evidence per layer")
  func notOptimised() {
    var wiring = healthyWiring
    wiring.notOptimised = [0, 2]
    let findings = wiringFindings(wiring)
    let locations = findings.first?.evidence.map(\.location) ?? []
    #expect(
      findings.symptoms == [.parametersNotOptimised] && locations == [.layer(0), .layer(2)],
      Comment(
        rawValue:
          "layers 0 and 2 have parameters the optimizer never updates: expected one "
          + "parameters-not-optimised finding with evidence at layers 0 and 2, got "
          + "\(findings.symptoms) at \(locations)"))
  }

  @Test("dropout above 0.5 or weight decay above 0.1 is heavy regularisation; 0.5 and 0.01 are not")
  func heavyRegularisation() {
    let layers = ["Linear", "ReLU", "Dropout", "Linear"]
    let heavy = Wiring(
      layers: layers, task: .classification(classes: 3), dropout: [0.9], weightDecay: 0.5)
    let usual = Wiring(
      layers: layers, task: .classification(classes: 3), dropout: [0.5], weightDecay: 0.01)
    let found = wiringFindings(heavy)
    let quiet = wiringFindings(usual)
    let locations = found.first?.evidence.map(\.location) ?? []
    #expect(
      found.symptoms == [.heavyRegularisation] && locations == [.layer(2), .run] && quiet.isEmpty,
      Comment(
        rawValue:
          "dropout 0.9 (at layer 2) and weight decay 0.5 should give one heavy-regularisation "
          + "finding with evidence at layer 2 then the run; dropout 0.5 and decay 0.01 are "
          + "usual values (the thresholds are above, not at or above). Got \(found.symptoms) at "
          + "\(locations), and \(quiet.symptoms) for the usual values"))
  }

  @Test("a well-wired classifier gives nothing, and the rules come in their order")
  func healthyAndOrder() {
    let healthy = wiringFindings(healthyWiring)
    let everything = Wiring(
      layers: ["Linear", "Dropout", "Linear", "Softmax"], task: .classification(classes: 3),
      notOptimised: [0], evaluatedInTrainingMode: true, dropout: [0.8])
    let all = wiringFindings(everything).symptoms
    let expected: [Symptom] = [
      .softmaxBeforeLogitsLoss, .evaluatedInTrainingMode, .parametersNotOptimised,
      .heavyRegularisation,
    ]
    #expect(
      healthy.isEmpty && all == expected,
      Comment(
        rawValue:
          "a right wiring gives []: got \(healthy.symptoms); all four mistakes at once give "
          + "them in the documented order \(expected), got \(all)"))
  }
}
