import Foundation
import Tensors
import TestSupport
import Testing
import Training
import TrainingDoctor

@Suite("25.4 The live monitors over the telemetry")
struct MonitorTests {
  @Test("a falling loss with shrinking gradients gives nothing")
  func healthy() {
    let record = telemetry(losses: fallingLosses(200)) { step in pow(0.98, Double(step)) }
    let findings = monitorFindings(record)
    #expect(
      findings.isEmpty, "a healthy run: the loss falls, the gradients shrink; got \(findings)")
  }

  @Test("a NaN loss is the first finding, at the step it appeared")
  func nonFinite() {
    var losses = fallingLosses(7)
    losses.append(.nan)
    let findings = monitorFindings(telemetry(losses: losses))
    let location = findings.first?.evidence.first?.location
    #expect(
      findings.first?.symptom == .nonFiniteLoss && location == .step(7),
      Comment(
        rawValue:
          "the loss is NaN at step 7: the first finding must be the non-finite loss at step 7 "
          + "(the other monitors come after it), got \(findings.symptoms) at \(String(describing: location))"
      ))
  }

  @Test("the run's own curve: an explosion and an oscillation are findings, a plateau is not")
  func runCurve() {
    let exploding = monitorFindings(telemetry(losses: [1, 2, 5, 15, 8, 6]))
    let oscillating = monitorFindings(
      telemetry(losses: (0..<60).map { $0 % 2 == 0 ? 1.0 : 0.8 }))
    let flat = monitorFindings(telemetry(losses: (0..<60).map { 1 - 0.001 * Double($0) }))
    let measured = exploding.first { $0.symptom == .lossCurve(.exploding) }?.evidence.first?
      .measured
    #expect(
      measured == 15 && oscillating.symptoms.contains(.lossCurve(.oscillating))
        && !flat.symptoms.contains(where: { $0.rawValue.hasPrefix("loss curve") }),
      Comment(
        rawValue:
          "a loss reaching 15 times its start explodes (evidence: largest / first = 15), got "
          + "\(exploding.symptoms) measuring \(String(describing: measured)); one jumping between 1 and 0.8 "
          + "oscillates, got \(oscillating.symptoms); a flat one is left to the other monitors, "
          + "got \(flat.symptoms)"))
  }

  @Test("a gradient norm that has not shrunk while the loss fell by half: zeroGrad forgotten")
  func growingGradient() {
    let grown = telemetry(losses: fallingLosses(100)) { step in 1 + Double(step) / 90 }
    let stalled = telemetry(losses: (0..<100).map { 1 - 0.001 * Double($0) }) { step in
      1 + Double(step) / 90
    }
    let finding = monitorFindings(grown).first { $0.symptom == .growingGradient }
    let evidence = finding?.evidence.first
    let expected = ((1 + 80.0 / 90) + 2) / 2 / ((1 + 1 + 10.0 / 90) / 2)
    #expect(
      evidence.map { abs($0.measured - expected) < 1e-9 && $0.location == .step(90) } == true
        && !monitorFindings(stalled).symptoms.contains(.growingGradient),
      Comment(
        rawValue:
          "probes at steps 0, 10, ..., 90 with norms 1 + step/90: q = 10 / 4 = 2, the median "
          + "of the last two over the first two is \(expected), at step 90 (the last probe); got "
          + "\(evidence.map(\.description) ?? "no growing-gradient finding"). The same norms "
          + "while the loss did not fall by half are not judged: got "
          + "\(monitorFindings(stalled).symptoms)"))
  }

  @Test("a tanh layer saturated at the first probe is found at its layer")
  func saturated() {
    var record = telemetry(losses: fallingLosses(50)) { step in pow(0.98, Double(step)) }
    let summary = ActivationSummary(kind: "Tanh", of: Tensor(shape: [4, 2], repeating: 0.99))
    let first = record.probes[0]
    record.probes[0] = ProbeRecord(
      step: 0, gradientNorm: first.gradientNorm,
      layers: [
        LayerTelemetry(
          index: 2, name: "Linear", gradientNorm: 1, parameterNorm: 1, updateRatio: 1e-3,
          activation: summary)
      ], nonFinite: [])
    let findings = monitorFindings(record)
    let finding = findings.first { $0.symptom == .saturatedUnits }
    #expect(
      finding?.evidence.first?.location == .layer(2) && finding?.evidence.first?.measured == 1,
      Comment(
        rawValue:
          "at the first probe, every activation of the tanh after layer 2 is 0.99 (above 0.97): "
          + "saturated fraction 1 at layer 2, above 0.5; got \(findings.symptoms)"))
  }

  @Test("clipping: most probed norms above the threshold is chapter 22's finding")
  func clipping() {
    let record = telemetry(losses: fallingLosses(100))
    let low = monitorFindings(record, clipNorm: 0.5)
    let high = monitorFindings(record, clipNorm: 5)
    #expect(
      low.symptoms.contains(.clippingMostSteps) && !high.symptoms.contains(.clippingMostSteps),
      Comment(
        rawValue:
          "every probed norm is 1: clipping at 0.5 clips them all (lower the rate instead), at 5 "
          + "none; got \(low.symptoms) and \(high.symptoms) (pass the probes' norms to "
          + "diagnoseClipping only when there is a clipNorm)"))
  }

  @Test("a telemetry without any step stops with a message naming monitorFindings")
  func empty() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = monitorFindings(Telemetry())
    }
    expectMessage(result, contains: ["monitorFindings"])
  }
}
