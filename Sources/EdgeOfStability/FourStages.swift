import LinearAlgebra

/// The four stages of edge-of-stability dynamics (docs/eos.md §1.5), classified by z = x²/δ² and the
/// sign of y:
/// 1 progressive sharpening {z < 1, y < 0}; 2 blowup {z < 1, y ≥ 0};
/// 3 self-stabilization {z ≥ 1, y ≥ 0}; 4 return to stability {z ≥ 1, y < 0}.
public enum EdgeOfStabilityStage: Int, CaseIterable {
    case progressiveSharpening = 1, blowup = 2, selfStabilization = 3, returnToStability = 4

    public init(x: Double, y: Double, deltaSquared: Double) {
        let z = x * x / deltaSquared
        switch (z < 1, y < 0) {
        case (true, true): self = .progressiveSharpening
        case (true, false): self = .blowup
        case (false, false): self = .selfStabilization
        case (false, true): self = .returnToStability
        }
    }

    /// The stage that follows this one in the cycle 1 → 2 → 3 → 4 → 1.
    public var next: EdgeOfStabilityStage { EdgeOfStabilityStage(rawValue: rawValue % 4 + 1)! }
}

/// Cycle statistics of an (x, y) orbit of eq. (3).
public enum OrbitCycles {
    /// Steps t where x_t² is a local maximum of the envelope above δ²: x² grows exactly while
    /// y > 0 (|1 + ηy| > 1), so each peak marks y turning negative, once per slow cycle.
    public static func envelopePeaks(x: [Double], deltaSquared: Double) -> [Int] {
        guard x.count >= 3 else { return [] }
        var peaks: [Int] = []
        for t in 1..<(x.count - 1) {
            let current = x[t] * x[t]
            if current > deltaSquared, current >= x[t - 1] * x[t - 1], current > x[t + 1] * x[t + 1] {
                peaks.append(t)
            }
        }
        return peaks
    }

    /// Means of `values` over each window [peaks[k], peaks[k+1]) between consecutive peaks.
    public static func meansBetweenPeaks(_ values: [Double], peaks: [Int]) -> [Double] {
        guard peaks.count >= 2 else { return [] }
        return (0..<(peaks.count - 1)).map { k in
            Statistics.mean(values[peaks[k]..<peaks[k + 1]])
        }
    }

    /// The number of stage transitions that do not follow 1 → 2 → 3 → 4 → 1, not counting
    /// single-step flicker (a label that reverts on the very next step).
    public static func irregularTransitions(_ stages: [EdgeOfStabilityStage]) -> Int {
        var irregular = 0
        var t = 1
        while t < stages.count {
            let previous = stages[t - 1], current = stages[t]
            if current != previous, current != previous.next {
                let flicker = t + 1 < stages.count && stages[t + 1] == previous
                if !flicker { irregular += 1 } else { t += 1 }
            }
            t += 1
        }
        return irregular
    }

    /// The first step at which |x| exceeds `bound`, or nil if it never does.
    public static func firstExceedance(x: [Double], bound: Double) -> Int? {
        x.firstIndex { !($0.magnitude <= bound) }
    }
}
