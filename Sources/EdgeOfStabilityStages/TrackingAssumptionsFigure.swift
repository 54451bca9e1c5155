import EdgeOfStability
import Foundation
import HDF5
import Plotting
import StageKit

/// The assumption figures of the tracking runs (docs/eos.md §5, Fbeta and Fslice): the decay of the
/// kernels β_{s→t}/β_s with the lag t − s, the loss slice L(θ† + x u) against its quadratic and
/// cubic Taylor models at three checks, and ρ₃, ρ₄ at every check.
enum TrackingAssumptionsFigure {
    /// One run's β tracks and checks, as data tables; `slug` names its data files.
    struct Run {
        let label: String, slug: String
        let beta: DataTable, slices: DataTable, monitors: DataTable
        let betaStarts: [Int], sliceSteps: [Int]

        /// From the `/tracking` group of a trajectory file (its β tracks and assumption checks only).
        init(tracking: Group, label: String, slug: String) throws {
            self.label = label
            self.slug = slug
            // β_{s→t}/β_s against t − s, one block per start s whose first value is β_s.
            var beta = DataTable(columns: ["lag", "beta_ratio", "abs_beta_ratio"])
            var included: [Int] = []
            let tracks = Dictionary(grouping: try TrackingCheckpoint.readBetaSamples(try tracking.openGroup(named: "beta_tracks")), by: \.start)
            for (start, samples) in tracks.sorted(by: { $0.key < $1.key }) {
                guard let first = samples.first, first.step == start, first.value != 0 else { continue }
                beta.appendBlock([samples.map { Double($0.step - start) }, samples.map { $0.value / first.value },
                                  samples.map { abs($0.value / first.value) }])
                included.append(start)
            }
            self.beta = beta
            betaStarts = included
            // Slices at the first, middle and last check: x/δ, F − L†, quadratic and cubic Taylor models.
            let checks = try TrackingCheckpoint.readAssumptionChecks(try tracking.openGroup(named: "assumption_checks"))
            let chosen = checks.isEmpty ? [] : Array(Set([0, checks.count / 2, checks.count - 1])).sorted().map { checks[$0] }
            var slices = DataTable(columns: ["x_over_delta", "loss_minus_dagger", "quadratic", "cubic"])
            for check in chosen {
                let xs = check.sliceX
                slices.appendBlock([xs.map { $0 / check.delta }, check.sliceLoss.map { $0 - check.loss },
                                    xs.map { check.slope * $0 + check.sharpness * $0 * $0 / 2 },
                                    xs.map { check.slope * $0 + check.sharpness * $0 * $0 / 2 + check.cubic * $0 * $0 * $0 / 6 }])
            }
            self.slices = slices
            sliceSteps = chosen.map(\.step)
            var monitors = DataTable(columns: ["step", "rho3", "rho4", "delta", "abs_rho3", "abs_rho4"])
            monitors.appendBlock([checks.map { Double($0.step) }, checks.map(\.rho3), checks.map(\.rho4), checks.map(\.delta),
                                  checks.map { abs($0.rho3) }, checks.map { abs($0.rho4) }])
            self.monitors = monitors
        }
    }

    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    /// Writes the run's data files `data/<slug>_{beta,slice,monitors}.dat`.
    static func writeData(_ run: Run, _ context: StageContext) throws {
        try context.writeText("data/\(run.slug)_beta.dat", run.beta.text(comment: "\(run.label): β_{s→t}/β_s, one block per start s in \(run.betaStarts)"))
        try context.writeText("data/\(run.slug)_slice.dat", run.slices.text(comment: "\(run.label): L(θ† + x u) − L(θ†) at the checks of steps \(run.sliceSteps)"))
        try context.writeText("data/\(run.slug)_monitors.dat", run.monitors.text(comment: "\(run.label): ρ₃ = ∇³L[v,v,v], ρ₄ = ∇⁴L[v,v,v,v] by 20 power iterations from u"))
    }

