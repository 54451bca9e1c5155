import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file-system call, naming the call, the path and the system's reason.
public struct FileSystemError: Error, CustomStringConvertible {
    public var function: String
    public var path: String
    public var message: String

    public init(function: String, path: String, message: String) {
        self.function = function
        self.path = path
        self.message = message
    }

    /// The error of the last failed call (from `errno`).
    static func last(_ function: String, _ path: String) -> FileSystemError {
        FileSystemError(function: function, path: path, message: String(cString: strerror(errno)))
    }

    public var description: String { "\(function) failed on \(path): \(message)" }
}

/// Files that appear complete or not at all: content goes to `PATH.tmp-<pid>-<random>` in the same
/// directory, which is fsynced and renamed over PATH, then the directory is fsynced. The one owner
/// of the temporary naming, so that a clean-up can tell a dead writer's leftovers by their PID.
public enum AtomicFile {
    static let temporaryMarker = ".tmp-"

    /// A fresh temporary path beside `path`.
    public static func temporaryPath(for path: String) -> String {
        "\(path)\(temporaryMarker)\(getpid())-\(UInt32.random(in: 0 ... .max))"
    }

    /// Whether a file name is an atomic writer's temporary file.
    public static func isTemporary(_ name: String) -> Bool { name.contains(temporaryMarker) }

    /// The PID of the process that made a temporary file, from its name.
    public static func owner(ofTemporary name: String) -> Int32? {
        guard let range = name.range(of: temporaryMarker) else { return nil }
        return Int32(name[range.upperBound...].split(separator: "-").first ?? "")
    }

    /// Runs `body` with a temporary path to fill, then moves it over `path` durably; if anything
    /// throws, the temporary file is removed and an existing file at `path` is untouched.
    public static func write(to path: String, _ body: (String) throws -> Void) throws {
        let temporary = temporaryPath(for: path)
        do {
            try body(temporary)
            try syncAndRename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes `text` (UTF-8) atomically.
    public static func write(text: String, to path: String) throws {
        try write(to: path) { temporary in try Data(text.utf8).write(to: URL(fileURLWithPath: temporary)) }
    }

    /// fsyncs `temporary`, renames it to `destination`, then fsyncs the destination's directory.
    public static func syncAndRename(_ temporary: String, to destination: String) throws {
        let descriptor = open(temporary, O_RDONLY)
        guard descriptor >= 0 else { throw FileSystemError.last("open", temporary) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard synced == 0 else { throw FileSystemError.last("fsync", temporary) }
        guard rename(temporary, destination) == 0 else { throw FileSystemError.last("rename", destination) }
        syncDirectory(containing: destination)
    }

    /// fsyncs the directory holding `path`, so that a rename into it survives a crash.
    public static func syncDirectory(containing path: String) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}
