// swift-tools-version:6.1
//
// The workbook's package. Each chapter is one module whose public API is identical in
// Chapters/NN-Name (the learner's code) and Solutions/NN-Name (the reference). The environment
// variable WORKBOOK_REFERENCE picks, per chapter, which folder is compiled:
//
//   unset or "none"   the learner's code everywhere (what `swift test` grades)
//   "all"             the reference everywhere (the maintainers' check)
//   "1-3", "2", "1,3", "1-2,4-24"
//                     these chapters from the reference, the rest from Chapters/
//
// SwiftPM re-reads this manifest when the variable changes, so no file is ever copied.
import Foundation
import PackageDescription

/// One chapter of the workbook: its folder under Chapters/ and Solutions/, its module name and
/// the earlier chapters it builds on.
struct Chapter {
  let number: Int
  let folder: String
  let module: String
  let dependencies: [String]

  /// The test target: `swift test --filter Chapter01` selects exactly this chapter.
  var testTarget: String { "Chapter" + (number < 10 ? "0" : "") + "\(number)Tests" }
}

let engine = ["Tensors", "Gradients", "Autodiff"]
let partOne = [
  Chapter(number: 1, folder: "01-Tensors", module: "Tensors", dependencies: []),
  Chapter(number: 2, folder: "02-Gradients", module: "Gradients", dependencies: ["Tensors"]),
  Chapter(number: 3, folder: "03-Autodiff", module: "Autodiff", dependencies: Array(engine[..<2])),
  Chapter(number: 4, folder: "04-Layers", module: "Layers", dependencies: engine),
  Chapter(number: 5, folder: "05-Losses", module: "Losses", dependencies: engine),
  Chapter(
    number: 6, folder: "06-Initializers", module: "Initializers",
    dependencies: engine + ["Layers"]),
  Chapter(
    number: 7, folder: "07-Optimizers", module: "Optimizers",
    dependencies: engine + ["Layers", "Losses"]),
  Chapter(
    number: 8, folder: "08-Dropout", module: "DropoutAndModes",
    dependencies: engine + ["Layers"]),
  Chapter(
    number: 9, folder: "09-Data", module: "DataPipeline", dependencies: ["Tensors", "Gradients"]),
  Chapter(
    number: 10, folder: "10-Training", module: "Training",
    dependencies: engine + [
      "Layers", "Losses", "Initializers", "Optimizers", "DropoutAndModes", "DataPipeline",
    ]),
]
// Part II (the mistakes) and Part III build on the whole engine of Part I, never on each other,
// so each can be done on its own on top of `WORKBOOK_REFERENCE=1-10`.
let fullEngine =
  engine + [
    "Layers", "Losses", "Initializers", "Optimizers", "DropoutAndModes", "DataPipeline", "Training",
  ]
let partTwo = [
  (11, "11-Normalisation", "Normalisation"), (12, "12-CheckingResults", "CheckingResults"),
  (13, "13-Preprocessing", "Preprocessing"), (14, "14-Regularisation", "Regularisation"),
  (15, "15-BatchSize", "BatchSize"), (16, "16-LearningRate", "LearningRate"),
  (17, "17-FinalActivation", "FinalActivation"), (18, "18-DeadReLUs", "DeadReLUs"),
  (19, "19-Initialisation", "Initialisation"), (20, "20-Depth", "Depth"), (21, "21-Width", "Width"),
  // Part III, the field kit.
  (22, "22-NaNHunting", "NaNHunting"), (23, "23-DataInspection", "DataInspection"),
  (24, "24-ReproducibleTuning", "ReproducibleTuning"),
]
// The capstone: the training doctor assembles the diagnostics of chapters 11-24, so it is the
// one chapter that builds on the others of Parts II and III.
let doctor = Chapter(
  number: 25, folder: "25-TrainingDoctor", module: "TrainingDoctor",
  dependencies: fullEngine + partTwo.map(\.2))
let chapters =
  partOne
  + partTwo.map { Chapter(number: $0.0, folder: $0.1, module: $0.2, dependencies: fullEngine) }
  + [doctor]
