import Foundation
import StageKit
import StageProtocol

/// Resource requests for SLURM jobs: per-executable defaults, the stage definition's
/// `resources` (cpus, memory_mb, time_minutes, partition), then command-line overrides.
public struct SlurmOptions {
    public var partition: String?
    public var cpus: Int?
    public var memoryMegabytes: Int?
    public var timeMinutes: Int?
    /// Seconds between polls of `squeue`.
    public var pollInterval: Double = 0.5

    public init() {}

    static let defaults: [String: (cpus: Int, memory: Int, time: Int)] = [
        "generate": (1, 2000, 30), "train": (2, 4000, 240), "measure": (1, 2000, 60), "analyze": (1, 2000, 30),
    ]

    /// The sbatch flags for a job.
    func flags(for job: StageJob) -> [String] {
        let executable = (job.executable as NSString).lastPathComponent
        let base = SlurmOptions.defaults[executable] ?? (1, 2000, 60)
        func requested(_ key: String) -> Int? { job.resources[key].flatMap(\.doubleValue).map { Int($0) } }
        let cpus = self.cpus ?? requested(ResourceRequest.cpus) ?? base.cpus
        let memory = memoryMegabytes ?? requested(ResourceRequest.memoryMegabytes) ?? base.memory
        let time = timeMinutes ?? requested(ResourceRequest.timeMinutes) ?? base.time
        var flags = ["--cpus-per-task=\(cpus)", "--mem=\(memory)", "--time=\(time)"]
        if let partition = partition ?? job.resources[ResourceRequest.partition]?.stringValue { flags.append("--partition=\(partition)") }
        return flags
    }
}

/// Runs stage jobs on a SLURM cluster that shares the project's filesystem (docs/pipeline.md
/// §10; rule 9: jobs never publish, the coordinator commits). Each job runs the same stage
/// executable in its job folder and writes `exit-status` there when it ends; state is tracked by
/// polling `squeue` and `scontrol show job` (no accounting database needed).
///
/// Job folders are named by cache key (`<key>-slurm`) so that a coordinator killed mid-run leaves
/// work the next run can use: a folder whose job finished with status 0 is adopted (its outputs
/// are then verified and committed by the engine), a job still queued or running is waited for,
/// anything else is redone.
public final class SlurmLauncher: StageLauncher {
    public let name = "slurm"
    public let options: SlurmOptions
    private let lock = NSLock()
    private var submitted: Set<String> = []
    private var cancelled = false

    public init(options: SlurmOptions = SlurmOptions()) {
        self.options = options
    }

    public func jobFolderName(key: String) -> String { "\(key)-slurm" }

