import LinearAlgebra

/// The slow cycles of a tracked run's x² envelope after its first blowup (docs/eos.md §5 C8): each runs
/// from one envelope minimum to the next.
///
/// The envelope is e_t = max(x_t², x_{t+1}²)/δ_t², which removes the period-2 sign flips. A step t ≥ b
/// (b the first blowup) is an envelope minimum when e_t is the smallest value within ±`halfWidth`
/// steps (all inside [b, end); the first of equal values) and lies at most `prominence` × the envelope's peak on each side
/// (up to the neighbouring candidate minimum, or b, or the end). A window from b itself is never a
/// cycle: it starts at the blowup peak and holds only its overshoot.
public struct AmplitudeCycles {
    /// Half-width of the neighbourhood of a minimum: slow cycles last far longer than 2·20 steps.
    public static let halfWidth = 20
    /// A minimum lies at most this fraction of the envelope peaks on both sides of it.
    public static let prominence = 0.8

    /// The first blowup: the first step with x² ≥ δ² (δ² > 0), or the series' length when there is none.
    public let blowup: Int
    /// The envelope minima, in order.
    public let minima: [Int]
    /// The series' length.
    public let count: Int
    /// The complete cycles [minima[k], minima[k + 1]).
    public var windows: [(Int, Int)] { zip(minima, minima.dropFirst()).map { ($0, $1) } }
    /// Where C8 averages: the complete cycles, or [blowup, end) when none completes, or nothing without a blowup.
    public let evaluationWindows: [(Int, Int)]
    /// C8's statistic ⟨x²⟩/⟨δ²⟩ over each of `evaluationWindows`, in order.
    public let amplitudeRatios: [Double]

    public init(x²: [Double], δ²: [Double]) {
        count = min(x².count, δ².count)
        let blowup = (0..<count).first { δ²[$0] > 0 && x²[$0] >= δ²[$0] } ?? count
        self.blowup = blowup
        minima = Self.minima(x², δ², blowup: blowup, end: count - 1)
        let cycles = zip(minima, minima.dropFirst()).map { ($0, $1) }
        evaluationWindows = !cycles.isEmpty ? cycles : blowup < count ? [(blowup, count)] : []
        amplitudeRatios = evaluationWindows.map { Statistics.mean(x²[$0.0..<$0.1]) / Statistics.mean(δ²[$0.0..<$0.1]) }
    }

    /// The envelope minima in [blowup, end), by the rule above.
    static func minima(_ x²: [Double], _ δ²: [Double], blowup: Int, end: Int) -> [Int] {
        guard blowup < end else { return [] }
        let envelope = (0..<end).map { max(x²[$0], x²[$0 + 1]) / δ²[$0] }
        let w = Self.halfWidth
        // The smallest within ±w; of equal values the first (ties would otherwise hide each other).
        let candidates = stride(from: blowup + w, to: end - w, by: 1).filter { t in
            envelope[(t - w)..<t].allSatisfy { envelope[t] < $0 } && envelope[(t + 1)...(t + w)].allSatisfy { envelope[t] <= $0 }
        }
        return candidates.indices.filter { k in
            let t = candidates[k]
            let left = envelope[(k > 0 ? candidates[k - 1] : blowup)...t].max()!
            let right = envelope[t..<(k + 1 < candidates.count ? candidates[k + 1] : end)].max()!
            return envelope[t] <= Self.prominence * min(left, right)
        }.map { candidates[$0] }
    }
}
