import EdgeOfStability
import Foundation
import HDF5
import StageKit

/// The measure stage of `eos.tracking`: the statistics behind claims C5–C12 (eos.md §5), from the
/// trajectory. Writes `measurements.h5` with one scalar dataset per statistic under `/statistics`
/// and the per-window amplitude ratios under `/windows`.
enum TrackingMeasurements {
    struct Series {
        let η: Double
        let t: [Double], x: [Double], xStar: [Double], yStar: [Double], δ²: [Double], α: [Double]
        let gdLoss: [Double], daggerLoss: [Double], predictedLoss: [Double]
        let gdS: [Double], predictedS: [Double], daggerS: [Double], beforeProjection: [Double], newtonResidual: [Double]
        let distance: [Double], flowDistance: [Double], flowS: [Double], lambda2: [Double]
        let crossingStep: Double, phaseOneFirstSharpness: Double

        init(_ path: String) throws {
            let file = try File.open(atPath: path)
            defer { try? file.close() }
            let tracking = try file.root.openGroup(named: "tracking")
            η = try file.root.read("learning_rate", count: 1)[0]
            t = try tracking.read("step")
            let n = t.count
            func series(_ name: String) throws -> [Double] { try tracking.read(name, count: n) }
            x = try series("gd_x"); xStar = try series("predicted_x"); yStar = try series("predicted_y")
            δ² = try series("delta_squared"); α = try series("alpha")
            gdLoss = try series("gd_loss"); daggerLoss = try series("dagger_loss"); predictedLoss = try series("predicted_loss")
            gdS = try series("gd_sharpness"); predictedS = try series("predicted_sharpness"); daggerS = try series("dagger_sharpness")
            beforeProjection = try series("sharpness_before_projection"); newtonResidual = try series("newton_residual")
            distance = try series("gd_distance"); flowDistance = try series("flow_distance"); flowS = try series("flow_sharpness")
            lambda2 = try tracking.openGroup(named: "checks").read("lambda2")
            let phaseOne = try file.root.openGroup(named: "phase1")
            crossingStep = Double(try phaseOne.read("crossing_step", count: 1, as: Int64.self)[0])
            phaseOneFirstSharpness = (try phaseOne.read("check_sharpness") as [Double]).first ?? .nan
        }
    }

