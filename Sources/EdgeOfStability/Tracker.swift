import LinearAlgebra
import Networks

/// Settings of phase 2 (docs/eos.md §2.5, §6 budget levers).
public struct TrackingSettings: Equatable {
    public var learningRate: Double
    /// Tracked steps at most.
    public var steps: Int
    /// Every this many steps: top-2 eigenpairs at θ† and the eigengap guard (the reference: 50).
    public var checkInterval: Int = 50
    /// Exact sharpness at θ and θ† + v* every this many steps (1 = every step).
    public var exactSharpnessInterval: Int = 1
    /// Linear projections per constrained step (the reference: 3).
    public var projectionSteps: Int = 3
    /// Stop when λ₂(θ†) > eigengapLimit/η (the reference: 1.9).
    public var eigengapLimit: Double = 1.9
    /// Use the generalised predicted recursion (exact gradient along u) instead of the standard one.
    public var generalisedPrediction = false
    /// β_{s→t} tracks: one starts at every check, at most this many live (the oldest is dropped; 0: none).
    public var betaTrackLimit: Int = 4
    /// Points of the loss slice at each check (0: no assumption checks), and power iterations for ρ₃, ρ₄.
    public var slicePoints: Int = 100
    public var monitorIterations: Int = 20

    public init(learningRate: Double, steps: Int) {
        self.learningRate = learningRate
        self.steps = steps
    }
}

/// Per-step series of phase 2: what the figures and claims read. NaN marks "not computed".
public struct TrackingRecord: Equatable {
    public var step: [Double] = []
    // Gradient descent θ_t.
    public var gdLoss: [Double] = [], gdSharpness: [Double] = [], gdX: [Double] = [], gdDistance: [Double] = []
    // Predicted dynamics θ†_t + v*_t.
    public var predictedLoss: [Double] = [], predictedSharpness: [Double] = [], predictedX: [Double] = []
    public var predictedY: [Double] = [], predictedDistance: [Double] = []
    // The constrained trajectory θ†_t.
    public var daggerLoss: [Double] = [], daggerSharpness: [Double] = [], sharpnessBeforeProjection: [Double] = []
    public var alpha: [Double] = [], beta: [Double] = [], deltaSquared: [Double] = [], gamma: [Double] = []
    public var newtonX: [Double] = [], gradientNorm: [Double] = [], perpendicularGradientNorm: [Double] = []
    public var newtonResidual: [Double] = [], eigenResidual: [Double] = []
    // Gradient flow.
    public var flowLoss: [Double] = [], flowSharpness: [Double] = [], flowDistance: [Double] = []
    // Every `checkInterval` steps.
    public var checkStep: [Double] = [], lambda1: [Double] = [], lambda2: [Double] = []
    /// θ_t, θ†_t and v*_t at every check (float64): the points a reader recomputes L and S at.
    public var checkParameters: [[Double]] = [], checkDaggerPoints: [[Double]] = [], checkPredictedDisplacements: [[Double]] = []
    /// Hessian-vector products spent, cumulative per step, in all and by purpose
    /// (`HessianVectorProductPurpose`; the purposes sum to the total).
    public var hessianVectorProducts: [Double] = []
    public var productsForGDSharpness: [Double] = [], productsForPredictedSharpness: [Double] = []
    public var productsForChecks: [Double] = [], productsForGradientFlow: [Double] = []
    public var productsForPredictedStep: [Double] = [], productsForBetaTracks: [Double] = []
    public var productsForConstrainedTrajectory: [Double] = []
    /// β_{s→t} values of every track, in the order recorded.
    public var betaSamples: [BetaSample] = []
    /// Loss slices and ρ₃, ρ₄ at the checks where α > 0.
    public var assumptionChecks: [AssumptionCheck] = []

    public init() {}
}

/// Phase 2 (docs/eos.md §2.5): gradient descent, gradient flow, the constrained trajectory θ† and the
/// predicted dynamics v*, advanced together one step at a time, with the statistics of each step.
public final class Tracker {
    /// Evaluations alive at once during `advance()`, at least: θ†'s centre, the gradient-flow
    /// point, θ_t and θ† + v* (the projection briefly adds its own centres). Times
    /// `SupervisedObjective.evaluationByteCount`, a lower bound of the tracker's memory.
    public static let liveEvaluations = 4
    public let oracle: SharpnessOracle<Double>
    public let settings: TrackingSettings
    let constrained: ConstrainedTrajectory

