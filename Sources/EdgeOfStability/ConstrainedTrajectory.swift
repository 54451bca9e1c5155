import LinearAlgebra
import Networks

/// The constrained trajectory θ† of projected gradient descent on {S(θ) ≤ 2/η, u·∇L = 0}, with the
/// linearised projection of the authors' code (docs/eos.md §1.3).
public struct ConstrainedTrajectory {
    public let oracle: SharpnessOracle<Double>
    public let learningRate: Double
    /// How many linear projections `project` applies at most (the reference's `num_proj_steps` = 3).
    public var projectionSteps: Int
    /// `project` stops early once the constraints hold tightly (`constraintsHold`) and the next
    /// linear projection would move the point by at most this times ‖p‖: each projection gains about
    /// three digits, so after two the third usually moves θ† by 1e-11 to 1e-9 of its norm and costs
    /// a whole Taylor centre (issue 16: fewer HVPs per tracked step).
    public static let negligibleMove = 1e-9

    public init(oracle: SharpnessOracle<Double>, learningRate: Double, projectionSteps: Int = 3) {
        self.oracle = oracle
        self.learningRate = learningRate
        self.projectionSteps = projectionSteps
    }

    /// One linear projection of a centre:
    /// 1. ∇S⊥ = ∇S − u(u·∇S);
    /// 2. Δ_S = −max(0, S − 2/η)·∇S⊥/‖∇S⊥‖²  (linearised step onto {S = 2/η});
    /// 3. Δ_N = −u(u·g)/S  (one Newton step along u that zeroes u·∇L);
    /// 4. p ← p + Δ_S + Δ_N, and the centre is recomputed there (warm start: the old u), without
    ///    ∇S (`prepared` adds it where the next projection or the result uses it).
    /// The centre's eigensolve starts from the old u plus this slot's extrapolated correction.
    /// c must be `prepared`.
    public func linearProject(_ c: TaylorCenter, slot: Int, warmStarts: inout CentreWarmStarts) -> TaylorCenter {
        var p = c.point
        if let step = sharpnessExcess(c) { axpy(-step.excess / step.β, step.gradSPerp, &p) }
        axpy(-dot(c.eigenvector, c.gradient) / c.sharpness, c.eigenvector, &p)
        return warmStarts.center(at: p, after: c, slot: slot, oracle: oracle)
    }

    /// c with ∇S computed (two gradients) when S > 2/η, where Δ_S and `projectionMove` use it, and
    /// not yet there. Below 2/η a projection moves along u alone, so a centre there needs no ∇S
    /// unless it is the result (issue 16 item 3: on the `default` tier every MLP-tanh step's second
    /// projection lands below 2/η, and its ∇S was work that nothing read).
    public func prepared(_ c: TaylorCenter) -> TaylorCenter {
        isAboveThreshold(c) ? oracle.withSharpnessGradient(c) : c
    }

    /// Whether S > 2/η at c: a projection from c then steps along ∇S⊥ (Δ_S), so c needs ∇S.
    private func isAboveThreshold(_ c: TaylorCenter) -> Bool { c.sharpness > 2 / learningRate }

    /// What Δ_S is made of at a prepared centre above 2/η: ∇S⊥, the excess S − 2/η and
    /// β = ‖∇S⊥‖²; nil at or below 2/η, or where ∇S⊥ = 0 (no step along it).
    private func sharpnessExcess(_ c: TaylorCenter) -> (gradSPerp: [Double], excess: Double, β: Double)? {
        guard isAboveThreshold(c) else { return nil }
        let gradSPerp = c.sharpnessGradientPerpendicular
        let β = dot(gradSPerp, gradSPerp)
        return β > 0 ? (gradSPerp, c.sharpness - 2 / learningRate, β) : nil
    }

    /// `linearProject` with no history: the eigensolve starts from the old u.
    public func linearProject(_ c: TaylorCenter) -> TaylorCenter {
        var none = CentreWarmStarts(slots: 1)
        return linearProject(c, slot: 0, warmStarts: &none)
    }

    /// The relative size of the move `linearProject` would make, ‖Δ_S + Δ_N‖/‖p‖ (Δ_S ⊥ u, so
    /// ‖Δ‖² = (max(0, S − 2/η)/‖∇S⊥‖)² + (u·g/S)²). c must be `prepared`.
    public func projectionMove(_ c: TaylorCenter) -> Double {
        let alongConstraint = sharpnessExcess(c).map { $0.excess / $0.β.squareRoot() } ?? 0
        let alongU = dot(c.eigenvector, c.gradient) / c.sharpness
        return (alongConstraint * alongConstraint + alongU * alongU).squareRoot() / norm(c.point)
    }

    /// Whether a centre meets the constraints tightly: S ≤ (1 + 1e-7)·2/η and |u·∇L| ≤ 1e-9·‖∇L‖
    /// (C5 allows 1e-4 and 1e-6).
    public func constraintsHold(_ c: TaylorCenter) -> Bool {
        c.sharpness <= (2 / learningRate) * (1 + 1e-7) && abs(dot(c.eigenvector, c.gradient)) <= 1e-9 * norm(c.gradient)
    }

