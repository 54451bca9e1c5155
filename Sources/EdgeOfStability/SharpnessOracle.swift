import LinearAlgebra
import Networks
import Solvers

/// Sharpness S(θ) = λ_max(∇²L(θ)), its eigenvector u, and its gradient ∇S(θ) = ∇³L(θ)[u, u]
/// for a training objective (docs/eos.md §1.1).
public struct SharpnessOracle<Scalar: RealScalar> {
    public let objective: any TrainingObjective<Scalar>
    /// Relative residual at which eigensolves stop (1e-9 in Float64, 1e-6 in Float32: docs/eos-calibration.md).
    public var tolerance: Double
    /// The step ε of the second difference of gradients for ∇S (unit u), 1e-4: on the `default`
    /// tier's MLP-tanh column it is where that estimate comes closest to the central difference of
    /// exact HVPs (α and β within 3e-7; 1e-3, the spec's suggestion, is off by 3e-5 and 3e-5 by 6e-7,
    /// docs/eos.md §3). ρ₄'s second difference of HVPs steps 10ε/‖v‖.
    public var differenceStep: Double

    public init(objective: any TrainingObjective<Scalar>, tolerance: Double? = nil, differenceStep: Double = 1e-4) {
        self.objective = objective
        self.tolerance = tolerance ?? (Scalar.self == Float.self ? 1e-6 : 1e-9)
        self.differenceStep = differenceStep
    }

    public var parameterCount: Int { objective.parameterCount }

    /// The top `count` eigenpairs of ∇²L at an evaluated point, warm-started from `start`.
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    public func topEigenpairs(at evaluation: ObjectiveEvaluation<Scalar>, start: [Double], count: Int = 1) -> Eigenpairs {
        Lanczos.topEigenpairs(count: count, start: start, relativeTolerance: tolerance, basisSize: 40) { v in
            objective.hessianVectorProduct(evaluation, along: v.map { Scalar($0) }).map { Double($0) }
        }
    }

    /// The top eigenpair started from `start`, its eigenvector's sign chosen so that u·start ≥ 0: the
    /// sign kept continuous along a trajectory whose previous u (or its extrapolation) is the start.
    public func topEigenpair(at evaluation: ObjectiveEvaluation<Scalar>, continuing start: [Double]) -> Eigenpairs {
        var pairs = topEigenpairs(at: evaluation, start: start)
        if dot(pairs.vectors[0], start) < 0 { scale(&pairs.vectors[0], by: -1) }
        return pairs
    }

    /// H(θ)v in Float64 whatever the precision of the objective.
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    public func hessianVectorProduct(at evaluation: ObjectiveEvaluation<Scalar>, along v: [Double]) -> [Double] {
        objective.hessianVectorProduct(evaluation, along: v.map { Scalar($0) }).map { Double($0) }
    }
}

/// A "Taylor centre" at p (docs/eos.md §1.3): the loss, gradient, sharpness, top eigenvector and
/// sharpness gradient, plus the evaluation that HVPs at p reuse.
public struct TaylorCenter {
    public var point: [Double]
    /// The vector the eigensolver was started from (kept so a resumed run recomputes this centre exactly).
    public var warmStart: [Double]
    public var loss: Double
    public var gradient: [Double]
    public var sharpness: Double
    public var eigenvector: [Double]
    /// ∇S at `point`, or empty where it was not computed: the centres a projection passes through
    /// get it only where a projection uses it (`ConstrainedTrajectory.prepared`).
    public var sharpnessGradient: [Double]
    public var evaluation: ObjectiveEvaluation<Double>
    /// Eigensolver residual and HVPs spent on this centre.
    public var eigenResidual: Double
    public var hessianVectorProducts: Int

    /// Whether ∇S was computed at this centre (`SharpnessOracle.withSharpnessGradient`).
    public var hasSharpnessGradient: Bool { !sharpnessGradient.isEmpty }

