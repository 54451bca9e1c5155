import EdgeOfStability
import Foundation
import HDF5
import Plotting
import StageKit

/// The analyze stage of `eos.four-stages`: the F2 figure and claims C1–C4 (docs/eos.md §4.2, §5).
enum FourStagesFigure {
    static let figureName = "four_stages"

    static func analyze(_ context: StageContext) throws {
        let input = try context.openInput("measurements")
        defer { try? input.close() }
        let root = input.root
        let η: Double = try root.read("learning_rate", count: 1)[0]
        let α: Double = try root.read("alpha", count: 1)[0]
        let δ²: Double = try root.read("delta_squared", count: 1)[0]
        let x: [Double] = try root.read("x")
        let y: [Double] = try root.read("y", count: x.count)
        let xSquared: [Double] = try root.read("x_squared", count: x.count)
        let sharpness: [Double] = try root.read("sharpness", count: x.count)
        let conserved: [Double] = try root.read("conserved", count: x.count)
        let stage: [Int32] = try root.read("stage", count: x.count)
        let steps = (0..<x.count).map(Double.init)

        var table = DataTable(columns: ["step", "x", "y", "sharpness", "x_squared", "stage", "conserved"])
        table.appendBlock([steps, x, y, sharpness, xSquared, stage.map(Double.init), conserved])
        // Level sets of g(x², y) = y²/α + z − ln z (z = x²/δ²): y = ±√(α(g − z + ln z)), one block each.
        let levels = [1.5, 3, 6, conserved.first ?? 5.5]
        var levelTable = DataTable(columns: ["x_squared", "y"])
        for g in levels {
            let zs = stride(from: 1e-4, through: 40, by: 0.01).filter { g - $0 + log($0) >= 0 }
            let upper = zs.map { (α * (g - $0 + log($0))).squareRoot() }
            levelTable.appendBlock([zs.map { $0 * δ² } + zs.reversed().map { $0 * δ² },
                                    upper + upper.reversed().map { -$0 }])
        }
        let dataText = table.text(comment: "eos.four-stages: per-step series (index 0); level sets of g follow in data/\(figureName)_levels.dat")
        try context.writeText("data/\(figureName).dat", dataText)
        try context.writeText("data/\(figureName)_levels.dat", levelTable.text(comment: "level sets of g = \(levels.map { formatNumber($0) })"))

        let twoOverEta = 2 / η
        let maxX = x.map(\.magnitude).max() ?? 1
        let data = "'data/\(figureName).dat'"
        let shading = [
            "set style fill solid 0.22 noborder",
            "set boxwidth 1",
            "stagecolor(s) = (s == 1 ? 0x4575b4 : (s == 2 ? 0xfee090 : (s == 3 ? 0xd73027 : 0x91cf60)))",
        ]
        let script = FigureScript(
            name: figureName,
            caption: """
            Fig. 2 analogue (docs/eos.md §4.2 F2): the four stages of edge of stability on the toy loss
            L(x, y) = -αy + ½(2/η + y)x², whose gradient descent is eq. (3) with β = 1.
            η = \(formatNumber(η)), α = \(formatNumber(α)), δ² = 2α/β = \(formatNumber(δ²)).
            The Appendix B loss of the paper is unknown; this toy loss follows the spec's plan (derived, unverified).
            Stage shading: 1 progressive sharpening (blue), 2 blowup (yellow), 3 self-stabilization (red), 4 return to stability (green).
            """,
            title: "Four stages of edge of stability (toy loss, η = \(formatNumber(η)), α = \(formatNumber(α)))",
            layout: (2, 2),
            panels: [
                shading + [
                    "set title \"(a) displacement x_t along the top eigenvector, shaded by stage\"",
                    "set xlabel \"step t\"", "set ylabel \"x_t\"",
                    "set xrange [0:\(x.count - 1)]", "set yrange [\(-1.1 * maxX):\(1.1 * maxX)]",
                    "set key top left",
                    "plot \(data) index 0 using \(table.column("step")):(\(1.1 * maxX)):(stagecolor(\(table.value("stage")))) with boxes lc rgb variable notitle, \\",
                    "     \(data) index 0 using \(table.column("step")):(\(-1.1 * maxX)):(stagecolor(\(table.value("stage")))) with boxes lc rgb variable notitle, \\",
                    "     \(data) index 0 using \(table.using("step", "x")) with lines lc rgb \"black\" lw 0.5 title \"x_t\"",
                ],
                [
                    "set title \"(b) sharpness S(θ_t) = λ_{max}(∇²L)\"",
                    "set xlabel \"step t\"", "set ylabel \"S\"", "set xrange [0:\(x.count - 1)]",
                    "set key top left",
                    "plot \(data) index 0 using \(table.using("step", "sharpness")) with lines lc rgb \"#1b7837\" title \"S(θ_t)\", \\",
                    "     \(formatNumber(twoOverEta)) with lines dt 2 lc rgb \"black\" title \"2/η\"",
                ],
                [
                    "set title \"(c) phase plot (x_t², y_t) with level sets of g\"",
                    "set xlabel \"x_t²\"", "set ylabel \"y_t = S − 2/η (approx.)\"",
                    "set key top right",
                    "plot 'data/\(figureName)_levels.dat' using \(levelTable.using("x_squared", "y")) with lines dt 3 lc rgb \"gray50\" title \"level sets of g\", \\",
                    "     \(data) index 0 using \(table.using("x_squared", "y")) with lines lc rgb \"#2166ac\" lw 0.7 title \"orbit\", \\",
                    "     '+' using (\(formatNumber(δ²))):(0) with points pt 7 ps 1.2 lc rgb \"red\" title \"(δ², 0)\"",
                ],
                shading + [
                    "set title \"(d) x_t² on a log scale: blowup is a straight line\"",
                    "set xlabel \"step t\"", "set ylabel \"x_t²\"", "set logscale y", "set format y \"10^{%L}\"",
                    "set xrange [0:\(x.count - 1)]",
                    "set key bottom right",
                    "plot \(data) index 0 using \(table.using("step", "x_squared")) with lines lc rgb \"#762a83\" title \"x_t²\", \\",
                    "     \(formatNumber(δ²)) with lines dt 2 lc rgb \"black\" title \"δ²\"",
                ],
            ])
        let scriptName = "\(figureName).gp"
        try context.writeText(scriptName, script.text)
        try Gnuplot.render(script: scriptName, in: context.outputDirectory, pdfOutputs: ["\(figureName).pdf"])
        try context.writeText("claims/\(figureName).tsv", Claim.tableText(try claims(root: root, x: x, y: y, conserved: conserved)))
    }