    public func run(_ job: StageJob, progress: @escaping (String) -> Void) throws -> StageJobResult {
        let statusPath = job.folder + "/exit-status", idPath = job.folder + "/slurm-job-id"
        if let status = readStatus(statusPath) {
            progress("adopted the result of an earlier SLURM job (exit \(status))")
            return StageJobResult(succeeded: status == 0, reason: "exit \(status) (adopted)")
        }
        var jobID = (try? String(contentsOfFile: idPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = jobID, !["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED"].contains(state(of: id) ?? "") {
            jobID = nil  // an old job that is gone without a status: redo it
        }
        if jobID == nil {
            jobID = try submit(job)
            try AtomicFile.write(text: jobID! + "\n", to: idPath)
        }
        let id = jobID!
        lock.lock()
        submitted.insert(id)
        lock.unlock()
        defer {
            lock.lock()
            submitted.remove(id)
            lock.unlock()
        }
        progress("SLURM job \(id) submitted")
        var reported = ""
        var offset: UInt64 = 0
        var missingSince: Date?
        while true {
            if let status = readStatus(statusPath) {
                forwardProgress(job.logPath, &offset, progress)
                let log = (try? String(contentsOfFile: job.logPath, encoding: .utf8)) ?? ""
                let peak = log.split(separator: "\n").compactMap { ResourcesLine(line: $0)?.peakResidentKilobytes }.last
                return StageJobResult(succeeded: status == 0, reason: "exit \(status) (SLURM job \(id))", peakResidentKilobytes: peak)
            }
            forwardProgress(job.logPath, &offset, progress)
            let current = state(of: id)
            if let current, current != reported, ["PENDING", "RUNNING"].contains(current) {
                progress("SLURM job \(id) \(current.lowercased())")
                reported = current
            }
            let active = ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED"]
            if current == nil || !active.contains(current!) {
                // Give the job's status file a moment to appear on the shared filesystem.
                if missingSince == nil { missingSince = Date() }
                if Date().timeIntervalSince(missingSince!) > 5 {
                    let final = current ?? "gone from the queue"
                    lock.lock()
                    let wasCancelled = cancelled
                    lock.unlock()
                    return StageJobResult(succeeded: false, reason: wasCancelled ? "cancelled (SLURM job \(id))" : "SLURM job \(id) ended \(describe(final)) without an exit status")
                }
            } else {
                missingSince = nil
            }
            usleep(UInt32(options.pollInterval * 1_000_000))
        }
    }

    public func cancelAll() {
        lock.lock()
        cancelled = true
        let ids = Array(submitted)
        lock.unlock()
        if !ids.isEmpty { _ = try? ProcessRunner.output("scancel", ids) }
    }

    /// Writes the job script and submits it with `sbatch --parsable`; returns the job id.
    func submit(_ job: StageJob) throws -> String {
        let flags = options.flags(for: job)
        let environment = job.environment
        let quote: (String) -> String = { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var script = "#!/bin/bash\n# Stage \(job.stage), written by the pipeline's SLURM launcher.\n"
        script += "cd \(quote(job.folder)) || exit 1\n"
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { script += "export \(key)=\(quote(value))\n" }
        script += ([job.executable] + job.arguments).map(quote).joined(separator: " ") + "\n"
        script += "status=$?\necho $status > exit-status.tmp && mv exit-status.tmp exit-status\nexit $status\n"
        let scriptPath = job.folder + "/job.sh"
        try AtomicFile.write(text: script, to: scriptPath)
        let name = "pipeline:" + job.stage
        let output = try ProcessRunner.output("sbatch", ["--parsable", "--job-name=\(name)", "--output=\(job.logPath)",
                                                        "--chdir=\(job.folder)"] + flags + [scriptPath])
        guard let id = output.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }), !id.isEmpty else {
            throw ProcessRunner.Failure(command: "sbatch", message: "no job id in its output '\(output)'")
        }
        return id
    }

    /// The job's state from `squeue`, or from `scontrol show job` once it left the queue; nil when SLURM no longer knows it.
    func state(of id: String) -> String? {
        if let text = try? ProcessRunner.output("squeue", ["-h", "-j", id, "-o", "%T"]),
           let line = text.split(separator: "\n").first, !line.isEmpty {
            return String(line).trimmingCharacters(in: .whitespaces)
        }
        guard let text = try? ProcessRunner.output("scontrol", ["show", "job", id]),
              let range = text.range(of: "JobState=") else { return nil }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace })
    }

    func describe(_ state: String) -> String {
        switch state {
        case "CANCELLED": return "cancelled"
        case "TIMEOUT": return "out of time"
        case "OUT_OF_MEMORY": return "out of memory"
        case "NODE_FAIL": return "with its node lost"
        case "FAILED": return "failed"
        default: return state.lowercased()
        }
    }

    func readStatus(_ path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Passes on new `progress:` lines of the job's log.
    func forwardProgress(_ log: String, _ offset: inout UInt64, _ progress: (String) -> Void) {
        guard let handle = FileHandle(forReadingAtPath: log) else { return }
        defer { try? handle.close() }
        handle.seek(toFileOffset: offset)
        let data = handle.readDataToEndOfFile()
        guard let lastNewline = data.lastIndex(of: 0x0a) else { return }
        offset += UInt64(lastNewline - data.startIndex + 1)
        let text = String(decoding: data[data.startIndex...lastNewline], as: UTF8.self)
        for line in text.split(separator: "\n") { if let text = ProgressLine.text(of: line) { progress(text) } }
    }
}