    /// Up to `projectionSteps` linear projections, stopping once the constraints hold tightly and
    /// the next would move the point by at most `negligibleMove`·‖p‖. Each centre gets ∇S only
    /// where used (`prepared`, and the returned centre). The returned centre's
    /// `hessianVectorProducts` counts every product the projection spent (its centres' eigensolves;
    /// ∇S costs gradients, not products).
    /// The k-th projection's centre starts its eigensolve from slot k of `warmStarts` (slot 0 is the
    /// gradient step's).
    public func project(_ c: TaylorCenter, warmStarts: inout CentreWarmStarts) -> TaylorCenter {
        var center = c
        var products = 0
        for index in 0..<projectionSteps {
            center = prepared(center)
            if constraintsHold(center) && projectionMove(center) <= Self.negligibleMove { break }
            center = linearProject(center, slot: 1 + index, warmStarts: &warmStarts)
            products += center.hessianVectorProducts
        }
        center = oracle.withSharpnessGradient(center)
        center.hessianVectorProducts = products
        return center
    }

    /// `project` with no history of warm starts.
    public func project(_ c: TaylorCenter) -> TaylorCenter {
        var none = warmStartSlots()
        return project(c, warmStarts: &none)
    }

    /// An empty history with one slot per centre of a step: the gradient step and each projection.
    public func warmStartSlots() -> CentreWarmStarts {
        CentreWarmStarts(slots: 1 + projectionSteps)
    }

    /// Linear projections until the constraints hold tightly (|S − 2/η| ≤ 1e-7·2/η when S was
    /// above 2/η, |u·∇L| ≤ 1e-9·‖∇L‖) or `maximumSteps` are spent. Used for θ†_0, which starts
    /// further from the constraint set than later steps: each linear projection gains about one
    /// digit there, and three (the reference's choice) leave u·∇L/‖∇L‖ near 1e-5.
    public func projectUntilConverged(_ c: TaylorCenter, maximumSteps: Int = 12) -> TaylorCenter {
        var center = c
        var products = 0
        for _ in 0..<maximumSteps {
            if constraintsHold(center) { break }
            center = linearProject(prepared(center))
            products += center.hessianVectorProducts
        }
        center = oracle.withSharpnessGradient(center)
        center.hessianVectorProducts = products
        return center
    }

    /// θ†_{t+1} = project(centre(θ†_t − η∇L(θ†_t))).
    /// - Complexity: at most (1 + projectionSteps) × (gradient + warm eigensolve + ∇S).
    /// Each centre's eigensolve is warm-started from `warmStarts`, which it updates.
    public func step(_ c: TaylorCenter, warmStarts: inout CentreWarmStarts) -> TaylorCenter {
        project(gradientStep(c, warmStarts: &warmStarts), warmStarts: &warmStarts)
    }

    /// The centre at θ† − η∇L(θ†), before projection (warm start: slot 0 of `warmStarts`), without
    /// ∇S: `project` computes it there when S > 2/η.
    public func gradientStep(_ c: TaylorCenter, warmStarts: inout CentreWarmStarts) -> TaylorCenter {
        var p = c.point
        axpy(-learningRate, c.gradient, &p)
        return warmStarts.center(at: p, after: c, slot: 0, oracle: oracle)
    }

    /// `gradientStep` with no history: the eigensolve starts from θ†'s u.
    public func gradientStep(_ c: TaylorCenter) -> TaylorCenter {
        var none = warmStartSlots()
        return gradientStep(c, warmStarts: &none)
    }
}

/// The coefficients of eq. (3) and the diagnostics along θ† (docs/eos.md §1.2).
public struct SelfStabilizationCoefficients {
    /// α = −∇L·∇S⊥, the progressive-sharpening rate.
    public var alpha: Double
    /// β = ‖∇S⊥‖², the self-stabilization strength.
    public var beta: Double
    /// δ² = 2α/β (negative when α ≤ 0: flagged rather than NaN, docs/eos.md §1.2).
    public var deltaSquared: Double
    /// γ = α/(‖∇L‖·‖∇S⊥‖).
    public var gamma: Double
    /// u·∇L/S.
    public var newtonX: Double
    public var gradientNorm: Double
    /// ‖∇L − u(u·∇L) − ∇S⊥(∇S⊥·∇L)/β‖: the distance from a KKT point.
    public var perpendicularGradientNorm: Double

    public init(_ c: TaylorCenter) {
        let gradSPerp = c.sharpnessGradientPerpendicular
        alpha = -dot(c.gradient, gradSPerp)
        beta = dot(gradSPerp, gradSPerp)
        deltaSquared = 2 * alpha / beta
        gradientNorm = norm(c.gradient)
        gamma = alpha / (gradientNorm * beta.squareRoot())
        newtonX = dot(c.eigenvector, c.gradient) / c.sharpness
        var residual = c.gradient
        axpy(-dot(c.eigenvector, c.gradient), c.eigenvector, &residual)
        axpy(-dot(gradSPerp, c.gradient) / beta, gradSPerp, &residual)
        perpendicularGradientNorm = norm(residual)
    }
}
