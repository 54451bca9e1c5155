import Foundation
import StageProtocol

/// Prints progress lines (`ProgressLine`) to standard error, at most
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
        let line = ProgressLine.line(done: done, total: total, unit: unit, elapsedSeconds: elapsed, etaSeconds: eta, label: label)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