    /// Draws `<name>_assumptions` from the runs' data files.
    static func draw(_ context: StageContext, runs: [Run], name: String, caption: String) throws {
        let betaRow = runs.map { run -> [String] in
            let header = ["set title \"\(run.label): β_{s→t}/β_s\"", "set xlabel \"t − s (steps)\"", "set ylabel \"|β_{s→t}| / β_s\"",
                          "set logscale y", "set key top right font \",8\""]
            guard !run.beta.blocks.isEmpty else { return header + ["unset logscale y", "set label 1 \"no β track\" at graph 0.4, 0.5", "plot 2 notitle lc rgb \"white\""] }
            return header + ["plot " + run.beta.blocks.indices.map { block in
                "'data/\(run.slug)_beta.dat' index \(block) using \(run.beta.using("lag", "abs_beta_ratio")) with lines lw 1 lc rgb \"\(colours[block % colours.count])\" title \"s = \(run.betaStarts[block])\""
            }.joined(separator: ", \\\n     ")]
        }
        let sliceRow = runs.map { run -> [String] in
            let header = ["set title \"\(run.label): loss slice along u at θ†\"", "set xlabel \"x/δ\"", "set ylabel \"L(θ† + xu) − L(θ†)\"",
                          "set key top center font \",8\""]
            guard !run.slices.blocks.isEmpty else { return header + ["set label 1 \"no check with α > 0\" at graph 0.3, 0.5", "plot 0 notitle lc rgb \"white\""] }
            return header + ["plot " + run.sliceSteps.indices.flatMap { block -> [String] in
                let colour = colours[block % colours.count], data = "'data/\(run.slug)_slice.dat' index \(block)"
                return ["\(data) using \(run.slices.using("x_over_delta", "loss_minus_dagger")) with lines lw 1.5 lc rgb \"\(colour)\" title \"step \(run.sliceSteps[block])\"",
                        "\(data) using \(run.slices.using("x_over_delta", "quadratic")) with lines dt 2 lc rgb \"\(colour)\" title \"quadratic\"",
                        "\(data) using \(run.slices.using("x_over_delta", "cubic")) with lines dt 3 lc rgb \"\(colour)\" title \"cubic\""]
            }.joined(separator: ", \\\n     ")]
        }
        let monitorRow = runs.map { run -> [String] in
            let header = ["set title \"\(run.label): ρ₃ and ρ₄ at θ†\"", "set xlabel \"tracked step\"", "set ylabel \"|ρ₃|\"",
                          "set y2label \"|ρ₄|\"", "set y2tics", "set ytics nomirror", "set key top right font \",8\""]
            guard !run.monitors.blocks.isEmpty, !(run.monitors.blocks.first ?? []).isEmpty else {
                return header + ["set label 1 \"no check with α > 0\" at graph 0.3, 0.5", "plot 0 notitle lc rgb \"white\""]
            }
            return header + ["plot 'data/\(run.slug)_monitors.dat' using \(run.monitors.using("step", "abs_rho3")) with linespoints pt 7 ps 0.5 lc rgb \"#1f77b4\" title \"|ρ₃|\", \\",
                             "     'data/\(run.slug)_monitors.dat' using \(run.monitors.using("step", "abs_rho4")) axes x1y2 with linespoints pt 5 ps 0.5 lc rgb \"#d62728\" title \"|ρ₄|\""]
        }
        let script = FigureScript(name: name + "_assumptions", caption: caption + """

            β_{s→t} in the theory form (docs/eos.md §1.6; a track starts at every check, at most 4 live). Slices: solid L(θ† + xu) − L(θ†), \
            dashed (u·∇L)x + ½Sx², dotted adds ∇³L[u,u,u]x³/6; x on linspace(−5δ, 5δ).
            """, title: "Along θ†: decay of β_{s→t}, the loss slice along u, and the higher derivatives ρ₃, ρ₄",
                                  layout: (3, runs.count), panels: betaRow + sliceRow + monitorRow)
        try context.writeText("\(script.name).gp", script.text)
        try Gnuplot.render(script: "\(script.name).gp", in: context.outputDirectory, pdfOutputs: ["\(script.name).pdf"])
    }
}
