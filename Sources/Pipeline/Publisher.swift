import Foundation
import HDF5
import StageKit
import StageProtocol

/// Publishes committed outputs under stable paths (`results/…`, `figures/…`) that people open:
/// each is a copy of its store object, written to a temporary name and renamed, so a reader never
/// sees half a file. Each publish is recorded in `.pipeline/published/` (object, size, mtime), so
/// an untouched copy is recognised without hashing it, and a copy that is missing, edited or left
/// stale by a killed run is found (`check`) and replaced (`publish`).
enum Publisher {
    /// What was recorded when a file was published.
    struct Record: Codable, Equatable {
        var object: String
        var size: Int
        var modified: Double
    }

    /// Makes `destination` (relative to `root`) hold the bytes of `object`; returns true when it
    /// had to be written (it was missing or differed).
    @discardableResult
    static func publish(object: String, objectHash: String, to destination: String, root: String, records: String) throws -> Bool {
        let path = root + "/" + destination
        switch check(objectHash: objectHash, at: destination, root: root, records: records) {
        case .current: return false
        case .currentUnrecorded:
            try record(objectHash: objectHash, at: path, destination: destination, records: records)
            return false
        case .missing, .differs:
            break
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(to: path) { temporary in
            try FileManager.default.copyItem(atPath: object, toPath: temporary)
            chmod(temporary, 0o644)
        }
        try record(objectHash: objectHash, at: path, destination: destination, records: records)
        return true
    }

    enum State: Equatable {
        /// Matches its publish record (size and mtime), so its bytes are the object's.
        case current
        /// Holds the object's bytes (hashed) but was not recorded as such.
        case currentUnrecorded
        case missing
        case differs
    }

    /// Whether the published copy at `destination` holds `objectHash`'s bytes: by its publish
    /// record when size and mtime match it, else by hashing the file.
    static func check(objectHash: String, at destination: String, root: String, records: String) -> State {
        let path = root + "/" + destination
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return .missing }
        if let data = FileManager.default.contents(atPath: recordPath(destination, records: records)),
           let known = try? JSONDecoder().decode(Record.self, from: data),
           known == Record(object: objectHash, size: size(attributes), modified: modified(attributes)) {
            return .current
        }
        return (try? ContentHash.ofBytes(atPath: path)) == objectHash ? .currentUnrecorded : .differs
    }

    private static func record(objectHash: String, at path: String, destination: String, records: String) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let record = Record(object: objectHash, size: size(attributes), modified: modified(attributes))
        try FileManager.default.createDirectory(atPath: records, withIntermediateDirectories: true)
        try AtomicFile.write(text: String(decoding: try JSONEncoder().encode(record), as: UTF8.self), to: recordPath(destination, records: records))
    }

    /// One record file per published path, named by the SHA-256 of the path.
    static func recordPath(_ destination: String, records: String) -> String {
        "\(records)/\(ContentHash.ofText(destination).prefix(32)).json"
    }

    private static func size(_ attributes: [FileAttributeKey: Any]) -> Int { (attributes[.size] as? NSNumber)?.intValue ?? -1 }
    private static func modified(_ attributes: [FileAttributeKey: Any]) -> Double {
        (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
    }
}
