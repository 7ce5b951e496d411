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
  /// True when the caller's monitor asked for it to be stopped (a test past its own limit).
  public var stopped = false
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
///
/// `monitor`, when given, is called about four times a second with the child's process ID and
/// the file its output goes to, while it runs; when it returns true the child's tree is stopped
/// (`stopped` is then set).
public func runProcess(
  _ arguments: [String], environment: [String: String], timeLimit: Double? = nil,
  monitor: ((pid_t, URL) -> Bool)? = nil
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
  var stopped = false
  var lastLook = start
  while true {
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid { break }
    if result == -1 && errno != EINTR { break }
    if interrupted != 0 {
      killTree(pid)
      _ = waitpid(pid, &status, 0)
      runningGroup = 0
      throw Interrupted()
    }
    if let timeLimit, Date().timeIntervalSince(start) > timeLimit {
      killTree(pid)
      timedOut = true
      _ = waitpid(pid, &status, 0)
      break
    }
    if let monitor, Date().timeIntervalSince(lastLook) >= 0.25 {
      lastLook = Date()
      if monitor(pid, logURL) {
        killTree(pid)
        stopped = true
        _ = waitpid(pid, &status, 0)
        break
      }
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
    stopped: stopped,
    duration: Date().timeIntervalSince(start),
    output: output)
}

/// Kills `root` and every process descended from it.
///
/// Killing the child's process group is not enough: `swift test` starts the test binary in a
/// process group of its own, so a test stuck in an infinite loop would survive its parent and
/// keep a core busy after grading. The tree is read before anything is killed, because an
/// orphan's parent becomes process 1 and the link to the grader is lost.
func killTree(_ root: pid_t) {
  let tree = descendants(of: root)
  kill(-root, SIGKILL)
  kill(root, SIGKILL)
  for pid in tree {
    kill(-pid, SIGKILL)  // its group, if it leads one (exit-test children may be in it)
    kill(pid, SIGKILL)
  }
}

/// Every descendant of `root`, from `ps -A -o pid= -o ppid=` (on Linux and macOS alike).
func descendants(of root: pid_t) -> [pid_t] {
  let listing = FileManager.default.temporaryDirectory
    .appendingPathComponent("workbook-ps-\(getpid())-\(UUID().uuidString).txt")
  defer { try? FileManager.default.removeItem(at: listing) }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, listing.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  let words: [String] = ["ps", "-A", "-o", "pid=", "-o", "ppid="]
  let argv = words.map { strdup($0) } + [nil]
  defer { for item in argv { free(item) } }
  var pid: pid_t = 0
  guard posix_spawnp(&pid, "ps", &actions, nil, argv, environ) == 0 else { return [] }
  var status: Int32 = 0
  _ = waitpid(pid, &status, 0)
  var children: [pid_t: [pid_t]] = [:]
  let text = (try? String(contentsOf: listing, encoding: .utf8)) ?? ""
  for line in text.split(separator: "\n") {
    let fields = line.split(separator: " ").compactMap { pid_t($0) }
    if fields.count == 2 { children[fields[1], default: []].append(fields[0]) }
  }
  var found: [pid_t] = []
  var pending = [root]
  while let next = pending.popLast() {
    for child in children[next] ?? [] where !found.contains(child) {
      found.append(child)
      pending.append(child)
    }
  }
  return found
}

/// Thrown when Ctrl-C (or SIGTERM) stopped a child process: the command records nothing and
/// ends with status 130.
public struct Interrupted: Error, CustomStringConvertible {
  public var description: String { "interrupted; nothing was recorded" }
}

/// True once Ctrl-C or SIGTERM arrived (while `catchInterrupts` was on, or while a child ran).
var interruptRequested: Bool { interrupted != 0 }

/// Long-running commands (watch) ask for Ctrl-C to be reported through `interruptRequested`
/// instead of ending the process at once, so they can stop cleanly.
func catchInterrupts() {
  catchingInterrupts = true
  installInterruptHandler()
}

nonisolated(unsafe) private var catchingInterrupts = false
nonisolated(unsafe) private var interruptHandlerInstalled = false
/// Set by Ctrl-C or SIGTERM while a child runs; the wait loop then stops the child's whole
/// tree and exits (a signal handler can do almost nothing safely, so it only sets this).
nonisolated(unsafe) private var interrupted: sig_atomic_t = 0

/// On Ctrl-C or SIGTERM: stop the running child's whole tree, then exit. Nothing the grader
/// writes is left half-written (reports are written atomically).
private func installInterruptHandler() {
  guard !interruptHandlerInstalled else { return }
  interruptHandlerInstalled = true
  let handler: @convention(c) (Int32) -> Void = { signal in
    if runningGroup == 0 && !catchingInterrupts { _exit(128 + signal) }
    interrupted = 1
  }
  signal(SIGINT, handler)
  signal(SIGTERM, handler)
  // A parent may have started us with these signals blocked (a test runner's thread, some
  // CI agents); blocked, Ctrl-C would never reach the handler.
  var unblock = sigset_t()
  sigemptyset(&unblock)
  sigaddset(&unblock, SIGINT)
  sigaddset(&unblock, SIGTERM)
  sigprocmask(SIG_UNBLOCK, &unblock, nil)
}
