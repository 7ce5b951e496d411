import Depth
import TestSupport
import Testing
import Training

/// The search on the first two diagnostic seeds, with the broken run's network at each depth.
enum Searched {
  static let runs: [(seed: UInt64, search: DepthSearch, fixed: DepthRunResult?)] =
    diagnosticSeeds.map { seed in
      var fixed: DepthRunResult?
      let search = searchDepth { depth in
        var network = DepthRun.tooDeep.network
        network.depth = depth
        let run = trainOnXOR(network, seed: seed)
        fixed = run
        return run
      }
      return (seed, search, fixed)
    }
}

@Suite("20.3 The fix: start shallow")
struct DepthSearchTests {
  @Test("on XOR the search stops at 3 layers, which solve it")
  func stopsAtThree() {
    for run in Searched.runs {
      #expect(
        run.search.tries.map(\.depth) == [3] && run.search.chosenDepth == 3
          && run.search.tries.first?.solved == true,
        """
        seed \(run.seed): 3 sigmoid layers solve XOR, so the search should try 3 first and \
        stop there (shallow first, stop at the first depth that solves); got tries \
        \(run.search.tries)
        """)
    }
  }

  @Test("the fixed depth solves XOR, which 20 layers cannot, on the same seeds")
  func fixBeatsTheBrokenRun() {
    for (index, run) in Searched.runs.enumerated() {
      let broken = Runs.tooDeep[index]
      #expect(broken.seed == run.seed)
      #expect(
        run.fixed?.solved == true && (run.fixed?.finalLoss ?? 1) < 0.1,
        """
        seed \(run.seed): at the chosen depth every point should be classified right and the \
        loss below 0.1, got accuracy \(String(describing: run.fixed?.accuracy)), loss \
        \(String(describing: run.fixed?.finalLoss))
        """)
      #expect(
        !broken.solved && broken.finalLoss > 0.6,
        """
        seed \(run.seed): the 20-layer run should stay near ln 2 = 0.693 (accuracy \
        \(broken.accuracy), loss \(broken.finalLoss)): the runs are provided, so this means \
        the data or the engine changed
        """)
    }
  }

  @Test("depths are tried shallow first, and the search stops at the first that solves")
  func stopsAtTheFirstSolved() {
    var trained: [Int] = []
    let search = searchDepth { depth in
      trained.append(depth)
      return fakeRun(depth: depth, solved: depth >= 6)
    }
    #expect(
      trained == [3, 4, 6] && search.chosenDepth == 6
        && search.tries.map(\.solved) == [false, false, true],
      """
      a task that needs 6 layers: the default candidates are [3, 4, 6, 8], tried in that \
      order; stop at the first depth that solves (6) and never train 8. Trained \(trained), \
      tries \(search.tries)
      """)
    #expect(
      search.tries.map(\.finalLoss) == [0.69, 0.69, 0.01],
      "each try records its run's final loss; got \(search.tries.map(\.finalLoss))")
  }

  @Test("when no depth solves, every candidate is tried and none is chosen")
  func noneSolves() {
    let search = searchDepth(candidates: [2, 5]) { fakeRun(depth: $0, solved: false) }
    #expect(
      search.tries.map(\.depth) == [2, 5] && search.chosenDepth == nil,
      """
      no run solves: every candidate is tried (in order), and there is no chosen depth; got \
      \(search.tries)
      """)
  }

  @Test("bad candidates stop with a message: none, out of order, or below 1")
  func badCandidatesAreRejected() async {
    let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = searchDepth(candidates: []) { fakeRun(depth: $0, solved: true) }
    }
    expectMessage(empty, contains: ["searchDepth"])
    let unordered = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent],
      "[8, 3] is not increasing: the search goes shallow first, so it must stop with a message"
    ) {
      _ = searchDepth(candidates: [8, 3]) { fakeRun(depth: $0, solved: false) }
    }
    expectMessage(unordered, contains: ["searchDepth", "[8, 3]"], "shallow first: increasing")
    let zero = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = searchDepth(candidates: [0, 3]) { fakeRun(depth: $0, solved: false) }
    }
    expectMessage(zero, contains: ["searchDepth", "[0, 3]"])
  }
}
