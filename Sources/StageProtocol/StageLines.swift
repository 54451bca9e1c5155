import Foundation

/// The lines a stage process writes to standard error for the pipeline that runs it: each format
/// is written and parsed here and nowhere else (`scripts/time-paper-tier.sh` reads the progress
/// line too; keep it in step with `ProgressLine`).
public enum ProgressLine {
    static let prefix = "progress: "

    /// `progress: TEXT`, where TEXT is `done/total unit (pct%), elapsed Es, ETA Es [label]`.
    public static func line(done: Int, total: Int, unit: String, elapsedSeconds: Double, etaSeconds: Double, label: String) -> String {
        prefix + String(format: "%d/%d %@ (%.0f%%), elapsed %.1fs, ETA %@ [%@]", done, total, unit,
                        100 * Double(done) / Double(max(1, total)), elapsedSeconds,
                        etaSeconds.isFinite ? String(format: "%.1fs", etaSeconds) : "?", label)
    }

    /// The TEXT of a progress line, or nil for any other line.
    public static func text(of line: Substring) -> String? {
        line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil
    }

    /// Whether `line` is a progress line.
    public static func isProgress(_ line: Substring) -> Bool { line.hasPrefix(prefix) }
}

/// `resources: peak_rss_kb=N cpu_seconds=S`, printed once when a stage ends.
public struct ResourcesLine: Equatable {
    static let prefix = "resources: "
    public var peakResidentKilobytes: Int
    public var cpuSeconds: Double

    public init(peakResidentKilobytes: Int, cpuSeconds: Double) {
        self.peakResidentKilobytes = peakResidentKilobytes
        self.cpuSeconds = cpuSeconds
    }

    /// Parses a resources line; nil for any other line.
    public init?(line: Substring) {
        guard line.hasPrefix(Self.prefix) else { return nil }
        var fields: [Substring: Substring] = [:]
        for pair in line.dropFirst(Self.prefix.count).split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let peak = fields["peak_rss_kb"].flatMap({ Int($0) }) else { return nil }
        self.init(peakResidentKilobytes: peak, cpuSeconds: fields["cpu_seconds"].flatMap { Double($0) } ?? .nan)
    }

    public var line: String { Self.prefix + String(format: "peak_rss_kb=%ld cpu_seconds=%.2f", peakResidentKilobytes, cpuSeconds) }
}

/// The environment variables through which the pipeline talks to the stage processes it starts.
public enum StageEnvironment {
    /// `git describe` of the checkout that planned the run, recorded as provenance.
    public static let codeVersion = "DAMIAN_CODE_VERSION"
    /// BLAS threads a stage computes with (1 when unset).
    public static let blasThreads = "DAMIAN_BLAS_THREADS"
    /// The pipeline's PID: a stage dies with it.
    public static let pipelinePID = "DAMIAN_PIPELINE_PID"
}
