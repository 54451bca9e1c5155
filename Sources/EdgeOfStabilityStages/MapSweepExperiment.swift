import EdgeOfStability
import Foundation
import Plotting
import StageKit

/// F2b (docs/eos.md §4.2): eq. (3) for several (α, β, x₀): per-cycle ⟨x²⟩/δ² and ⟨y⟩, the drift of the
/// conserved quantity g, and a divergent step size. A single analyze stage: the map costs
/// microseconds, so it is iterated where it is drawn.
///
/// Parameters: `learning_rate`, `steps`, `y0`, `cases` (a list of [α, β, x₀]), `divergent_learning_rate`.
/// Writes `eos_map_sweep.{gp,png,pdf}`, `data/eos_map_sweep.dat`, `data/eos_map_sweep_cycles.dat`,
/// `claims/eos_map_sweep.tsv`.
public enum MapSweepExperiment: Experiment {
    public static let name = "eos.map-sweep"
    public static let summary = "Fig. 2b: eq. (3) across (α, β, x₀): cycle averages, drift of g, divergence"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        guard kind == .analyze else { throw StageError.unsupportedStage(experiment: name, kind: kind) }
        let p = context.parameters
        let η = try p.double("learning_rate"), y0 = try p.double("y0")
        let steps = try p.integer("steps", in: 10...10_000_000)
        guard case .array(let items) = p.values["cases"] ?? .null, !items.isEmpty else {
            throw ParameterError.wrongType(source: p.source, field: "cases", expected: "a list of [alpha, beta, x0] triples", found: p.values["cases"]?.canonicalText ?? "nothing")
        }
        let cases: [(α: Double, β: Double, x0: Double)] = try items.map { item in
            guard case .array(let values) = item, values.count == 3, let α = values[0].doubleValue, let β = values[1].doubleValue,
                  let x0 = values[2].doubleValue, α > 0, β > 0 else {
                throw ParameterError.invalid(source: p.source, field: "cases", reason: "each case is [alpha > 0, beta > 0, x0], found \(item.canonicalText)")
            }
            return (α, β, x0)
        }
        var series = DataTable(columns: ["step", "x_squared_over_delta_squared", "y", "conserved"])
        var cycles = DataTable(columns: ["cycle", "mean_x_squared_over_delta_squared", "mean_y"])
        var claims: [Claim] = []
        let f: (Double) -> String = { String(format: "%.4g", $0) }
        var labels: [String] = []
        for (α, β, x0) in cases {
            let map = SelfStabilizationMap(learningRate: η, alpha: α, beta: β)
            let orbit = map.trajectory(x0: x0, y0: y0, steps: steps)
            try requireFinite(orbit.x, "eq. (3) x")
            let δ² = map.deltaSquared
            let conserved = zip(orbit.x, orbit.y).map { map.conservedQuantity(x: $0, y: $1) }
            let stride = max(1, steps / 2000)
            let kept = Swift.stride(from: 0, through: steps, by: stride).map { $0 }
            series.appendBlock([kept.map(Double.init), kept.map { orbit.x[$0] * orbit.x[$0] / δ² }, kept.map { orbit.y[$0] }, kept.map { conserved[$0] }])
            let peaks = OrbitCycles.envelopePeaks(x: orbit.x, deltaSquared: δ²)
            let meanX = OrbitCycles.meansBetweenPeaks(orbit.x.map { $0 * $0 / δ² }, peaks: peaks)
            let meanY = OrbitCycles.meansBetweenPeaks(orbit.y, peaks: peaks)
            cycles.appendBlock([(0..<meanX.count).map { Double($0 + 1) }, meanX, meanY])
            let label = "α = \(formatNumber(α)), β = \(formatNumber(β)), x₀ = \(formatNumber(x0))"
            labels.append(label)
            let spread = meanX.map { abs($0 - 1) }.max() ?? .nan
            claims.append(Claim("eos.F2b [\(label)]", "per-cycle ⟨x²⟩ = δ² and ⟨y⟩ ≈ 0 (time-averaged sharpness 2/η)",
                                threshold: "every cycle: |⟨x²⟩/δ² − 1| ≤ 0.05 and |⟨y⟩|·η ≤ 1e-3; g drifts upward",
                                measured: "\(meanX.count) cycles, largest |⟨x²⟩/δ² − 1| \(f(spread)), ⟨y⟩ in [\(f(meanY.min() ?? .nan)), \(f(meanY.max() ?? .nan))], g \(f(conserved.first!)) → \(f(conserved.last!))",
                                passed: meanX.count >= 2 && spread <= 0.05 && meanY.allSatisfy { abs($0) * η <= 1e-3 } && conserved.last! >= conserved.first!))
        }
        let divergentη = try p.double("divergent_learning_rate", default: 0.1)
        let divergent = SelfStabilizationMap(learningRate: divergentη, alpha: cases[0].α, beta: cases[0].β)
            .trajectory(x0: cases[0].x0, y0: y0, steps: 400).x
        let first = OrbitCycles.firstExceedance(x: divergent, bound: 1e6)
        let shown = Array(divergent.prefix((first ?? 399) + 1))
        series.appendBlock([(0..<shown.count).map(Double.init), shown.map { min($0 * $0, 1e300) }, shown.map { _ in 0 }, shown.map { _ in 0 }])
        try context.writeText("data/eos_map_sweep.dat", series.text(comment: "eq. (3) at η = \(η): one block per case \(labels), then the divergent run at η = \(divergentη) (x² in column 2)"))
        try context.writeText("data/eos_map_sweep_cycles.dat", cycles.text(comment: "per-cycle means, one block per case"))
        let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
        func plots(_ using: String, file: String = "data/eos_map_sweep.dat", style: String = "with lines") -> String {
            labels.enumerated().map { "'\(file)' index \($0.offset) using \(using) \(style) lc rgb \"\(colours[$0.offset % colours.count])\" title \"\($0.element)\"" }
                .joined(separator: ", \\\n     ")
        }
        let script = FigureScript(
            name: "eos_map_sweep",
            caption: "F2b (docs/eos.md §4.2): eq. (3) with η = \(formatNumber(η)), y₀ = \(formatNumber(y0)), \(steps) steps, for several (α, β, x₀); the divergent run uses η = \(formatNumber(divergentη)).",
            title: "Eq. (3) across (α, β, x₀): cycle averages hold, g drifts, large η diverges", layout: (2, 2),
            panels: [
                ["set title \"(a) x²/δ² on a log scale\"", "set logscale y", "set xlabel \"step\"", "set ylabel \"x_t²/δ²\"", "set key bottom right font \",8\"",
                 "plot " + plots(series.using("step", "x_squared_over_delta_squared")), ],
                ["set title \"(b) per-cycle ⟨x²⟩/δ²\"", "set xlabel \"cycle\"", "set ylabel \"⟨x²⟩/δ²\"", "set yrange [0.9:1.1]", "set key top right font \",8\"",
                 "plot " + plots(cycles.using("cycle", "mean_x_squared_over_delta_squared"), file: "data/eos_map_sweep_cycles.dat", style: "with linespoints pt 7") + ", 1 with lines dt 2 lc rgb \"black\" notitle"],
                ["set title \"(c) the conserved quantity g drifts slowly upward\"", "set xlabel \"step\"", "set ylabel \"g(x_t, y_t)\"", "set key top left font \",8\"",
                 "plot " + plots(series.using("step", "conserved"))],
                ["set title \"(d) η = \(formatNumber(divergentη)): eq. (3) diverges\"", "set logscale y", "set format y \"10^{%L}\"", "set xlabel \"step\"", "set ylabel \"x_t²\"",
                 "plot 'data/eos_map_sweep.dat' index \(labels.count) using \(series.using("step", "x_squared_over_delta_squared")) with lines lc rgb \"black\" title \"x_t²\""],
            ])
        try context.writeText("eos_map_sweep.gp", script.text)
        try Gnuplot.render(script: "eos_map_sweep.gp", in: context.outputDirectory, pdfOutputs: ["eos_map_sweep.pdf"])
        claims.append(Claim("eos.F2b [divergence]", "eq. (3) diverges once η|y| is not small", threshold: "|x| > 1e6 within 400 steps at η = \(formatNumber(divergentη))",
                            measured: first.map { "at step \($0)" } ?? "never", passed: first != nil))
        try context.writeText("claims/eos_map_sweep.tsv", Claim.tableText(claims))
    }
}