    /// The state that determines the rest of the run (saved in checkpoints).
    public struct State {
        public var step: Int
        /// θ_t (gradient descent).
        public var parameters: [Double]
        /// θ†_t and the eigensolver start that produced its centre.
        public var daggerPoint: [Double]
        public var daggerWarmStart: [Double]
        /// S(θ†) before the projection that made θ†_t.
        public var daggerSharpnessBeforeProjection: Double
        /// v*_t.
        public var predictedDisplacement: [Double]
        /// Gradient flow: θ_GF, its sharpness, and its last eigenvectors (newest first, signs kept
        /// continuous), whose extrapolation starts the next eigensolve.
        public var flowParameters: [Double]
        public var flowSharpness: Double
        public var flowEigenvectors: ExtrapolatedSequence
        /// The warm starts of θ†'s centres (`CentreWarmStarts`).
        public var daggerCentreWarmStarts: CentreWarmStarts
        /// Warm starts of the exact-sharpness solves at θ and at θ† + v*.
        public var gdWarmStarts: OscillationWarmStarts
        public var predictedWarmStarts: OscillationWarmStarts
        public var hessianVectorProducts: Int
        /// The same by purpose, in `HessianVectorProductPurpose.allCases` order.
        public var productsByPurpose: [Int] = Array(repeating: 0, count: HessianVectorProductPurpose.allCases.count)
        public var stopReason: String?
        /// Eigenvectors of the gradient flow kept for its warm start: three, a quadratic extrapolation
        /// (the flow's u moves smoothly; from a residual of ~1e-4 the start comes within ~1e-9).
        public static let flowExtrapolationDepth = 3
        /// The live β_{s→t} tracks.
        public var betaTracks: [BetaTrack] = []

        public init(step: Int, parameters: [Double], daggerPoint: [Double], daggerWarmStart: [Double],
                    daggerSharpnessBeforeProjection: Double, predictedDisplacement: [Double], flowParameters: [Double],
                    flowSharpness: Double, flowEigenvectors: ExtrapolatedSequence, gdWarmStarts: OscillationWarmStarts,
                    predictedWarmStarts: OscillationWarmStarts, daggerCentreWarmStarts: CentreWarmStarts,
                    hessianVectorProducts: Int, stopReason: String?) {
            self.step = step
            self.parameters = parameters
            self.daggerPoint = daggerPoint
            self.daggerWarmStart = daggerWarmStart
            self.daggerSharpnessBeforeProjection = daggerSharpnessBeforeProjection
            self.predictedDisplacement = predictedDisplacement
            self.flowParameters = flowParameters
            self.flowSharpness = flowSharpness
            self.flowEigenvectors = flowEigenvectors
            self.daggerCentreWarmStarts = daggerCentreWarmStarts
            self.gdWarmStarts = gdWarmStarts
            self.predictedWarmStarts = predictedWarmStarts
            self.hessianVectorProducts = hessianVectorProducts
            self.stopReason = stopReason
        }
    }

    public private(set) var state: State
    public private(set) var record = TrackingRecord()
    var dagger: TaylorCenter
    /// The evaluation at θ_GF made for the flow's eigensolve, reused at the start of the next step.
    private var flowEvaluation: ObjectiveEvaluation<Double>?

    /// Starts phase 2 from the phase-1 crossing θ₀ with eigenvector u₀ (docs/eos.md §2.5): θ†_0 is
    /// θ₀ projected until the constraints hold tightly, v*_0 = θ₀ − θ†_0, gradient flow starts at θ₀.
    public init(oracle: SharpnessOracle<Double>, settings: TrackingSettings, start θ0: [Double], eigenvector u0: [Double]) {
        self.oracle = oracle
        self.settings = settings
        constrained = ConstrainedTrajectory(oracle: oracle, learningRate: settings.learningRate, projectionSteps: settings.projectionSteps)
        let initial = oracle.center(at: θ0, warmStart: u0)
        dagger = constrained.projectUntilConverged(initial)
        var v = θ0
        axpy(-1, dagger.point, &v)
        state = State(step: 0, parameters: θ0, daggerPoint: dagger.point, daggerWarmStart: dagger.warmStart,
                      daggerSharpnessBeforeProjection: initial.sharpness, predictedDisplacement: v,
                      flowParameters: θ0, flowSharpness: initial.sharpness,
                      flowEigenvectors: ExtrapolatedSequence(depth: State.flowExtrapolationDepth, values: [initial.eigenvector]),
                      gdWarmStarts: OscillationWarmStarts(latest: initial.eigenvector),
                      predictedWarmStarts: OscillationWarmStarts(latest: initial.eigenvector),
                      daggerCentreWarmStarts: constrained.warmStartSlots(), hessianVectorProducts: initial.hessianVectorProducts + dagger.hessianVectorProducts, stopReason: nil)
        state.productsByPurpose[HessianVectorProductPurpose.constrainedTrajectory.index] = state.hessianVectorProducts
    }

