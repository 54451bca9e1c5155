import Foundation
import StageProtocol

/// Prints progress lines (`ProgressLine`) to standard error, at most
/// twice a second and once at the end. The pipeline reads these lines to show live progress.
///
/// The ETA extrapolates the rate since the first update (`estimatedSeconds`), not since 0 units at
/// the start: a loop resumed from a checkpoint starts at its saved progress, and counting those units
/// as done in the elapsed time made a resumed phase 1 at 915‰ predict a minute where it took an hour.
public final class ProgressReporter {
    let label: String
    let total: Int
    let unit: String
    let isEnabled: Bool
    let start = Date()
    var lastPrint = Date.distantPast
    /// The first update's units and time: where the rate is measured from.
    var baseline: (done: Int, time: Date)?

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
        let first = baseline ?? (done, now)
        baseline = first
        guard done >= total || now.timeIntervalSince(lastPrint) >= 0.5 else { return }
        lastPrint = now
        let eta = Self.estimatedSeconds(done: done, total: total, baselineDone: first.done, secondsSinceBaseline: now.timeIntervalSince(first.time))
        let line = ProgressLine.line(done: done, total: total, unit: unit, elapsedSeconds: now.timeIntervalSince(start), etaSeconds: eta, label: label)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Seconds left at the rate since the baseline: s·(total − done)/(done − baselineDone); 0 when
    /// done, NaN (printed "?") while nothing has been done since the baseline.
    public static func estimatedSeconds(done: Int, total: Int, baselineDone: Int, secondsSinceBaseline s: Double) -> Double {
        if done >= total { return 0 }
        guard done > baselineDone else { return .nan }
        return s * Double(total - done) / Double(done - baselineDone)
    }
}
