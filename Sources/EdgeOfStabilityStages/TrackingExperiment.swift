import EdgeOfStability
import Foundation
import HDF5
import LinearAlgebra
import Networks
import StageKit

/// GD against the predicted dynamics and the constrained trajectory θ† (docs/eos.md §2.4–2.5; the
/// Fig. 3 analogue, Fgf, Fconst, Fgap, Fbeta, Fslice; claims C5–C12).
///
/// - generate writes `setup.h5` (`TrainingProblem`).
/// - train runs phase 1 in Float32 (`/phase1/{check_step,check_loss,check_sharpness,check_hessian_vector_products,loss}`,
///   `/phase1/crossing_step`, the float64 end point `/phase1/theta_c` and its top eigenvector `/phase1/u_c`), then phase 2 in Float64
///   (`/tracking/<series>`, one entry per tracked step; `/tracking/checks/{step,lambda1,lambda2}` and
///   the float64 points `/tracking/checks/{theta,theta_dagger,predicted_displacement}` (checks × P:
///   θ_t, θ†_t, v*_t); `/tracking/beta_tracks`, `/tracking/assumption_checks`; `/learning_rate`,
///   `/initial_sharpness` S(θ₀); the settings used, `/tracking/settings/<name>`; root attribute
///   `stop_reason`), and writes `trajectory.h5`.
///   Parameters: `tracked_steps`, `prediction` (standard | generalised), `check_interval`,
///   `exact_sharpness_interval`, `projection_steps`, `eigengap_limit`, `beta_tracks` (live β tracks;
///   0: none), `slice_points` (0: no slices or ρ₃, ρ₄) with `TrackingSettings`' defaults, and
///   `phase1_step_cap`, `checkpoint_interval`, `checkpoint_minutes`. It checkpoints phase 1 after a
///   sharpness check at most once a minute (`PhaseOneCheckpoint`) and phase 2 at tracked step 0 (after
///   θ†₀), every `checkpoint_interval` tracked steps (50), and after any step that ends
///   `checkpoint_minutes` (10) after the last save, and resumes from the newest checkpoint with the
///   same final content.
/// - measure writes `measurements.h5` with the claim statistics.
/// - analyze writes the figures and `claims/<name>.tsv`.
public enum TrackingExperiment: Experiment {
    public static let name = "eos.tracking"
    public static let summary = "Fig. 3: GD vs the predicted dynamics vs θ† (loss, sharpness, deviation) on a network"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        switch kind {
        case .generate:
            let problem = try TrainingProblem.generate(context) { context.note($0) }
            try context.writeHDF5("setup.h5") { try problem.write(to: $0) }
        case .train: try TrackingTraining.train(context)
        case .measure: try TrackingMeasurements.measure(context)
        case .analyze: try TrackingFigure.analyze(context)
        }
    }
}

/// The train stage of `eos.tracking`.
enum TrackingTraining {
    static let checkpointName = "tracking-checkpoint.h5"

    /// Phase 1 (docs/eos-calibration.md, Finding 1): GD in Float32 from θ₀ until S ≥ 2/η, resumed from its
    /// own checkpoint if one was saved, with progress as the fraction of 2/η reached.
    static func phaseOneResult(_ problem: TrainingProblem, _ context: StageContext, stepCap: Int) throws -> InstabilitySearch<Float>.Result {
        let search = InstabilitySearch(oracle: SharpnessOracle(objective: problem.objective(Float.self)),
                                       learningRate: problem.learningRate, stepCap: stepCap)
        var start = search.start(from: problem.initialParameters, warmStart: problem.initialEigenvector)
        if let checkpoint = context.openCheckpoint(PhaseOneCheckpoint.name),
           let saved = try? PhaseOneCheckpoint.read(checkpoint, parameterCount: problem.model.parameterCount) {
            start = saved
            try? checkpoint.close()
            context.note("resuming phase 1 from step \(saved.step)")
        }
        var saving = CheckpointSchedule()
        // Phase-1 progress is the sharpness as a fraction of 2/η: it grows about linearly under progressive sharpening.
        let reporter = context.progress(total: 1000, unit: "‰ of 2/η reached by S (phase 1)")
        return try search.run(from: start, progress: { _, sharpness in
            reporter.update(min(1000, Int(500 * sharpness * problem.learningRate)))
        }, checkpoint: { state in
            guard saving.isDue() else { return }
            try context.saveCheckpoint(PhaseOneCheckpoint.name) { try PhaseOneCheckpoint.write(state, to: $0) }
        })
    }