    /// Adds one step's products to the state's counters and, when the step was logged, appends the
    /// cumulative counts to the record.
    private func settle(_ products: [Int], logged: Bool) {
        for index in products.indices { state.productsByPurpose[index] += products[index] }
        state.hessianVectorProducts += products.reduce(0, +)
        guard logged else { return }
        record.hessianVectorProducts.append(Double(state.hessianVectorProducts))
        for purpose in HessianVectorProductPurpose.allCases {
            record[keyPath: purpose.series].append(Double(state.productsByPurpose[purpose.index]))
        }
    }

    /// Resumes from a saved state and the record up to it.
    public init(oracle: SharpnessOracle<Double>, settings: TrackingSettings, resuming saved: State, record: TrackingRecord) {
        self.oracle = oracle
        self.settings = settings
        constrained = ConstrainedTrajectory(oracle: oracle, learningRate: settings.learningRate, projectionSteps: settings.projectionSteps)
        state = saved
        self.record = record
        dagger = oracle.center(at: saved.daggerPoint, warmStart: saved.daggerWarmStart)
    }

    public var isFinished: Bool { state.stopReason != nil || state.step >= settings.steps }

    /// A run whose iterates became NaN or infinite.
    public struct Diverged: Error, CustomStringConvertible {
        public var step: Int
        public var quantity: String
        public var description: String { "\(quantity) became NaN or infinite at tracked step \(step)" }
        public init(step: Int, quantity: String) {
            self.step = step
            self.quantity = quantity
        }
    }

    /// `advance()` on a tracker that has stopped or done its steps.
    public struct Finished: Error, CustomStringConvertible {
        public var description: String
    }

