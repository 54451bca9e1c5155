import LinearAlgebra
import Networks

/// Phase 1 of the tracking experiment: gradient descent from initialisation until the sharpness
/// crosses 2/η, found as the reference's `find_instability` does (docs/eos.md §2.4), in step counts.
///
/// The sharpness is checked at the midpoint θ_t − ηg_t/2 every k = max(1, round(Δt/η)) steps, with
/// Δt = 1, then 0.1 once S ≥ 1/η, then 0.01 once S ≥ 1.5/η. The first check with S ≥ 2/η either
/// stops (when checks were every step) or backtracks to the previous check and replays checking
/// every step. The result is the iterate before the step whose midpoint crossed 2/η.
///
/// Run it in `Float` as the authors do (docs/eos-calibration.md, Finding 1): the rounding seeds the
/// period-2 component that GD and the predicted dynamics then share.
public struct InstabilitySearch<Scalar: RealScalar> {
    public struct Check: Equatable {
        public var step: Int
        public var loss: Double
        public var sharpness: Double
        /// The HVPs its eigensolve spent.
        public var hessianVectorProducts: Int

        public init(step: Int, loss: Double, sharpness: Double, hessianVectorProducts: Int) {
            self.step = step
            self.loss = loss
            self.sharpness = sharpness
            self.hessianVectorProducts = hessianVectorProducts
        }
    }

    public struct Result {
        /// θ at the crossing, in Float64.
        public var parameters: [Double]
        public var eigenvector: [Double]
        /// The step index of `parameters` (steps of GD taken from initialisation).
        public var step: Int
        public var sharpness: Double
        /// Every sharpness check (midpoint), in order.
        public var checks: [Check]
        /// L(θ_t) at every step taken (replayed steps overwrite).
        public var losses: [Double]
    }

    /// A search that never reached 2/η within the step cap.
    public struct NotReached: Error, CustomStringConvertible {
        public var steps: Int
        public var largestSharpness: Double
        public var threshold: Double
        public var description: String {
            "the sharpness did not reach 2/η = \(threshold) within \(steps) steps (largest \(largestSharpness)); raise the step cap or lower the sharpness ratio"
        }
    }

    public let oracle: SharpnessOracle<Scalar>
    public let learningRate: Double
    public var stepCap: Int

    public init(oracle: SharpnessOracle<Scalar>, learningRate: Double, stepCap: Int = 50_000) {
        self.oracle = oracle
        self.learningRate = learningRate
        self.stepCap = stepCap
    }

    /// The eigenvector of a check and the check's step.
    public struct CheckedEigenvector: Equatable {
        public var step: Int
        public var vector: [Double]

        public init(step: Int, vector: [Double]) {
            self.step = step
            self.vector = vector
        }
    }

    /// Where a search stands: the start, or the moment right after a sharpness check below 2/η, when the
    /// search remembers (step, θ, u) as the point to backtrack to. Resuming from a state saved there
    /// (`run(from:progress:checkpoint:)`) replays the rest of the search bit for bit.
    public struct State {
        /// θ_t and the eigensolver's warm start: u₀, then the last check's eigenvector.
        public var parameters: [Scalar]
        public var eigenvector: [Double]
        /// The eigenvectors of the last two checks, newest first (`checkStart(at:)`); empty before the first.
        public var recentChecks: [CheckedEigenvector]
        public var step: Int
        /// Steps between checks, and the step of the next check.
        public var interval: Int
        public var nextCheck: Int
        /// Whether a check has been made: then (step, θ, u) is also the point to backtrack to.
        public var checked: Bool
        public var checks: [Check]
        /// L(θ_s) for s = 0…step − 1 (the loss at `step` is recomputed on resuming).
        public var losses: [Double]
        public var largestSharpness: Double

        public init(parameters: [Scalar], eigenvector: [Double], recentChecks: [CheckedEigenvector] = [], step: Int, interval: Int,
                    nextCheck: Int, checked: Bool, checks: [Check], losses: [Double], largestSharpness: Double) {
            self.parameters = parameters
            self.eigenvector = eigenvector
            self.recentChecks = recentChecks
            self.step = step
            self.interval = interval
            self.nextCheck = nextCheck
            self.checked = checked
            self.checks = checks
            self.losses = losses
            self.largestSharpness = largestSharpness
        }
    }

