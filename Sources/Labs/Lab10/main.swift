// The lab of chapter 10: the recipe end to end on noisy spirals. `swift run workbook lab 10`.
import Training
import WorkbookSupport

LabProgram.main(lab: {
  var page = LabPage(chapter: 10, title: "Training and the recipe")
  page.section("The recipe on 150 noisy spiral points (seed 2)", runRecipeDemo(seed: 2))
  return page.render()
})