    /// Logs the statistics of step t, then advances GD, GF, v* and θ† by one step.
    /// Throws `Finished` once `isFinished` (instead of repeating the step it stopped at).
    public func advance() throws {
        guard !isFinished else {
            throw Finished(description: "the tracker has finished at tracked step \(state.step): \(state.stopReason ?? "all \(settings.steps) steps done")")
        }
        let η = settings.learningRate
        let t = state.step
        var products = Array(repeating: 0, count: HessianVectorProductPurpose.allCases.count)
        func spend(_ count: Int, on purpose: HessianVectorProductPurpose) { products[purpose.index] += count }
        let coefficients = SelfStabilizationCoefficients(dagger)
        let u = dagger.eigenvector
        let gradSPerp = dagger.sharpnessGradientPerpendicular  // ∇S⊥ at θ†
        let exact = t % settings.exactSharpnessInterval == 0

        // Gradient descent θ_t.
        let gd = oracle.objective.evaluate(at: state.parameters)
        var v = state.parameters
        axpy(-1, dagger.point, &v)
        var gdSharpness = Double.nan
        if exact {
            let pairs = state.gdWarmStarts.topEigenpair(at: gd, step: t, oracle: oracle)
            gdSharpness = pairs.values[0]
            spend(pairs.operatorApplications, on: .gdSharpness)
        }
        // Predicted dynamics θ†_t + v*_t.
        var predictedPoint = dagger.point
        axpy(1, state.predictedDisplacement, &predictedPoint)
        let predicted = oracle.objective.evaluate(at: predictedPoint)
        var predictedSharpness = Double.nan
        if exact && predicted.loss.isFinite {
            let pairs = state.predictedWarmStarts.topEigenpair(at: predicted, step: t, oracle: oracle)
            predictedSharpness = pairs.values[0]
            spend(pairs.operatorApplications, on: .predictedSharpness)
        }
        guard predicted.loss.isFinite, !exact || predictedSharpness.isFinite else {
            // The prediction left the region where its Taylor expansion means anything: a finding
            // about the predicted dynamics, not a failure of the run, so tracking stops here.
            state.stopReason = "the predicted dynamics diverged (L(θ† + v*) or S(θ† + v*) not finite) at tracked step \(t)"
            settle(products, logged: false)
            return
        }
        let xStar = dot(u, state.predictedDisplacement)   // x*_t
        let yStar = dot(gradSPerp, state.predictedDisplacement)  // y*_t
        // Gradient flow.
        let flow = flowEvaluation ?? oracle.objective.evaluate(at: state.flowParameters)
        var flowOffset = state.flowParameters
        axpy(-1, dagger.point, &flowOffset)
        guard gd.loss.isFinite, flow.loss.isFinite else {
            throw Diverged(step: t, quantity: gd.loss.isFinite ? "the gradient-flow loss" : "the GD loss")
        }

        record.step.append(Double(t))
        record.gdLoss.append(gd.loss)
        record.gdSharpness.append(gdSharpness)
        record.gdX.append(dot(u, v))
        record.gdDistance.append(norm(v))
        record.predictedLoss.append(predicted.loss)
        record.predictedSharpness.append(predictedSharpness)
        record.predictedX.append(xStar)
        record.predictedY.append(yStar)
        record.predictedDistance.append(norm(state.predictedDisplacement))
        record.daggerLoss.append(dagger.loss)
        record.daggerSharpness.append(dagger.sharpness)
        record.sharpnessBeforeProjection.append(state.daggerSharpnessBeforeProjection)
        record.alpha.append(coefficients.alpha)
        record.beta.append(coefficients.beta)
        record.deltaSquared.append(coefficients.deltaSquared)
        record.gamma.append(coefficients.gamma)
        record.newtonX.append(coefficients.newtonX)
        record.gradientNorm.append(coefficients.gradientNorm)
        record.perpendicularGradientNorm.append(coefficients.perpendicularGradientNorm)
        record.newtonResidual.append(abs(dot(u, dagger.gradient)) / coefficients.gradientNorm)
        record.eigenResidual.append(dagger.eigenResidual)
        record.flowLoss.append(flow.loss)
        record.flowSharpness.append(state.flowSharpness)
        record.flowDistance.append(norm(flowOffset))

        // The β tracks: a new one at every check, then each records ∇S⊥_t·r (docs/eos.md §1.6).
        if t % settings.checkInterval == 0 && settings.betaTrackLimit > 0 {
            state.betaTracks.append(BetaTrack(start: t, vector: gradSPerp))
            if state.betaTracks.count > settings.betaTrackLimit { state.betaTracks.removeFirst() }
        }
        for track in state.betaTracks {
            record.betaSamples.append(BetaSample(start: track.start, step: t, value: dot(gradSPerp, track.vector)))
        }

        // The eigengap check every `checkInterval` steps, with the loss slice and ρ₃, ρ₄.
        if t % settings.checkInterval == 0 {
            if settings.slicePoints > 0, let check = oracle.assumptionCheck(at: dagger, step: t, deltaSquared: coefficients.deltaSquared,
                                                                           slicePoints: settings.slicePoints, powerIterations: settings.monitorIterations) {
                record.assumptionChecks.append(check)
                spend(check.hessianVectorProducts, on: .checks)
            }
            let pairs = oracle.topEigenpairs(at: dagger.evaluation, start: u, count: 2)
            spend(pairs.operatorApplications, on: .checks)
            record.checkStep.append(Double(t))
            record.checkParameters.append(state.parameters)
            record.checkDaggerPoints.append(dagger.point)
            record.checkPredictedDisplacements.append(state.predictedDisplacement)
            record.lambda1.append(pairs.values[0])
            record.lambda2.append(pairs.values[1])
            if pairs.values[1] > settings.eigengapLimit / η {
                state.stopReason = "eigengap: λ₂(θ†) = \(pairs.values[1]) > \(settings.eigengapLimit)/η at tracked step \(t)"
            }
        }
        if state.stopReason != nil {
            settle(products, logged: true)
            return
        }

        // Advance gradient descent.
        axpy(-η, gd.gradient, &state.parameters)
        // Advance gradient flow: k = ⌈ηS⌉ Euler sub-steps of size η/k, then refresh (S, u).
        let subSteps = max(1, Int((η * state.flowSharpness).rounded(.up)))
        var subStepEvaluation = flow
        for index in 0..<subSteps {
            if index > 0 { subStepEvaluation = oracle.objective.evaluate(at: state.flowParameters) }
            axpy(-η / Double(subSteps), subStepEvaluation.gradient, &state.flowParameters)
        }
        let refreshed = oracle.objective.evaluate(at: state.flowParameters)
        flowEvaluation = refreshed
        let flowPairs = oracle.topEigenpair(at: refreshed, continuing: state.flowEigenvectors.next!)
        state.flowSharpness = flowPairs.values[0]
        state.flowEigenvectors.append(flowPairs.vectors[0])
        spend(flowPairs.operatorApplications, on: .gradientFlow)
        // Advance the predicted dynamics (docs/eos.md §1.6, the reference's recursion):
        //   v ← v − η[∇²L(θ†)v + ∇S⊥(x² − δ²)/2 + u x y]
        // or, generalised, with the exact gradient along u: ∇²L v⊥ + u(u·∇L(θ† + x u)) in place of ∇²L v.
        var update: [Double]
        if settings.generalisedPrediction {
            var perpendicular = state.predictedDisplacement
            axpy(-xStar, u, &perpendicular)
            update = oracle.hessianVectorProduct(at: dagger.evaluation, along: perpendicular)
            var alongU = dagger.point
            axpy(xStar, u, &alongU)
            axpy(dot(u, oracle.objective.evaluate(at: alongU).gradient), u, &update)
        } else {
            update = oracle.hessianVectorProduct(at: dagger.evaluation, along: state.predictedDisplacement)
        }
        spend(1, on: .predictedStep)
        axpy((xStar * xStar - coefficients.deltaSquared) / 2, gradSPerp, &update)
        axpy(xStar * yStar, u, &update)
        axpy(-η, update, &state.predictedDisplacement)
        // Advance the β tracks: r ← (I − η∇²L(θ†_t)) P⊥_{u_t} r.
        for index in state.betaTracks.indices {
            var r = state.betaTracks[index].vector
            axpy(-dot(u, r), u, &r)
            axpy(-η, oracle.hessianVectorProduct(at: dagger.evaluation, along: r), &r)
            state.betaTracks[index].vector = r
            spend(1, on: .betaTracks)
        }
        // Advance θ†: gradient step, then `projectionSteps` linear projections.
        let moved = constrained.gradientStep(dagger, warmStarts: &state.daggerCentreWarmStarts)
        dagger = constrained.project(moved, warmStarts: &state.daggerCentreWarmStarts)
        spend(moved.hessianVectorProducts + dagger.hessianVectorProducts, on: .constrainedTrajectory)
        state.daggerSharpnessBeforeProjection = moved.sharpness
        state.daggerPoint = dagger.point
        state.daggerWarmStart = dagger.warmStart
        // The displacement v* is carried in the basis of step t (the reference keeps it so).
        state.step += 1
        settle(products, logged: true)
        guard state.parameters.allSatisfy(\.isFinite) else { throw Diverged(step: t, quantity: "θ") }
    }
}