    /// Claims C1–C4 of docs/eos.md §5, measured.
    static func claims(root: Group, x: [Double], y: [Double], conserved: [Double]) throws -> [Claim] {
        let equivalence = try root.openGroup(named: "equivalence")
        let dx: Double = try equivalence.read("max_abs_dx", count: 1)[0], dy: Double = try equivalence.read("max_abs_dy", count: 1)[0]
        let mx: Double = try equivalence.read("max_abs_x", count: 1)[0], my: Double = try equivalence.read("max_abs_y", count: 1)[0]
        let cycles = try root.openGroup(named: "cycles")
        let peaks: [Int64] = try cycles.read("peaks")
        let meanXSquared: [Double] = try cycles.read("mean_x_squared")
        let meanY: [Double] = try cycles.read("mean_y")
        let irregular: Int64 = try cycles.read("irregular_transitions", count: 1)[0]
        let δ²: Double = try root.read("delta_squared", count: 1)[0]
        let firstDivergent: Int64 = try root.openGroup(named: "divergence").read("first_step_above_1e6", count: 1)[0]
        let xSquaredMax = x.map { $0 * $0 }.max() ?? 0
        let expectedPeaks: [Int64] = [359, 989, 1639, 2311, 3006, 3727].filter { $0 < x.count - 1 }
        let peaksMatch = peaks.count >= expectedPeaks.count && zip(peaks, expectedPeaks).allSatisfy { abs($0 - $1) <= 2 }
        let cycleSpread = meanXSquared.map { abs($0 / δ² - 1) }.max() ?? .nan
        let fmt: (Double) -> String = { String(format: "%.4g", $0) }
        var claims = [
            Claim("C1", "GD on the toy loss equals eq. (3)", threshold: "max|Δx| ≤ 1e-9·max|x| and max|Δy| ≤ 1e-9·max|y|",
                  measured: "\(fmt(dx / mx)) and \(fmt(dy / my)) (relative)", passed: dx <= 1e-9 * mx && dy <= 1e-9 * my),
            Claim("C2a", "envelope peaks of x² (reference run)", threshold: "\(expectedPeaks) ± 2",
                  measured: "\(peaks.prefix(expectedPeaks.count + 1))", passed: peaksMatch),
            Claim("C2b", "max x² (reference run)", threshold: "23.83 ± 0.05", measured: fmt(xSquaredMax),
                  passed: abs(xSquaredMax - 23.83) <= 0.05),
            Claim("C2c", "range of y (reference run)", threshold: "min −2.969 ± 0.01, max 2.843 ± 0.01",
                  measured: "\(fmt(y.min() ?? .nan)), \(fmt(y.max() ?? .nan))",
                  passed: abs((y.min() ?? 0) + 2.969) <= 0.01 && abs((y.max() ?? 0) - 2.843) <= 0.01),
            Claim("C2d", "per-cycle mean of x² equals δ²", threshold: "within 1.5% of δ² on every cycle",
                  measured: "largest deviation \(fmt(100 * cycleSpread))% over \(meanXSquared.count) cycles",
                  passed: !meanXSquared.isEmpty && cycleSpread <= 0.015),
            Claim("C2e", "per-cycle mean of y (time-averaged sharpness is 2/η)", threshold: "every cycle in [0, 0.03]",
                  measured: "[\(fmt(meanY.min() ?? .nan)), \(fmt(meanY.max() ?? .nan))]",
                  passed: !meanY.isEmpty && meanY.allSatisfy { $0 >= 0 && $0 <= 0.03 }),
            Claim("C2f", "drift of the conserved quantity g", threshold: "g(final) = 9.95 ± 0.05 (reference run, 4000 steps)",
                  measured: "g(0) = \(fmt(conserved.first ?? .nan)), g(final) = \(fmt(conserved.last ?? .nan))",
                  passed: abs((conserved.last ?? 0) - 9.95) <= 0.05),
            Claim("C3", "eq. (3) diverges at η = 0.1", threshold: "|x| > 1e6 within 400 steps",
                  measured: firstDivergent >= 0 ? "at step \(firstDivergent)" : "never", passed: firstDivergent >= 0 && firstDivergent <= 400),
            Claim("C4", "stages cycle 1→2→3→4→1", threshold: "no other transitions (single-step flicker allowed)",
                  measured: "\(irregular) irregular transitions", passed: irregular == 0),
        ]
        claims = claims.map { claim in
            var claim = claim
            claim.identifier = "eos.\(claim.identifier)"
            return claim
        }
        return claims
    }
}
