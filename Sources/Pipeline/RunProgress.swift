import Foundation

/// The state of a whole run for its status line: how many stages are done, running and left, and
/// an ETA from each stage's expected duration (its previous run's, from the cache entries).
///
/// ETA = max(W / jobs, max over running stages of their expected remainder), where
/// W = Σ expected durations of the stages not started + Σ max(expected − elapsed, 0) of the running ones:
/// the work left spread over the job slots, but never less than the longest running stage needs.
/// A stage whose expected duration is only a guess (it never ran anywhere this run can see) takes
/// the mean duration of the stages of its group (its definition's sweep points) as soon as one ran.
public struct RunProgress: Equatable {
    public enum State: Equatable { case waiting, running(since: Date), ran, cached, failed }

    /// Expected seconds per stage (0 for a stage whose result is already in the cache).
    public private(set) var expected: [String: Double]
    public let jobs: Int
    public let start: Date
    public private(set) var states: [String: State]
    /// Each stage's group, and the stages whose expected duration is a guess.
    let groups: [String: String]
    let guessed: Set<String>
    private var observed: [String: [Double]] = [:]

    public init(expected: [String: Double], jobs: Int, start: Date, groups: [String: String] = [:], guessed: Set<String> = []) {
        self.expected = expected
        self.jobs = max(1, jobs)
        self.start = start
        self.groups = groups
        self.guessed = guessed
        states = expected.mapValues { _ in .waiting }
    }

    public mutating func started(_ stage: String, at time: Date) { states[stage] = .running(since: time) }

    /// A stage ended; one that ran after `seconds` re-estimates the guessed stages of its group still waiting.
    public mutating func finished(_ stage: String, _ state: State, seconds: Double? = nil) {
        states[stage] = state
        guard state == .ran, let seconds, let group = groups[stage] else { return }
        observed[group, default: []].append(seconds)
        let mean = observed[group]!.reduce(0, +) / Double(observed[group]!.count)
        for name in guessed where groups[name] == group && states[name] == .waiting { expected[name] = mean }
    }

    public var total: Int { states.count }
    public func count(_ predicate: (State) -> Bool) -> Int { states.values.filter(predicate).count }
    public var ran: Int { count { $0 == .ran } }
    public var cached: Int { count { $0 == .cached } }
    public var failed: Int { count { $0 == .failed } }
    public var running: [String] {
        states.compactMap { name, state in if case .running = state { return name } else { return nil } }.sorted()
    }
    public var left: Int { count { $0 == .waiting } }

    /// Seconds until the run ends, by the formula above.
    public func secondsLeft(at now: Date) -> Double {
        var work = 0.0, longest = 0.0
        for (name, state) in states {
            let duration = expected[name] ?? 0
            switch state {
            case .waiting: work += duration
            case .running(let since):
                let remainder = max(duration - now.timeIntervalSince(since), 0)
                work += remainder
                longest = max(longest, remainder)
            case .ran, .cached, .failed: break
            }
        }
        return max(work / Double(jobs), longest)
    }

    /// "[12/427] ran 3, cached 9, running 2, left 413 · 1m05s elapsed · about 8m40s left".
    public func line(at now: Date) -> String {
        let done = ran + cached + failed
        var parts = ["ran \(ran)", "cached \(cached)"]
        if failed > 0 { parts.append("failed \(failed)") }
        parts += ["running \(running.count)", "left \(left)"]
        return "[\(done)/\(total)] " + parts.joined(separator: ", ")
            + " · \(RunProgress.duration(now.timeIntervalSince(start))) elapsed · about \(RunProgress.duration(secondsLeft(at: now))) left"
    }

    /// 59s, 4m05s, 2h03m.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
