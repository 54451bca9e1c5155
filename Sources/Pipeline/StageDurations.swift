import Foundation

/// Typical stage durations of a tier, `reference/durations.<tier>.tsv` (`stage<TAB>seconds`, written by
/// `pipeline report --write-durations` from the current cache entries): the whole-run ETA's estimate
/// for a stage this cache has never run, as in a fresh clone. Seconds of the machine that wrote it.
public enum StageDurations {
    public static func path(root: String, tier: String) -> String { "\(root)/\(ResultReference.folder)/durations.\(tier).tsv" }

    /// The committed durations of a tier; empty when there is no file (a malformed line is skipped:
    /// an ETA is an estimate, and never stops a run).
    public static func read(root: String, tier: String) -> [String: Double] {
        guard let text = try? String(contentsOfFile: path(root: root, tier: tier), encoding: .utf8) else { return [:] }
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            if fields.count == 2, let seconds = Double(fields[1]), seconds >= 0 { result[String(fields[0])] = seconds }
        }
        return result
    }

    public static func text(tier: String, seconds: [(stage: String, seconds: Double)]) -> String {
        "# typical stage durations of tier \(tier) (seconds), for the run ETA; written by `pipeline report --write-durations`\n"
            + seconds.map { "\($0.stage)\t\(String(format: "%.1f", $0.seconds))\n" }.joined()
    }
}
