import Foundation

/// When a loop saves its checkpoint besides any fixed schedule of its own: once `minimumSeconds` have
/// passed since the last save, so that an interruption loses at most that long or one iteration,
/// whichever is longer, without a synced save per short iteration (issue 16 item 5). Only the
/// checkpoint's timing depends on the clock; a loop resumes bit for bit from any save.
struct CheckpointSchedule {
    /// Phase 1 and the sensitivity stage: their iterations are short.
    static let phaseOneSeconds = 60.0
    /// Tracking, besides every `checkpoint_interval` steps: a paper-size CNN step takes minutes and a
    /// Transformer step half an hour, so 50 steps would be hours to a day of work.
    static let trackingSeconds = 600.0

    let minimumSeconds: Double
    private var last: Date?

    /// `lastSave` nil: the first `isDue` is.
    init(minimumSeconds: Double = phaseOneSeconds, lastSave: Date? = nil) {
        self.minimumSeconds = minimumSeconds
        last = lastSave
    }

    /// Whether to save now; when it is, the save is counted as made now.
    mutating func isDue(now: Date = Date()) -> Bool {
        if let last, now.timeIntervalSince(last) < minimumSeconds { return false }
        last = now
        return true
    }

    /// A save made on another schedule (a checkpoint interval) restarts the clock.
    mutating func saved(now: Date = Date()) { last = now }
}
