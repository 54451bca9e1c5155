import Foundation
import HDF5
import StageKit

/// Archives of a tier's results: a deterministic `.tar.gz` of every published output, the
/// stage definitions and a `MANIFEST` (sorted paths with size, SHA-256 and the cache key of the
/// stage that made each), plus the versions used (pipeline-lessons.md §9).
public enum Archive {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Writes the archive of the engine's tier; every selected stage must be up to date.
    public static func create(_ engine: Engine, at destination: String) throws -> Int {
        let statuses = try engine.status()
        let stale = statuses.filter { !$0.isUpToDate }.map(\.stage)
        guard stale.isEmpty else { throw Failure(message: "stale stages, run the pipeline first: \(stale.joined(separator: ", "))") }
        var files: [(path: String, key: String)] = []
        for status in statuses {
            guard let stage = engine.plan.stage(named: status.stage), let key = status.key else { continue }
            for output in stage.outputs { files.append((stage.publishedPaths[output]!, key)) }
        }
        for file in engine.definitions { files.append(((file.path as NSString).lastPathComponent.isEmpty ? file.path : "pipeline/" + (file.path as NSString).lastPathComponent, "definition")) }
        files.sort { $0.path < $1.path }
        var manifest = "# pipeline archive manifest: path size sha256 cache-key\n"
        manifest += "# tier \(engine.tier); \(engine.environment.swiftVersion); code \(engine.codeVersion)\n"
        for file in files {
            let full = engine.root + "/" + file.path
            let size = (try FileManager.default.attributesOfItem(atPath: full)[.size] as? NSNumber)?.intValue ?? 0
            manifest += "\(file.path) \(size) \(try ContentHash.ofBytes(atPath: full)) \(file.key)\n"
        }
        let staging = engine.store.root + "/archive-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try AtomicText.write(manifest, to: staging + "/MANIFEST")
        let list = staging + "/files"
        try AtomicText.write((["MANIFEST"] + files.map(\.path)).joined(separator: "\n") + "\n", to: list)
        let absolute = destination.hasPrefix("/") ? destination : FileManager.default.currentDirectoryPath + "/" + destination
        let temporary = "\(absolute).tmp-\(getpid())"
        // Deterministic tar (reproducible-builds.org): sorted names, fixed mtime, numeric root owner, no atime/ctime; gzip -n.
        let script = """
        set -e -o pipefail
        tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=go-w \
            --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
            -C "$1" -cf - MANIFEST --transform 's,^,,' -C "$2" -T <(tail -n +2 "$3") | gzip -n -9 > "$4"
        """
        _ = try ProcessRunner.output("bash", ["-c", script, "archive", staging, engine.root, list, temporary])
        try AtomicRename.syncAndRename(temporary, to: absolute)
        return files.count
    }

    /// Rechecks an archive: extracts it to a temporary folder and compares every file with its
    /// MANIFEST line. Returns the problems found (empty when the archive is sound).
    public static func verify(_ path: String) throws -> (checked: Int, problems: [String]) {
        let folder = NSTemporaryDirectory() + "pipeline-verify-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try ProcessRunner.output("tar", ["-xzf", path, "-C", folder])
        guard let manifest = try? String(contentsOfFile: folder + "/MANIFEST", encoding: .utf8) else {
            throw Failure(message: "\(path): no MANIFEST in the archive")
        }
        var problems: [String] = []
        var checked = 0
        var listed: Set<String> = ["MANIFEST"]
        for line in manifest.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 4 else { problems.append("malformed MANIFEST line: \(line)"); continue }
            listed.insert(fields[0])
            let full = folder + "/" + fields[0]
            guard FileManager.default.fileExists(atPath: full) else { problems.append("\(fields[0]): missing"); continue }
            let hash = try ContentHash.ofBytes(atPath: full)
            if hash != fields[2] { problems.append("\(fields[0]): SHA-256 \(hash) does not match the manifest's \(fields[2])") }
            checked += 1
        }
        let present = Set(OutputCheck.files(under: folder))
        for extra in present.subtracting(listed).sorted() { problems.append("\(extra): not in the MANIFEST") }
        return (checked, problems)
    }
}
