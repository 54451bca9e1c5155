import Crypto
import Foundation
import HDF5

/// SHA-256 content hashes of stage outputs, as cache keys and provenance use them.
///
/// An HDF5 file is hashed by its logical content (docs/pipeline.md §2–3): every group, dataset
/// and attribute in canonical name order, with each dataset's name, element type, shape and
/// native bytes, and each attribute's value, except the volatile provenance attributes
/// (`ContentHash.volatileAttributes`), which record when, where and by which commit the file was
/// made rather than what it holds. Any other file is hashed by its raw bytes.
public enum ContentHash {
    /// Provenance attributes left out of the logical hash: they change with the checkout or the
    /// machine, not with the results.
    public static let volatileAttributes: Set<String> = ["code_version", "git_dirty", "host", "wall_time_seconds"]

    /// The hex SHA-256 of a file's content: logical for `.h5` files, raw bytes otherwise.
    public static func ofFile(atPath path: String) throws -> String {
        path.hasSuffix(".h5") ? try ofHDF5(atPath: path) : try ofBytes(atPath: path)
    }

    /// The hex SHA-256 of a file's raw bytes, read in 1 MiB pieces.
    public static func ofBytes(atPath path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hex(hasher.finalize())
    }

    /// The hex SHA-256 of an HDF5 file's logical content.
    public static func ofHDF5(atPath path: String) throws -> String {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        var hasher = SHA256()
        try file.root.walkContent(skipAttribute: { volatileAttributes.contains($0) }) { record in
            let header = "\(record.kind.rawValue)\u{0}\(record.path)\u{0}\(record.typeName)\u{0}\(record.shape)\u{0}\(record.bytes.count)\u{0}"
            hasher.update(data: Data(header.utf8))
            record.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        return hex(hasher.finalize())
    }

    /// The hex SHA-256 of bytes in memory.
    public static func ofData(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// The hex SHA-256 of a string's UTF-8 bytes.
    public static func ofText(_ text: String) -> String { hex(SHA256.hash(data: Data(text.utf8))) }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
