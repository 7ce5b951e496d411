import Foundation
import Testing

@testable import WorkbookGrader

@Suite("Stack samples, hung tests and the borrowed cache")
struct StackSampleTests {
  /// gdb's `bt` output as it comes from the test binary: frames with an address, inlined
  /// frames without one, library frames, and a header per thread.
  static let gdbOutput = """
    Thread 2 (Thread 0x7ffff1ffc6c0 (LWP 15586) "oot.default-qos"):
    #0  $s7Tensors11injectedSumySdSaySdGF (values=...) at /work/x/Chapters/01-Tensors/Injected.swift:5
    #1  0x0000555555571b7c in $s14Chapter01Tests0024InjectedTestsswift_ynAHffMX6_4_6expectfMf_ () at /tmp/swift-generated-sources/@__swiftmacro_x.swift:1
    #2  $s14Chapter01Tests08InjectedB0V7foreveryyF (self=...) at /work/x/Tests/Chapter01Tests/InjectedTests.swift:11
    #3  0x00007ffff77cae60 in swift::runJobInEstablishedExecutorContext(swift::Job*) () from /opt/swift/usr/lib/swift/linux/libswift_Concurrency.so

    Thread 1 (Thread 0x7ffff7751800 (LWP 15580) "WorkbookPackage"):
    #0  0x00007ffff60dbd4e in __futex_abstimed_wait_common () from /lib/x86_64-linux-gnu/libc.so.6
    """

  static func test(_ id: String) -> EventStream.Test {
    EventStream.Test(id: id, name: "never ends", suiteID: "", fileID: "", line: 0)
  }

  @Test("gdb's frames are read with their demangled function, file and line")
  func parsesFrames() {
    let threads = StackSample.symbolise(
      StackSample.parseThreads(Self.gdbOutput), mappings: [])
    #expect(threads.count == 2)
    #expect(
      threads[0][0]
        == StackFrame(
          function: "Tensors.injectedSum", file: "/work/x/Chapters/01-Tensors/Injected.swift",
          line: 5))
    #expect(threads[0][2].function == "Chapter01Tests.InjectedTests.forever")
    #expect(threads[1].first?.file == nil)
  }

  @Test(
    "the test on a thread is found by its function, and where it is stuck is its innermost chapter frame"
  )
  func findsTheStuckTest() {
    let threads = StackSample.symbolise(
      StackSample.parseThreads(Self.gdbOutput), mappings: [])
    let forever = Self.test("Chapter01Tests.InjectedTests/forever()/InjectedTests.swift:10:4")
    let other = Self.test("Chapter01Tests.InjectedTests/outOfBounds()/InjectedTests.swift:6:4")
    #expect(HangWatch.qualifiedName(of: forever) == "Chapter01Tests.InjectedTests.forever")
    #expect(HangWatch.runs(forever, on: threads[0]))
    #expect(!HangWatch.runs(other, on: threads[0]), "a test not on the stack is only waiting")
    let frame = StackSample.innermost(
      in: threads, under: URL(fileURLWithPath: "/work/x"), folders: ["Chapters"], test: forever)
    #expect(frame?.file == "Chapters/01-Tensors/Injected.swift" && frame?.line == 5)
  }

  @Test("gdb's memory map gives each file the address it was loaded at")
  func readsMappings() {
    let mappings = StackSample.parseMappings(
      """
            0x555555554000     0x555555560000     0xc000        0x0  r--p   /work/x/.build/debug/T.xctest
            0x7ffff7fc8000     0x7ffff7fca000     0x2000        0x0  r-xp   [vdso]
      """)
    #expect(mappings.count == 1)
    #expect(mappings.first?.start == 0x5555_5555_4000 && mappings.first?.offset == 0)
  }

  @Test("a borrowed chapter's cache key changes with any file its build reads, and only then")
  func cacheKey() throws {
    let root = try temporaryWorkbook()
    defer { try? FileManager.default.removeItem(at: root) }
    for (number, name) in [(1, "Tensors"), (2, "Gradients")] {
      let manifest =
        "{\"number\": \(number), \"title\": \"\(name)\", \"module\": \"\(name)\", \"exercises\": []}"
      try write(manifest, to: root, "Chapters/0\(number)-\(name)/chapter.json")
      try write("let a = 1\n", to: root, "Chapters/0\(number)-\(name)/A.swift")
      try write("let a = 1\n", to: root, "Solutions/0\(number)-\(name)/A.swift")
    }
    try write("// the package\n", to: root, "Package.swift")
    let workbook = try Workbook(root: root)
    let two = try workbook.chapter(2)
    func key() -> String {
      var folders: [String: UInt64] = [:]
      return BorrowedCache.key(
        for: two, needs: [1], reference: [2], workbook: workbook, folders: &folders)
    }
    let first = key()
    #expect(key() == first, "the same files give the same key")
    try write("let a = 2\n", to: root, "Chapters/01-Tensors/A.swift")
    let edited = key()
    #expect(edited != first, "an edit to the learner's chapter 1, which chapter 2 builds on")
    try write("let b = 1\n", to: root, "Tests/Chapter02Tests/B.swift")
    #expect(key() != edited, "a new test file")
    let withTest = key()
    try write("edited\n", to: root, "Chapters/02-Gradients/README.md")
    #expect(key() == withTest, "a lesson is not part of the build")
  }
}
