import LinearAlgebra
import Networks

/// The slow statistics taken along θ† at every check (docs/eos.md §1.6 "assumption monitors", §2.5
/// step 2): the loss slice along u and the sizes ρ₃, ρ₄ of the third and fourth derivatives.
public struct AssumptionCheck: Equatable {
    /// The tracked step of the check.
    public var step: Int
    /// δ used for the slice (√(2α/β) at θ†).
    public var delta: Double
    /// x and F(x) = L(θ† + x u) on linspace(−5δ, 5δ).
    public var sliceX: [Double]
    public var sliceLoss: [Double]
    /// L(θ†), u·∇L(θ†), S(θ†) and ∇³L[u,u,u] = u·∇S: the coefficients of the cubic Taylor model of the slice.
    public var loss: Double, slope: Double, sharpness: Double, cubic: Double
    /// ∇³L[v,v,v] and ∇⁴L[v,v,v,v] at the unit v that 20 power iterations reach from u.
    public var rho3: Double, rho4: Double
    /// HVPs spent on ρ₄ (ρ₃ costs 2(k + 1) gradients and the slice `sliceX.count` forward passes besides).
    public var hessianVectorProducts: Int

    /// The HVPs of ρ₄ with `powerIterations` power iterations: 3 for each iteration and the final
    /// value (∇⁴L[v,v,v] by second differences of HVPs). ρ₃'s ∇³L[v,v] costs 2 gradients each, no HVP.
    public static func hessianVectorProducts(powerIterations: Int) -> Int { 3 * (powerIterations + 1) }

    public init(step: Int, delta: Double, sliceX: [Double], sliceLoss: [Double], loss: Double, slope: Double, sharpness: Double,
                cubic: Double, rho3: Double, rho4: Double, hessianVectorProducts: Int) {
        self.step = step
        self.delta = delta
        self.sliceX = sliceX
        self.sliceLoss = sliceLoss
        self.loss = loss
        self.slope = slope
        self.sharpness = sharpness
        self.cubic = cubic
        self.rho3 = rho3
        self.rho4 = rho4
        self.hessianVectorProducts = hessianVectorProducts
    }
}

extension SharpnessOracle where Scalar == Double {
    /// ∇⁴L(θ)[v, v, v] = (H(θ+εv)v − 2H(θ)v + H(θ−εv)v)/ε² with ε = `differenceStep`/‖v‖ scaled
    /// up tenfold, since the second difference loses two orders of magnitude to round-off (error O(ε²)).
    /// - Complexity: two tapes (`evaluateForProducts`) and three HVPs.
    public func fourthDerivative(at evaluation: ObjectiveEvaluation<Double>, along v: [Double]) -> [Double] {
        let ε = 10 * differenceStep / norm(v)
        let (plus, minus) = Self.points(beside: evaluation.parameters, along: v, step: ε)
        let hPlus = objective.singleHessianVectorProduct(at: plus, along: v)
        let hMinus = objective.singleHessianVectorProduct(at: minus, along: v)
        let hCentre = objective.hessianVectorProduct(evaluation, along: v)
        return (0..<v.count).map { (hPlus[$0] - 2 * hCentre[$0] + hMinus[$0]) / (ε * ε) }
    }

    /// The power method on the homogeneous map v ↦ A(v) (degree ≥ 2) from `start` for `iterations`
    /// steps, then v·A(v) at the final unit v (the reference's ρ₃, ρ₄ monitors).
    func powerValue(start: [Double], iterations: Int, _ apply: ([Double]) -> [Double]) -> Double {
        var v = start
        scale(&v, by: 1 / norm(v))
        for _ in 0..<iterations {
            let w = apply(v)
            let size = norm(w)
            guard size > 0, size.isFinite else { return dot(v, w) }
            // A(−v) = ±A(v), so the iterate's sign is arbitrary: keep it on the side of `start`
            // so that successive iterates can be compared.
            v = w
            scale(&v, by: (dot(w, start) < 0 ? -1 : 1) / size)
        }
        return dot(v, apply(v))
    }

    /// The assumption check at a Taylor centre (docs/eos.md §2.5): the slice F(x) = L(θ† + x u) at
    /// `slicePoints` points of [−5δ, 5δ], and ρ₃, ρ₄ by `powerIterations` power iterations from u.
    /// Returns nil when α ≤ 0 (δ is then undefined and the slice has no natural scale).
    public func assumptionCheck(at c: TaylorCenter, step: Int, deltaSquared: Double,
                                slicePoints: Int = 100, powerIterations: Int = 20) -> AssumptionCheck? {
        guard deltaSquared > 0, slicePoints >= 2 else { return nil }
        let δ = deltaSquared.squareRoot()
        let xs = (0..<slicePoints).map { -5 * δ + 10 * δ * Double($0) / Double(slicePoints - 1) }
        let slice = xs.map { x -> Double in
            var point = c.point
            axpy(x, c.eigenvector, &point)
            return objective.lossValue(at: point)
        }
        let u = c.eigenvector
        let rho3 = powerValue(start: u, iterations: powerIterations) { sharpnessGradient(at: c.point, gradient: c.gradient, eigenvector: $0) }
        let rho4 = powerValue(start: u, iterations: powerIterations) { fourthDerivative(at: c.evaluation, along: $0) }
        return AssumptionCheck(step: step, delta: δ, sliceX: xs, sliceLoss: slice, loss: c.loss, slope: dot(u, c.gradient),
                               sharpness: c.sharpness, cubic: dot(u, c.sharpnessGradient), rho3: rho3, rho4: rho4,
                               hessianVectorProducts: AssumptionCheck.hessianVectorProducts(powerIterations: powerIterations))
    }
}

/// The kernels β_{s→t} = ∇S⊥_t · [∏_{k=s}^{t−1} (I − η∇²L(θ†_k)) P⊥_{u_k}] ∇S⊥_s (docs/eos.md §1.6, the
/// theory form, t ≥ s, β_{s→s} = β_s): a track starts at s with r = ∇S⊥_s; at each step t it
/// records ∇S⊥_t·r and then advances r ← (I − η∇²L(θ†_t)) P⊥_{u_t} r (one HVP per live track).
public struct BetaTrack: Equatable {
    public var start: Int
    public var vector: [Double]

    public init(start: Int, vector: [Double]) {
        self.start = start
        self.vector = vector
    }
}

/// One recorded value of a β track.
public struct BetaSample: Equatable {
    public var start: Int, step: Int, value: Double

    public init(start: Int, step: Int, value: Double) {
        self.start = start
        self.step = step
        self.value = value
    }
}
