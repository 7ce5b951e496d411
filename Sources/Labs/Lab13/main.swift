// The lab of chapter 13: arrows at random places, and a flip that forgets the label.
// `swift run workbook lab 13`.
import Foundation
import Preprocessing
import Training
import WorkbookSupport

/// A scatter plot of 2-D points in ASCII: each group drawn with its own mark, later groups
/// over earlier ones; the ranges of x and y printed under it.
func scatter(_ groups: [(mark: Character, name: String, points: [[Double]])]) -> String {
  let (width, height) = (60, 14)
  let all = groups.flatMap(\.points).filter { $0.allSatisfy(\.isFinite) }
  guard let minX = all.map({ $0[0] }).min(), let maxX = all.map({ $0[0] }).max(),
    let minY = all.map({ $0[1] }).min(), let maxY = all.map({ $0[1] }).max()
  else { return "(no finite centroids to draw)" }
  var grid = [[Character]](repeating: Array(repeating: " ", count: width), count: height)
  func cell(_ value: Double, _ low: Double, _ high: Double, _ count: Int) -> Int {
    high > low ? Int(((value - low) / (high - low) * Double(count - 1)).rounded()) : count / 2
  }
  for group in groups {
    for point in group.points where point.allSatisfy(\.isFinite) {
      let column = cell(point[0], minX, maxX, width)
      let row = height - 1 - cell(point[1], minY, maxY, height)
      grid[row][column] = group.mark
    }
  }
  var lines = grid.map { ("  |" + String($0)).replacing(/\ +$/, with: "") }
  lines.append("  +" + String(repeating: "-", count: width))
  lines.append(
    String(
      format: "  x from %.1f to %.1f, y from %.1f (bottom) to %.1f (top)", minX, maxX, minY,
      maxY))
  lines.append("  " + groups.map { "\($0.mark) \($0.name)" }.joined(separator: "   "))
  return lines.joined(separator: "\n")
}

/// One loss curve per run, or a line saying where a run stopped being finite.
func lossPlot(_ runs: [(name: String, telemetry: Telemetry)]) -> String {
  var plot = LinePlot(
    title: "training loss per step (log scale)", width: 60, height: 12,
    logScale: true)
  var notes: [String] = []
  for run in runs {
    if let step = run.telemetry.firstNonFiniteStep {
      notes.append("\(run.name): diverged at step \(step) (a loss that is not finite)")
    } else {
      plot.add(run.name, run.telemetry.losses)
    }
  }
  return ([plot.render()] + notes).joined(separator: "\n")
}

func percent(_ value: Double?) -> String {
  guard let value, value.isFinite else { return "   n/a" }
  return String(format: "%5.1f%%", value * 100)
}

/// A report indented under a heading line, wrapped to fit 80 columns.
func indented(_ text: String) -> String {
  var lines: [String] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    var rest = Substring(line)
    var prefix = "  "
    let extra = String(repeating: " ", count: line.prefix { $0 == " " }.count + 4)
    while prefix.count + rest.count > 80 {
      let room = 80 - prefix.count
      let cut =
        rest.prefix(room + 1).lastIndex(of: " ") ?? rest.index(rest.startIndex, offsetBy: room)
      lines.append(prefix + rest[..<cut])
      rest = rest[cut...].drop { $0 == " " }
      prefix = "  " + extra
    }
    lines.append(prefix + rest)
  }
  return lines.joined(separator: "\n")
}

let seed: UInt64 = 1