    /// Where the check at `step` starts its eigensolve: the last two checks' eigenvectors u₁ (newest, at
    /// step s₁) and u₂ (at s₂) extrapolated linearly, u₁ + (u₁ − u₂)(step − s₁)/(s₁ − s₂), or the last
    /// eigenvector alone while fewer than two checks are known. Near 2/η the search checks every
    /// 1–2 steps, where u moves smoothly and the extrapolated start saves products (issue 16); the
    /// solve still stops at its tolerance.
    static func checkStart(at step: Int, recentChecks: [CheckedEigenvector], fallback: [Double]) -> [Double] {
        guard recentChecks.count == 2, recentChecks[1].step < recentChecks[0].step, step >= recentChecks[0].step else {
            return recentChecks.first?.vector ?? fallback
        }
        let (newest, older) = (recentChecks[0], recentChecks[1])
        var start = newest.vector
        let ratio = Double(step - newest.step) / Double(newest.step - older.step)
        axpy(ratio, newest.vector, &start)
        axpy(-ratio, older.vector, &start)
        return start
    }

    /// The state at θ₀ with warm start u₀.
    public func start(from θ0: [Double], warmStart u0: [Double]) -> State {
        State(parameters: θ0.map { Scalar($0) }, eigenvector: u0, step: 0, interval: max(1, Int((1 / learningRate).rounded())),
              nextCheck: 0, checked: false, checks: [], losses: [], largestSharpness: 0)
    }

    /// Runs the search from θ₀ with warm start u₀; `progress` gets the step count now and then.
    public func run(from θ0: [Double], warmStart u0: [Double], progress: (Int, Double) -> Void = { _, _ in }) throws -> Result {
        try run(from: start(from: θ0, warmStart: u0), progress: progress)
    }

    /// Runs the search from `state`; `checkpoint` gets the state after every check below 2/η (a
    /// stage saves it, so that an interruption loses at most one check interval).
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    public func run(from state: State, progress: (Int, Double) -> Void = { _, _ in },
                    checkpoint: (State) throws -> Void = { _ in }) throws -> Result {
        let η = Scalar(learningRate)
        let threshold = 2 / learningRate
        var θ = state.parameters
        var u = state.eigenvector
        var step = state.step
        var interval = state.interval
        var nextCheck = state.nextCheck
        var recentChecks = state.recentChecks
        var remembered: (step: Int, θ: [Scalar], u: [Double], recentChecks: [CheckedEigenvector])? = state.checked ? (step, θ, u, recentChecks) : nil
        var checks = state.checks
        var losses = Array(state.losses.prefix(step))
        var largest = state.largestSharpness
        while step <= stepCap {
            let evaluation = oracle.objective.evaluate(at: θ)
            if losses.count > step { losses[step] = Double(evaluation.loss) } else { losses.append(Double(evaluation.loss)) }
            if step >= nextCheck {
                // S at the midpoint θ − ηg/2.
                var midpoint = θ
                for index in midpoint.indices { midpoint[index] -= η / 2 * evaluation.gradient[index] }
                let start = Self.checkStart(at: step, recentChecks: recentChecks, fallback: u)
                let atMidpoint = oracle.objective.evaluateForProducts(at: midpoint)
                // The first check keeps the solver's sign; later ones keep u's sign continuous, which the extrapolation needs.
                let pairs = recentChecks.isEmpty ? oracle.topEigenpairs(at: atMidpoint, start: start) : oracle.topEigenpair(at: atMidpoint, continuing: start)
                let sharpness = pairs.values[0]
                u = pairs.vectors[0]
                recentChecks = Array(([CheckedEigenvector(step: step, vector: u)] + recentChecks).prefix(2))
                largest = max(largest, sharpness)
                checks.append(Check(step: step, loss: Double(evaluation.loss), sharpness: sharpness,
                                    hessianVectorProducts: pairs.operatorApplications))
                progress(step, sharpness)
                if sharpness >= threshold {
                    if interval == 1 {
                        return Result(parameters: θ.map { Double($0) }, eigenvector: u, step: step, sharpness: sharpness,
                                      checks: checks, losses: Array(losses[0...step]))
                    }
                    // Backtrack to the previous check and replay, checking every step.
                    if let back = remembered {
                        (step, θ, u, recentChecks) = back
                    }
                    interval = 1
                    nextCheck = step
                    continue
                }
                let timeInterval: Double = sharpness >= 1.5 / learningRate ? 0.01 : (sharpness >= 1 / learningRate ? 0.1 : 1)
                interval = min(interval, max(1, Int((timeInterval / learningRate).rounded())))
                remembered = (step, θ, u, recentChecks)
                nextCheck = step + interval
                try checkpoint(State(parameters: θ, eigenvector: u, recentChecks: recentChecks, step: step, interval: interval,
                                     nextCheck: nextCheck, checked: true,
                                     checks: checks, losses: Array(losses[0..<step]), largestSharpness: largest))
            }
            for index in θ.indices { θ[index] -= η * evaluation.gradient[index] }
            step += 1
        }
        throw NotReached(steps: stepCap, largestSharpness: largest, threshold: threshold)
    }
}
