import Foundation
import HDF5
import StageKit
import StageProtocol

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
    /// `stageVariables` are added to every stage process's environment (the BLAS kernel class).
    public init(projectRoot: String, tier: String, binaryDirectory: String, stageVariables: [String: String],
                launcher: StageLauncher = LocalLauncher()) throws {
        root = projectRoot
        self.tier = tier
        definitions = try DefinitionParser.parseFolder(projectRoot + "/pipeline")
        plan = try Planner.plan(definitions, tier: tier)
        store = try Store(root: projectRoot + "/.pipeline")
        environment = RunEnvironment(binaryDirectory: binaryDirectory, stageVariables: stageVariables)
        self.launcher = launcher
        code = try CodeIdentity(projectRoot: projectRoot, stateDirectory: projectRoot + "/.pipeline")
        experimentModules = Set(definitions.map(\.module))
        codeVersion = (try? ProcessRunner.output("git", ["describe", "--always", "--dirty"], in: projectRoot))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        for file in definitions where code.targets[file.module] == nil {
            throw DefinitionError(file: file.path, line: 1, field: "module", message: "no Swift target named '\(file.module)' in Package.swift")
        }
        try checkExperimentsAreRegistered()
    }

    /// Refuses, before anything runs, a stage whose `experiment:` the stage executables do not
    /// register (`generate --list-experiments`; all four executables share one registry). Skipped
    /// when the executables are not built yet: running needs them and reports that instead.
    func checkExperimentsAreRegistered() throws {
        let lister = environment.executablePath(StageKind.generate.rawValue)
        guard FileManager.default.isExecutableFile(atPath: lister),
              let listing = try? ProcessRunner.output(lister, ["--list-experiments"], environment: environment.stageProcessEnvironment()) else { return }
        let known = Set(listing.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) })
        for file in definitions {
            for stage in file.stages where !known.contains(stage.experiment) {
                throw DefinitionError(file: file.path, line: stage.line, field: "experiment",
                                      message: "unknown experiment '\(stage.experiment)' (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// The cache key of a stage and the preimage it hashes. The preimage lists, as canonical JSON:
    /// the stage name; the executable; the experiment; the code identity (`CodeIdentity`); the
    /// parameters; the seed; the content hashes of the inputs by role; the declared outputs; and
    /// the environment that changes numbers (Swift compiler, and what the executable reports —
    /// libhdf5, OpenBLAS kernel, gnuplot for analyze). Never paths, mtimes, hosts,
    /// clock times or core counts.
    public func key(of stage: PlannedStage, inputContent: [String: [String]]) throws -> (key: String, preimage: JSONValue) {
        keyLock.lock()
        defer { keyLock.unlock() }
        let environmentFields: [String: JSONValue] = [
            "swift": .string(environment.swiftVersion),
            "stage_executable": .string(try environment.report(of: stage.executable.rawValue)),
        ]
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

    /// Hashes the sources of every stage's code now, at the start of a run: the executables were
    /// built from these sources, and an edit made while the run goes on must not give results of
    /// the old binaries the new sources' keys.
    func fixCodeIdentities(of stages: [PlannedStage]) throws {
        keyLock.lock()
        defer { keyLock.unlock() }
        for stage in stages {
            _ = try code.identity(executable: stage.executable.rawValue, module: stage.module, otherExperimentModules: experimentModules)
        }
    }

    /// Whether an entry's HDF5 objects were made by this stage: their provenance (`stage`, the
    /// executable; `experiment`; `params_json`; `seed`) must be the stage's. Catches an entry edited to name another stage's
    /// intact object, which the objects' own hashes cannot. Returns the first mismatch in words.
    func provenanceProblem(_ entry: CacheEntry, of stage: PlannedStage) -> String? {
        // Compared by value: the stage's JSON round trip may write 1.0 as 1.
        let parameters = JSONValue.object(stage.params).numbersNormalised
        for output in entry.outputs where output.name.hasSuffix(".h5") {
            guard let file = try? File.open(atPath: store.objectPath(output)) else { return "object for \(output.name) is unreadable" }
            defer { try? file.close() }
            let root = file.root
            let experiment = try? root.readStringAttribute(named: "experiment")
            let params = try? root.readStringAttribute(named: "params_json")
            let seed = try? root.readAttribute(named: "seed")
            let recorded = params.flatMap { try? JSONValue.parse($0) }?.numbersNormalised
            let kind = try? root.readStringAttribute(named: "stage")
            if kind != stage.executable.rawValue || experiment != stage.definition.experiment || recorded != parameters
                || seed != .integer(Int64(bitPattern: stage.seed)) {
                return "object for \(output.name) was made by another stage (experiment \(experiment ?? "?"), parameters \(params ?? "?"))"
            }
        }
        return nil
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

    /// Makes the published copies of an entry's outputs current; returns the paths it had to
    /// write because they were missing or differed from their store objects.
    @discardableResult
    func publish(_ entry: CacheEntry, of stage: PlannedStage) throws -> [String] {
        var written: [String] = []
        for output in entry.outputs {
            guard let destination = stage.publishedPaths[output.name] else { continue }
            if try Publisher.publish(object: store.objectPath(output), objectHash: output.object, to: destination, root: root,
                                     records: store.published) {
                written.append(destination)
            }
        }
        return written
    }

    /// The published copies of an entry's outputs that are missing or differ from their store
    /// objects, in words (empty when all are current).
    func publishedProblems(_ entry: CacheEntry, of stage: PlannedStage) -> [String] {
        entry.outputs.compactMap { output in
            guard let destination = stage.publishedPaths[output.name] else { return nil }
            switch Publisher.check(objectHash: output.object, at: destination, root: root, records: store.published) {
            case .current, .currentUnrecorded: return nil
            case .missing: return "published \(destination) is missing; `pipeline run` republishes it"
            case .differs: return "published \(destination) differs from its store object (edited, or left stale by a killed run); `pipeline run` republishes it"
            }
        }
    }

    /// Removes job folders of runs that died (their lock is free), and temporary files of dead
    /// processes in the store and beside the published files; those of live runs are kept.
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
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where AtomicFile.isTemporary(name) {
                if let pid = AtomicFile.owner(ofTemporary: name), kill(pid, 0) != 0 {
                    unlink("\(folder)/\(name)")
                    removed += 1
                }
            }
        }
        // Temporary copies a killed publish left beside the published files.
        for folder in ["results", "figures"] {
            guard let walker = FileManager.default.enumerator(atPath: "\(root)/\(folder)") else { continue }
            while let name = walker.nextObject() as? String {
                let file = (name as NSString).lastPathComponent
                if AtomicFile.isTemporary(file), let pid = AtomicFile.owner(ofTemporary: file), kill(pid, 0) != 0 {
                    unlink("\(root)/\(folder)/\(name)")
                    removed += 1
                }
            }
        }
        return removed
    }
}
