import ReproducibleTuning
import TestSupport
import Testing
import WorkbookSupport

@Suite("24.3 Random search against grid search")
struct SearchTests {
  @Test("a grid of 9 is 3 x 3 cell centres, x varying slowest")
  func gridOfNine() {
    let points = gridSearchPoints(budget: 9)
    let centres = [1.0 / 6, 0.5, 5.0 / 6]
    let expected = centres.flatMap { x in centres.map { SearchPoint(x: x, y: $0) } }
    #expect(
      points.count == 9
        && zip(points, expected).allSatisfy {
          abs($0.x - $1.x) < 1e-12 && abs($0.y - $1.y) < 1e-12
        },
      "expected the centres (i + 0.5) / 3 in both coordinates, x slowest: \(expected); got \(points)"
    )
  }

  @Test("a grid of 9 tries only 3 values of each hyper-parameter; random search tries 9")
  func distinctValues() {
    let grid = Set(gridSearchPoints(budget: 9).map(\.x)).count
    let random = Set(randomSearchPoints(budget: 9, seed: 1).map(\.x)).count
    #expect(
      grid == 3 && random == 9,
      """
      Bergstra and Bengio's point: with 9 trials a grid tries 3 learning rates, random search \
      9. Got \(grid) distinct x values for the grid and \(random) for random search
      """)
  }

  @Test("random search draws x then y from SeededGenerator(seed:), and is reproducible")
  func randomIsSeeded() {
    var generator = SeededGenerator(seed: 5)
    let expected = (0..<4).map { _ in
      let x = generator.uniform()
      return SearchPoint(x: x, y: generator.uniform())
    }
    let points = randomSearchPoints(budget: 4, seed: 5)
    #expect(
      points == expected,
      "expected x then y for each point, one generator of seed 5: \(expected); got \(points)")
    #expect(
      randomSearchPoints(budget: 4, seed: 6) != points,
      "another seed must give other points: is the seed used?")
  }

  @Test("on the same budget random search finds a better point than the grid, over 50 objectives")
  func randomBeatsGrid() {
    for budget in [9, 16] {
      let comparison = compareSearches(budget: budget, objectives: 0..<50)
      #expect(
        comparison.random < 0.75 * comparison.grid,
        """
        budget \(budget): only x matters, so random search, which tries \(budget) values of x, \
        should reach a median regret well below the grid's (which tries \
        \(Int(Double(budget).squareRoot()))); got random \(comparison.random), grid \
        \(comparison.grid)
        """)
    }
  }

  @Test("a budget that is not a perfect square stops the grid with a message")
  func badGridBudget() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "10 trials are not a k x k grid: check that the budget is a perfect square"
    ) {
      _ = gridSearchPoints(budget: 10)
    }
    expectMessage(result, contains: ["gridSearchPoints", "10"])
  }

  @Test("a budget of 0 stops random search with a message")
  func badRandomBudget() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "a search of 0 trials finds nothing: check budget >= 1"
    ) {
      _ = randomSearchPoints(budget: 0, seed: 1)
    }
    expectMessage(result, contains: ["randomSearchPoints", "0"])
  }
}