// The chapters with a lab program, Sources/Labs/LabNN/main.swift (`workbook lab NN`). The list
// is written out, not read from the folder: SwiftPM caches the manifest's result, and would
// miss a lab folder added later.
let labs = Set([6, 7, 10] + partTwo.map(\.0) + [25])

/// Stops the manifest with a message for a person, without a crash report.
func stop(_ message: String) -> Never {
  FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
  exit(1)
}

/// Parses a chapter selection: "" or "none", "all", or a comma-separated list of numbers and
/// inclusive ranges ("1-3", "1,3", "1-2,4-24"). Numbers past the last chapter are allowed so
/// that a selection written for the full workbook keeps working while it grows.
func chapterSelection(_ variable: String) -> Set<Int> {
  let text = (Context.environment[variable] ?? "").trimmingCharacters(in: .whitespaces)
  let all = Set(chapters.map(\.number))
  if text.isEmpty || text == "none" { return [] }
  if text == "all" { return all }
  var selected = Set<Int>()
  for item in text.split(separator: ",", omittingEmptySubsequences: false) {
    let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
      .map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard (1...2).contains(bounds.count), let low = bounds.first!, let high = bounds.last!,
      low >= 1, low <= high
    else {
      stop(
        """
        \(variable)="\(text)" is not a chapter selection (the part "\(item)" is not understood).
        Accepted: unset or "none" (the learner's code everywhere), "all" (the reference \
        everywhere), or a comma-separated list of chapter numbers and ranges such as \
        "2", "1-3", "1,3" or "1-2,4-24".
        """)
    }
    selected.formUnion(low...high)
  }
  return selected.intersection(all)
}

let reference = chapterSelection("WORKBOOK_REFERENCE")
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
if !reference.isEmpty,
  !FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Solutions").path)
{
  stop(
    "WORKBOOK_REFERENCE asks for the reference of chapters \(reference.sorted()), but this copy "
      + "of the workbook has no Solutions/ folder (a student release). Unset WORKBOOK_REFERENCE.")
}

// Maintainers' switch used by `workbook verify` and the grader: keep only these chapters' test
// targets and the chapter modules they need, so one chapter can be checked without building the
// rest. Unset means every target.
let testedChapters = chapterSelection("WORKBOOK_TEST_CHAPTERS")
// `workbook lab N` sets WORKBOOK_LAB=N: keep chapter N, the chapters it needs and its lab
// program (Sources/Labs/LabNN), nothing else.
let labChapter = chapterSelection("WORKBOOK_LAB")
let restricted =
  Context.environment["WORKBOOK_TEST_CHAPTERS"] != nil || Context.environment["WORKBOOK_LAB"] != nil

func neededModules() -> Set<String> {
  guard restricted else { return Set(chapters.map(\.module)) }
  var needed = Set<String>()
  var pending = chapters.filter { testedChapters.union(labChapter).contains($0.number) }
    .map(\.module)
  while let module = pending.popLast() {
    guard needed.insert(module).inserted else { continue }
    pending += chapters.first { $0.module == module }?.dependencies ?? []
  }
  return needed
}

/// The chapter's mutant catalogue (Solutions/NN-Name/mutants.json, the maintainers' list of
/// learner bugs for `workbook verify --mutants`), when it has one: not part of the module.
func mutantCatalogue(_ root: String, _ folder: String) -> [String] {
  let path = packageRoot.appendingPathComponent("\(root)/\(folder)/mutants.json").path
  return FileManager.default.fileExists(atPath: path) ? ["mutants.json"] : []
}

