import Foundation

extension Exercise {
  /// What the exercise is worth: `points` from the manifest, else one point per test the
  /// manifest counts, else nil (the tests that run decide).
  var worth: Double? { points ?? tests.map(Double.init) }
}

extension Chapter {
  /// What the chapter is worth when every exercise's worth is known from the manifest.
  var worth: Double? {
    let worths = exercises.map(\.worth)
    guard !worths.isEmpty, worths.allSatisfy({ $0 != nil }) else { return nil }
    return worths.reduce(0) { $0 + ($1 ?? 0) }
  }
}

/// Points from the chapter manifest (`chapter.json`), which a teacher can edit.
///
/// - An exercise is worth `points`, or one point per test it has (`tests`). Its tests share that
///   equally, except those named in `testPoints`, which get their own points.
/// - The manifest's test count is a floor: when fewer tests of an exercise ran (a test file was
///   deleted or emptied), the missing ones are added as failed tests, so removing tests never
///   raises a grade. When more ran (tests were added), the exercise is still worth the same,
///   so added tests dilute instead of adding points. Both are reported as problems.
/// - A test outside every exercise of the manifest is worth nothing, and is reported.
enum Scoring {
  static func score(_ tests: [TestResult], chapter: Chapter) -> (
    tests: [TestResult], problems: [String]
  ) {
    if chapter.exercises.isEmpty {
      return (tests.map { withWorth($0, 1) }, [])
    }
    var scored: [TestResult] = []
    var problems: [String] = []
    for exercise in chapter.exercises {
      var group = tests.filter { $0.exercise == exercise.id }
      let ran = group.count
      if let expected = exercise.tests, ran < expected {
        for index in ran..<expected {
          group.append(
            TestResult(
              id: "\(chapter.testTarget).missing/\(exercise.id)/\(index + 1)",
              name: "missing test \(index + 1) of \(expected)",
              suite: "\(exercise.id) \(exercise.title)", exercise: exercise.id,
              status: .missing,
              message: "chapter.json counts \(expected) tests for exercise \(exercise.id), but "
                + "only \(ran) ran: a test file of \(chapter.testTarget) was deleted or edited. "
                + "Bring it back with `git checkout -- Tests/\(chapter.testTarget)`.",
              location: nil, line: Int.max))
        }
        problems.append(
          "exercise \(exercise.id): \(expected - ran) of its \(expected) tests did not run "
            + "(a test file was deleted or edited); they count as failed")
      } else if let expected = exercise.tests, ran > expected {
        problems.append(
          "exercise \(exercise.id): \(ran) tests ran but chapter.json counts \(expected) (tests "
            + "were added, or the manifest is out of date); the exercise is still worth "
            + "\(formatPoints(exercise.worth ?? 0)) points")
      }
      let named = exercise.testPoints ?? [:]
      for name in named.keys.sorted() where !group.contains(where: { $0.name == name }) {
        problems.append(
          "chapter.json gives \(formatPoints(named[name] ?? 0)) points to a test of exercise "
            + "\(exercise.id) that did not run: \"\(name)\"")
      }
      let namedTotal = group.reduce(0) { $0 + (named[$1.name] ?? 0) }
      let others = group.filter { named[$0.name] == nil }.count
      let worth = exercise.worth ?? namedTotal + Double(others)
      if worth < namedTotal {
        problems.append(
          "exercise \(exercise.id): its tests in testPoints add up to "
            + "\(formatPoints(namedTotal)), more than its \(formatPoints(worth)) points")
      }
      let share = others == 0 ? 0 : max(0, worth - namedTotal) / Double(others)
      scored += group.map { withWorth($0, named[$0.name] ?? share) }
    }
    let known = Set(chapter.exercises.map(\.id))
    let strays = tests.filter { !known.contains($0.exercise ?? "") }
    if !strays.isEmpty {
      problems.append(
        "\(strays.count) tests belong to no exercise of chapter.json and are worth no points "
          + "(first: \(strays[0].suite) / \(strays[0].name))")
      scored += strays.map { withWorth($0, 0) }
    }
    return (scored, problems)
  }

  private static func withWorth(_ test: TestResult, _ worth: Double) -> TestResult {
    var test = test
    test.maxPoints = worth
    test.points = test.status == .passed ? worth : 0
    return test
  }
}

/// "3", "2.5", "0.33": points to two decimals, without needless ones (never an exponent).
func formatPoints(_ value: Double) -> String {
  if value.isFinite && value == value.rounded() && abs(value) < 1e15 {
    return String(Int(value))
  }
  var text = String(format: "%.2f", value)
  while text.hasSuffix("0") { text.removeLast() }
  if text.hasSuffix(".") { text.removeLast() }
  return text
}
