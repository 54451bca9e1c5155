import Foundation

/// What a run tells the user on standard error: each stage started, cached, finished or failed,
/// the latest progress line of running stages (with ETA), and notes such as lock waits.
public final class ProgressDisplay {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let verbose: Bool
    private var lastPrinted: [String: Date] = [:]
    private var statusLineShown = false

    public init(verbose: Bool = false) { self.verbose = verbose }

    func emit(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if statusLineShown { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)); statusLineShown = false }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    public func note(_ text: String) { emit("  note: \(text)") }
    func started(_ stage: String) { emit("▶ \(stage)") }
    func cached(_ stage: String) { emit("= \(stage) (cached)") }
    func succeeded(_ stage: String, seconds: Double) { emit(String(format: "✓ %@ (%.1fs)", stage, seconds)) }
    /// Reports a failure with the last lines of the stage's log, where its error message is.
    func failed(_ stage: String, reason: String, log: String) {
        var text = "✗ \(stage) FAILED: \(reason)"
        if !log.isEmpty {
            let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { !$0.hasPrefix("progress: ") }.suffix(6)
            text += lines.map { "\n    | \($0)" }.joined() + "\n    log: \(log)"
        }
        emit(text)
    }

    /// A progress line from a running stage: on a terminal it rewrites one status line; otherwise
    /// it is printed at most every 10 seconds per stage (every line with `verbose`).
    func progress(_ stage: String, _ line: String) {
        let text = "  \(stage): \(line.replacingOccurrences(of: #" \[[^\]]*\]$"#, with: "", options: .regularExpression))"
        lock.lock()
        defer { lock.unlock() }
        if isTerminal && !verbose {
            FileHandle.standardError.write(Data(("\r\u{1b}[K" + text.prefix(150)).utf8))
            statusLineShown = true
            return
        }
        let now = Date()
        if verbose || now.timeIntervalSince(lastPrinted[stage] ?? .distantPast) >= 10 || line.contains("(100%)") {
            lastPrinted[stage] = now
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if statusLineShown { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)); statusLineShown = false }
    }
}
