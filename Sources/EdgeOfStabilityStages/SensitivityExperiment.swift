import EdgeOfStability
import Foundation
import HDF5
import LinearAlgebra
import Networks
import Plotting
import Randomness
import StageKit

/// Sensitivity of GD at the edge of stability to its starting point (issue 14, claim C13): GD from
/// the phase-1 crossing θ_c and from θ_c + ε‖θ_c‖ξ_k for a few random unit vectors ξ_k, beside one
/// common constrained trajectory θ† (from θ_c, as the tracking run computes it). The period-2 seed at
/// the crossing is rounding noise, so the runs separate at the blowup by orders of magnitude, yet
/// each stays within a few δ of θ† with ⟨x²⟩ ≈ δ² per slow cycle: the dynamics are "far from chaotic".
///
/// - train (inputs `setup`, `trajectory` of a tracking run; parameters `perturbations` (3),
///   `relative_size` ε (1e-10), `steps` (600)) writes `sensitivity.h5`: `/step`, `/delta_squared`
///   (δ_t² along θ†), and runs × steps datasets `/runs/{x,distance,separation,loss}` (x = u·(θ − θ†),
///   ‖θ − θ†‖, ‖θ − θ^(0)‖, L(θ)); run 0 is unperturbed; scalars `/relative_size` (ε), `/learning_rate`.
/// - analyze (inputs `sensitivity`; parameters `label` for the claim, `caption`, `figure` (F, default
///   eos_sensitivity)) writes `F.{gp,png,pdf}`, `data/F.dat`, `data/F_cycles.dat` and `claims/F.tsv` (C13).
public enum SensitivityExperiment: Experiment {
    public static let name = "eos.sensitivity"
    public static let summary = "C13: GD from θ_c and from tiny perturbations of it separate at the blowup yet share θ† and ⟨x²⟩ ≈ δ²"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        switch kind {
        case .train: try train(context)
        case .analyze: try analyze(context)
        default: throw StageError.unsupportedStage(experiment: name, kind: kind)
        }
    }

    static func train(_ context: StageContext) throws {
        let problem = try TrainingProblem.read(from: try context.input("setup"))
        let trajectoryPath = try context.input("trajectory")
        let (θc, uc): ([Double], [Double]) = try {
            let file = try File.open(atPath: trajectoryPath)
            defer { try? file.close() }
            let phaseOne = try file.root.openGroup(named: "phase1")
            let θ: [Double] = try phaseOne.read("theta_c", count: problem.model.parameterCount)
            return (θ, try phaseOne.read("u_c", count: θ.count))
        }()
        let p = context.parameters
        let perturbations = try p.integer("perturbations", default: 3, in: 1...100)
        let ε = try p.double("relative_size", default: 1e-10, in: 0...1)
        let steps = try p.integer("steps", default: 600, in: 1...100_000)
        let η = problem.learningRate
        let oracle = SharpnessOracle(objective: problem.objective(Double.self))
        let constrained = ConstrainedTrajectory(oracle: oracle, learningRate: η)
        var resumed: SensitivityState?
        if let checkpoint = context.openCheckpoint(SensitivityCheckpoint.name) {
            resumed = try? SensitivityCheckpoint.read(checkpoint, runCount: 1 + perturbations, oracle: oracle)
            try? checkpoint.close()
            if let saved = resumed, saved.step <= steps {
                context.note("resuming from step \(saved.step)")
            } else {
                resumed = nil
                context.note("checkpoint \(SensitivityCheckpoint.name) does not fit this run (\(1 + perturbations) runs, \(steps) steps); starting from scratch")
            }
        }
        var state: SensitivityState
        if let resumed {
            state = resumed
        } else {
            let streams = RandomStream(seed: context.seed)
            let runs = [θc] + (1...perturbations).map { k -> [Double] in
                var direction = streams.stream(named: "perturbation \(k)")
                var θ = θc
                axpy(ε * norm(θc), direction.unitVector(dimension: θc.count), &θ)
                return θ
            }
            state = SensitivityState(runs: runs, dagger: constrained.projectUntilConverged(oracle.center(at: θc, warmStart: uc)),
                                     warmStarts: constrained.warmStartSlots())
        }
        var saving = CheckpointSchedule()
        let reporter = context.progress(total: steps, unit: "steps")
        reporter.update(state.step)
        while state.step < steps {
            let t = state.step
            state.δ².append(SelfStabilizationCoefficients(state.dagger).deltaSquared)
            let unperturbed = state.runs[0]
            for k in state.runs.indices {
                let evaluation = oracle.objective.evaluate(at: state.runs[k])
                guard evaluation.loss.isFinite else { throw Tracker.Diverged(step: t, quantity: "the loss of run \(k)") }
                var offset = state.runs[k]
                axpy(-1, state.dagger.point, &offset)
                var apart = state.runs[k]
                axpy(-1, unperturbed, &apart)
                state.x[k].append(dot(state.dagger.eigenvector, offset))
                state.distance[k].append(norm(offset))
                state.separation[k].append(norm(apart))
                state.loss[k].append(evaluation.loss)
                axpy(-η, evaluation.gradient, &state.runs[k])
            }
            state.dagger = constrained.step(state.dagger, warmStarts: &state.warmStarts)
            state.step = t + 1
            reporter.update(state.step)
            if state.step < steps && saving.isDue() {
                try context.saveCheckpoint(SensitivityCheckpoint.name) { try SensitivityCheckpoint.write(state, to: $0) }
            }
        }
        try context.writeHDF5("sensitivity.h5") { file in
            try file.root.write([ε], shape: [], to: "relative_size")
            try file.root.write([η], shape: [], to: "learning_rate")
            try file.root.write((0..<steps).map(Double.init), to: "step")
            try file.root.write(state.δ², to: "delta_squared")
            let group = try file.root.createGroup(named: "runs")
            for (name, values) in state.series {
                try group.write(values.flatMap { $0 }, shape: [state.runs.count, steps], to: name)
            }
        }
    }

    /// One run's statistics for C13.
    struct RunStatistics {
        /// ⟨x²⟩/⟨δ²⟩ per complete slow cycle (or from the blowup to the end when none completes).
        var cycleRatios: [(start: Int, ratio: Double)]
        var maxDistanceOverDelta: Double
        /// max_t ‖θ_t − θ^(0)_t‖/δ_t.
        var maxSeparationOverDelta: Double

        init(x: [Double], δ²: [Double], distance: [Double], separation: [Double]) {
            let x² = x.map { $0 * $0 }
            let cycles = AmplitudeCycles(x²: x², δ²: δ²)
            cycleRatios = zip(cycles.evaluationWindows, cycles.amplitudeRatios).map { ($0.0.0, $0.1) }
            let maxδ = δ².map { $0 > 0 ? $0.squareRoot() : 0 }.max() ?? 0
            maxDistanceOverDelta = (distance.max() ?? .nan) / maxδ
            maxSeparationOverDelta = separation.indices.filter { δ²[$0] > 0 }.map { separation[$0] / δ²[$0].squareRoot() }.max() ?? .nan
        }
    }

    static func analyze(_ context: StageContext) throws {
        let path = try context.input("sensitivity")
        let name = try context.parameters.string("figure", default: "eos_sensitivity")
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        let steps: [Double] = try file.root.read("step")
        let T = steps.count
        let δ²: [Double] = try file.root.read("delta_squared", count: T)
        let ε = try file.root.scalar("relative_size", in: 0...1)
        let group = try file.root.openGroup(named: "runs")
        let flat = try ["x", "distance", "separation", "loss"].map { try group.read($0, as: Double.self) }
        let count = flat[0].count / max(T, 1)
        guard count >= 2, flat.allSatisfy({ $0.count == count * T }) else {
            throw StageError.invalidInput(path: path, reason: "/runs must hold runs × \(T) values for at least two runs")
        }
        func row(_ series: Int, _ k: Int) -> [Double] { Array(flat[series][(k * T)..<((k + 1) * T)]) }
        let statistics = (0..<count).map { RunStatistics(x: row(0, $0), δ²: δ², distance: row(1, $0), separation: row(2, $0)) }

        let δ = δ².map { $0 > 0 ? $0.squareRoot() : .nan }
        var series = DataTable(columns: ["step", "delta"] + (0..<count).map { "distance_\($0)" } + (1..<count).map { "separation_\($0)" })
        series.appendBlock([steps, δ] + (0..<count).map { row(1, $0) } + (1..<count).map { row(2, $0) })
        try context.writeText("data/\(name).dat", series.text(comment: "GD from θ_c (run 0) and from θ_c + ε‖θ_c‖ξ_k (runs 1…\(count - 1)), ε = \(ε)"))
        var cycles = DataTable(columns: ["cycle_start", "mean_x_squared_over_mean_delta_squared"])
        for run in statistics { cycles.appendBlock([run.cycleRatios.map { Double($0.start) }, run.cycleRatios.map(\.ratio)]) }
        try context.writeText("data/\(name)_cycles.dat", cycles.text(comment: "per-cycle ⟨x²⟩/⟨δ²⟩, one block per run (run 0 first)"))

        let colours = ["#000000", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
        func colour(_ k: Int) -> String { colours[k % colours.count] }
        let data = "'data/\(name).dat'"
        let separationPlots = (1..<count).map { "\(data) using \(series.using("step", "separation_\($0)")) with lines lw 1.2 lc rgb \"\(colour($0))\" title \"‖θ_t − θ′_t‖, ξ_\($0)\"" }
            + ["\(data) using \(series.using("step", "delta")) with lines dt 2 lc rgb \"gray40\" title \"δ_t\""]
        let distancePlots = (0..<count).map { "\(data) using \(series.using("step", "distance_\($0)")) with lines lw \($0 == 0 ? 1.6 : 1) lc rgb \"\(colour($0))\" title \"\($0 == 0 ? "from θ_c" : "ξ_\($0)")\"" }
            + ["\(data) using \(series.using("step", "delta")) with lines dt 2 lc rgb \"gray40\" title \"δ_t\""]
        let cyclePlots = (0..<count).map { "'data/\(name)_cycles.dat' index \($0) using \(cycles.using("cycle_start", "mean_x_squared_over_mean_delta_squared")) with points pt 7 ps 1.2 lc rgb \"\(colour($0))\" title \"\($0 == 0 ? "from θ_c" : "ξ_\($0)")\"" }
        let script = FigureScript(
            name: name,
            caption: """
            Sensitivity at the edge of stability (issue 14, claim C13). \(try context.parameters.string("caption", default: ""))
            GD from the phase-1 crossing θ_c and from θ_c + ε‖θ_c‖ξ_k (ξ_k random unit vectors, ε = \(formatNumber(ε))), one common θ†.
            """,
            title: "Tiny perturbations separate GD runs at the blowup, yet every run self-stabilizes around the same θ†",
            layout: (1, 3),
            panels: [
                ["set title \"(a) distance between runs: it jumps at the blowup\"", "set logscale y", "set format y \"10^{%L}\"", "set xlabel \"tracked step\"",
                 "set ylabel \"‖θ_t − θ′_t‖\"", "set key bottom right font \",8\"", "plot " + separationPlots.joined(separator: ", \\\n     ")],
                ["set title \"(b) distance to the common θ†: bounded by a few δ\"", "set xlabel \"tracked step\"", "set ylabel \"‖θ_t − θ†_t‖\"",
                 "set key top right font \",8\"", "plot " + distancePlots.joined(separator: ", \\\n     ")],
                ["set title \"(c) ⟨x²⟩/⟨δ²⟩ per slow cycle\"", "set xlabel \"cycle start (tracked step)\"", "set ylabel \"⟨x²⟩/⟨δ²⟩\"", "set yrange [0:\(max(1.5, 1.1 * (statistics.flatMap { $0.cycleRatios.map(\.ratio) }.max() ?? 0)))]", "set offsets graph 0.05, graph 0.05, 0, 0",
                 "set arrow from graph 0, first 0.8 to graph 1, first 0.8 nohead dt 3 lc rgb \"gray40\"",
                 "set arrow from graph 0, first 1.2 to graph 1, first 1.2 nohead dt 3 lc rgb \"gray40\"",
                 "set key top right font \",8\"", "plot " + cyclePlots.joined(separator: ", \\\n     ")],
            ])
        try context.writeText("\(name).gp", script.text)
        try Gnuplot.render(script: "\(name).gp", in: context.outputDirectory, pdfOutputs: ["\(name).pdf"])

        let f = formatShort
        let perturbed = statistics.dropFirst()
        let holds = perturbed.map { run in
            run.maxDistanceOverDelta <= 5 && !run.cycleRatios.isEmpty && run.cycleRatios.allSatisfy { (0.8...1.2).contains($0.ratio) }
                && run.maxSeparationOverDelta >= 0.1
        }
        let measured = perturbed.enumerated().map { index, run in
            let ratios = run.cycleRatios.map { f($0.ratio) }.joined(separator: ", ")
            return "ξ_\(index + 1): max‖θ−θ†‖ = \(f(run.maxDistanceOverDelta))·max δ, ⟨x²⟩/⟨δ²⟩ [\(ratios.isEmpty ? "no blowup" : ratios)], separation \(f(run.maxSeparationOverDelta))·δ"
        }.joined(separator: "; ")
        let claim = Claim("eos.C13 [\(try context.parameters.string("label"))]", "perturbed GD runs separate, yet each stays near the common θ† with ⟨x²⟩ ≈ δ²",
                          threshold: "every perturbed run: max‖θ − θ†‖ ≤ 5·max δ, ⟨x²⟩/⟨δ²⟩ ∈ [0.8, 1.2] per slow cycle (C8's cycles), max‖θ − θ′‖ ≥ 0.1·δ",
                          measured: "holds on \(holds.filter { $0 }.count) of \(holds.count): " + measured,
                          passed: holds.allSatisfy { $0 })
        try context.writeText("claims/\(name).tsv", Claim.tableText([claim]))
    }
}
