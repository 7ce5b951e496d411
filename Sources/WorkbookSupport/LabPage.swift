import Foundation

/// What a lab program prints: a title, then sections, each a heading and a body, every line
/// within 80 columns. Used by `Sources/Labs/LabNN/main.swift`, which `workbook lab N` runs.
///
/// ```swift
/// var page = LabPage(chapter: 11, title: "Forgot to normalise the data")
/// page.section("The three runs", plot.render())
/// print(page.render())
/// ```
public struct LabPage: Sendable {
  public let chapter: Int
  public let title: String
  public private(set) var sections: [(heading: String, body: String)] = []

  public init(chapter: Int, title: String) {
    self.chapter = chapter
    self.title = title
  }

  /// Adds a section.
  public mutating func section(_ heading: String, _ body: String) {
    sections.append((heading, body))
  }

  /// The page: the title underlined with `=`, each heading with `-`, a blank line between.
  public func render() -> String {
    let top = "Lab \(chapter): \(title)"
    var lines = [top, String(repeating: "=", count: min(top.count, 80)), ""]
    for (heading, body) in sections {
      lines += [heading, String(repeating: "-", count: min(heading.count, 80)), body, ""]
    }
    return lines.joined(separator: "\n")
  }
}

/// The entry point of every lab program: prints the lab, or with `--calibrate [--seeds N]`
/// the calibration tables of the chapter's diagnostics (the maintainers' command
/// `workbook calibrate N` runs this and writes the result into the lesson).
public enum LabProgram {
  /// Runs the program with the process's arguments.
  public static func main(
    lab: () -> String, calibration: ((_ seeds: Range<UInt64>) -> [CalibrationTable])? = nil
  ) {
    main(
      lab: lab,
      calibrationText: calibration.map { tables in
        { seeds in tables(seeds).map(\.markdown).joined(separator: "\n\n") }
      })
  }

  /// Runs the program with the process's arguments, for a chapter whose calibration is not a
  /// set of `CalibrationTable`s (chapter 25 prints its benchmark's score card): `calibrationText`
  /// returns the Markdown to print.
  public static func main(
    lab: () -> String, calibrationText: ((_ seeds: Range<UInt64>) -> String)?
  ) {
    let arguments = CommandLine.arguments
    guard arguments.contains("--calibrate") else {
      print(lab())
      return
    }
    guard let calibrationText else {
      FileHandle.standardError.write(Data("this lab has no diagnostic to calibrate\n".utf8))
      exit(2)
    }
    var count: UInt64 = 50
    if let index = arguments.firstIndex(of: "--seeds"), index + 1 < arguments.count,
      let value = UInt64(arguments[index + 1]), value > 0
    {
      count = value
    }
    print(calibrationText(0..<count))
  }
}
