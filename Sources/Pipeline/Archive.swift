import Foundation
import HDF5
import StageKit
import StageProtocol

/// Archives of a tier's results: a deterministic `.tar.gz` holding every output at its published
/// path, the cache entries (`entries/<key>.json`), the stage definitions and a `MANIFEST`
/// (docs/pipeline.md §9). Outputs are taken from the content-addressed store through the cache
/// entries, never from the published copies, so a published file edited by hand cannot slip in.
/// `restore` imports an archive into another checkout's store so that its runs reuse the results.
///
/// MANIFEST lines: `PATH SIZE SHA256 CACHE-KEY KERNEL-CLASS` (`definition -` for definitions,
/// `entry -` for cache entries); `#` header lines name the tier, compiler and code version.
public enum Archive {
    static let manifestName = "MANIFEST"
    static let entriesFolder = "entries"

    // MARK: - Writing

    /// Writes the archive of the engine's tier; every stage must be up to date with intact objects.
    public static func create(_ engine: Engine, at destination: String) throws -> Int {
        let statuses = try engine.status()
        let stale = statuses.filter { !$0.isUpToDate }.map(\.stage)
        guard stale.isEmpty else { throw PipelineFailure(message: "stale stages, run the pipeline first: \(stale.joined(separator: ", "))") }
        var members: [Tar.Member] = []
        var manifestLines: [String] = []
        func add(_ path: String, _ data: Data, key: String, kernelClass: String) {
            members.append(Tar.Member(path: path, data: data))
            manifestLines.append("\(path) \(data.count) \(ContentHash.ofData(data)) \(key) \(kernelClass)")
        }
        for status in statuses {
            guard let stage = engine.plan.stage(named: status.stage), let key = status.key,
                  let entry = engine.store.entry(forKey: key) else { continue }
            let kernelClass = entry.kernelClass
            for output in entry.outputs {
                guard let path = stage.publishedPaths[output.name] else { continue }
                let object = engine.store.objectPath(output)
                guard let data = FileManager.default.contents(atPath: object), ContentHash.ofData(data) == output.object else {
                    throw PipelineFailure(message: "the store object of \(stage.name)'s \(output.name) (\(object)) is missing or damaged; run `pipeline run --tier \(engine.tier)` to rebuild it")
                }
                add(path, data, key: key, kernelClass: kernelClass)
            }
            guard let entryData = FileManager.default.contents(atPath: "\(engine.store.entries)/\(key).json") else {
                throw PipelineFailure(message: "the cache entry of \(stage.name) (\(engine.store.entries)/\(key).json) vanished while archiving")
            }
            add("\(entriesFolder)/\(key).json", entryData, key: key, kernelClass: "entry")
        }
        for file in engine.definitions {
            let name = "pipeline/" + (file.path as NSString).lastPathComponent
            guard let data = FileManager.default.contents(atPath: file.path) else { throw PipelineFailure(message: "\(file.path): cannot read") }
            add(name, data, key: "definition", kernelClass: "-")
        }
        members.sort { $0.path < $1.path }
        manifestLines.sort()
        let manifest = "# pipeline archive manifest: path size sha256 cache-key kernel-class\n"
            + "# tier \(engine.tier); \(engine.environment.swiftVersion); code \(engine.codeVersion)\n"
            + manifestLines.joined(separator: "\n") + "\n"
        let tar = Tar.write([Tar.Member(path: manifestName, data: Data(manifest.utf8))] + members)
        try writeGzip(tar, to: destination.hasPrefix("/") ? destination : FileManager.default.currentDirectoryPath + "/" + destination)
        return members.count
    }

    /// Compresses bytes with `gzip -n -9` (no name or time stamp) into `destination`, atomically.
    static func writeGzip(_ data: Data, to destination: String) throws {
        try AtomicFile.write(to: destination) { temporary in
            let plain = temporary + ".tar"
            defer { unlink(plain) }
            try data.write(to: URL(fileURLWithPath: plain))
            _ = try ProcessRunner.output("bash", ["-c", "set -o pipefail; gzip -n -9 -c \"$1\" > \"$2\"", "gzip", plain, temporary])
        }
    }

    // MARK: - Reading

    /// An archive read and checked against its MANIFEST: nothing in it has been trusted or written yet.
    public struct Contents {
        public var source: String
        public var tier: String
        /// Archive path → bytes, for every MANIFEST line.
        var files: [String: Data]
        /// MANIFEST lines: path → (sha256, cache key, kernel class).
        var listed: [String: (sha: String, key: String, kernelClass: String)]
    }

    /// Reads an archive and checks it: readable gzip and tar, only regular files with safe relative
    /// paths, a MANIFEST listing every file with its size and SHA-256. Any problem refuses the whole
    /// archive with a message naming the file.
    public static func open(_ path: String) throws -> Contents {
        let (contents, problems) = try read(path)
        guard problems.isEmpty, let contents else {
            throw PipelineFailure(message: "\(path): refused, nothing imported:\n  " + problems.joined(separator: "\n  "))
        }
        return contents
    }

    /// Rechecks an archive against its MANIFEST. Returns the files checked and the problems found.
    public static func verify(_ path: String) throws -> (checked: Int, problems: [String]) {
        let (contents, problems) = try read(path)
        return (contents?.files.count ?? 0, problems)
    }

