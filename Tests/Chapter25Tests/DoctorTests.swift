import Testing
import Training
import TrainingDoctor

@Suite("25.6 The doctor: stages, folding, ranking")
struct DoctorTests {
  @Test("on the graded benchmark (seed 1): both healthy runs are healthy, 4 of 5 broken right")
  func gradedScore() {
    var lines: [String] = []
    var healthy = 0
    var right = 0
    for (scenario, patient) in GradedCases.all {
      let diagnosis = diagnose(patient)
      if scenario.causes.isEmpty {
        if diagnosis.isHealthy { healthy += 1 }
      } else if let first = diagnosis.causes.first, scenario.causes.contains(first) {
        right += 1
      }
      lines.append(
        "  \(scenario.name): planted \(scenario.causes), said "
          + (diagnosis.isHealthy ? "healthy" : "\(diagnosis.causes.prefix(3))"))
    }
    #expect(
      healthy == 2 && right >= 4,
      Comment(
        rawValue:
          "the doctor must call both healthy runs healthy and rank the planted mistake first on "
          + "at least 4 of the 5 broken ones (the reference gets 5); got \(healthy) healthy and "
          + "\(right) right:\n" + lines.joined(separator: "\n")))
  }

  @Test("findings come stage by stage, and within a stage by step")
  func order() {
    let diagnosis = diagnose(GradedCases.named("x / sum(x) with empty rows"))
    let keys = diagnosis.findings.map { ($0.stage.rawValue, $0.step) }
    let sorted = zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }
    let stages = Set(diagnosis.findings.map(\.stage))
    #expect(
      sorted && stages.count >= 3,
      Comment(
        rawValue:
          "place every stage's findings (this case has findings in the data, monitors and "
          + "outcome stages) and sort them by (stage, step), keeping each stage's order on ties; "
          + "got \(diagnosis.findings.map { "\($0.stage) \($0.step) \($0.finding.symptom)" })"))
  }

  @Test("a division by zero found by the anomaly replay explains everything after it")
  func nanFolding() {
    let diagnosis = diagnose(GradedCases.named("x / sum(x) with empty rows"))
    let root = diagnosis.findings.firstIndex { $0.finding.symptom == .divisionByZero }
    let step = root.map { diagnosis.findings[$0].step } ?? 0
    let later = diagnosis.findings.indices.filter {
      $0 != root && diagnosis.findings[$0].stage >= .monitors && diagnosis.findings[$0].step >= step
    }
    #expect(
      root != nil && !later.isEmpty
        && later.allSatisfy { diagnosis.findings[$0].foldedInto == root }
        && diagnosis.causes.first == .divisionByZero,
      Comment(
        rawValue:
          "the replay names the division at step \(step): it is the first non-finite finding, "
          + "so every later monitor or outcome finding is folded into it (a stall after a NaN "
          + "is the NaN; here a ReLU turned the NaN into 0, so the loss itself stayed finite). "
          + "Got:\n"
          + diagnosis.findings.map {
            "  \($0.finding.symptom) -> \($0.foldedInto.map { String($0) } ?? "root")"
          }.joined(separator: "\n")))
  }

  @Test("a specific early cause explains generic later findings, never the reverse")
  func consequenceFolding() {
    let diagnosis = diagnose(GradedCases.named("0-255 pixels"))
    let roots = diagnosis.roots.map(\.finding.symptom)
    let scale = diagnosis.findings.firstIndex { $0.finding.symptom == .unscaledInputs }
    let explained = diagnosis.findings.filter { $0.foldedInto == scale && scale != nil }
    #expect(
      roots.first == .unscaledInputs && diagnosis.causes.first == .unscaledInputs
        && explained.allSatisfy { $0.causes.contains(.unscaledInputs) },
      Comment(
        rawValue:
          "unscaled inputs (data stage) come first, and what they explain lists them among its "
          + "causes; roots \(roots), causes \(diagnosis.causes.prefix(3))"))
  }

  @Test("the ranking puts the most specific root first: dead ReLUs before a generic plateau")
  func ranking() {
    let diagnosis = diagnose(GradedCases.named("hidden biases at -5"))
    #expect(
      diagnosis.causes.first == .deadReLUs,
      Comment(
        rawValue:
          "rank the roots with causes by their number of causes (fewest first), then by their "
          + "order; got causes \(diagnosis.causes.prefix(3)) from roots "
          + "\(diagnosis.roots.map { "\($0.finding.symptom) \($0.causes)" })"))
  }

  @Test("causes come from the roots only, the most specific root first")
  func specificFirst() {
    // A healthy case with two planted records: a batch that is not memorised (generic, 4
    // causes) and gradients that add up (specific, 1 cause), whose rate-too-high finding
    // (3 causes) is its consequence.
    var patient = GradedCases.named("healthy: spirals, ReLU, Adam")
    patient.sanity.overfitLosses = (0..<300).map { 1 - 0.002 * Double($0) }
    var record = Telemetry()
    record.losses = fallingLosses(200)
    record.learningRates = record.losses.map { _ in 0.01 }
    record.probes = stride(from: 0, to: 200, by: 10).map { step in
      ProbeRecord(
        step: step, gradientNorm: 1 + Double(step) / 100,
        layers: [
          LayerTelemetry(
            index: 0, name: "Linear", gradientNorm: 1, parameterNorm: 1, updateRatio: 0.5,
            activation: nil)
        ], nonFinite: [])
    }
    patient.telemetry = record
    let diagnosis = diagnose(patient)
    let expected: [Mistake] = [
      .forgotZeroGrad, .tooMuchRegularisation, .tooNarrow, .tooDeep, .deadReLUs,
    ]
    #expect(
      diagnosis.causes == expected,
      Comment(
        rawValue:
          "roots: cannot overfit one batch (falling; 4 causes) and a gradient that does not "
          + "shrink (1 cause: forgotZeroGrad), which explains chapter 16's rate-too-high finding "
          + "(its causes list forgotZeroGrad). Rank the roots with causes by their number of "
          + "causes, fewest first, then in order, and take causes from the roots only (a folded "
          + "finding is a consequence): expected \(expected), got \(diagnosis.causes); findings "
          + "\(diagnosis.findings.map { "\($0.finding.symptom) -> \($0.foldedInto.map { String($0) } ?? "root")" })"
      ))
  }

  @Test("a healthy run has no root, no cause and no fix")
  func healthy() {
    let diagnosis = diagnose(GradedCases.named("healthy: spirals, ReLU, Adam"))
    #expect(
      diagnosis.isHealthy && diagnosis.causes.isEmpty && diagnosis.fix == nil,
      "a healthy run: \(diagnosis.report)")
  }
}
