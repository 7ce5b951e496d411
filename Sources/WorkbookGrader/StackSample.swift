import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One frame of a stack: the function and, when the binary has line information, its source
/// location.
struct StackFrame: Equatable, Sendable {
  /// "Tensors.Tensor.reduced": the demangled name without its signature.
  var function: String
  /// The absolute path of the source file, when known.
  var file: String?
  var line: Int?
}

/// Where a test process is: the stacks of its threads, read with gdb and symbolised with
/// addr2line or llvm-symbolizer (gdb alone does not read Swift's line tables).
///
/// Used for two things the plain test output cannot tell: where a test that never ends is
/// stuck (a sample of the running process), and where a test that trapped stopped (the test
/// run once more under gdb). Both need gdb: where it is missing (macOS, a bare container) the
/// functions return nil and the grader names the test alone.
enum StackSample {
  /// The stacks of every thread of `pid`, innermost frame first; nil without gdb.
  static func sample(pid: pid_t, environment: [String: String]) -> [[StackFrame]]? {
    guard let gdb = findExecutable("gdb") else { return nil }
    let outcome = try? runProcess(
      [
        gdb, "-batch", "-nx", "-p", "\(pid)", "-ex", "set pagination off", "-ex",
        "info proc mappings", "-ex", "thread apply all bt",
      ], environment: environment, timeLimit: 30)
    guard let output = outcome?.output else { return nil }
    let threads = parseThreads(output)
    return threads.isEmpty ? nil : symbolise(threads, mappings: parseMappings(output))
  }

  /// Runs `arguments` under gdb until it stops on a signal, and returns the stack of the thread
  /// that received it and gdb's line naming the signal; nil without gdb, or when the program
  /// did not stop on a signal within `timeLimit`.
  static func crash(
    _ arguments: [String], environment: [String: String], timeLimit: Double
  ) -> (signal: String, frames: [StackFrame])? {
    guard let gdb = findExecutable("gdb") else { return nil }
    // The test binary starts exit-test children for tests that expect a stop: gdb must not
    // follow them, and signals the runtime uses internally must not stop the run.
    let outcome = try? runProcess(
      [
        gdb, "-batch", "-nx", "-ex", "set pagination off", "-ex", "set follow-fork-mode parent",
        "-ex", "set detach-on-fork on", "-ex", "run", "-ex", "info proc mappings", "-ex",
        "printf \"workbook-pc %lx\\n\", $pc", "-ex", "bt", "--args",
      ] + arguments, environment: environment, timeLimit: timeLimit)
    guard let outcome, !outcome.timedOut else { return nil }
    let output = outcome.output
    let lines = output.split(separator: "\n")
    guard let signal = lines.first(where: { $0.contains("received signal") }) else { return nil }
    let mappings = parseMappings(output)
    guard let frames = parseThreads("Thread 1 (stopped):\n" + output).last else { return nil }
    var symbolised = symbolise([frames], mappings: mappings).first ?? []
    // The trap's reason is in the line tables: optimised code has no message to print, but
    // the trap instruction sits in an artificial inlined function "Swift runtime failure: ...".
    if let line = lines.first(where: { $0.hasPrefix("workbook-pc ") }),
      let pc = UInt64(line.dropFirst("workbook-pc ".count), radix: 16),
      let mapping = mappings.first(where: { $0.start <= pc && pc < $0.end }),
      let start = mappings.first(where: { $0.path == mapping.path && $0.offset == 0 })?.start,
      let failure = inlinedChain(at: pc - start, in: mapping.path).first(where: {
        $0.hasPrefix("Swift runtime failure: ")
      })
    {
      symbolised.insert(StackFrame(function: failure, file: nil, line: nil), at: 0)
    }
    let name = signal.range(of: "received signal ").map { String(signal[$0.upperBound...]) }
    return (name ?? String(signal), symbolised)
  }

  /// The functions inlined at `address` of the binary at `path`, innermost first, as
  /// llvm-symbolizer names them (empty without it).
  static func inlinedChain(at address: UInt64, in path: String) -> [String] {
    guard let symbolizer = findExecutable("llvm-symbolizer"),
      let output = try? runProcess(
        [symbolizer, "--inlines", "--obj=" + path, "0x" + String(address, radix: 16)],
        environment: ProcessInfo.processInfo.environment, timeLimit: 20
      ).output
    else { return [] }
    // Pairs of lines: a function, then its "file:line:column".
    let lines = output.split(separator: "\n").map(String.init)
    return stride(from: 0, to: lines.count, by: 2).map { lines[$0] }
  }

