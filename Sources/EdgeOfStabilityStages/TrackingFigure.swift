import EdgeOfStability
import Foundation
import HDF5
import Plotting
import StageKit

/// The analyze stage of `eos.tracking`: the Fig. 3 analogue (one column per run: loss, sharpness,
/// deviation), the phase-1 prelude and gradient flow (F3p, Fgf), the constants along θ† and the
/// eigengap (Fconst, Fgap), the β decay, loss slices and ρ₃, ρ₄ (Fbeta, Fslice:
/// `TrackingAssumptionsFigure`), and claims C5–C12 for every run (docs/eos.md §4.2, §5).
///
/// Inputs: `trajectory` and `measurements`, one per run in the same order. Parameters: `labels`
/// (one column title per run), `figure` (base name), `caption` (text added to every caption).
enum TrackingFigure {
    static func analyze(_ context: StageContext) throws {
        let trajectories = try context.inputs("trajectory"), measurements = try context.inputs("measurements")
        let p = context.parameters
        let labels = try p.strings("labels")
        let name = try p.string("figure", default: "eos_tracking")
        let note = try p.string("caption", default: "")
        guard trajectories.count == measurements.count, labels.count == trajectories.count else {
            throw ParameterError.invalid(source: p.source, field: "labels",
                                         reason: "\(labels.count) labels for \(trajectories.count) trajectories and \(measurements.count) measurements")
        }
        var runs: [Run] = []
        for (index, path) in trajectories.enumerated() {
            let run = try Run(path: path, label: labels[index], slug: "\(name)_\(index)")
            try context.writeText("data/\(run.slug).dat", run.trackingTable.text(comment: "\(run.label): one row per tracked step (input \(index + 1) of \(trajectories.count))"))
            try context.writeText("data/\(run.slug)_phase1.dat", run.phaseOneTable.text(comment: "\(run.label): phase-1 sharpness checks"))
            try context.writeText("data/\(run.slug)_checks.dat", run.checksTable.text(comment: "\(run.label): eigenvalues at θ† every check"))
            try TrackingAssumptionsFigure.writeData(run.assumptions, context)
            runs.append(run)
        }
        let caption = """
        Self-stabilization (docs/eos.md §4.2). \(note)
        Runs: \(runs.map { "\($0.label): η = \(formatNumber($0.η)) (2/(r·S(θ₀)) rounded to two significant digits, so r = 2/(η·S(θ₀)) = \(String(format: "%.4f", 2 / ($0.η * $0.initialSharpness)))), \($0.stopReason)" }.joined(separator: "; ")).
        Tracked step 0 is the first step whose midpoint sharpness reached 2/η (phase 1 in Float32, phase 2 in Float64).
        """
        let scripts = [
            FigureScript(name: name, caption: caption, title: "Gradient descent, predicted dynamics θ† + v* and constrained trajectory θ†",
                         layout: (3, runs.count), panels: [lossPanels(runs), sharpnessPanels(runs), deviationPanels(runs)].flatMap { $0 }),
            FigureScript(name: name + "_flow", caption: caption, title: "Phase 1 (progressive sharpening) and gradient flow against gradient descent",
                         layout: (3, runs.count), panels: [preludePanels(runs), flowSharpnessPanels(runs), flowDistancePanels(runs)].flatMap { $0 }),
            FigureScript(name: name + "_constants", caption: caption, title: "Along θ†: α, β, δ, ‖∇L⊥‖ and the eigengap",
                         layout: (3, runs.count), panels: [coefficientPanels(runs), deltaPanels(runs), gapPanels(runs)].flatMap { $0 }),
        ]
        // Multiplot fills row by row: reorder the panels so each row holds one quantity.
        for script in scripts {
            try context.writeText("\(script.name).gp", script.text)
            try Gnuplot.render(script: "\(script.name).gp", in: context.outputDirectory, pdfOutputs: ["\(script.name).pdf"])
        }
        try TrackingAssumptionsFigure.draw(context, runs: runs.map(\.assumptions), name: name, caption: caption)
        var claims: [Claim] = []
        for (index, path) in measurements.enumerated() { claims += try TrackingClaims.claims(measurementsPath: path, label: runs[index].label) }
        try context.writeText("claims/\(name).tsv", Claim.tableText(claims))
    }

