import Foundation
import StageKit
import StageProtocol

extension Engine {
    /// The stages a run touches: the targets named (expanded names or definition names) or the
    /// tier's targets, with everything they read from.
    public func selectedStages(_ options: RunOptions) throws -> [PlannedStage] {
        guard !options.targets.isEmpty else { return plan.targetClosure }
        return plan.closure(of: try expandNames(options.targets))
    }

    /// Expanded stage names for names that are either expanded names or definition names.
    public func expandNames(_ names: [String]) throws -> [String] {
        try names.flatMap { name -> [String] in
            if plan.stage(named: name) != nil { return [name] }
            let points = plan.stages.filter { $0.definition.name == name }.map(\.name)
            guard !points.isEmpty else {
                throw DefinitionError(file: "command line", line: nil, field: "", message: "no stage named '\(name)' in tier '\(tier)'")
            }
            return points
        }
    }

    /// Brings the selected stages up to date, running at most `options.jobs` at once.
    public func run(_ options: RunOptions, display: ProgressDisplay) throws -> RunSummary {
        let start = Date()
        let stages = try selectedStages(options)
        let forced = Set(try expandNames(Array(options.force)))
        try fixCodeIdentities(of: stages)
        let storeLock = StoreLock(store: store)
        _ = try storeLock.acquire(exclusive: false) { holders in
            display.note("waiting for `pipeline gc`/`clean` (pid \(holders.map(String.init).joined(separator: ", "))) to finish with the store")
        }
        defer { storeLock.release() }
        _ = removeLeftovers()
        let jobs = max(1, min(options.jobs, stages.count))
        display.begin(expectedDurations(of: stages, forced: forced), jobs: jobs)
        let scheduler = Scheduler(stages: stages)
        let condition = NSCondition()
        var summary = RunSummary()
        var current: [String: CacheEntry] = [:]
        var stopLaunching = false

        let interruption = InterruptHandler { [launcher] in
            condition.lock()
            stopLaunching = true
            summary.interrupted = true
            condition.broadcast()
            condition.unlock()
            launcher.cancelAll()
        }
        defer { interruption.restore() }

        func worker() {
            while true {
                condition.lock()
                var next: PlannedStage?
                while next == nil {
                    if stopLaunching || scheduler.isFinished { break }
                    next = scheduler.takeReady()
                    if next == nil { condition.wait() }
                }
                guard let stage = next else {
                    condition.unlock()
                    return
                }
                let inputs = inputContent(of: stage, currentEntries: current) ?? [:]
                let inputPaths = inputPaths(of: stage, currentEntries: current)
                condition.unlock()

                let outcome = bringUpToDate(stage, inputContent: inputs, inputPaths: inputPaths, forced: forced.contains(stage.name),
                                            options: options, display: display)

                condition.lock()
                switch outcome {
                case .cached(let entry):
                    current[stage.name] = entry
                    summary.cached.append(stage.name)
                    scheduler.finish(stage.name, succeeded: true)
                case .ran(let entry):
                    current[stage.name] = entry
                    summary.ran.append(stage.name)
                    scheduler.finish(stage.name, succeeded: true)
                case .failed(let reason, let log):
                    summary.failed.append((stage.name, reason, log))
                    let skipped = scheduler.finish(stage.name, succeeded: false)
                    summary.skipped += skipped
                    if !options.keepGoing { stopLaunching = true }
                }
                condition.broadcast()
                condition.unlock()
            }
        }

        let threads = (0..<jobs).map { _ in Thread(block: worker) }
        threads.forEach { $0.stackSize = 8 << 20; $0.start() }
        while threads.contains(where: { !$0.isFinished }) { usleep(2000) }
        display.finish()
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Where a stage's log goes: `.pipeline/logs/<stage>.log`, in a folder of its own for a tier other
    /// than the default (the same stage name runs in several tiers).
    public func logPath(of stage: String) -> String {
        let folder = tier == Planner.defaultTier ? store.logs : "\(store.logs)/\(Store.safeName(tier))"
        return "\(folder)/\(Store.safeName(stage)).log"
    }

    /// Expected stage durations for a run's ETA.
    public struct DurationEstimate {
        public var seconds: [String: Double]
        /// Each stage's definition name (its sweep points form a group).
        public var groups: [String: String]
        /// Stages with no duration of their own (a sibling's, an executable's mean, or 1 s).
        public var guessed: Set<String>
    }

    /// Expected seconds of each stage for the run's ETA: 0 where the cache already holds its result
    /// (unless the run forces the stage: then the cached run's duration),
    /// else its previous run's duration (the newest cache entry of that stage name), else the tier's
    /// committed typical duration (`StageDurations`), else (guessed) the mean over the known durations
    /// of the same definition's points, else of the same executable, else 1 s.
    public func expectedDurations(of stages: [PlannedStage], forced: Set<String> = []) -> DurationEstimate {
        var current: [String: CacheEntry] = [:]
        var known = StageDurations.read(root: root, tier: tier)
        for stage in stages {
            if let inputs = inputContent(of: stage, currentEntries: current), let key = try? key(of: stage, inputContent: inputs).0,
               let entry = store.entry(forKey: key) {
                current[stage.name] = entry
                if forced.contains(stage.name) { known[stage.name] = entry.seconds }
                continue
            }
            if let previous = store.latestKey(stage: stage.name).flatMap({ store.entry(forKey: $0) }) { known[stage.name] = previous.seconds }
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        var result = DurationEstimate(seconds: [:], groups: Dictionary(stages.map { ($0.name, $0.definition.name) }) { first, _ in first }, guessed: [])
        for stage in stages {
            if current[stage.name] != nil && !forced.contains(stage.name) { result.seconds[stage.name] = 0; continue }
            if let own = known[stage.name] { result.seconds[stage.name] = own; continue }
            result.guessed.insert(stage.name)
            result.seconds[stage.name] = mean(stages.filter { $0.definition.name == stage.definition.name }.compactMap { known[$0.name] })
                ?? mean(stages.filter { $0.executable == stage.executable }.compactMap { known[$0.name] })
                ?? 1
        }
        return result
    }

    enum Outcome {
        case cached(CacheEntry)
        case ran(CacheEntry)
        case failed(reason: String, log: String)
    }

    /// Uses a sound cache entry, or takes the stage's lock and runs it.
    func bringUpToDate(_ stage: PlannedStage, inputContent: [String: [String]], inputPaths: [(String, String)],
                       forced: Bool, options: RunOptions, display: ProgressDisplay) -> Outcome {
        let key: String, preimage: JSONValue
        do { (key, preimage) = try self.key(of: stage, inputContent: inputContent) } catch {
            display.failed(stage.name, reason: "\(error)", log: "")
            return .failed(reason: "\(error)", log: "")
        }
        if !forced, let entry = usableEntry(key, stage: stage, display: display) { return .cached(entry) }

        Engine.injectedDelay("PIPELINE_FAULT_DELAY_BEFORE_LOCK_MS")
        let lock = StageLock(path: "\(store.locks)/\(key).lock")
        var waited = false
        let deadline = Date().addingTimeInterval(options.lockTimeout)
        var delay: UInt32 = 50_000
        while !lock.tryAcquire(stage: stage.name) {
            if !waited {
                display.note("\(stage.name): waiting, another pipeline holds its lock (\(lock.holder))")
                waited = true
            }
            if Date() > deadline {
                return .failed(reason: "timed out waiting for the lock held by \(lock.holder)", log: "")
            }
            usleep(delay)
            delay = min(delay * 2, 1_000_000)
        }
        defer { lock.release() }
        // Another run may have committed the result between the first look and the lock, whether
        // or not this run had to wait for it: look again now that no one else can commit it.
        if !forced, let entry = usableEntry(key, stage: stage, display: display) { return .cached(entry) }
        return execute(stage, key: key, preimage: preimage, inputPaths: inputPaths, display: display)
    }

    /// A committed entry for `key` whose objects are intact, published; nil otherwise (a corrupt
    /// entry is reported and discarded).
    func usableEntry(_ key: String, stage: PlannedStage, display: ProgressDisplay) -> CacheEntry? {
        guard let entry = store.entry(forKey: key) else { return nil }
        if let problem = store.problem(with: entry) ?? provenanceProblem(entry, of: stage) {
            display.note("\(stage.name): cache entry \(key.prefix(12)) discarded: \(problem); rebuilding")
            store.discard(entry)
            return nil
        }
        do {
            for path in try publish(entry, of: stage) {
                display.note("\(stage.name): republished \(path) (it was missing or differed from its store object)")
            }
        } catch {
            display.note("\(stage.name): cannot publish: \(error)")
        }
        display.cached(stage.name)
        return entry
    }

    /// Runs the stage in a private job folder, checks and commits its outputs, publishes them.
    func execute(_ stage: PlannedStage, key: String, preimage: JSONValue, inputPaths: [(String, String)],
                 display: ProgressDisplay) -> Outcome {
        let folder = "\(store.jobs)/\(launcher.jobFolderName(key: key))"
        let outputFolder = folder + "/out"
        let log = logPath(of: stage.name)
        let logFolder = (log as NSString).deletingLastPathComponent
        let start = Date()
        do {
            try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
            let parametersPath = folder + "/params.json"
            try AtomicFile.write(text: JSONValue.object(stage.params).canonicalText + "\n", to: parametersPath)
            let checkpoints = "\(store.checkpoints)/\(key)"
            var arguments = ["--experiment", stage.definition.experiment, "--parameters", parametersPath,
                             "--seed", String(stage.seed), "--output-dir", outputFolder, "--checkpoint-dir", checkpoints]
            for (role, path) in inputPaths { arguments += ["--input", "\(role)=\(path)"] }
            let job = StageJob(stage: stage.name, executable: environment.executablePath(stage.executable.rawValue),
                               arguments: arguments,
                               environment: environment.stageVariables.merging([StageEnvironment.codeVersion: codeVersion]) { $1 },
                               folder: folder, logPath: log, resources: stage.resources)
            display.started(stage.name)
            let result = try launcher.run(job) { line in display.progress(stage.name, line) }
            guard result.succeeded else {
                try? FileManager.default.removeItem(atPath: folder)
                display.failed(stage.name, reason: result.reason, log: log)
                return .failed(reason: result.reason, log: log)
            }
            if let problem = OutputCheck.problem(folder: outputFolder, declared: stage.outputs) {
                try? FileManager.default.removeItem(atPath: folder)
                display.failed(stage.name, reason: problem, log: log)
                return .failed(reason: problem, log: log)
            }
            let outputs = try stage.outputs.map { try store.ingest(file: outputFolder + "/" + $0, name: $0) }
            let entry = CacheEntry(key: key, stage: stage.name, preimage: preimage, outputs: outputs,
                                   seconds: Date().timeIntervalSince(start), peakResidentKilobytes: result.peakResidentKilobytes)
            try store.commit(entry)
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: checkpoints)
            try publish(entry, of: stage)
            display.succeeded(stage.name, seconds: entry.seconds)
            return .ran(entry)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            display.failed(stage.name, reason: "\(error)", log: log)
            return .failed(reason: "\(error)", log: log)
        }
    }
}

/// Which stages are ready: all their upstream stages finished successfully.
final class Scheduler {
    private var waiting: [PlannedStage]
    private var done: Set<String> = []
    private var failedOrSkipped: Set<String> = []
    private var active = 0
    private let selected: Set<String>