  /// The innermost frame in one of `folders` (paths relative to `root`), on the thread that
  /// runs `test` when one does, else on any thread; with the path made relative.
  static func innermost(
    in threads: [[StackFrame]], under root: URL, folders: [String], test: EventStream.Test?
  ) -> StackFrame? {
    let prefixes = folders.map { root.standardizedFileURL.path + "/" + $0 + "/" }
    func relative(_ frame: StackFrame) -> StackFrame? {
      guard let file = frame.file, prefixes.contains(where: file.hasPrefix) else { return nil }
      var frame = frame
      frame.file = String(file.dropFirst(root.standardizedFileURL.path.count + 1))
      return frame
    }
    let running = test.flatMap { test in threads.first { HangWatch.runs(test, on: $0) } }
    for thread in (running.map { [$0] } ?? []) + threads {
      if let frame = thread.lazy.compactMap(relative).first { return frame }
    }
    return nil
  }

  /// "stuck in Tensors.Tensor.reduced, Chapters/01-Tensors/Tensor+Reductions.swift:52"
  static func describe(_ frame: StackFrame) -> String {
    frame.function + (frame.file.map { ", \($0)" + (frame.line.map { ":\($0)" } ?? "") } ?? "")
  }

  // MARK: Reading gdb's output

  struct RawFrame {
    var address: UInt64?
    var symbol: String
    /// gdb's own "at FILE:LINE", when it read the line tables.
    var file: String?
    var line: Int?
  }

  struct Mapping {
    var start: UInt64
    var end: UInt64
    var offset: UInt64
    var path: String
  }

