import Foundation
import StageKit

/// The code identity of a stage: a SHA-256 over the source files it is built from (pipeline-
/// lessons.md §2): every file under the folders of its executable's target closure (the local
/// SwiftPM targets it links, C shims included) with the experiment modules of other definition
/// files left out, plus the closure of its own experiment module, plus `Package.swift` and
/// `Package.resolved`. Paths are relative to the project; mtimes and binaries never count.
public final class CodeIdentity {
    struct TargetInfo: Codable {
        var name: String
        var path: String
        var dependencies: [String]
    }

    let root: String
    let targets: [String: TargetInfo]
    private var fileHashes: [String: String] = [:]
    private var identities: [String: String] = [:]

    /// Reads the package's target graph, from the cache in `.pipeline/` when `Package.swift` is unchanged.
    public init(projectRoot: String, stateDirectory: String) throws {
        root = projectRoot
        let manifestHash = try ContentHash.ofBytes(atPath: projectRoot + "/Package.swift")
        let cachePath = stateDirectory + "/package-graph-\(manifestHash.prefix(16)).json"
        if let data = FileManager.default.contents(atPath: cachePath),
           let cached = try? JSONDecoder().decode([String: TargetInfo].self, from: data) {
            targets = cached
            return
        }
        let text = try ProcessRunner.output("swift", ["package", "dump-package"], in: projectRoot)
        targets = try CodeIdentity.parseTargets(text)
        try? FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        try? AtomicText.write(String(decoding: try JSONEncoder().encode(targets), as: UTF8.self), to: cachePath)
    }

    static func parseTargets(_ dumpPackageJSON: String) throws -> [String: TargetInfo] {
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
            result[name] = TargetInfo(name: name, path: path, dependencies: dependencies)
        }
        return result
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
            for file in try sourceFiles(under: target.path) { lines.append("\(file) \(try hash(of: file))") }
        }
        for manifest in ["Package.swift", "Package.resolved"] where FileManager.default.fileExists(atPath: root + "/" + manifest) {
            lines.append("\(manifest) \(try hash(of: manifest))")
        }
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

    func hash(of relativePath: String) throws -> String {
        if let known = fileHashes[relativePath] { return known }
        let value = try ContentHash.ofBytes(atPath: root + "/" + relativePath)
        fileHashes[relativePath] = value
        return value
    }
}
