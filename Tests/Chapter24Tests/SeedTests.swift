import ReproducibleTuning
import Testing
import WorkbookSupport

@Suite("24.1 One seed for every random stream")
struct SeedTests {
  @Test("each stream takes the next number of the master generator, in order")
  func streamsFollowTheMasterGenerator() {
    for seed: UInt64 in [0, 1, 42] {
      var master = SeededGenerator(seed: seed)
      for stream in RandomStream.allCases {
        let expected = master.next()
        let got = streamSeed(seed, for: stream)
        #expect(
          got == expected,
          """
          streamSeed(\(seed), for: .\(stream)) should be number \(stream.rawValue + 1) of \
          SeededGenerator(seed: \(seed)), \(expected); got \(got). Did you return the seed \
          itself, or start counting at the wrong draw?
          """)
      }
    }
  }

  @Test("the four streams of one seed are four different seeds")
  func streamsDiffer() {
    for seed: UInt64 in [0, 1, 2, 3, 42] {
      let seeds = RandomStream.allCases.map { streamSeed(seed, for: $0) }
      #expect(
        Set(seeds).count == RandomStream.allCases.count,
        """
        seed \(seed): the streams data, initialisation, shuffle, dropout got \(seeds). Two \
        streams with the same seed draw the same numbers: the data noise would equal the \
        initial weights. Each stream needs its own derived seed.
        """)
    }
  }

  @Test("same seed, bit-identical run; another seed, another run")
  func sameSeedSameRun() {
    let first = trainTuningRun(.baseline)
    let second = trainTuningRun(.baseline)
    #expect(
      first.telemetry.losses == second.telemetry.losses
        && first.validationLoss == second.validationLoss,
      "two runs of seed 1 must be bit-identical (every loss ==), got \(first.validationLoss) and \(second.validationLoss)"
    )
    let other = trainTuningRun(TuningConfig.baseline.with(\.seed, 2))
    #expect(
      other.telemetry.losses != first.telemetry.losses,
      """
      seed 2 must give another run than seed 1 (other data, weights and shuffles), but the \
      losses are identical: does streamSeed ignore the run's seed?
      """)
  }

  @Test("changing the run's seed changes every stream")
  func everyStreamMovesWithTheSeed() {
    for stream in RandomStream.allCases {
      let seeds = (0..<5).map { streamSeed(UInt64($0), for: stream) }
      #expect(
        Set(seeds).count == 5,
        "the \(stream) stream must change with the run's seed; seeds 0-4 gave \(seeds)")
    }
  }
}
