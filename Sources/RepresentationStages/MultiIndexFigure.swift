import Foundation
import LinearAlgebra
import Plotting
import StageKit

extension RepresentationFiguresExperiment {
    /// R4 (docs/representations.md §5.4): Algorithm 1 on the multi-index target T2 at d = 64 for several
    /// r, n = d²r·k. (a) test MSE against n/(d²r); (b) fraction of ‖W‖² in span(U) against n/d²; (c) against
    /// n/(d²r). Claim band 5: alignment collapses on n/d², not on n/(d²r).
    static func figureR4(_ context: StageContext, _ table: MetricsTable, _ note: String) throws -> [Claim] {
        let keys = table.cells.keys.filter { $0.method == "multi-index" }
        let ranks = Set(keys.map(\.rank)).sorted()
        guard let d = keys.first?.dimension else { throw StageError.missingInput(role: "multi_index", experiment: name) }
        var data = DataTable(columns: ["n", "n_over_d2", "n_over_d2r", "mse", "fraction_in_span", "min_cos"])
        var plots: [[String]] = [[], [], []]
        var fractionByScale: [Int: [Double: Double]] = [:]  // r → (n/d² → frac)
        for (index, r) in ranks.enumerated() {
            let curve = table.cells.filter { $0.key.method == "multi-index" && $0.key.rank == r }.sorted { $0.key.examples < $1.key.examples }
            let dd = Double(d * d)
            data.appendBlock([curve.map { Double($0.key.examples) }, curve.map { Double($0.key.examples) / dd },
                              curve.map { Double($0.key.examples) / (dd * Double(r)) }, curve.map { $0.value.meanMSE },
                              curve.map { Statistics.mean($0.value.fraction) }, curve.map { Statistics.mean($0.value.minCos) }])
            for cell in curve { fractionByScale[r, default: [:]][Double(cell.key.examples) / dd] = Statistics.mean(cell.value.fraction) }
            let style = "with linespoints pt 7 ps 0.7 lw 1.5 lc rgb \"\(colours[index % colours.count])\" title \"r = \(r)\""
            plots[0].append("'data/rep_r4.dat' index \(index) using \(data.using("n_over_d2r", "mse")) \(style)")
            plots[1].append("'data/rep_r4.dat' index \(index) using \(data.using("n_over_d2", "fraction_in_span")) \(style)")
            plots[2].append("'data/rep_r4.dat' index \(index) using \(data.using("n_over_d2r", "fraction_in_span")) \(style)")
        }
        try context.writeText("data/rep_r4.dat", data.text(comment: "R4: target T2 at d = \(d), one block per r \(ranks)"))
        try render(context, FigureScript(
            name: "rep_r4", caption: "R4 (docs/representations.md §5.4): multi-index target T2 at d = \(d), r ∈ \(ranks), n = d²r·k. The d²r term of the bound is conservative for this target: with Var f* = 1 the first-step signal does not shrink as r grows. \(note)",
            title: "Dependence on the number of relevant directions r (d = \(d))", layout: (1, 3),
            panels: [["set title \"(a) test MSE against n/(d²r)\"", "set logscale xy", "set xlabel \"n/(d²r)\"", "set ylabel \"test MSE\"",
                      "set key bottom left", "plot " + plots[0].joined(separator: ", \\\n     ")],
                     ["set title \"(b) fraction of ‖W‖² in span(U) against n/d²\"", "set logscale x", "set yrange [0:1]", "set xlabel \"n/d²\"",
                      "set ylabel \"fraction of ‖W‖² in span(U)\"", "set key top left", "plot " + plots[1].joined(separator: ", \\\n     ")],
                     ["set title \"(c) the same against n/(d²r)\"", "set logscale x", "set yrange [0:1]", "set xlabel \"n/(d²r)\"",
                      "set ylabel \"fraction of ‖W‖² in span(U)\"", "set key top left", "plot " + plots[2].joined(separator: ", \\\n     ")]]))
        // Band 5: spread over r at matched n/d² (every scale all ranks share) and at n/(d²r) = 1.
        let shared = ranks.map { Set(fractionByScale[$0, default: [:]].keys) }.reduce(Set(fractionByScale[ranks[0], default: [:]].keys)) { $0.intersection($1) }
        let matchedSpread = shared.map { scale in
            let values = ranks.compactMap { fractionByScale[$0]?[scale] }
            return values.max()! - values.min()!
        }.max() ?? .nan
        let atUnit = ranks.compactMap { fractionByScale[$0]?[Double($0)] }
        let unitSpread = atUnit.count == ranks.count ? atUnit.max()! - atUnit.min()! : .nan
        let f = formatShort
        return [Claim("rep.band5", "alignment collapses on n/d², not on n/(d²r) (T2, d = \(d), r ∈ \(ranks))",
                      threshold: "spread over r ≤ 0.05 at matched n/d²; ≥ 0.2 at n/(d²r) = 1",
                      measured: "largest spread at matched n/d² (\(shared.sorted().map { f($0) }.joined(separator: ", "))): \(f(matchedSpread)); spread at n/(d²r) = 1: \(f(unitSpread))",
                      passed: !shared.isEmpty && matchedSpread <= 0.05 && unitSpread >= 0.2)]
    }
}
