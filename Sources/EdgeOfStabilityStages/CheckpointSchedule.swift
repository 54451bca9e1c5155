import Foundation

/// When a loop whose iterations are short saves its checkpoint: at the first chance, then once
/// `minimumSeconds` have passed since the last save, so that an interruption loses at most a minute
/// or one iteration, whichever is longer, without a synced save per iteration (issue 16 item 5).
/// Only the checkpoint's timing depends on the clock; a loop resumes bit for bit from any save.
struct CheckpointSchedule {
    static let minimumSeconds = 60.0
    private var last: Date?

    mutating func isDue(now: Date = Date()) -> Bool {
        if let last, now.timeIntervalSince(last) < Self.minimumSeconds { return false }
        last = now
        return true
    }
}
