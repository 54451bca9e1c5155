import Foundation
import StageKit

/// Whether a stage is up to date, and why not.
public struct StageStatus {
    public var stage: String
    public var isUpToDate: Bool
    /// Empty when up to date; otherwise the reasons, e.g. "params changed: steps 4000 → 1000".
    public var reasons: [String]
    public var key: String?
    public var preimage: JSONValue?
    /// For an up-to-date stage: published copies that are missing or differ from the store.
    public var publishProblems: [String] = []
}

extension Engine {
    /// The status of every selected stage, in dependency order. A stage is up to date when a
    /// sound entry exists for its current key; otherwise the reasons compare its current
    /// preimage with the one of its newest entry, field by field.
    public func status(_ options: RunOptions = RunOptions()) throws -> [StageStatus] {
        var current: [String: CacheEntry] = [:]
        var result: [StageStatus] = []
        for stage in try selectedStages(options) {
            guard let inputs = inputContent(of: stage, currentEntries: current) else {
                let stale = stage.upstreamStages.filter { current[$0] == nil }
                result.append(StageStatus(stage: stage.name, isUpToDate: false,
                                          reasons: ["waits for stale upstream stage(s) \(stale.joined(separator: ", "))"]))
                continue
            }
            let (key, preimage) = try self.key(of: stage, inputContent: inputs)
            if let entry = store.entry(forKey: key) {
                if let problem = store.problem(with: entry) ?? provenanceProblem(entry, of: stage) {
                    result.append(StageStatus(stage: stage.name, isUpToDate: false, reasons: ["cache entry damaged: \(problem)"], key: key, preimage: preimage))
                } else {
                    current[stage.name] = entry
                    result.append(StageStatus(stage: stage.name, isUpToDate: true, reasons: [], key: key, preimage: preimage,
                                              publishProblems: publishedProblems(entry, of: stage)))
                }
                continue
            }
            var reasons = [store.hasEntryFile(forKey: key) ? "corrupt cache entry (unreadable); will rebuild" : "never run"]
            if let latestKey = store.latestKey(stage: stage.name), let previous = store.entry(forKey: latestKey) {
                reasons = store.hasEntryFile(forKey: key) ? reasons : Engine.differences(from: previous.preimage, to: preimage)
                if reasons.isEmpty { reasons = ["cache entry missing"] }
            }
            result.append(StageStatus(stage: stage.name, isUpToDate: false, reasons: reasons, key: key, preimage: preimage))
        }
        return result
    }

    /// The stage graph of the selected stages, each coloured by its state.
    public func graph(_ options: RunOptions = RunOptions(), expanded: Bool = false) throws -> StageGraph {
        var states: [String: StageGraph.State] = [:]
        for status in try status(options) {
            states[status.stage] = status.isUpToDate ? .upToDate : store.latestKey(stage: status.stage) == nil ? .neverRun : .stale
        }
        return StageGraph(stages: try selectedStages(options), states: states, expanded: expanded)
    }

    /// Field-by-field differences between two preimages, in words.
    static func differences(from old: JSONValue, to new: JSONValue) -> [String] {
        // Stored preimages come back through JSON, which cannot tell 1.0 from 1: compare numbers by value.
        guard let before = old.numbersNormalised.objectValue, let after = new.numbersNormalised.objectValue else {
            return ["preimage format changed"]
        }
        var reasons: [String] = []
        let names = ["code": "code changed (sources of the executable or its modules)", "seed": "seed changed",
                     "executable": "executable changed", "experiment": "experiment changed", "outputs": "declared outputs changed"]
        for (field, text) in names.sorted(by: { $0.key < $1.key }) where before[field] != after[field] { reasons.append(text) }
        if before["params"] != after["params"] {
            let a = before["params"]?.objectValue ?? [:], b = after["params"]?.objectValue ?? [:]
            let changed = Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
            reasons.append("params changed: " + changed.map { "\($0) \(a[$0]?.canonicalText ?? "unset") → \(b[$0]?.canonicalText ?? "unset")" }.joined(separator: ", "))
        }
        if before["inputs"] != after["inputs"] {
            let a = before["inputs"]?.objectValue ?? [:], b = after["inputs"]?.objectValue ?? [:]
            let changed = Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
            reasons.append("inputs changed: \(changed.joined(separator: ", "))")
        }
        if before["environment"] != after["environment"] {
            let a = before["environment"]?.objectValue ?? [:], b = after["environment"]?.objectValue ?? [:]
            let changed = Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
            reasons.append("environment changed: " + changed.map { "\($0) \(a[$0]?.canonicalText ?? "unset") → \(b[$0]?.canonicalText ?? "unset")" }.joined(separator: "; "))
        }
        return reasons
    }

    /// Every tier named in the definitions, the default tier first.
    public var allTiers: [String] {
        var tiers: Set<String> = [Planner.defaultTier]
        for file in definitions {
            for stage in file.stages {
                tiers.formUnion(stage.tiers)
                tiers.formUnion(stage.overrides.keys)
            }
        }
        return [Planner.defaultTier] + tiers.subtracting([Planner.defaultTier]).sorted()
    }

    /// The keys of the entries current in any tier: what `gc` keeps.
    public func reachableKeys() throws -> Set<String> {
        var keys: Set<String> = []
        for tier in allTiers {
            let engine = tier == self.tier ? self : try Engine(projectRoot: root, tier: tier, binaryDirectory: environment.binaryDirectory,
                                                                      stageVariables: environment.stageVariables, launcher: launcher)
            var options = RunOptions()
            options.targets = engine.plan.stages.map(\.name)
            for status in try engine.status(options) where status.isUpToDate { if let key = status.key { keys.insert(key) } }
        }
        return keys
    }
}

extension JSONValue {
    /// The value with every integral `.number` written as `.integer`, for comparisons by value.
    var numbersNormalised: JSONValue {
        switch self {
        case .number(let value) where value == value.rounded() && value.magnitude < 1e15: return .integer(Int64(value))
        case .array(let items): return .array(items.map(\.numbersNormalised))
        case .object(let members): return .object(members.mapValues(\.numbersNormalised))
        default: return self
        }
    }
}

/// What `gc` and `clean` removed.
public struct GarbageCollection {
    public var entries = 0, objects = 0, checkpoints = 0, leftovers = 0
}

extension Engine {
    /// Drops the leftovers of dead runs, and entries, objects and checkpoints no tier reaches, under
    /// the exclusive store lock: it waits for running pipelines, saying for whom, or returns nil at
    /// once when `wait` is false and one is running.
    public func collectGarbage(wait: Bool, note: (String) -> Void) throws -> GarbageCollection? {
        let lock = StoreLock(store: store)
        let taken = try lock.acquire(exclusive: true, wait: wait) { holders in
            let who = holders.isEmpty ? "" : " (pid \(holders.map(String.init).joined(separator: ", ")))"
            note(wait ? "waiting for the pipeline run(s) using the store to finish\(who)" : "a pipeline run is using the store\(who); not collecting")
        }
        guard taken else { return nil }
        defer { lock.release() }
        var result = GarbageCollection()
        result.leftovers = removeLeftovers()
        let keep = try reachableKeys()
        (result.entries, result.objects) = try store.collectGarbage(keeping: keep)
        for key in (try? FileManager.default.contentsOfDirectory(atPath: store.checkpoints)) ?? [] where !keep.contains(key) {
            guard !StageLock(path: "\(store.locks)/\(key).lock").isHeld else { continue }
            try? FileManager.default.removeItem(atPath: "\(store.checkpoints)/\(key)")
            result.checkpoints += 1
        }
        return result
    }
}
