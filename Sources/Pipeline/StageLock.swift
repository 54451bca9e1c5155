import Foundation

/// An exclusive per-key lock: `flock(LOCK_EX)` on `.pipeline/locks/<key>.lock`. The kernel
/// releases it when the holder dies, so a stale lock cannot exist; the file's presence means
/// nothing. The holder writes its PID, host and stage into the file for waiters to report.
public final class StageLock {
    public let path: String
    private var descriptor: Int32 = -1

    public init(path: String) { self.path = path }

    /// Tries once; true when acquired.
    public func tryAcquire(stage: String) -> Bool {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return false
        }
        descriptor = fd
        let note = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName), stage \(stage)\n"
        ftruncate(fd, 0)
        _ = note.withCString { write(fd, $0, strlen($0)) }
        return true
    }

    /// Who holds the lock, as its holder wrote it.
    public var holder: String {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
    }

    /// Whether some process holds the lock right now (without taking it).
    public var isHeld: Bool {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
