// The lab of chapter 6: what each initialiser does to the signal through 20 ReLU layers, and
// what He normal weights look like. `swift run workbook lab 6`.
import Initializers
import Tensors
import WorkbookSupport

LabProgram.main(lab: {
  var page = LabPage(chapter: 6, title: "Initializers")
  let choices: [(String, Initializer)] = [
    ("He normal (ReLU gain sqrt 2)", .heNormal()),
    ("Xavier normal", .xavierNormal()),
    ("N(0, 0.01): small random numbers", .normal(mean: 0, standardDeviation: 0.01)),
    ("N(0, 1): unit variance", .normal(mean: 0, standardDeviation: 1)),
  ]
  for (name, initializer) in choices {
    page.section(
      "20 ReLU layers of width 64, \(name)",
      activationPlot(activationStatistics(initializer: initializer, seed: 0)))
  }
  var generator = SeededGenerator(seed: 0)
  let weight = Initializer.heNormal().makeTensor([64, 512], using: &generator)
  page.section(
    "A He normal [64, 512] weight (seed 0): a bell of std sqrt(2/512) = 0.0625",
    Histogram(weight.scalars, bins: 10, width: 40).render())
  return page.render()
})