// Chapter code is numeric: a debug (-Onone) build runs its loops 25-50x slower, so the chapter
// modules are optimised even in debug builds. Bounds checks and traps stay on (never
// -Ounchecked): a learner's out-of-bounds bug must still stop the program.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let needed = neededModules()
var targets: [Target] = [
  .target(name: "WorkbookSupport", swiftSettings: optimised),
  .target(
    name: "TestSupport", dependencies: ["Tensors", "WorkbookSupport"], path: "Tests/TestSupport"),
]
// Test helpers that build autodiff graphs, for the chapters from 3 on.
if needed.contains("Autodiff") {
  targets.append(
    .target(
      name: "AutodiffTestSupport", dependencies: ["Autodiff", "Tensors"],
      path: "Tests/AutodiffTestSupport"))
}
for chapter in chapters where needed.contains(chapter.module) {
  let root = reference.contains(chapter.number) ? "Solutions" : "Chapters"
  targets.append(
    .target(
      name: chapter.module,
      dependencies: chapter.dependencies.map { .target(name: $0) } + ["WorkbookSupport"],
      path: "\(root)/\(chapter.folder)",
      exclude: ["README.md", "chapter.json"] + mutantCatalogue(root, chapter.folder),
      swiftSettings: optimised))
  if !restricted || testedChapters.contains(chapter.number) {
    targets.append(
      .testTarget(
        name: chapter.testTarget,
        dependencies: ([chapter.module] + chapter.dependencies).map { .target(name: $0) } + [
          "TestSupport", "WorkbookSupport",
        ]
          + (([chapter.module] + chapter.dependencies).contains("Autodiff")
            ? ["AutodiffTestSupport"] : []),
        path: "Tests/\(chapter.testTarget)"))
  }
}
// The labs: Sources/Labs/LabNN/main.swift prints chapter NN's experiments (`workbook lab NN`).
for chapter in chapters
where labs.contains(chapter.number) && (restricted ? labChapter.contains(chapter.number) : true) {
  let name = "Lab" + (chapter.number < 10 ? "0" : "") + "\(chapter.number)"
  targets.append(
    .executableTarget(
      name: name,
      dependencies: ([chapter.module] + chapter.dependencies).map { .target(name: $0) } + [
        "WorkbookSupport"
      ], path: "Sources/Labs/\(name)", swiftSettings: optimised))
}
if !restricted {
  targets += [
    .target(name: "WorkbookGrader"),
    .executableTarget(name: "workbook", dependencies: ["WorkbookGrader"]),
    // The learner's scratch pad (`swift run scratch`): every chapter module, never graded.
    .executableTarget(
      name: "scratch", dependencies: chapters.map { .target(name: $0.module) },
      path: "Sources/Scratch", swiftSettings: optimised),
    .executableTarget(
      name: "benchmark",
      dependencies: [
        "Tensors", "Autodiff", "Layers", "Losses", "Optimizers", "Training", "WorkbookSupport",
      ], path: "Sources/Benchmark", exclude: ["numpy_peer.py"], swiftSettings: optimised),
  ]
}
// The maintainers' own test targets (the grader's, the support code's, chapter 10's provided
// telemetry), left out of a learner's `swift test` so that it builds and runs only the
// chapters: the project's test command sets WORKBOOK_INTEGRATION_TESTS, and
// WORKBOOK_MAINTAINER=1 adds them without the slow end-to-end tests.
if !restricted
  && (Context.environment["WORKBOOK_MAINTAINER"] != nil
    || Context.environment["WORKBOOK_INTEGRATION_TESTS"] != nil)
{
  targets += [
    .testTarget(name: "WorkbookSupportTests", dependencies: ["WorkbookSupport"]),
    // The telemetry stream and findings of chapter 10 are provided code, not exercises: they
    // are tested here, not in Chapter10Tests (whose every test must fail on the stubs).
    .testTarget(
      name: "TelemetryTests",
      dependencies: ["Training", "Tensors", "Autodiff", "Layers", "Losses", "Optimizers"]),
    .testTarget(name: "WorkbookGraderTests", dependencies: ["WorkbookGrader"]),
  ]
}

let package = Package(
  name: "Workbook",
  products: restricted
    ? []
    : [
      .executable(name: "workbook", targets: ["workbook"]),
      .executable(name: "scratch", targets: ["scratch"]),
    ],
  targets: targets,
  swiftLanguageModes: [.v6]
)
