import Foundation
import HDF5
import StageKit

/// Publishes committed outputs under stable paths (`results/…`, `figures/…`) that people open:
/// each is a copy of its store object, written to a temporary name and renamed, so a reader never
/// sees half a file; an up-to-date copy is left alone.
enum Publisher {
    /// Makes `destination` (relative to `root`) hold the bytes of `object`; returns true when it changed.
    @discardableResult
    static func publish(object: String, objectHash: String, to destination: String, root: String) throws -> Bool {
        let path = root + "/" + destination
        if FileManager.default.fileExists(atPath: path), (try? ContentHash.ofBytes(atPath: path)) == objectHash { return false }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        do {
            try FileManager.default.copyItem(atPath: object, toPath: temporary)
            chmod(temporary, 0o644)
            try AtomicRename.syncAndRename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
        return true
    }
}

