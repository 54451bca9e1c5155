import LinearAlgebra
import Networks
import Solvers

/// The last few vectors of a sequence sampled at equal spacing, newest first, and their polynomial
/// extrapolation one spacing ahead: the warm starts of eigensolves at points that move smoothly from
/// step to step (issue 16 item 3). With k stored values x₁ (newest) … x_k, the extrapolation of
/// degree k − 1 is
///
///     k = 1: x₁,   k = 2: 2x₁ − x₂,   k = 3: 3x₁ − 3x₂ + x₃.
///
/// Its error is O(h^k) for a smooth sequence of spacing h, so a start that was O(h) from the
/// eigenvector (residual ~1e-4 on the `default` tier's gradient flow) comes within about 1e-9, and
/// Lanczos needs one or two products instead of ten. Only the start changes: the eigensolver still
/// stops at its tolerance, so results move at that tolerance's level.
public struct ExtrapolatedSequence: Equatable {
    /// How many values are kept (1…3): the extrapolation's degree plus one.
    public let depth: Int
    /// The kept values, newest first.
    public private(set) var values: [[Double]]

    public init(depth: Int, values: [[Double]] = []) {
        precondition((1...3).contains(depth), "an extrapolation keeps 1 to 3 values")
        self.depth = depth
        self.values = Array(values.prefix(depth))
    }

    /// Records the newest value (the oldest beyond `depth` is dropped).
    public mutating func append(_ x: [Double]) {
        values.insert(x, at: 0)
        if values.count > depth { values.removeLast() }
    }

    /// The extrapolated next value, or nil while nothing is stored.
    public var next: [Double]? {
        guard let newest = values.first else { return nil }
        let coefficients: [Double] = [[1], [2, -1], [3, -3, 1]][values.count - 1]
        var result = [Double](repeating: 0, count: newest.count)
        for (coefficient, value) in zip(coefficients, values) { axpy(coefficient, value, &result) }
        return result
    }
}

/// Warm starts of the Taylor centres of a constrained step, carried from step to step (issue 16
/// item 3). A step computes its centres in a fixed order of slots: 0 the gradient step, k the k-th
/// projection, each from the one before. Slot k keeps its last corrections u_k − u_{k−1} (its
/// eigenvector minus the previous centre's) and starts its next eigensolve at
/// u_{k−1} + (the corrections extrapolated linearly). On the `default` tier's MLP-tanh column this
/// takes the four eigensolves of a step from 11, 11, 8 and 2 products to about 4, 3, 1 and 1.
public struct CentreWarmStarts: Equatable {
    /// Corrections kept per slot: two, a linear extrapolation.
    public static let depth = 2
    public var corrections: [ExtrapolatedSequence]

    public init(slots: Int) {
        corrections = Array(repeating: ExtrapolatedSequence(depth: Self.depth), count: slots)
    }

    public init(corrections: [ExtrapolatedSequence]) {
        self.corrections = corrections
    }

    /// The centre at p computed after `previous` in `slot`, without ∇S (`ConstrainedTrajectory.prepared`
    /// adds it where used): its eigensolve starts from previous's u plus the slot's extrapolated
    /// correction, and the slot records the correction it finds.
    mutating func center(at p: [Double], after previous: TaylorCenter, slot: Int, oracle: SharpnessOracle<Double>) -> TaylorCenter {
        var start = previous.eigenvector
        if let correction = corrections[slot].next { axpy(1, correction, &start) }
        let centre = oracle.center(at: p, warmStart: start, computingSharpnessGradient: false)
        var correction = centre.eigenvector
        axpy(-1, previous.eigenvector, &correction)
        corrections[slot].append(correction)
        return centre
    }
}

/// Warm starts of the exact-sharpness solves at points that oscillate with period 2 (θ_t and
/// θ† + v* at the edge of stability, whose x flips sign every step): the eigenvectors of each parity
/// of t form a smooth sequence, extrapolated quadratically (`ExtrapolatedSequence`); until a parity
/// has one, the latest eigenvector of either parity starts the solve.
public struct OscillationWarmStarts: Equatable {
    /// Eigenvectors kept per parity: three, a quadratic extrapolation.
    public static let depth = 3
    /// The latest eigenvector, of either parity.
    public var latest: [Double]
    /// The eigenvectors of even and of odd steps, newest first.
    public var byParity: [ExtrapolatedSequence]

    public init(latest: [Double], byParity: [ExtrapolatedSequence]? = nil) {
        self.latest = latest
        self.byParity = byParity ?? Array(repeating: ExtrapolatedSequence(depth: Self.depth), count: 2)
    }

    /// The top eigenpair at an evaluated point of step t, started from the extrapolation of t's
    /// parity; the eigenvector (its sign kept continuous with the start) is recorded.
    public mutating func topEigenpair(at evaluation: ObjectiveEvaluation<Double>, step t: Int, oracle: SharpnessOracle<Double>) -> Eigenpairs {
        let pairs = oracle.topEigenpair(at: evaluation, continuing: byParity[t % 2].next ?? latest)
        latest = pairs.vectors[0]
        byParity[t % 2].append(latest)
        return pairs
    }
}