/// What a tracked step spends Hessian-vector products on (each Lanczos iteration is one; ∇S at a
/// Taylor centre costs two gradients and no product): the exact sharpness at θ_t and at θ† + v*, the checks (top-2 eigenpairs,
/// loss slices and ρ₃, ρ₄), the gradient flow's sharpness, the predicted step, the β tracks, and the
/// constrained trajectory θ† (its Taylor centres: eigensolves and ∇S).
public enum HessianVectorProductPurpose: String, CaseIterable {
    case gdSharpness = "gd_sharpness", predictedSharpness = "predicted_sharpness", checks
    case gradientFlow = "gradient_flow", predictedStep = "predicted_step", betaTracks = "beta_tracks"
    case constrainedTrajectory = "constrained_trajectory"

    public var index: Int { Self.allCases.firstIndex(of: self)! }

    /// The record's cumulative series for this purpose.
    public var series: WritableKeyPath<TrackingRecord, [Double]> {
        switch self {
        case .gdSharpness: return \.productsForGDSharpness
        case .predictedSharpness: return \.productsForPredictedSharpness
        case .checks: return \.productsForChecks
        case .gradientFlow: return \.productsForGradientFlow
        case .predictedStep: return \.productsForPredictedStep
        case .betaTracks: return \.productsForBetaTracks
        case .constrainedTrajectory: return \.productsForConstrainedTrajectory
        }
    }
}