    static func measure(_ context: StageContext) throws {
        let s = try Series(try context.input("trajectory"))
        let threshold = 2 / s.η
        let n = s.t.count
        var statistics: [(String, Double)] = [("learning_rate", s.η), ("tracked_steps", Double(n)), ("crossing_step", s.crossingStep)]
        // C5: constraint residuals of θ†.
        statistics.append(("c5_max_dagger_sharpness_ratio", s.daggerS.map { $0 / threshold }.max() ?? .nan))
        let active = s.daggerS.indices.filter { s.beforeProjection[$0] > threshold }
        statistics.append(("c5_active_steps", Double(active.count)))
        statistics.append(("c5_max_active_sharpness_deviation", active.map { abs(s.daggerS[$0] / threshold - 1) }.max() ?? 0))
        statistics.append(("c5_max_newton_residual", s.newtonResidual.max() ?? .nan))
        // C6: EoS reached and held.
        statistics.append(("c6_initial_sharpness_ratio", s.phaseOneFirstSharpness / threshold))
        statistics.append(("c6_positive_alpha_fraction", fraction(s.α) { $0 > 0 }))
        let exactGD = s.gdS.filter { !$0.isNaN }
        statistics.append(("c6_mean_sharpness_ratio", mean(exactGD) / threshold))
        // C7: period-2 sign flips where |x| ≥ 0.1 δ.
        let large = (0..<max(n - 1, 0)).filter { s.δ²[$0] > 0 && abs(s.x[$0]) >= 0.1 * s.δ²[$0].squareRoot() }
        statistics.append(("c7_large_steps", Double(large.count)))
        statistics.append(("c7_sign_flip_fraction", large.isEmpty ? .nan : Double(large.filter { s.x[$0 + 1] * s.x[$0] < 0 }.count) / Double(large.count)))
        // C8: ⟨x²⟩/⟨δ²⟩ per 200-step window, starting at the first blowup (x² ≥ δ²): before it the
        // run is still in progressive sharpening (stages 1–2) with x near 0, and once the
        // oscillation settles no slow cycle completes, which is the spec's fallback case.
        let x² = s.x.map { $0 * $0 }
        let blowup = s.x.indices.first { s.δ²[$0] > 0 && x²[$0] >= s.δ²[$0] } ?? n
        let windows: [(Int, Int)] = stride(from: blowup, to: n, by: 200).map { ($0, min($0 + 200, n)) }.filter { $1 - $0 == 200 }
        let ratios = windows.map { mean(Array(x²[$0.0..<$0.1])) / mean(Array(s.δ²[$0.0..<$0.1])) }
        statistics.append(("c8_first_blowup_step", Double(blowup)))
        statistics.append(("c8_windows", Double(windows.count)))
        statistics.append(("c8_min_amplitude_ratio", ratios.min() ?? .nan))
        statistics.append(("c8_max_amplitude_ratio", ratios.max() ?? .nan))
        // C9: loss gap against x²/η, and PGD monotonicity.
        let gap = zip(s.gdLoss, s.daggerLoss).map { $0 - $1 }
        statistics.append(("c9_gap_ratio", mean(gap) / mean(x².map { $0 / s.η })))
        statistics.append(("c9_gd_above_dagger_fraction", fraction(gap) { $0 >= 0 }))
        let increases = zip(s.daggerLoss.dropFirst(), s.daggerLoss).map { $0 / $1 - 1 }
        statistics.append(("c9_max_dagger_loss_increase", increases.max() ?? 0))
        // C10: prediction quality over the first 300 tracked steps.
        let head = min(300, n)
        statistics.append(("c10_correlation", correlation(Array(s.x[0..<head]), Array(s.xStar[0..<head]))))
        let blocks = stride(from: 0, to: head, by: 50).map { ($0, min($0 + 50, head)) }
        let blockRatios = blocks.map { rms(Array(s.x[$0.0..<$0.1])) / rms(Array(s.xStar[$0.0..<$0.1])) }
        statistics.append(("c10_min_rms_ratio", blockRatios.min() ?? .nan))
        statistics.append(("c10_max_rms_ratio", blockRatios.max() ?? .nan))
        let lossError = mean((0..<head).map { abs(s.predictedLoss[$0] - s.gdLoss[$0]) })
        statistics.append(("c10_loss_error_over_gap", lossError / mean(Array(gap[0..<head]))))
        let sharpnessErrors = (0..<head).filter { !s.gdS[$0].isNaN && !s.predictedS[$0].isNaN }.map { abs(s.predictedS[$0] - s.gdS[$0]) / threshold }
        statistics.append(("c10_median_sharpness_error", median(sharpnessErrors)))
        // C11: bounded deviation against a growing gradient-flow gap.
        let maxδ = s.δ².map { $0 > 0 ? $0.squareRoot() : 0 }.max() ?? 0
        statistics.append(("c11_max_distance_over_delta", (s.distance.max() ?? 0) / maxδ))
        let late = n >= 200 ? mean(Array(s.distance[(n - 100)...])) / mean(Array(s.distance[100..<200])) : .nan
        statistics.append(("c11_late_over_early_distance", late))
        statistics.append(("c11_flow_distance_slope", slope(s.t, s.flowDistance)))
        statistics.append(("c11_final_flow_distance_over_mean_distance", (s.flowDistance.last ?? .nan) / mean(s.distance)))
        statistics.append(("c11_final_flow_sharpness_ratio", (s.flowS.last ?? .nan) / threshold))
        // C12: the eigengap.
        statistics.append(("c12_max_lambda2_ratio", (s.lambda2.max() ?? .nan) * s.η / 2))

        try context.writeHDF5("measurements.h5") { file in
            let group = try file.root.createGroup(named: "statistics")
            for (name, value) in statistics {
                let dataset = try group.createDataset(named: name, shape: [], values: [value])
                if !value.isFinite { try dataset.writeAttribute(Int64(1), named: "allows_nonfinite") }
                try dataset.close()
            }
            let windowGroup = try file.root.createGroup(named: "windows")
            try windowGroup.write(windows.map { Int64($0.0) }, to: "start")
            try windowGroup.write(windows.map { Int64($0.1) }, to: "end")
            try windowGroup.write(ratios, to: "amplitude_ratio")
            try windowGroup.write(blockRatios, to: "rms_ratio_first_300")
        }
    }

    static func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
    static func rms(_ values: [Double]) -> Double { mean(values.map { $0 * $0 }).squareRoot() }
    static func median(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.sorted()[values.count / 2] }
    static func fraction(_ values: [Double], _ predicate: (Double) -> Bool) -> Double {
        values.isEmpty ? .nan : Double(values.filter(predicate).count) / Double(values.count)
    }
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = mean(a), mb = mean(b)
        let covariance = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
        let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
        return covariance / (va * vb).squareRoot()
    }
    /// The least-squares slope of y against x.
    static func slope(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        let numerator = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        return numerator / x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    }
}
