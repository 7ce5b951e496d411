import Foundation
import Testing

@testable import WorkbookGrader

/// Package.swift parses WORKBOOK_REFERENCE itself (a manifest cannot import the grader), so
/// these tests ask SwiftPM for the package description and check the two agree.
@Suite("The manifest's reference switch")
struct ManifestTests {
  static func describePackage(reference: String) throws -> ProcessOutcome {
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("workbook-manifest-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    var environment = ProcessInfo.processInfo.environment
    environment["WORKBOOK_REFERENCE"] = reference
    environment["WORKBOOK_TEST_CHAPTERS"] = nil
    return try runProcess(
      [
        "swift", "package", "--package-path", IsolationTests.packageRoot.path,
        "--scratch-path", scratch.path, "dump-package",
      ], environment: environment, timeLimit: 120)
  }

  @Test("\"2\" compiles chapter 2 from Solutions/ and the others from Chapters/")
  func selectsFolders() throws {
    let outcome = try Self.describePackage(reference: "2")
    try #require(outcome.succeeded, "dump-package failed:\n\(outcome.output)")
    let json = String(outcome.output[outcome.output.firstIndex(of: "{")!...])
    let package = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let targets = try #require(package["targets"] as? [[String: Any]])
    let paths = Dictionary(
      uniqueKeysWithValues: targets.compactMap { target in
        (target["name"] as? String).map { ($0, target["path"] as? String ?? "") }
      })
    #expect(paths["Gradients"] == "Solutions/02-Gradients")
    #expect(paths["Tensors"] == "Chapters/01-Tensors")
    #expect(paths["Autodiff"] == "Chapters/03-Autodiff")
  }

  @Test("a selection the grader refuses is refused by the manifest, with what is accepted")
  func refusesLikeTheGrader() throws {
    #expect(throws: WorkbookError.self) { _ = try ChapterSelection.parse("3-1", available: [3]) }
    let outcome = try Self.describePackage(reference: "3-1")
    #expect(!outcome.succeeded)
    #expect(outcome.output.contains("Accepted") && outcome.output.contains("\"3-1\""))
  }
}