    /// One tracked run's series, as data tables.
    struct Run {
        let label: String, slug: String, η: Double, initialSharpness: Double, stopReason: String
        /// The run's own eigengap guard: it stopped when λ₂(θ†) exceeded eigengapLimit/η.
        let eigengapLimit: Double
        let trackingTable: DataTable, phaseOneTable: DataTable, checksTable: DataTable
        /// The β tracks, loss slices and ρ₃, ρ₄ (Fbeta, Fslice).
        let assumptions: TrackingAssumptionsFigure.Run
        /// y ranges from GD and θ† only, so a prediction that diverges cannot flatten the panels.
        let lossRange: String, sharpnessRange: String, deviationRange: String
        /// Every how many steps S(θ_t) and S(θ† + v*) were computed (`exact_sharpness_interval`).
        let exactSharpnessInterval: Int

        init(path: String, label: String, slug: String) throws {
            let file = try File.open(atPath: path)
            defer { try? file.close() }
            self.label = label
            self.slug = slug
            η = try file.root.read("learning_rate", count: 1)[0]
            initialSharpness = try file.root.read("initial_sharpness", count: 1)[0]
            stopReason = try file.root.readStringAttribute(named: "stop_reason")
            let tracking = try file.root.openGroup(named: "tracking")
            assumptions = try TrackingAssumptionsFigure.Run(tracking: tracking, label: label, slug: slug)
            let record = try TrackingCheckpoint.readSeries(tracking)
            let settings = try TrackingSettings(reading: try tracking.openGroup(named: "settings"), learningRate: η)
            eigengapLimit = settings.eigengapLimit
            exactSharpnessInterval = settings.exactSharpnessInterval
            let drawn: [WritableKeyPath<TrackingRecord, [Double]>] = [
                \.step, \.gdLoss, \.predictedLoss, \.daggerLoss, \.gdSharpness, \.predictedSharpness, \.daggerSharpness,
                \.predictedY, \.gdX, \.predictedX, \.deltaSquared, \.flowLoss, \.flowSharpness, \.flowDistance,
                \.gdDistance, \.alpha, \.beta, \.perpendicularGradientNorm, \.gradientNorm]
            let columns = drawn.map(TrackingCheckpoint.name(of:))
            var series = Dictionary(uniqueKeysWithValues: drawn.map { (TrackingCheckpoint.name(of: $0), record[keyPath: $0]) })
            // δ as its own column: √δ² (NaN where α ≤ 0).
            series["delta"] = series["delta_squared"]!.map { $0 > 0 ? $0.squareRoot() : .nan }
            func range(_ series: [[Double]], pad: Double, symmetric: Bool = false) -> String {
                let finite = series.flatMap { $0 }.filter(\.isFinite)
                guard let low = finite.min(), let high = finite.max(), high > low else { return "[*:*]" }
                if symmetric { let m = max(abs(low), abs(high)) * (1 + pad); return "[\(-m):\(m)]" }
                let margin = (high - low) * pad
                return "[\(low - margin):\(high + margin)]"
            }
            lossRange = range([series["gd_loss"]!, series["dagger_loss"]!], pad: 0.1)
            sharpnessRange = range([series["gd_sharpness"]!, series["dagger_sharpness"]!], pad: 0.1)
            deviationRange = range([series["gd_x"]!, series["delta"]!], pad: 0.2, symmetric: true)
            var table = DataTable(columns: columns + ["delta"], blocks: [])
            table.appendBlock(table.columns.map { series[$0]! })
            trackingTable = table
            let phaseOne = try file.root.openGroup(named: "phase1")
            let checkStep: [Double] = try phaseOne.read("check_step")
            let losses: [Double] = try phaseOne.read("loss")
            let learningRate = η
            var prelude = DataTable(columns: ["time", "loss", "sharpness"])
            prelude.appendBlock([checkStep.map { $0 * learningRate }, checkStep.map { losses[min(Int($0), losses.count - 1)] },
                                 try phaseOne.read("check_sharpness", count: checkStep.count)])
            phaseOneTable = prelude
            guard record.lambda1.count == record.checkStep.count, record.lambda2.count == record.checkStep.count else {
                throw StageError.invalidInput(path: path, reason: "/tracking/checks: lambda1, lambda2 and step differ in length")
            }
            var checkTable = DataTable(columns: ["step", "lambda1", "lambda2"])
            checkTable.appendBlock([record.checkStep, record.lambda1, record.lambda2])
            checksTable = checkTable
        }