    static func train(_ context: StageContext) throws {
        let problem = try TrainingProblem.read(from: try context.input("setup"))
        guard problem.model.activation.isThreeTimesDifferentiable else {
            throw StageError.invalidInput(path: try context.input("setup"), reason: "/model activation \(problem.model.activation.rawValue) is not C³, "
                + "so ∇S = ∇³L[u, u] does not exist and θ† is undefined (docs/eos.md §6); use tanh, swish, gelu or softplus")
        }
        let p = context.parameters
        var settings = TrackingSettings(learningRate: problem.learningRate, steps: try p.integer("tracked_steps", in: 1...100_000))
        // Defaults are TrackingSettings' own (its one owner).
        settings.exactSharpnessInterval = try p.integer("exact_sharpness_interval", default: settings.exactSharpnessInterval, in: 1...1000)
        settings.projectionSteps = try p.integer("projection_steps", default: settings.projectionSteps, in: 1...20)
        settings.checkInterval = try p.integer("check_interval", default: settings.checkInterval, in: 1...10_000)
        settings.generalisedPrediction = try p.choice("prediction", default: Prediction.standard) == .generalised
        settings.eigengapLimit = try p.double("eigengap_limit", default: settings.eigengapLimit, in: 0...1e12)
        settings.betaTrackLimit = try p.integer("beta_tracks", default: settings.betaTrackLimit, in: 0...100)
        settings.slicePoints = try p.integer("slice_points", default: settings.slicePoints, in: 0...10_000)
        let checkpointInterval = try p.integer("checkpoint_interval", default: 50, in: 1...100_000)
        let checkpointSeconds = try 60 * p.double("checkpoint_minutes", default: CheckpointSchedule.trackingSeconds / 60, in: 1e-6...10_080)
        let phaseOneCap = try p.integer("phase1_step_cap", default: 50_000, in: 1...1_000_000)
        let objective = problem.objective(Double.self)
        try MemoryRequirement.require(Tracker.liveEvaluations * objective.evaluationByteCount + objective.keptTapeByteCount,
                                      for: "tracking (\(Tracker.liveEvaluations) float64 evaluations of n = \(objective.exampleCount), P = \(objective.parameterCount), and the tapes HVPs keep)")
        let oracle = SharpnessOracle(objective: objective)

        var phaseOne: PhaseOneOutcome
        var tracker: Tracker
        if let checkpoint = context.openCheckpoint(checkpointName), let resumed = try? TrackingCheckpoint.read(checkpoint, oracle: oracle, settings: settings) {
            (phaseOne, tracker) = resumed
            try? checkpoint.close()
            context.note("resuming from tracked step \(tracker.state.step)")
        } else {
            // Phase 1 in Float32 (docs/eos-calibration.md, Finding 1); its objective, and the chunk tapes its HVPs
            // kept (`KeptTapes`), are freed before tracking's Float64 HVPs keep theirs.
            let result = try phaseOneResult(problem, context, stepCap: phaseOneCap)
            phaseOne = PhaseOneOutcome(result: result)
            context.note("phase 1 ended at step \(phaseOne.crossingStep) (S ≥ 2/η); projecting θ†₀ onto {S ≤ 2/η, u·∇L = 0}")
            tracker = Tracker(oracle: oracle, settings: settings, start: result.parameters, eigenvector: result.eigenvector)
            // Tracked step 0's checkpoint: an interruption before the first interval's checkpoint
            // resumes here rather than at phase 1's last check, before θ†₀ (issue 16 item 5).
            try context.saveCheckpoint(checkpointName) { try TrackingCheckpoint.write(phaseOne, tracker, to: $0) }
        }
        if settings.slicePoints > 0 {
            let products = AssumptionCheck.hessianVectorProducts(powerIterations: settings.monitorIterations)
            context.note("each check (at tracked steps divisible by \(settings.checkInterval), before that step's progress line) takes "
                         + "\(settings.slicePoints) loss evaluations for the slice, \(2 * (settings.monitorIterations + 1)) gradients for ρ₃ and \(products) HVPs for ρ₄")
        }
        let reporter = context.progress(total: settings.steps, unit: "tracked steps")
        var saving = CheckpointSchedule(minimumSeconds: checkpointSeconds, lastSave: Date())
        while !tracker.isFinished {
            try tracker.advance()
            reporter.update(tracker.state.step)
            guard !tracker.isFinished else { break }
            if tracker.state.step % checkpointInterval == 0 {
                saving.saved()
            } else if !saving.isDue() {
                continue
            }
            try context.saveCheckpoint(checkpointName) { try TrackingCheckpoint.write(phaseOne, tracker, to: $0) }
        }
        try context.writeHDF5("trajectory.h5") { file in
            try file.root.writeAttribute(tracker.state.stopReason ?? "completed \(settings.steps) tracked steps", named: "stop_reason")
            try file.root.writeAttribute(problem.dataSource, named: "data_source")
            try file.root.write([problem.learningRate], shape: [], to: "learning_rate")
            try file.root.write([problem.initialSharpness], shape: [], to: "initial_sharpness")
            try phaseOne.write(to: try file.root.createGroup(named: "phase1"))
            let tracking = try file.root.createGroup(named: "tracking")
            try TrackingCheckpoint.writeRecord(tracker.record, to: tracking)
            try settings.write(to: try tracking.createGroup(named: "settings"))
            try file.root.write([Int64(tracker.state.hessianVectorProducts)], shape: [], to: "hessian_vector_products")
        }
    }
}