    static func read(_ path: String) throws -> (Contents?, [String]) {
        guard FileManager.default.fileExists(atPath: path) else { throw PipelineFailure(message: "\(path): no such archive") }
        let members: [Tar.Member]
        do {
            let tar = try ProcessRunner.data("gzip", ["-dc", path])
            members = try Tar.read(tar, source: path)
        } catch let failure as PipelineFailure {
            return (nil, [failure.message])
        } catch {
            return (nil, ["\(path): not a readable .tar.gz (\(error)); truncated or corrupt"])
        }
        var files: [String: Data] = [:]
        var problems: [String] = []
        for member in members {
            if files[member.path] != nil { problems.append("\(member.path): appears twice in the archive") }
            files[member.path] = member.data
        }
        guard let manifestData = files.removeValue(forKey: manifestName), let manifest = String(data: manifestData, encoding: .utf8) else {
            return (nil, problems + ["\(path): no MANIFEST in the archive"])
        }
        var tier = Planner.defaultTier
        var listed: [String: (sha: String, key: String, kernelClass: String)] = [:]
        for (index, line) in manifest.split(separator: "\n").enumerated() {
            if line.hasPrefix("# tier "), let name = line.dropFirst(7).split(separator: ";").first { tier = String(name) }
            if line.hasPrefix("#") { continue }
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 5, let size = Int(fields[1]) else {
                problems.append("MANIFEST line \(index + 1): malformed (\(line.prefix(80)))")
                continue
            }
            listed[fields[0]] = (fields[2], fields[3], fields[4])
            guard let data = files[fields[0]] else { problems.append("\(fields[0]): listed in the MANIFEST but missing"); continue }
            if data.count != size { problems.append("\(fields[0]): \(data.count) bytes, the MANIFEST says \(size)") }
            let sha = ContentHash.ofData(data)
            if sha != fields[2] { problems.append("\(fields[0]): SHA-256 \(sha) does not match the MANIFEST's \(fields[2])") }
        }
        for extra in Set(files.keys).subtracting(listed.keys).sorted() { problems.append("\(extra): in the archive but not in the MANIFEST") }
        return (Contents(source: path, tier: tier, files: files, listed: listed), problems)
    }

    // MARK: - Restoring

    /// What a restore did.
    public struct RestoreSummary {
        public var entries = 0
        public var objects = 0
        public var published = 0
    }

    /// Imports a checked archive into the engine's store: every output object with the cache entry
    /// that names it, then publishes the stages whose current keys the restored entries match.
    /// Everything is checked before anything is imported: each entry must parse, be named by its
    /// key, and find every output in the archive with the hashes it records.
    public static func restore(_ contents: Contents, into engine: Engine) throws -> RestoreSummary {
        let staging = "\(engine.store.root)/restore-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let byHash = Dictionary(contents.listed.map { ($0.value.sha, $0.key) }, uniquingKeysWith: { a, _ in a })
        var staged: [(entry: CacheEntry, files: [(path: String, name: String)])] = []
        for (path, line) in contents.listed.sorted(by: { $0.key < $1.key }) where line.kernelClass == "entry" {
            let fail = { (why: String) in PipelineFailure(message: "\(contents.source): \(path): \(why); refused, nothing imported") }
            guard let entry = try? JSONDecoder().decode(CacheEntry.self, from: contents.files[path] ?? Data()) else { throw fail("not a cache entry") }
            guard path == "\(entriesFolder)/\(entry.key).json", entry.key.count == 64, entry.key.allSatisfy(\.isHexDigit) else {
                throw fail("its file name does not match its key")
            }
            var files: [(String, String)] = []
            for output in entry.outputs {
                guard let member = byHash[output.object], let data = contents.files[member] else {
                    throw fail("output \(output.name) (SHA-256 \(output.object.prefix(12))…) is not in the archive")
                }
                let file = "\(staging)/\(output.object)-\(Store.safeName(output.name))"
                try data.write(to: URL(fileURLWithPath: file))
                guard try ContentHash.ofFile(atPath: file) == output.content else { throw fail("output \(output.name)'s content hash does not match the entry") }
                files.append((file, output.name))
            }
            staged.append((entry, files))
        }
        var summary = RestoreSummary()
        for (entry, files) in staged {
            for (file, name) in files where FileManager.default.fileExists(atPath: file) {  // shared objects move once
                _ = try engine.store.ingest(file: file, name: name)
                summary.objects += 1
            }
            try engine.store.commit(entry)
            summary.entries += 1
        }
        for status in try engine.status() where status.isUpToDate {
            guard let key = status.key, let entry = engine.store.entry(forKey: key), let stage = engine.plan.stage(named: status.stage) else { continue }
            try engine.publish(entry, of: stage)
            summary.published += 1
        }
        return summary
    }
}

extension CacheEntry {
    /// The OpenBLAS kernel the stage ran with, as its executable reported it in the key's preimage.
    var kernelClass: String {
        preimage.objectValue?["environment"]?.objectValue?["stage_executable"]?.stringValue
            .flatMap(RunEnvironment.kernelClass(inReport:)) ?? "unknown"
    }
}