    init(stages: [PlannedStage]) {
        waiting = stages
        selected = Set(stages.map(\.name))
    }

    var isFinished: Bool { waiting.isEmpty && active == 0 }

    func takeReady() -> PlannedStage? {
        guard let index = waiting.firstIndex(where: { stage in
            stage.upstreamStages.allSatisfy { done.contains($0) || !selected.contains($0) }
        }) else { return nil }
        active += 1
        return waiting.remove(at: index)
    }

    /// Marks a stage finished; on failure, drops (and returns) every waiting stage that depends on it.
    @discardableResult
    func finish(_ name: String, succeeded: Bool) -> [String] {
        active -= 1
        if succeeded {
            done.insert(name)
            return []
        }
        failedOrSkipped.insert(name)
        var skipped: [String] = []
        var changed = true
        while changed {
            changed = false
            waiting.removeAll { stage in
                if stage.upstreamStages.contains(where: failedOrSkipped.contains) {
                    failedOrSkipped.insert(stage.name)
                    skipped.append(stage.name)
                    changed = true
                    return true
                }
                return false
            }
        }
        return skipped
    }
}

/// Turns SIGINT and SIGTERM into a callback while a run is in progress.
final class InterruptHandler {
    private var sources: [DispatchSourceSignal] = []

    init(_ handler: @escaping () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }

    func restore() {
        sources.forEach { $0.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

extension Engine {
    /// Fault injection for tests: sleeps for the milliseconds the environment variable names, if set.
    static func injectedDelay(_ variable: String) {
        if let text = ProcessInfo.processInfo.environment[variable], let milliseconds = UInt32(text) { usleep(milliseconds * 1000) }
    }
}