/// What phase 1 leaves for the outputs.
struct PhaseOneOutcome {
    var checkStep: [Double], checkLoss: [Double], checkSharpness: [Double], checkProducts: [Int64], loss: [Double]
    var crossingStep: Int
    /// θ_c, the phase-1 end point where tracking starts, and u_c, the top eigenvector there (float64).
    var crossingParameters: [Double], crossingEigenvector: [Double]

    init(result: InstabilitySearch<Float>.Result) {
        crossingParameters = result.parameters
        crossingEigenvector = result.eigenvector
        checkStep = result.checks.map { Double($0.step) }
        checkLoss = result.checks.map(\.loss)
        checkSharpness = result.checks.map(\.sharpness)
        checkProducts = result.checks.map { Int64($0.hessianVectorProducts) }
        loss = result.losses
        crossingStep = result.step
    }

    init(group: Group) throws {
        checkStep = try group.read("check_step")
        checkLoss = try group.read("check_loss", count: checkStep.count)
        checkSharpness = try group.read("check_sharpness", count: checkStep.count)
        checkProducts = try group.read("check_hessian_vector_products", count: checkStep.count)
        loss = try group.read("loss")
        crossingStep = try group.count("crossing_step", in: 0...InputLimits.steps.upperBound)
        crossingParameters = try group.read("theta_c")
        crossingEigenvector = try group.read("u_c", count: crossingParameters.count)
    }

    func write(to group: Group) throws {
        try group.write(checkStep, to: "check_step")
        try group.write(checkLoss, to: "check_loss")
        try group.write(checkSharpness, to: "check_sharpness")
        try group.write(checkProducts, to: "check_hessian_vector_products")
        try group.write(loss, to: "loss")
        try group.write([Int64(crossingStep)], shape: [], to: "crossing_step")
        try group.write(crossingParameters, to: "theta_c")
        try group.write(crossingEigenvector, to: "u_c")
    }
}

/// The predicted recursion a tracking run follows (`prediction`): the paper's, or the generalised
/// one with the exact gradient along u.
enum Prediction: String, ParameterChoice {
    case standard, generalised
}
