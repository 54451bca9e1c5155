import Foundation
import StageKit
import StageProtocol

/// The code identity of a stage: a SHA-256 over the source files it is built from (pipeline-
/// lessons.md §2): every file under the folders of its executable's target closure (the local
/// SwiftPM targets it links, C shims included) with the experiment modules of other definition
/// files left out, plus the closure of its own experiment module; the manifest's description of
/// each of those targets (dependencies, settings) and of the external packages; and
/// the package versions `Package.resolved` pins. A manifest edit that touches other targets (a benchmark's dependencies, say)
/// changes nothing here. Paths are relative to the project; mtimes and binaries never count.
public final class CodeIdentity {
    struct TargetInfo: Codable {
        var name: String
        var path: String
        var dependencies: [String]
        /// The target's manifest entry as canonical JSON.
        var manifest: String
    }

    struct PackageGraph: Codable {
        var targets: [String: TargetInfo]
        /// The external package dependencies as canonical JSON.
        var externalPackages: String
    }

    let root: String
    let targets: [String: TargetInfo]
    let externalPackages: String
    private var fileHashes: [String: String] = [:]
    private var identities: [String: String] = [:]

    /// Reads the package's target graph, from the cache in `.pipeline/` when `Package.swift` is unchanged.
    public init(projectRoot: String, stateDirectory: String) throws {
        root = projectRoot
        let manifestHash = try ContentHash.ofBytes(atPath: projectRoot + "/Package.swift")
        let cachePath = stateDirectory + "/package-graph-v2-\(manifestHash.prefix(16)).json"
        if let data = FileManager.default.contents(atPath: cachePath),
           let cached = try? JSONDecoder().decode(PackageGraph.self, from: data) {
            targets = cached.targets
            externalPackages = cached.externalPackages
            return
        }
        let text = try ProcessRunner.output("swift", ["package", "dump-package"], in: projectRoot)
        let graph = try CodeIdentity.parsePackage(text)
        targets = graph.targets
        externalPackages = graph.externalPackages
        try? FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        try? AtomicFile.write(text: String(decoding: try JSONEncoder().encode(graph), as: UTF8.self), to: cachePath)
    }

    static func parsePackage(_ dumpPackageJSON: String) throws -> PackageGraph {
        guard case .object(let package) = try JSONValue.parse(dumpPackageJSON),
              case .array(let list) = package["targets"] ?? .null else {
            throw ProcessRunner.Failure(command: "swift package dump-package", message: "unexpected output")
        }
        var result: [String: TargetInfo] = [:]
        for case .object(let target) in list {
            guard let name = target["name"]?.stringValue else { continue }
            let type = target["type"]?.stringValue ?? "regular"
            let path = target["path"]?.stringValue ?? (type == "test" ? "Tests/\(name)" : "Sources/\(name)")
            var dependencies: [String] = []
            if case .array(let items) = target["dependencies"] ?? .null {
                for case .object(let dependency) in items {
                    for kind in ["byName", "target"] {
                        if case .array(let parts) = dependency[kind] ?? .null, let first = parts.first?.stringValue {
                            dependencies.append(first)
                        }
                    }
                }
            }
            result[name] = TargetInfo(name: name, path: path, dependencies: dependencies, manifest: JSONValue.object(target).canonicalText)
        }
        return PackageGraph(targets: result, externalPackages: (package["dependencies"] ?? .null).canonicalText)
    }

    /// The local targets `name` links, itself included (external products are covered by Package.resolved).
    public func closure(of name: String) -> Set<String> {
        var result: Set<String> = []
        var pending = [name]
        while let next = pending.popLast() {
            guard let target = targets[next], result.insert(next).inserted else { continue }
            pending += target.dependencies
        }
        return result
    }

    /// The identity of `executable` running an experiment of `module`, ignoring the other experiment modules.
    public func identity(executable: String, module: String, otherExperimentModules: Set<String>) throws -> String {
        let cacheKey = "\(executable)|\(module)|\(otherExperimentModules.sorted())"
        if let known = identities[cacheKey] { return known }
        var excluded: Set<String> = []
        for other in otherExperimentModules where other != module { excluded.formUnion(closure(of: other)) }
        let wanted = closure(of: module)
        let included = closure(of: executable).subtracting(excluded.subtracting(wanted)).union(wanted)
        var lines: [String] = []
        for name in included.sorted() {
            guard let target = targets[name] else { continue }
            lines.append("target \(name) \(ContentHash.ofText(target.manifest))")
            for file in try sourceFiles(under: target.path) { lines.append("\(file) \(try hash(of: file))") }
        }
        lines.append("packages \(ContentHash.ofText(externalPackages))")
        if let pins = try resolvedVersions() { lines.append("Package.resolved \(pins)") }
        let identity = ContentHash.ofText(lines.joined(separator: "\n"))
        identities[cacheKey] = identity
        return identity
    }

    /// Every regular file under a target folder, relative to the project root, sorted.
    func sourceFiles(under folder: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root + "/" + folder) else { return [] }
        var files: [String] = []
        while let item = enumerator.nextObject() as? String {
            if item.hasPrefix(".") || item.contains("/.") { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + folder + "/" + item, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(folder + "/" + item)
            }
        }
        return files.sorted()
    }

    /// The resolved package versions (`identity version` per pin, sorted), from `Package.resolved`:
    /// versions, not the commit ids, which differ between mirrors of the same release.
    func resolvedVersions() throws -> String? {
        guard let data = FileManager.default.contents(atPath: root + "/Package.resolved") else { return nil }
        guard case .object(let resolved) = try JSONValue.parse(String(decoding: data, as: UTF8.self)),
              case .array(let pins) = resolved["pins"] ?? resolved["object"]?.objectValue?["pins"] ?? .null else {
            return try hash(of: "Package.resolved")
        }
        let lines = pins.compactMap { pin -> String? in
            guard let fields = pin.objectValue, let state = fields["state"]?.objectValue else { return nil }
            let name = fields["identity"]?.stringValue ?? fields["package"]?.stringValue ?? "?"
            let version = state["version"]?.stringValue ?? state["revision"]?.stringValue ?? "?"
            return "\(name) \(version)"
        }
        return lines.sorted().joined(separator: ", ")
    }

    func hash(of relativePath: String) throws -> String {
        if let known = fileHashes[relativePath] { return known }
        let value = try ContentHash.ofBytes(atPath: root + "/" + relativePath)
        fileHashes[relativePath] = value
        return value
    }
}
