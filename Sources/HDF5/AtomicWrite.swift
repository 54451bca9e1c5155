#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension File {
    /// Writes a new HDF5 file at `path` so that it appears complete or not at all: the content goes
    /// to `path.tmp-<pid>-<random>` in the same directory, which is closed, fsynced and renamed over
    /// `path`; then the directory is fsynced. If `body` throws, the temporary file is removed and
    /// any existing file at `path` is untouched.
    public static func writeAtomically(to path: String, _ body: (File) throws -> Void) throws {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        do {
            let file = try File.create(atPath: temporary)
            do {
                try body(file)
                try file.close()
            } catch {
                try? file.close()
                throw error
            }
            try AtomicRename.syncAndRename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}

/// The fsync-then-rename step shared by every atomic writer in the project.
public enum AtomicRename {
    /// fsyncs `temporary`, renames it to `destination`, then fsyncs the destination's directory.
    public static func syncAndRename(_ temporary: String, to destination: String) throws {
        let descriptor = open(temporary, O_RDONLY)
        guard descriptor >= 0 else { throw posixError("open", temporary) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard synced == 0 else { throw posixError("fsync", temporary) }
        guard rename(temporary, destination) == 0 else { throw posixError("rename", destination) }
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

    static func posixError(_ function: String, _ path: String) -> HDF5Error {
        HDF5Error(function: function, file: path, object: "/", message: String(cString: strerror(errno)))
    }
}
