import Foundation

/// How `pipeline run` and `rerun` behave.
public struct RunOptions {
    /// Stages (expanded names or definition names) to bring up to date; empty means the tier's targets.
    public var targets: [String] = []
    /// Stages to run again even when cached (definition names match all their sweep points).
    public var force: Set<String> = []
    /// How many stages may run at once.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Let independent stages finish after one fails.
    public var keepGoing = false
    /// How long to wait for another process's lock on a stage, in seconds.
    public var lockTimeout: TimeInterval = 6 * 3600

    public init() {}
}

/// What a run did, for its closing summary and exit status.
public struct RunSummary {
    public var ran: [String] = []
    public var cached: [String] = []
    public var failed: [(stage: String, reason: String, log: String)] = []
    public var skipped: [String] = []
    public var interrupted = false
    public var seconds: Double = 0

    public var line: String {
        var text = "ran \(ran.count), cached \(cached.count), failed \(failed.count)"
        if !skipped.isEmpty { text += ", skipped \(skipped.count)" }
        if interrupted { text += ", interrupted" }
        return text + String(format: " in %.1fs", seconds)
    }
}
