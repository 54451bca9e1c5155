import Foundation
import HDF5
import StageKit

/// The pipeline engine of one project checkout: plans a tier from `pipeline/*.yaml`, computes
/// cache keys, and runs, explains or archives stages. It knows no paper, model or figure.
public final class Engine {
    public let root: String
    public let tier: String
    public let store: Store
    public let environment: RunEnvironment
    public let launcher: StageLauncher
    public let definitions: [DefinitionFile]
    public let plan: Plan
    let code: CodeIdentity
    let experimentModules: Set<String>
    /// `git describe --always --dirty`, recorded as provenance (not part of keys or content hashes).
    public let codeVersion: String
    /// Serialises key computation: its memo tables are shared by the worker threads.
    private let keyLock = NSLock()

    /// Reads the definitions (refusing bad ones with a `DefinitionError`) and plans `tier`.
    public init(projectRoot: String, tier: String, binaryDirectory: String, launcher: StageLauncher = LocalLauncher()) throws {
        root = projectRoot
        self.tier = tier
        definitions = try DefinitionParser.parseFolder(projectRoot + "/pipeline")
        plan = try Planner.plan(definitions, tier: tier)
        store = try Store(root: projectRoot + "/.pipeline")
        environment = RunEnvironment(binaryDirectory: binaryDirectory)
        self.launcher = launcher
        code = try CodeIdentity(projectRoot: projectRoot, stateDirectory: projectRoot + "/.pipeline")
        experimentModules = Set(definitions.map(\.module))
        codeVersion = (try? ProcessRunner.output("git", ["describe", "--always", "--dirty"], in: projectRoot))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        for file in definitions where code.targets[file.module] == nil {
            throw DefinitionError(file: file.path, line: 1, field: "module", message: "no Swift target named '\(file.module)' in Package.swift")
        }
    }

    /// The cache key of a stage and the preimage it hashes. The preimage lists, as canonical JSON:
    /// the stage name; the executable; the experiment; the code identity (`CodeIdentity`); the
    /// parameters; the seed; the content hashes of the inputs by role; the declared outputs; and
    /// the environment that changes numbers (Swift compiler, what the executable reports —
    /// libhdf5, OpenBLAS kernel — and gnuplot for analyze stages). Never paths, mtimes, hosts,
    /// clock times or core counts.
    public func key(of stage: PlannedStage, inputContent: [String: [String]]) throws -> (key: String, preimage: JSONValue) {
        keyLock.lock()
        defer { keyLock.unlock() }
        var environmentFields: [String: JSONValue] = [
            "swift": .string(environment.swiftVersion),
            "stage_executable": .string(try environment.report(of: stage.executable.rawValue)),
        ]
        if stage.executable == .analyze { environmentFields["gnuplot"] = .string(environment.gnuplotVersion) }
        let codeHash = try code.identity(executable: stage.executable.rawValue, module: stage.module,
                                         otherExperimentModules: experimentModules)
        let preimage = JSONValue.object([
            "stage": .string(stage.name),
            "executable": .string(stage.executable.rawValue),
            "experiment": .string(stage.definition.experiment),
            "code": .string(codeHash),
            "params": .object(stage.params),
            "seed": .integer(Int64(bitPattern: stage.seed)),
            "inputs": .object(inputContent.mapValues { .array($0.map { .string($0) }) }),
            "outputs": .array(stage.outputs.map { .string($0) }),
            "environment": .object(environmentFields),
        ])
        return (ContentHash.ofText(preimage.canonicalText), preimage)
    }

    /// Content hashes of a stage's inputs by role, from its upstream entries; nil when an
    /// upstream stage has no current entry.
    func inputContent(of stage: PlannedStage, currentEntries: [String: CacheEntry]) -> [String: [String]]? {
        var result: [String: [String]] = [:]
        for (role, sources) in stage.inputs {
            var hashes: [String] = []
            for source in sources {
                guard let entry = currentEntries[source.stage],
                      let output = entry.outputs.first(where: { $0.name == source.output }) else { return nil }
                hashes.append(output.content)
            }
            result[role] = hashes
        }
        return result
    }

    /// Input object paths by role for launching a stage.
    func inputPaths(of stage: PlannedStage, currentEntries: [String: CacheEntry]) -> [(String, String)] {
        stage.inputs.flatMap { role, sources in
            sources.map { source -> (String, String) in
                let output = currentEntries[source.stage]!.outputs.first { $0.name == source.output }!
                return (role, store.objectPath(output))
            }
        }
    }

    /// Makes the published copies of an entry's outputs current.
    func publish(_ entry: CacheEntry, of stage: PlannedStage) throws {
        for output in entry.outputs {
            guard let destination = stage.publishedPaths[output.name] else { continue }
            try Publisher.publish(object: store.objectPath(output), objectHash: output.object, to: destination, root: root)
        }
    }

    /// Removes job folders of runs that died (their lock is free) and stray temporary files in
    /// the store; folders of live runs are kept.
    public func removeLeftovers() -> Int {
        var removed = 0
        let jobs = (try? FileManager.default.contentsOfDirectory(atPath: store.jobs)) ?? []
        for job in jobs where !job.hasSuffix("-slurm") {  // cluster jobs are adopted or redone by their launcher
            let key = String(job.split(separator: "-").first ?? "")
            if !StageLock(path: "\(store.locks)/\(key).lock").isHeld {
                try? FileManager.default.removeItem(atPath: "\(store.jobs)/\(job)")
                removed += 1
            }
        }
        for folder in [store.entries, store.latest] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.contains(".tmp-") {
                if let pid = Engine.temporaryOwner(name), kill(pid, 0) != 0 {
                    unlink("\(folder)/\(name)")
                    removed += 1
                }
            }
        }
        return removed
    }

    /// The PID in a `NAME.tmp-<pid>-<random>` file name.
    static func temporaryOwner(_ name: String) -> Int32? {
        guard let range = name.range(of: ".tmp-") else { return nil }
        return Int32(name[range.upperBound...].split(separator: "-").first ?? "")
    }
}
