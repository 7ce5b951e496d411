import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a child process ended.
public struct ProcessOutcome: Sendable {
  /// The exit status, when the process exited on its own.
  public var exitStatus: Int32?
  /// The signal that ended it, when one did.
  public var signal: Int32?
  /// True when the grader stopped it at its time limit.
  public var timedOut: Bool
  /// Seconds from start to end.
  public var duration: Double
  /// What it wrote to standard output and standard error, interleaved.
  public var output: String

  public var succeeded: Bool { exitStatus == 0 }
}

/// The process group of the child running now, so that Ctrl-C can stop it too.
nonisolated(unsafe) private var runningGroup: pid_t = 0

/// Runs `arguments` (the first is looked up in PATH) with `environment`, writing its output to
/// a file rather than a pipe (a chatty child can never block on a full pipe), with standard
/// input from /dev/null (nothing may wait for a prompt).
///
/// The child gets a process group of its own: at the time limit, or when the grader is
/// interrupted, the whole group is killed, including the test processes `swift test` starts and
/// the processes exit tests start.
public func runProcess(
  _ arguments: [String], environment: [String: String], timeLimit: Double? = nil
) throws -> ProcessOutcome {
  let logURL = FileManager.default.temporaryDirectory
    .appendingPathComponent("workbook-\(getpid())-\(UUID().uuidString).log")
  defer { try? FileManager.default.removeItem(at: logURL) }

  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, logURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  posix_spawn_file_actions_adddup2(&actions, 1, 2)

  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
  posix_spawnattr_setpgroup(&attributes, 0)

  let argv = arguments.map { strdup($0) } + [nil]
  let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer {
    for item in argv { free(item) }
    for item in envp { free(item) }
  }
  installInterruptHandler()
  var pid: pid_t = 0
  let start = Date()
  let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
  guard spawned == 0 else {
    throw WorkbookError("could not start \(arguments[0]): \(String(cString: strerror(spawned)))")
  }
  runningGroup = pid

  var status: Int32 = 0
  var timedOut = false
  while true {
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid { break }
    if result == -1 && errno != EINTR { break }
    if let timeLimit, Date().timeIntervalSince(start) > timeLimit {
      kill(-pid, SIGKILL)
      timedOut = true
      _ = waitpid(pid, &status, 0)
      break
    }
    usleep(20_000)
  }
  kill(-pid, SIGKILL)  // leftovers of the group (a hung exit-test child), if any
  runningGroup = 0

  let terminatingSignal = status & 0x7f
  let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
  return ProcessOutcome(
    exitStatus: terminatingSignal == 0 ? (status >> 8) & 0xff : nil,
    signal: terminatingSignal == 0 ? nil : terminatingSignal,
    timedOut: timedOut,
    duration: Date().timeIntervalSince(start),
    output: output)
}

nonisolated(unsafe) private var interruptHandlerInstalled = false

/// On Ctrl-C or SIGTERM: stop the running child's whole group, then exit. Nothing the grader
/// writes is left half-written (state files are written atomically).
private func installInterruptHandler() {
  guard !interruptHandlerInstalled else { return }
  interruptHandlerInstalled = true
  let handler: @convention(c) (Int32) -> Void = { signal in
    if runningGroup != 0 { kill(-runningGroup, SIGKILL) }
    _exit(128 + signal)
  }
  signal(SIGINT, handler)
  signal(SIGTERM, handler)
}
