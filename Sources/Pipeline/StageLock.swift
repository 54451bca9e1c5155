import Foundation

/// An exclusive per-key lock: `flock(LOCK_EX)` on `.pipeline/locks/<key>.lock`. The kernel
/// releases it when the holder dies, so a stale lock cannot exist; the file's presence means
/// nothing. The holder writes its PID, host and stage into the file for waiters to report.
public final class StageLock: HeldFileLock {
    public init(path: String) { super.init(lockPath: path) }

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

}

/// A `flock` this process may hold on a lock file: the descriptor, and its release (also on deinit).
public class HeldFileLock {
    public let path: String
    var descriptor: Int32 = -1

    init(lockPath: String) { path = lockPath }

    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

/// The store-wide lock, `flock` on `.pipeline/locks/store.lock`: every `pipeline run`, `restore`
/// and `archive` holds it shared for as long as it uses the store; `gc` and `clean` take it
/// exclusively, so reachability is never decided while a run is committing, and a run never reads
/// an object that gc is removing.
public final class StoreLock: HeldFileLock {
    public init(store: Store) { super.init(lockPath: "\(store.locks)/store.lock") }

    /// Takes the lock shared (runs) or exclusive (gc); `waiting` is called once, with the PIDs of
    /// the holders, if the lock is not free at once. Blocks until it is taken unless `wait` is false.
    /// Returns false when `wait` is false and the lock is held.
    public func acquire(exclusive: Bool, wait: Bool = true, waiting: ([Int32]) -> Void = { _ in }) throws -> Bool {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PipelineFailure(message: "\(path): cannot open the store lock (\(String(cString: strerror(errno))))") }
        let mode = exclusive ? LOCK_EX : LOCK_SH
        if flock(fd, mode | LOCK_NB) != 0 {
            waiting(holders())
            guard wait else { close(fd); return false }
            while flock(fd, mode) != 0 {
                guard errno == EINTR else { close(fd); throw PipelineFailure(message: "\(path): flock failed") }
            }
        }
        descriptor = fd
        return true
    }

    /// The PIDs holding a `flock` on the lock file, from `/proc/locks` (empty where unavailable).
    public func holders() -> [Int32] {
        var info = stat()
        guard stat(path, &info) == 0, let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return [] }
        let suffix = ":\(info.st_ino)"
        return text.split(separator: "\n").compactMap { line -> Int32? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5].hasSuffix(suffix) else { return nil }
            return Int32(fields[4])
        }.filter { $0 != getpid() }
    }
}
