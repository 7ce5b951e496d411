import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An advisory lock on a file (`flock`), released by `unlock()` or when the process ends, even
/// by a crash or Ctrl-C: a stale lock can never block the next run.
final class FileLock: @unchecked Sendable {
  private let descriptor: Int32

  /// Opens (creating it and its folder if needed) the lock file at `url`.
  init(_ url: URL) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    descriptor = open(url.path, O_RDWR | O_CREAT, 0o644)
    guard descriptor >= 0 else {
      throw WorkbookError(
        "could not open the lock file \(url.path): \(String(cString: strerror(errno)))")
    }
  }

  /// Takes the lock if it is free; false when another process holds it.
  func tryLock() -> Bool { flock(descriptor, LOCK_EX | LOCK_NB) == 0 }

  /// Waits for the lock.
  func lock() {
    while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
  }

  func unlock() {
    flock(descriptor, LOCK_UN)
  }

  deinit { close(descriptor) }
}
