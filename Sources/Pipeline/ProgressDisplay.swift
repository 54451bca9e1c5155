import Foundation
import StageProtocol

/// What a run tells the user on standard error.
///
/// On a terminal: stages that ran (✓), failed (✗) and notes scroll; below them a live block shows
/// one line for the whole run (`RunProgress`: done, running, left, elapsed, ETA) and the latest
/// progress line of each running stage; cached stages are summed in one line at the end.
/// In a log (no terminal): one line per stage started, cached, finished or failed, each running
/// stage's progress at most every 10 seconds, and the whole-run line at most every 30 seconds.
/// `verbose` prints every progress line and every cached stage in both cases.
public final class ProgressDisplay {
    private let lock = NSLock()
    private let isTerminal: Bool
    private let verbose: Bool
    private var lastPrinted: [String: Date] = [:]
    private var lastRunLine = Date.distantPast
    private var lastDraw = Date.distantPast
    /// Lines of the live block now on the terminal (0: none).
    private var blockLines = 0
    private var run: RunProgress?
    private var latestProgress: [String: String] = [:]

    public init(verbose: Bool = false, terminal: Bool? = nil) {
        self.verbose = verbose
        isTerminal = terminal ?? (isatty(STDERR_FILENO) != 0)
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// Removes the live block; call with the lock held.
    private func clearBlock() {
        guard blockLines > 0 else { return }
        write("\r\u{1b}[K" + String(repeating: "\u{1b}[1A\u{1b}[K", count: blockLines - 1))
        blockLines = 0
    }

    /// Draws the live block (terminal only); call with the lock held.
    private func drawBlock(force: Bool = false) {
        guard isTerminal, !verbose, let run else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        clearBlock()
        let lines = [run.line(at: now)] + run.running.map { "  \($0): \(latestProgress[$0] ?? "started")" }
        write(lines.map { String($0.prefix(160)) }.joined(separator: "\n"))
        blockLines = lines.count
    }

    /// A line that stays: printed above the live block, which is then redrawn.
    func emit(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        clearBlock()
        write(text + "\n")
        drawBlock(force: true)
    }

    /// The run begins: the stages it may run with their expected seconds, and its job slots.
    public func begin(_ estimate: Engine.DurationEstimate, jobs: Int) {
        lock.lock()
        defer { lock.unlock() }
        run = RunProgress(expected: estimate.seconds, jobs: jobs, start: Date(), groups: estimate.groups, guessed: estimate.guessed)
    }

    public func note(_ text: String) { emit("  note: \(text)") }

    func started(_ stage: String) {
        lock.lock()
        run?.started(stage, at: Date())
        lock.unlock()
        if isTerminal && !verbose { redraw() } else { emit("▶ \(stage)") }
    }

    func cached(_ stage: String) {
        lock.lock()
        run?.finished(stage, .cached)
        lock.unlock()
        if isTerminal && !verbose { redraw() } else { emit("= \(stage) (cached)") }
    }

    func succeeded(_ stage: String, seconds: Double) {
        lock.lock()
        run?.finished(stage, .ran, seconds: seconds)
        latestProgress[stage] = nil
        lock.unlock()
        emit(String(format: "✓ %@ (%.1fs)", stage, seconds))
        lock.lock()
        logRunLine(at: Date())  // stages without progress lines of their own still move the log's run line
        lock.unlock()
    }

    /// Reports a failure with the last lines of the stage's log, where its error message is.
    func failed(_ stage: String, reason: String, log: String) {
        lock.lock()
        run?.finished(stage, .failed)
        latestProgress[stage] = nil
        lock.unlock()
        var text = "✗ \(stage) FAILED: \(reason)"
        if !log.isEmpty {
            let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { !ProgressLine.isProgress($0) }.suffix(6)
            text += lines.map { "\n    | \($0)" }.joined() + "\n    log: \(log)"
        }
        emit(text)
    }

    private func redraw() {
        lock.lock()
        defer { lock.unlock() }
        drawBlock()
    }

    /// A progress line from a running stage (its own `[executable experiment]` suffix dropped).
    func progress(_ stage: String, _ line: String) {
        let text = line.replacingOccurrences(of: #" \[[^\]]*\]$"#, with: "", options: .regularExpression)
        lock.lock()
        defer { lock.unlock() }
        if isTerminal && !verbose {
            latestProgress[stage] = text
            drawBlock()
            return
        }
        let now = Date()
        if verbose || now.timeIntervalSince(lastPrinted[stage] ?? .distantPast) >= 10 || line.contains("(100%)") {
            lastPrinted[stage] = now
            write("  \(stage): \(text)\n")
        }
        logRunLine(at: now)
    }

    /// In a log, the whole-run line at most every 30 s; call with the lock held.
    private func logRunLine(at now: Date) {
        guard !isTerminal, !verbose, let run, now.timeIntervalSince(lastRunLine) >= 30 else { return }
        lastRunLine = now
        write("run: \(run.line(at: now))\n")
    }

    /// The run ended: the live block goes, and on a terminal the cached stages are summed in one line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        clearBlock()
        if isTerminal && !verbose, let run, run.cached > 0 {
            write("= \(run.cached) stage\(run.cached == 1 ? "" : "s") up to date (cached)\n")
        }
    }
}