    /// ∇S⊥ = ∇S − u(u·∇S): the sharpness gradient without its u-component (docs/eos.md §1.2).
    public var sharpnessGradientPerpendicular: [Double] {
        precondition(hasSharpnessGradient, "∇S was not computed at this centre (SharpnessOracle.withSharpnessGradient)")
        var result = sharpnessGradient
        axpy(-dot(eigenvector, sharpnessGradient), eigenvector, &result)
        return result
    }
}

extension SharpnessOracle where Scalar == Double {
    /// ∇S(θ) = ∇³L(θ)[u, u] by the second difference of gradients along u,
    /// (g(θ+εu) − 2g(θ) + g(θ−εu))/ε², whose error is (ε²/12)∇⁵L[u,u,u,u] (docs/eos.md §1.1, §3),
    /// with g(θ) = ∇L(θ) given (every caller has it). Two gradients cost less than the central
    /// difference of HVPs, (H(θ+εu)u − H(θ−εu)u)/(2ε), which needs two tapes and two HVPs (issue 16;
    /// `make bench` times both, the "∇S" rows). Float64 only (every caller is): the generic version's
    /// element conversions, unspecialised when called from another module, cost about 0.3 s at P = 656,810.
    /// - Complexity: two gradients; no HVP.
    public func sharpnessGradient(at θ: [Double], gradient g: [Double], eigenvector u: [Double]) -> [Double] {
        let ε = differenceStep
        let (plus, minus) = Self.points(beside: θ, along: u, step: ε)
        let gPlus = objective.evaluate(at: plus).gradient
        let gMinus = objective.evaluate(at: minus).gradient
        return (0..<g.count).map { (gPlus[$0] - 2 * g[$0] + gMinus[$0]) / (ε * ε) }
    }

    /// ∇S(θ) by the central difference of exact HVPs, (H(θ+εu)u − H(θ−εu)u)/(2ε), error
    /// (ε²/6)∇⁵L[u,u,u,u]: the form ∇S took before issue 16, from the R-operator rather than the
    /// backward pass, kept as the independent check of `sharpnessGradient` (tests, `make bench`).
    /// - Complexity: two tapes and two single HVPs.
    public func sharpnessGradientFromProducts(at θ: [Double], eigenvector u: [Double]) -> [Double] {
        let ε = differenceStep
        let (plus, minus) = Self.points(beside: θ, along: u, step: ε)
        let hPlus = objective.singleHessianVectorProduct(at: plus, along: u)
        let hMinus = objective.singleHessianVectorProduct(at: minus, along: u)
        return zip(hPlus, hMinus).map { ($0 - $1) / (2 * ε) }
    }

    /// θ + εv and θ − εv: the points of a central or second difference along v.
    static func points(beside θ: [Double], along v: [Double], step ε: Double) -> (plus: [Double], minus: [Double]) {
        var plus = θ, minus = θ
        axpy(ε, v, &plus)
        axpy(-ε, v, &minus)
        return (plus, minus)
    }

    /// The Taylor centre at p, the eigensolver warm-started at `warmStart`, sign kept continuous;
    /// without ∇S (two gradients fewer) unless `computingSharpnessGradient`.
    public func center(at p: [Double], warmStart: [Double], computingSharpnessGradient: Bool = true) -> TaylorCenter {
        let evaluation = objective.evaluate(at: p)
        let pairs = topEigenpair(at: evaluation, continuing: warmStart)
        let centre = TaylorCenter(point: p, warmStart: warmStart, loss: evaluation.loss, gradient: evaluation.gradient,
                                  sharpness: pairs.values[0], eigenvector: pairs.vectors[0], sharpnessGradient: [],
                                  evaluation: evaluation, eigenResidual: pairs.residuals[0],
                                  hessianVectorProducts: pairs.operatorApplications)
        return computingSharpnessGradient ? withSharpnessGradient(centre) : centre
    }

    /// c with ∇S computed at its point (two gradients, no HVP), unless it has it.
    public func withSharpnessGradient(_ c: TaylorCenter) -> TaylorCenter {
        guard !c.hasSharpnessGradient else { return c }
        var centre = c
        centre.sharpnessGradient = sharpnessGradient(at: c.point, gradient: c.gradient, eigenvector: c.eigenvector)
        return centre
    }
}
