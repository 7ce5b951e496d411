// The lab of chapter 14: a polynomial through ten noisy points, the moons runs with and
// without regularisation, what your generalisation-gap monitor says about each, and the two
// fixes. `swift run workbook lab 14`.
import Foundation
import Regularisation
import Tensors
import Training
import WorkbookSupport

/// A number in 3 significant digits, or "not finite".
func number(_ value: Double) -> String {
  value.isFinite ? String(format: "%.3g", value) : "not finite (\(value))"
}

/// Wraps each line of `text` to 78 columns, continuing it with its own indentation plus
/// `indent` spaces.
func wrapped(_ text: String, indent: Int = 4) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
    let leading = String(repeating: " ", count: line.prefix(while: { $0 == " " }).count)
    let continuation = leading + String(repeating: " ", count: indent)
    var lines: [String] = []
    var current = leading
    for word in line.split(separator: " ") {
      if current.count > leading.count && current.count + 1 + word.count > 78 {
        lines.append(current)
        current = continuation + word
      } else {
        current += (current.count > leading.count && current != continuation ? " " : "") + word
      }
    }
    lines.append(current)
    return lines.joined(separator: "\n")
  }.joined(separator: "\n")
}

/// `text` padded with spaces to `width` columns.
func padded(_ text: String, _ width: Int) -> String {
  text + String(repeating: " ", count: Swift.max(0, width - text.count))
}

/// The validation losses of a run for a plot, or nil with the step where it stopped being
/// finite.
func drawable(_ curves: LossCurves) -> (values: [Double]?, diverged: Int?) {
  if let index = curves.validation.firstIndex(where: { !$0.isFinite })
    ?? curves.training.firstIndex(where: { !$0.isFinite })
  {
    return (nil, curves.steps[index])
  }
  return (curves.validation, nil)
}

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 14, title: "Forgot to regularise")

    // 1. The deterministic case.
    let lambdas = [0, 1e-4, 1e-3, 1e-2, 1e-1]
    let fits = lambdas.map { polynomialFit(lambda: $0, seed: 0) }
    var table = ["lambda    training MSE   validation MSE   weight norm"]
    for fit in fits {
      table.append(
        padded("\(fit.lambda)", 10) + padded(number(fit.trainingError), 15)
          + padded(number(fit.validationError), 17) + number(fit.weightNorm))
    }
    let grid = (0..<55).map { -Double.pi + 2 * Double.pi * Double($0) / 54 }
    let features = polynomialFeatures(Tensor(grid.map { [$0 / Double.pi] }), degree: 9)
    var curve = LinePlot(
      title: "the fitted polynomials on [-pi, pi] (the 10 points are every 6th column)",
      width: 55, height: 12)
    curve.add("sin(x)", grid.map { Foundation.sin($0) })
    for fit in [fits[0], fits[2]] {
      let values = matmul(features, fit.weights).scalars
      if values.allSatisfy(\.isFinite) {
        curve.add("lambda \(fit.lambda)", values)
      } else {
        table.append("lambda \(fit.lambda): the fit is not finite, nothing to draw")
      }
    }
    page.section(
      "Degree 9 through 10 noisy points of sin(x) (seed 0): ridge regression",
      table.joined(separator: "\n") + "\n\n" + curve.render())

    // 2. The runs.
    let seed: UInt64 = 1
    // The broken run last, so that it is drawn over the others.
    let runs = OverfitRun.allCases.reversed().map { ($0, makeOverfitRun($0, seed: seed)) }
    var plot = LinePlot(
      title: "training (t) and validation (v) loss, a column every 10 steps",
      width: 41, height: 14, logScale: true)
    var notes: [String] = []
    for (kind, run) in runs {
      let (values, diverged) = drawable(run.curves)
      if let values {
        plot.add("\(kind.rawValue) t", run.curves.training)
        plot.add("\(kind.rawValue) v", values)
      } else {
        notes.append("\(kind.rawValue): diverged at step \(diverged!)")
      }
      let best = run.curves.bestIndex.map { run.curves.steps[$0] } ?? -1
      notes.append(
        "\(kind.rawValue): training \(number(run.curves.training.last ?? .nan)), validation "
          + "\(number(run.finalValidationLoss)) (best \(number(run.bestValidationLoss)) at "
          + "step \(best)), weight norm \(number(run.weightNorm))")
    }
    page.section(
      "The runs: 30 noisy moons, a 2-32-32-2 MLP, 400 Adam steps (seed \(seed))",
      plot.render() + "\n" + notes.map { wrapped($0) }.joined(separator: "\n"))

    // 3. The diagnostic.
    var reports: [String] = []
    for (kind, run) in runs.reversed() {
      let findings = generalisationGap(run.curves, baselineLoss: run.baselineLoss)
      let indented = findings.report.split(separator: "\n").map { "  " + $0 }
      reports.append("\(kind.rawValue):\n" + wrapped(indented.joined(separator: "\n")))
    }
    page.section("What your generalisation-gap monitor says", reports.joined(separator: "\n"))

    // 4. The fixes.
    let broken = runs.last!.1
    let decayed = makeWeightDecayFix(seed: seed)
    let stopped = makeEarlyStoppingFix(seed: seed)
    var fixes = LinePlot(
      title: "validation loss, a column every 10 steps", width: 41, height: 12, logScale: true)
    var lines: [String] = []
    for (name, curves) in [
      ("broken", broken.curves), ("l2Penalty 0.01", decayed.curves),
      ("early stopping", stopped.run.curves),
    ] {
      let (values, diverged) = drawable(curves)
      if let values {
        fixes.add(name, values)
      } else {
        lines.append("\(name): diverged at step \(diverged!)")
      }
    }
    let restored = evaluate(stopped.model, on: stopped.validation).loss
    lines += [
      "broken: final validation loss \(number(broken.finalValidationLoss)), weight norm "
        + number(broken.weightNorm),
      "l2Penalty 0.01: final validation loss \(number(decayed.finalValidationLoss)), weight "
        + "norm \(number(decayed.weightNorm))",
      "early stopping: stopped after \(stopped.run.stepsTaken) steps and put back the weights "
        + "of step \(stopped.run.bestStep); the model it returns has a validation loss of "
        + number(restored),
    ]
    page.section(
      "The fixes: the broken run with an L2 penalty, and with early stopping",
      fixes.render() + "\n" + lines.map { wrapped($0) }.joined(separator: "\n"))
    return page.render()
  }, calibration: calibrationTables)