LabProgram.main(
  lab: {
    var page = LabPage(chapter: 13, title: "Forgot to preprocess")
    let runs = PositionRun.allCases.map { makePositionRun($0, seed: seed) }
    let (broken, healthy, decoy) = (runs[0], runs[1], runs[2])

    let classMarks: [Character] = ["r", "l", "u", "d"]
    // Centroids from the learner's 13.1; an unfinished one (too few centroids) draws nothing.
    func centroids(of set: PointSet) -> [[Double]] {
      let found = frameStatistics(set.inputs, labels: set.labels, classes: set.classCount)
        .centroids
      return found.count == set.count && found.allSatisfy({ $0.count == 2 }) ? found : []
    }
    func centroidGroups(_ set: PointSet, marks: [Character]) -> [(Character, String, [[Double]])] {
      let all = centroids(of: set)
      return set.classNames.indices.map { label in
        (
          marks[label], set.classNames[label],
          all.isEmpty ? [] : set.labels.indices.filter { set.labels[$0] == label }.map { all[$0] }
        )
      }
    }
    var groups = centroidGroups(broken.rawTraining, marks: classMarks)
    if let translated = broken.rawTranslated {
      groups.append(("+", "translated validation", centroids(of: translated)))
    }
    page.section(
      "Where the training arrows sit, and the translated validation set (seed \(seed))",
      scatter(groups.map { (mark: $0.0, name: $0.1, points: $0.2) })
        + "\n  Each letter is one training arrow's centroid, by the direction it points:"
        + "\n  nothing about the place tells the direction.")
    page.section(
      "The decoy: the quadrant IS the label",
      scatter(
        centroidGroups(decoy.rawTraining, marks: ["1", "2", "3", "4"]).map {
          (mark: $0.0, name: $0.1, points: $0.2)
        }))
    page.section(
      "The position runs",
      lossPlot(runs.map { (name: $0.kind.description, telemetry: $0.telemetry) }))

    // The curves hold one value every `curveInterval` steps: spread them over the steps.
    func perStep(_ curve: [Double]) -> [Double] {
      (0...ArrowSetup.positionSteps).compactMap {
        curve.indices.contains($0 / ArrowSetup.curveInterval)
          ? curve[$0 / ArrowSetup.curveInterval] : nil
      }
    }
    var accuracyPlot = LinePlot(title: "validation accuracy", width: 60, height: 10)
    accuracyPlot.add("broken, same places as training", perStep(broken.validationCurve))
    accuracyPlot.add("broken, translated by (12, 12)", perStep(broken.translatedCurve))
    accuracyPlot.add("healthy, translated by (12, 12)", perStep(healthy.translatedCurve))
    page.section("Accuracy: where the broken run falls apart", accuracyPlot.render())

    var findings: [String] = []
    for run in runs {
      let found = diagnosePosition(
        run.training.inputs, labels: run.training.labels, classes: run.training.classCount)
      findings.append("\(run.kind):\n" + indented(found.report))
    }
    page.section("What diagnosePosition says", findings.joined(separator: "\n"))

    var table = ["seed   broken: same place  translated   healthy: translated"]
    for tableSeed in UInt64(1)...5 {
      let b = tableSeed == seed ? broken : makePositionRun(.broken, seed: tableSeed)
      let h = tableSeed == seed ? healthy : makePositionRun(.healthy, seed: tableSeed)
      table.append(
        "\(tableSeed)      \(percent(b.validationAccuracy))              "
          + "\(percent(b.translatedAccuracy))       \(percent(h.translatedAccuracy))")
    }
    let destroyed = makePositionRun(.decoy, seed: seed, centring: true)
    table.append("")
    table.append(
      "The decoy, raw: \(percent(decoy.validationAccuracy)); centred: "
        + "\(percent(destroyed.validationAccuracy)) (chance is 25%): centring destroys it.")
    page.section("The fix: centre each example", table.joined(separator: "\n"))

    let flips = FlipRun.allCases.map { makeFlipRun($0, seed: seed) }
    page.section(
      "The flip runs",
      lossPlot(flips.map { (name: $0.kind.description, telemetry: $0.telemetry) }))
    let header = ["right", "left", "up", "down"].map {
      String(repeating: " ", count: 6 - $0.count) + $0
    }
    var perClass = [
      "run".padding(toLength: 32, withPad: " ", startingAt: 0) + header.joined(separator: " ")
    ]
    for run in flips {
      let names = run.training.classNames
      let cells = ["right", "left", "up", "down"].map { name in
        names.firstIndex(of: name).map { percent(run.classAccuracies[$0]) } ?? "     -"
      }
      perClass.append(
        run.kind.description.padding(toLength: 32, withPad: " ", startingAt: 0)
          + cells.joined(separator: " "))
    }
    page.section(
      "Validation accuracy per class after \(ArrowSetup.flipSteps) steps",
      perClass.joined(separator: "\n"))

    var checks: [String] = []
    for run in flips {
      let found = checkLabelPreservation(
        run.augmentation, inputs: run.training.inputs, labels: run.training.labels,
        classes: run.training.classCount, labeller: modelLabeller(run.reference))
      checks.append("\(run.kind), judged by a model trained without it:\n" + indented(found.report))
    }
    let brokenFlip = flips[0]
    for (name, set) in [("training", brokenFlip.training), ("validation", brokenFlip.validation)] {
      let found = checkLabelPreservation(
        brokenFlip.augmentation, inputs: set.inputs, labels: set.labels, classes: set.classCount,
        labeller: modelLabeller(brokenFlip.model))
      checks.append(
        "broken, judged by its own model on the \(name) set:\n" + indented(found.report))
    }
    page.section("What checkLabelPreservation says", checks.joined(separator: "\n"))
    return page.render()
  },
  calibration: calibrationTables)
