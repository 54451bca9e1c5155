import Foundation
import StageKit

/// Everything needed to run one stage process anywhere: the seam between the engine and the
/// machine (local processes today, a cluster scheduler later). Paths are absolute and lie inside
/// the project, so a job can run on any machine that shares the project's filesystem.
public struct StageJob {
    public var stage: String
    public var executable: String
    public var arguments: [String]
    /// Variables added to the launching environment.
    public var environment: [String: String]
    /// The job's private folder: its parameters, its output folder and nothing else.
    public var folder: String
    /// Where the process's standard output and error go.
    public var logPath: String
    /// Resource requests from the stage definition (cpus, memory_mb, time_minutes), for cluster launchers.
    public var resources: [String: JSONValue]
}

/// How a launched job ended.
public struct StageJobResult: Equatable {
    public var succeeded: Bool
    /// In words: "exit 0", "exit 3", "killed by signal 9", "cancelled".
    public var reason: String
    /// The stage process's peak resident memory, from its `resources:` line, when it printed one.
    public var peakResidentKilobytes: Int?

    public init(succeeded: Bool, reason: String, peakResidentKilobytes: Int? = nil) {
        self.succeeded = succeeded
        self.reason = reason
        self.peakResidentKilobytes = peakResidentKilobytes
    }
}

/// Launches stage jobs. `run` blocks until the job ends and is called from several threads at
/// once (one per concurrently running stage); `progress` receives the job's progress lines.
/// Jobs never publish or cache anything: the engine commits their outputs afterwards.
public protocol StageLauncher: AnyObject {
    /// A short name for messages ("local", "slurm").
    var name: String { get }
    func run(_ job: StageJob, progress: @escaping (String) -> Void) throws -> StageJobResult
    /// Stops every job still running (on SIGINT).
    func cancelAll()
    /// The job folder's name for a cache key under `.pipeline/jobs/`. Local jobs use a fresh name
    /// per attempt; a cluster launcher uses a stable one so that a later run can adopt its work.
    func jobFolderName(key: String) -> String
}

extension StageLauncher {
    public func jobFolderName(key: String) -> String { "\(key)-\(getpid())-\(UInt32.random(in: 0 ... .max))" }
}