  /// Threads in the order gdb prints them, each a list of frames, from lines such as
  /// "#1  0x0000555c09ce1076 in $s4loop1TV7reducedSdyF ()" under "Thread 2 (...):".
  static func parseThreads(_ output: String) -> [[RawFrame]] {
    var threads: [[RawFrame]] = []
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("Thread ") && line.hasSuffix(":") {
        threads.append([])
        continue
      }
      guard line.hasPrefix("#"), !threads.isEmpty else { continue }
      // "#1  0x... in SYMBOL (args) at FILE:LINE" or, for an inlined or innermost frame,
      // "#2  SYMBOL (args) at FILE:LINE"; library frames end "from LIBRARY".
      let words = line.split(separator: " ")
      guard words.count >= 2 else { continue }
      var frame: RawFrame
      if words.count >= 4, words[1].hasPrefix("0x"), words[2] == "in" {
        frame = RawFrame(
          address: UInt64(words[1].dropFirst(2), radix: 16), symbol: String(words[3]))
      } else {
        frame = RawFrame(address: nil, symbol: String(words[1]))
      }
      if let at = line.range(of: " at ", options: .backwards) {
        let place = line[at.upperBound...]
        if let colon = place.lastIndex(of: ":"),
          let number = Int(place[place.index(after: colon)...])
        {
          frame.file = String(place[..<colon])
          frame.line = number
        }
      }
      threads[threads.count - 1].append(frame)
    }
    return threads.filter { !$0.isEmpty }
  }

  /// gdb's "info proc mappings": "0x555c09ce0000 0x555c09ce2000 0x2000 0x0 r-xp /tmp/a.out".
  static func parseMappings(_ output: String) -> [Mapping] {
    output.split(separator: "\n").compactMap { line in
      let words = line.split(separator: " ")
      guard words.count >= 6, words[0].hasPrefix("0x"), words[1].hasPrefix("0x"),
        words.last?.hasPrefix("/") == true,
        let start = UInt64(words[0].dropFirst(2), radix: 16),
        let end = UInt64(words[1].dropFirst(2), radix: 16),
        let offset = UInt64(words[3].dropFirst(2), radix: 16)
      else { return nil }
      return Mapping(start: start, end: end, offset: offset, path: String(words.last!))
    }
  }

  /// Turns addresses into functions and lines: each address becomes an address in its file
  /// (the file's first mapping is where the file's address 0 was loaded), and each file's
  /// addresses go to one symboliser run.
  static func symbolise(_ threads: [[RawFrame]], mappings: [Mapping]) -> [[StackFrame]] {
    var base: [String: UInt64] = [:]
    for mapping in mappings where mapping.offset == 0 && base[mapping.path] == nil {
      base[mapping.path] = mapping.start
    }
    var wanted: [String: Set<UInt64>] = [:]
    for frame in threads.joined() where frame.file == nil {
      guard let address = frame.address,
        let mapping = mappings.first(where: { $0.start <= address && address < $0.end }),
        let start = base[mapping.path]
      else { continue }
      // A return address points after the call: one byte back is inside the call's line.
      wanted[mapping.path, default: []].insert(address - start - 1)
    }
    var located: [String: [UInt64: StackFrame]] = [:]
    for (path, addresses) in wanted where !isSystemLibrary(path) {
      located[path] = lookUp(Array(addresses), in: path)
    }
    return threads.map { thread in
      thread.map { frame in
        if let file = frame.file {
          return StackFrame(function: shortName(frame.symbol), file: file, line: frame.line)
        }
        guard let address = frame.address,
          let mapping = mappings.first(where: { $0.start <= address && address < $0.end }),
          let start = base[mapping.path],
          let found = located[mapping.path]?[address - start - 1]
        else { return StackFrame(function: shortName(frame.symbol), file: nil, line: nil) }
        return found
      }
    }
  }

  private static func isSystemLibrary(_ path: String) -> Bool {
    path.hasPrefix("/lib") || path.hasPrefix("/usr/lib") || path.contains("/usr/lib/swift/")
  }

  /// The function and location of each address of one binary, with addr2line (binutils) or
  /// else llvm-symbolizer (next to the Swift toolchain).
  private static func lookUp(_ addresses: [UInt64], in path: String) -> [UInt64: StackFrame] {
    let hex = addresses.map { "0x" + String($0, radix: 16) }
    let command: [String]
    if let addr2line = findExecutable("addr2line") {
      command = [addr2line, "-a", "-f", "-e", path] + hex
    } else if let symbolizer = findExecutable("llvm-symbolizer") {
      command = [symbolizer, "--print-address", "--no-inlines", "--obj=" + path] + hex
    } else {
      return [:]
    }
    guard
      let output = try? runProcess(
        command, environment: ProcessInfo.processInfo.environment, timeLimit: 20
      ).output
    else { return [:] }
    // Groups of three lines: the address, the function, "file:line[:column]".
    let lines = output.split(separator: "\n").map(String.init)
    var found: [UInt64: StackFrame] = [:]
    var index = 0
    while index + 2 < lines.count {
      guard lines[index].hasPrefix("0x"),
        let address = UInt64(lines[index].dropFirst(2), radix: 16)
      else {
        index += 1
        continue
      }
      let parts = lines[index + 2].split(separator: ":")
      let file = parts.first.map(String.init).flatMap { $0 == "??" ? nil : $0 }
      let line = parts.count > 1 ? Int(parts[1].prefix { $0.isNumber }) : nil
      found[address] = StackFrame(
        function: shortName(lines[index + 1]), file: file, line: line == 0 ? nil : line)
      index += 3
    }
    return found
  }

  /// "$s7Tensors6TensorV7reduced..." -> "Tensors.Tensor.reduced": demangled by the Swift
  /// runtime, without the signature.
  static func shortName(_ symbol: String) -> String {
    var name = symbol
    if symbol.hasPrefix("$s") || symbol.hasPrefix("_$s") {
      name = demangle(symbol) ?? symbol
    }
    // "closure #1 (Swift.Int) -> () in Chapter01Tests.Suite.test() -> ()" keeps its words;
    // a plain function loses its argument list and result.
    if !name.hasPrefix("closure"), let paren = name.firstIndex(of: "(") {
      name = String(name[..<paren])
    }
    for prefix in ["static ", "@objc "] where name.hasPrefix(prefix) {
      name.removeFirst(prefix.count)
    }
    return name
  }

  private static func demangle(_ symbol: String) -> String? {
    guard let result = swiftDemangle(symbol, UInt(symbol.utf8.count), nil, nil, 0) else {
      return nil
    }
    defer { free(result) }
    return String(cString: result)
  }

  /// The first executable called `name` on PATH.
  static func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}

/// The Swift runtime's demangler (exported by the standard library on every platform).
@_silgen_name("swift_demangle")
private func swiftDemangle(
  _ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: UInt,
  _ outputBuffer: UnsafeMutablePointer<CChar>?, _ outputBufferSize: UnsafeMutablePointer<UInt>?,
  _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?