        var data: String { "'data/\(slug).dat'" }
        /// How S(θ_t) and S(θ† + v*) are drawn: lines when computed every step, else points. A line
        /// through every k-th value of GD's period-2 oscillation would draw an alias (a slow zigzag
        /// for odd k, one phase only for even k).
        func exactSharpnessStyle(lineWidth: String) -> String {
            exactSharpnessInterval == 1 ? "with lines lw \(lineWidth)" : "with points pt 7 ps 0.3"
        }
        /// `using` for the tracking table's columns by name.
        func using(_ x: String, _ y: String) -> String { trackingTable.using(x, y) }
        var twoOverEta: String { formatNumber(2 / η) }
    }

    static func header(_ run: Run, _ title: String, y: String) -> [String] {
        ["set title \"\(run.label): \(title)\"", "set xlabel \"tracked step\"", "set ylabel \"\(y)\"", "set key top right font \",9\""]
    }

    static func lossPanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "train loss", y: "L") + ["set yrange \(run.lossRange)",
                "plot \(run.data) using \(run.using("step", "gd_loss")) with lines lw 0.6 lc rgb \"#999999\" title \"L(θ_t) (GD)\", \\",
                "     \(run.data) using \(run.using("step", "predicted_loss")) with lines lw 1.2 lc rgb \"#d62728\" title \"L(θ† + v*) (predicted)\", \\",
                "     \(run.data) using \(run.using("step", "dagger_loss")) with lines dt 2 lw 1.2 lc rgb \"#1f77b4\" title \"L(θ†)\"",
            ]
        }
    }

    static func sharpnessPanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "sharpness", y: "S") + ["set yrange \(run.sharpnessRange)",
                "plot \(run.data) using \(run.using("step", "gd_sharpness")) \(run.exactSharpnessStyle(lineWidth: "0.6")) lc rgb \"#999999\" title \"S(θ_t) (GD)\", \\",
                "     \(run.data) using \(run.using("step", "predicted_sharpness")) \(run.exactSharpnessStyle(lineWidth: "1.2")) lc rgb \"#d62728\" title \"S(θ† + v*)\", \\",
                "     \(run.data) using \(run.trackingTable.column("step")):(\(run.twoOverEta) + \(run.trackingTable.value("predicted_y"))) with lines lw 0.8 lc rgb \"#ff7f0e\" title \"2/η + y*\", \\",
                "     \(run.data) using \(run.using("step", "dagger_sharpness")) with lines lw 1 lc rgb \"#1f77b4\" title \"S(θ†)\", \\",
                "     \(run.twoOverEta) with lines dt 2 lc rgb \"black\" title \"2/η\"",
            ]
        }
    }

    static func deviationPanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "deviation along u", y: "x = u·(θ − θ†)") + ["set yrange \(run.deviationRange)",
                "plot \(run.data) using \(run.using("step", "gd_x")) with lines lw 0.5 lc rgb \"#999999\" title \"x_t (GD)\", \\",
                "     \(run.data) using \(run.using("step", "predicted_x")) with lines lw 0.5 lc rgb \"#d62728\" title \"x*_t (predicted)\", \\",
                "     \(run.data) using \(run.using("step", "delta")) with lines dt 2 lc rgb \"black\" title \"±δ_t\", \\",
                "     \(run.data) using \(run.trackingTable.column("step")):(-\(run.trackingTable.value("delta"))) with lines dt 2 lc rgb \"black\" notitle",
            ]
        }
    }

    static func preludePanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            ["set title \"\(run.label): phase 1, progressive sharpening\"", "set xlabel \"time t = step·η\"", "set ylabel \"S\"",
             "set y2label \"L\"", "set y2tics", "set ytics nomirror", "set key bottom right font \",9\"",
             "plot 'data/\(run.slug)_phase1.dat' using \(run.phaseOneTable.using("time", "sharpness")) with linespoints pt 7 ps 0.3 lc rgb \"#2ca02c\" title \"S at checks\", \\",
             "     'data/\(run.slug)_phase1.dat' using \(run.phaseOneTable.using("time", "loss")) axes x1y2 with lines lc rgb \"#9467bd\" title \"L\", \\",
             "     \(run.twoOverEta) with lines dt 2 lc rgb \"black\" title \"2/η\""]
        }
    }

    static func flowSharpnessPanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "sharpness: GD against gradient flow", y: "S") + [
                "plot \(run.data) using \(run.using("step", "gd_sharpness")) \(run.exactSharpnessStyle(lineWidth: "0.6")) lc rgb \"#999999\" title \"S(θ_t) (GD)\", \\",
                "     \(run.data) using \(run.using("step", "flow_sharpness")) with lines lw 1.2 lc rgb \"#2ca02c\" title \"S(θ_{GF})\", \\",
                "     \(run.twoOverEta) with lines dt 2 lc rgb \"black\" title \"2/η\"",
            ]
        }
    }

    static func flowDistancePanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "distance to θ†", y: "‖· − θ†‖") + [
                "plot \(run.data) using \(run.using("step", "gd_distance")) with lines lw 0.8 lc rgb \"#999999\" title \"‖θ_t − θ†_t‖ (GD)\", \\",
                "     \(run.data) using \(run.using("step", "flow_distance")) with lines lw 1.2 lc rgb \"#2ca02c\" title \"‖θ_{GF} − θ†_t‖\"",
            ]
        }
    }

    static func coefficientPanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "α and β along θ†", y: "α") + ["set y2label \"β\"", "set y2tics", "set ytics nomirror",
                "plot \(run.data) using \(run.using("step", "alpha")) with lines lc rgb \"#1f77b4\" title \"α = −∇L·∇S⊥\", \\",
                "     \(run.data) using \(run.using("step", "beta")) axes x1y2 with lines lc rgb \"#ff7f0e\" title \"β = ‖∇S⊥‖²\""]
        }
    }

    static func deltaPanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "δ and ‖∇L⊥‖", y: "δ") + ["set y2label \"‖∇L⊥‖\"", "set y2tics", "set ytics nomirror",
                "plot \(run.data) using \(run.using("step", "delta")) with lines lc rgb \"#1f77b4\" title \"δ = √(2α/β)\", \\",
                "     \(run.data) using \(run.using("step", "perpendicular_gradient_norm")) axes x1y2 with lines lc rgb \"#8c564b\" title \"‖∇L⊥‖\""]
        }
    }

    static func gapPanels(_ runs: [Run]) -> [[String]] {
        runs.map { run in
            header(run, "eigengap at θ†", y: "λ") + [
                "plot 'data/\(run.slug)_checks.dat' using \(run.checksTable.using("step", "lambda1")) with linespoints pt 7 ps 0.5 lc rgb \"#1f77b4\" title \"λ₁(θ†)\", \\",
                "     'data/\(run.slug)_checks.dat' using \(run.checksTable.using("step", "lambda2")) with linespoints pt 5 ps 0.5 lc rgb \"#d62728\" title \"λ₂(θ†)\", \\",
                "     \(run.twoOverEta) with lines dt 2 lc rgb \"black\" title \"2/η\", \\",
                "     \(formatNumber(run.eigengapLimit / run.η)) with lines dt 3 lc rgb \"gray40\" title \"\(formatNumber(run.eigengapLimit))/η\"",
            ]
        }
    }
}
