import Foundation
import StageKit

extension Engine {
    /// What `pipeline show` prints for one stage: its definition (file:line), executable, experiment
    /// and seed, resolved parameters, inputs with their producers and content hashes, outputs with
    /// their published paths, its cluster request (`resources`), cache key and state (with the reasons it is stale), the last run's
    /// duration and peak memory, and its log. `statuses` covers the stage and everything upstream.
    public func describe(_ stage: PlannedStage, statuses: [StageStatus]) -> String {
        let byName = Dictionary(statuses.map { ($0.stage, $0) }) { first, _ in first }
        let status = byName[stage.name]
        let definition = stage.definition
        var lines = ["stage \(stage.name) (tier \(tier))",
                     "  defined at \(relativeToProject(definition.file)):\(definition.line) as \(definition.name)",
                     "  runs \(stage.executable.rawValue) \(definition.experiment) (module \(stage.module)), seed \(stage.seed)",
                     "  parameters:"]
        lines += stage.params.sorted { $0.key < $1.key }.map { "    \($0.key): \($0.value.canonicalText)" }
        if stage.params.isEmpty { lines.append("    (none)") }
        lines.append("  inputs:")
        for (role, sources) in stage.inputs {
            for source in sources {
                let content = byName[source.stage]?.key.flatMap { store.entry(forKey: $0) }?
                    .outputs.first { $0.name == source.output }.map { "content \($0.content.prefix(16))" } ?? "not produced yet"
                lines.append("    \(role) ← \(source) (\(content))")
            }
        }
        if stage.inputs.isEmpty { lines.append("    (none)") }
        lines.append("  outputs:")
        for output in stage.outputs { lines.append("    \(output) → \(stage.publishedPaths[output] ?? "?")") }
        if !stage.resources.isEmpty {
            lines.append("  cluster request: " + stage.resources.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.stringValue ?? $0.value.canonicalText)" }.joined(separator: ", "))
        }
        if let status {
            lines.append("  cache key: \(status.key ?? "unknown until the stages upstream are up to date")")
            lines.append("  state: " + (status.isUpToDate ? (status.publishProblems.isEmpty ? "up to date" : "up to date, to republish") : "stale"))
            lines += (status.reasons + status.publishProblems).map { "    \($0)" }
        }
        let current = status?.key.flatMap { store.entry(forKey: $0) }
        if let entry = current ?? store.latestKey(stage: stage.name).flatMap({ store.entry(forKey: $0) }) {
            let memory = entry.peakResidentKilobytes.map { String(format: ", peak %.1f MB resident", Double($0) / 1024) } ?? ""
            lines.append(String(format: "  last run: %.1f s%@ (%@ entry %@)", entry.seconds, memory, current == nil ? "an older" : "the current",
                                String(entry.key.prefix(12))))
        } else {
            lines.append("  last run: never")
        }
        let log = logPath(of: stage.name)
        lines.append("  log: \(relativeToProject(log))\(FileManager.default.fileExists(atPath: log) ? "" : " (none yet)")")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A path inside the project, relative to its root (others unchanged).
    func relativeToProject(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
