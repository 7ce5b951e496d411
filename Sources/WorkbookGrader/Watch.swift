import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `workbook watch`: grades again whenever a file under Chapters/ changes.
///
/// It polls (no dependency, the same on Linux and macOS): twice a second it reads every file
/// under Chapters/ and compares the bytes with the last look, so saving a file unchanged does
/// not trigger a run and a save within the same second as the last one still does. An editor
/// that writes a file in several steps is given a moment to finish: a change is graded only
/// once two looks in a row agree.
struct Watcher {
  /// The folder watched, Chapters/.
  var folder: URL
  /// Seconds between looks.
  var interval: Double = 0.5

  /// Every file under the folder with its bytes (hidden files and folders are skipped).
  func snapshot() -> [String: Data] {
    var files: [String: Data] = [:]
    for relative in (try? filesUnder(folder)) ?? [] {
      files[relative] = FileManager.default.contents(
        atPath: folder.appendingPathComponent(relative).path)
    }
    return files
  }

  /// The files that differ between two snapshots, sorted.
  static func changes(from old: [String: Data], to new: [String: Data]) -> [String] {
    Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
  }

  /// The loop: `grade` runs at the start and after every change; between runs it waits
  /// (`sleep`) and looks again, until `stop` says to. `grade` receives the changed files
  /// (empty the first time). Returns how many times it graded.
  @discardableResult
  func run(
    stop: () -> Bool, sleep: (Double) -> Void = { usleep(UInt32($0 * 1_000_000)) },
    grade: ([String]) -> Void
  ) -> Int {
    var last = snapshot()
    var runs = 0
    grade([])
    runs += 1
    while !stop() {
      sleep(interval)
      let now = snapshot()
      if Watcher.changes(from: last, to: now).isEmpty || stop() { continue }
      // Let the editor finish writing: wait until two looks agree.
      var settled = now
      while !stop() {
        sleep(interval / 2)
        let again = snapshot()
        if again == settled { break }
        settled = again
      }
      if stop() { break }
      let saved = Watcher.changes(from: last, to: settled)
      last = settled
      if saved.isEmpty { continue }  // changed, then changed back
      grade(saved)
      runs += 1
    }
    return runs
  }
}

extension WorkbookCommand {
  /// `workbook watch [N]`: clears the screen (on a terminal) and shows the table and the next
  /// step after every save; Ctrl-C stops it with status 0.
  static func runWatch(
    _ arguments: Arguments, workbook: Workbook, chapters: [Int],
    options: (Bool) throws -> GradeOptions, text: TextReport
  ) throws -> Int32 {
    catchInterrupts()
    let terminal = isatty(STDOUT_FILENO) == 1
    let watcher = Watcher(folder: workbook.root.appendingPathComponent("Chapters"))
    let scope = chapters.count == 1 ? "chapter \(chapters[0])" : "every chapter"
    watcher.run(
      stop: { interruptRequested },
      grade: { changed in
        if terminal { print("\u{1B}[2J\u{1B}[H", terminator: "") }
        let saved = changed.isEmpty ? "" : " (saved: \(changed.prefix(3).joined(separator: ", ")))"
        print("workbook watch: grading \(scope)\(saved)...")
        do {
          let report = try Grader(workbook: workbook).grade(options(true))
          record(report, workbook)
          if terminal { print("\u{1B}[2J\u{1B}[H", terminator: "") }
          print(text.table(report) + "\n\n" + text.nextStep(report))
        } catch is Interrupted {
          return
        } catch {
          print("workbook: \(error)")
        }
        let time = DateFormatter.localizedString(from: Date(), dateStyle: .none, timeStyle: .medium)
        print("\nGraded at \(time). Watching Chapters/ for changes; Ctrl-C to stop.")
        fflush(nil)
      })
    print("\nStopped watching.")
    return 0
  }
}
