import Foundation
import HDF5
import StageKit
import StageProtocol

/// One output recorded in a cache entry.
public struct StoredOutput: Codable, Equatable {
    /// The output's name as the stage declared it.
    public var name: String
    /// SHA-256 of the file's bytes: its object name in the store.
    public var object: String
    /// SHA-256 of its logical content (what downstream keys use; see `ContentHash`).
    public var content: String
    public var size: Int
}

/// A committed stage result: its key, the preimage the key hashes, its outputs, how long it ran.
public struct CacheEntry: Codable {
    public var key: String
    public var stage: String
    public var preimage: JSONValue
    public var outputs: [StoredOutput]
    public var seconds: Double
    /// Peak resident memory of the stage process (not part of the key or of any content hash).
    public var peakResidentKilobytes: Int?
}

/// The content-addressed store under `.pipeline/`:
/// - `objects/ab/<sha256>.<ext>`: output files by the SHA-256 of their bytes, read-only;
/// - `entries/<key>.json`: cache entries, written atomically, the commit point of a stage;
/// - `latest/<stage>.json`: the key of each stage's newest entry, for `status` explanations;
/// - `jobs/`, `locks/`, `logs/`: running jobs' folders, per-key lock files, stage logs;
/// - `checkpoints/<key>/`: checkpoints of interrupted long stages;
/// - `published/`: what was published where (size, mtime, object), see `Publisher`.
public final class Store {
    public let root: String
    public var objects: String { root + "/objects" }
    public var entries: String { root + "/entries" }
    public var latest: String { root + "/latest" }
    public var jobs: String { root + "/jobs" }
    public var locks: String { root + "/locks" }
    public var logs: String { root + "/logs" }
    /// Checkpoints of interrupted long stages, one folder per cache key, removed on commit.
    public var checkpoints: String { root + "/checkpoints" }
    /// What was published where (`Publisher.Record`), to recognise untouched published copies.
    public var published: String { root + "/published" }

    public init(root: String) throws {
        self.root = root
        for folder in [objects, entries, latest, jobs, locks, logs, checkpoints, published] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    /// The path of a stored object.
    public func objectPath(_ output: StoredOutput) -> String {
        let ext = (output.name as NSString).pathExtension
        return "\(objects)/\(output.object.prefix(2))/\(output.object)\(ext.isEmpty ? "" : "." + ext)"
    }

    /// The committed entry for a key, if any.
    public func entry(forKey key: String) -> CacheEntry? {
        guard let data = FileManager.default.contents(atPath: "\(entries)/\(key).json"),
              let entry = try? JSONDecoder().decode(CacheEntry.self, from: data), entry.key == key else { return nil }
        return entry
    }

    /// Whether an entry file exists for a key (readable or not).
    public func hasEntryFile(forKey key: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(entries)/\(key).json")
    }

    /// Checks that every object of an entry exists with the bytes its name promises.
    /// Returns a description of the first problem, or nil when the entry is sound.
    public func problem(with entry: CacheEntry) -> String? {
        for output in entry.outputs {
            let path = objectPath(output)
            guard FileManager.default.fileExists(atPath: path) else { return "object for \(output.name) is missing" }
            guard let actual = try? ContentHash.ofBytes(atPath: path) else { return "object for \(output.name) is unreadable" }
            if actual != output.object { return "object for \(output.name) no longer matches its hash (corrupted)" }
        }
        return nil
    }

    /// Discards an entry (after a failed check).
    public func discard(_ entry: CacheEntry) {
        unlink("\(entries)/\(entry.key).json")
    }

    /// Moves a finished output file into the store and describes it.
    func ingest(file path: String, name: String) throws -> StoredOutput {
        let object = try ContentHash.ofBytes(atPath: path)
        let content = path.hasSuffix(".h5") ? try ContentHash.ofHDF5(atPath: path) : object
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let output = StoredOutput(name: name, object: object, content: content, size: size)
        let destination = objectPath(output)
        try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: destination), (try? ContentHash.ofBytes(atPath: destination)) == object {
            unlink(path)  // identical object already stored
        } else {
            chmod(path, 0o444)
            try AtomicFile.syncAndRename(path, to: destination)
        }
        return output
    }

    /// Commits an entry: after this, the stage's result exists.
    func commit(_ entry: CacheEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(text: String(decoding: try encoder.encode(entry), as: UTF8.self), to: "\(entries)/\(entry.key).json")
        try AtomicFile.write(text: entry.key + "\n", to: latestPath(stage: entry.stage))
    }

    /// The key of the newest entry committed for a stage.
    public func latestKey(stage: String) -> String? {
        guard let data = FileManager.default.contents(atPath: latestPath(stage: stage)) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func latestPath(stage: String) -> String { "\(latest)/\(Store.safeName(stage)).json" }

    /// A stage name as a single file name.
    public static func safeName(_ stage: String) -> String {
        String(stage.map { $0.isLetter || $0.isNumber || "-_.=".contains($0) ? $0 : "_" })
    }

    /// Removes entries whose keys are not in `keep`, then objects no remaining entry names.
    /// Returns (entries removed, objects removed).
    public func collectGarbage(keeping keep: Set<String>) throws -> (Int, Int) {
        var removedEntries = 0, removedObjects = 0
        var referenced: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: entries) where name.hasSuffix(".json") {
            let key = String(name.dropLast(5))
            if keep.contains(key), let entry = entry(forKey: key) {
                entry.outputs.forEach { referenced.insert($0.object) }
            } else {
                unlink("\(entries)/\(name)")
                removedEntries += 1
            }
        }
        for prefix in try FileManager.default.contentsOfDirectory(atPath: objects) {
            for name in try FileManager.default.contentsOfDirectory(atPath: "\(objects)/\(prefix)") {
                let object = String(name.split(separator: ".").first ?? "")
                if !referenced.contains(object) {
                    unlink("\(objects)/\(prefix)/\(name)")
                    removedObjects += 1
                }
            }
        }
        return (removedEntries, removedObjects)
    }
}
