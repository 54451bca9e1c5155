import Foundation

/// Prints `progress: done/total unit (pct%), elapsed …, ETA …` lines to standard error, at most
/// twice a second and once at the end. The pipeline reads these lines to show live progress.
public final class ProgressReporter {
    let label: String
    let total: Int
    let unit: String
    let isEnabled: Bool
    let start = Date()
    var lastPrint = Date.distantPast

    init(label: String, total: Int, unit: String, isEnabled: Bool) {
        self.label = label
        self.total = max(1, total)
        self.unit = unit
        self.isEnabled = isEnabled
    }

    /// Reports that `done` of the total units are finished.
    public func update(_ done: Int) {
        guard isEnabled else { return }
        let now = Date()
        guard done >= total || now.timeIntervalSince(lastPrint) >= 0.5 else { return }
        lastPrint = now
        let elapsed = now.timeIntervalSince(start)
        let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : .nan
        let line = String(format: "progress: %d/%d %@ (%.0f%%), elapsed %.1fs, ETA %@ [%@]\n", done, total, unit,
                          100 * Double(done) / Double(total), elapsed, eta.isFinite ? String(format: "%.1fs", eta) : "?", label)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
