import EdgeOfStability
import Foundation
import HDF5
import LinearAlgebra
import StageKit

/// The measure stage of `eos.tracking`: the statistics behind claims C5–C12 (docs/eos.md §5), from the
/// trajectory. Writes `measurements.h5` with one scalar dataset per statistic under `/statistics`
/// and the per-window amplitude ratios under `/windows`.
enum TrackingMeasurements {
    struct Series {
        let η: Double
        let t: [Double], x: [Double], xStar: [Double], yStar: [Double], δ²: [Double], α: [Double]
        let gdLoss: [Double], daggerLoss: [Double], predictedLoss: [Double]
        let gdS: [Double], predictedS: [Double], daggerS: [Double], beforeProjection: [Double], newtonResidual: [Double]
        let distance: [Double], flowDistance: [Double], flowS: [Double], lambda2: [Double]
        let crossingStep: Double
        /// S(θ₀), the exact sharpness at initialisation the learning rate was set from.
        let initialSharpness: Double

        init(_ path: String) throws {
            let file = try File.open(atPath: path)
            defer { try? file.close() }
            let tracking = try file.root.openGroup(named: "tracking")
            η = try file.root.read("learning_rate", count: 1)[0]
            let record = try TrackingCheckpoint.readSeries(tracking)
            let n = record.step.count
            if let short = TrackingCheckpoint.seriesColumns.first(where: { record[keyPath: $0.keyPath].count != n }) {
                throw StageError.invalidInput(path: path, reason: "/tracking/\(short.name) has \(record[keyPath: short.keyPath].count) values, /tracking/step \(n)")
            }
            t = record.step
            x = record.gdX; xStar = record.predictedX; yStar = record.predictedY
            δ² = record.deltaSquared; α = record.alpha
            gdLoss = record.gdLoss; daggerLoss = record.daggerLoss; predictedLoss = record.predictedLoss
            gdS = record.gdSharpness; predictedS = record.predictedSharpness; daggerS = record.daggerSharpness
            beforeProjection = record.sharpnessBeforeProjection; newtonResidual = record.newtonResidual
            distance = record.gdDistance; flowDistance = record.flowDistance; flowS = record.flowSharpness
            lambda2 = record.lambda2
            let phaseOne = try file.root.openGroup(named: "phase1")
            crossingStep = Double(try phaseOne.read("crossing_step", count: 1, as: Int64.self)[0])
            initialSharpness = try file.root.scalar("initial_sharpness", in: InputLimits.positive)
        }
    }

    static func measure(_ context: StageContext) throws {
        let s = try Series(try context.input("trajectory"))
        let threshold = 2 / s.η
        let n = s.t.count
        var statistics = TrackingStatistics()
        statistics.learningRate = s.η
        statistics.trackedSteps = Double(n)
        statistics.crossingStep = s.crossingStep
        // C5: constraint residuals of θ†.
        statistics.c5MaxDaggerSharpnessRatio = s.daggerS.map { $0 / threshold }.max() ?? .nan
        let active = s.daggerS.indices.filter { s.beforeProjection[$0] > threshold }
        statistics.c5ActiveSteps = Double(active.count)
        statistics.c5MaxActiveSharpnessDeviation = active.map { abs(s.daggerS[$0] / threshold - 1) }.max() ?? 0
        statistics.c5MaxNewtonResidual = s.newtonResidual.max() ?? .nan
        // C6: EoS reached and held.
        statistics.c6InitialSharpnessRatio = s.initialSharpness / threshold
        statistics.c6PositiveAlphaFraction = Statistics.fraction(s.α) { $0 > 0 }
        let exactGD = s.gdS.filter { !$0.isNaN }
        statistics.c6MeanSharpnessRatio = Statistics.mean(exactGD) / threshold
        // C7: period-2 sign flips where |x| ≥ 0.1 δ.
        let large = (0..<max(n - 1, 0)).filter { s.δ²[$0] > 0 && abs(s.x[$0]) >= 0.1 * s.δ²[$0].squareRoot() }
        statistics.c7LargeSteps = Double(large.count)
        statistics.c7SignFlipFraction = large.isEmpty ? .nan : Double(large.filter { s.x[$0 + 1] * s.x[$0] < 0 }.count) / Double(large.count)
        // The first blowup: the first step with x² ≥ δ². Before it x grows from the rounding-noise
        // seed of the crossing (|x|/δ down to 1e-8), so C8–C10 are evaluated from it on (docs/eos.md §5).
        let x² = s.x.map { $0 * $0 }
        let cycles = AmplitudeCycles(x²: x², δ²: s.δ²)
        let blowup = cycles.blowup
        statistics.firstBlowupStep = Double(blowup)
        // C8: ⟨x²⟩/⟨δ²⟩ over each complete slow cycle of the x² envelope after the blowup, or over the
        // window from the blowup to the end when no cycle completes (no window: no blowup at all).
        let windows = cycles.evaluationWindows
        let ratios = cycles.amplitudeRatios
        statistics.c8CompleteCycles = Double(cycles.windows.count)
        statistics.c8Windows = Double(windows.count)
        statistics.c8MinAmplitudeRatio = ratios.min() ?? .nan
        statistics.c8MaxAmplitudeRatio = ratios.max() ?? .nan
        // C9: loss gap against x²/η from the blowup; GD above θ† where |x| ≥ 0.3 δ; PGD monotonicity on every step.
        let gap = zip(s.gdLoss, s.daggerLoss).map { $0 - $1 }
        let afterBlowup = blowup..<n
        statistics.c9GapRatio = Statistics.mean(Array(gap[afterBlowup])) / Statistics.mean(x²[afterBlowup].map { $0 / s.η })
        let displaced = (0..<n).filter { s.δ²[$0] > 0 && x²[$0] >= 0.09 * s.δ²[$0] }
        statistics.c9DisplacedSteps = Double(displaced.count)
        statistics.c9GdAboveDaggerFraction = Statistics.fraction(displaced.map { gap[$0] }) { $0 >= 0 }
        let increases = zip(s.daggerLoss.dropFirst(), s.daggerLoss).map { $0 / $1 - 1 }
        statistics.c9MaxDaggerLossIncrease = increases.max() ?? 0
        // C10: prediction quality over the 300 steps from the blowup (to the end when fewer follow it;
        // every tracked step when there is no blowup).
        let window = blowup < n ? blowup..<min(blowup + 300, n) : 0..<n
        statistics.c10WindowStart = Double(window.lowerBound)
        statistics.c10WindowSteps = Double(window.count)
        statistics.c10Correlation = Statistics.correlation(Array(s.x[window]), Array(s.xStar[window]))
        statistics.c10AbsoluteCorrelation = Statistics.correlation(s.x[window].map(abs), s.xStar[window].map(abs))
        // Per 50-step block; a block is gated only where RMS(x) ≥ 0.1·mean δ (below, x and x* are rounding noise).
        let blocks = stride(from: window.lowerBound, to: window.upperBound, by: 50).map { $0..<min($0 + 50, window.upperBound) }
        let blockRatios = blocks.map { Statistics.rms(Array(s.x[$0])) / Statistics.rms(Array(s.xStar[$0])) }
        let gated = blocks.indices.filter { Statistics.rms(Array(s.x[blocks[$0]])) >= 0.1 * Statistics.mean(s.δ²[blocks[$0]].map { $0.squareRoot() }) }
        statistics.c10GatedBlocks = Double(gated.count)
        statistics.c10MinRmsRatio = gated.map { blockRatios[$0] }.min() ?? .nan
        statistics.c10MaxRmsRatio = gated.map { blockRatios[$0] }.max() ?? .nan
        let lossError = Statistics.mean(window.map { abs(s.predictedLoss[$0] - s.gdLoss[$0]) })
        statistics.c10LossErrorOverGap = lossError / Statistics.mean(Array(gap[window]))
        let sharpnessErrors = window.filter { !s.gdS[$0].isNaN && !s.predictedS[$0].isNaN }.map { abs(s.predictedS[$0] - s.gdS[$0]) / threshold }
        statistics.c10MedianSharpnessError = Statistics.median(sharpnessErrors)
        // C11: bounded deviation against a growing gradient-flow gap.
        let maxδ = s.δ².map { $0 > 0 ? $0.squareRoot() : 0 }.max() ?? 0
        statistics.c11MaxDistanceOverDelta = (s.distance.max() ?? 0) / maxδ
        let late = n >= 200 ? Statistics.mean(Array(s.distance[(n - 100)...])) / Statistics.mean(Array(s.distance[100..<200])) : .nan
        statistics.c11LateOverEarlyDistance = late
        statistics.c11FlowDistanceSlope = Statistics.leastSquaresSlope(s.t, s.flowDistance)
        statistics.c11FinalFlowDistanceOverMeanDistance = (s.flowDistance.last ?? .nan) / Statistics.mean(s.distance)
        statistics.c11FinalFlowSharpnessRatio = (s.flowS.last ?? .nan) / threshold
        // C12: the eigengap.
        statistics.c12MaxLambda2Ratio = (s.lambda2.max() ?? .nan) * s.η / 2

        try context.writeHDF5("measurements.h5") { file in
            try statistics.write(to: try file.root.createGroup(named: "statistics"))
            let windowGroup = try file.root.createGroup(named: "windows")
            try windowGroup.write(windows.map { Int64($0.0) }, to: "start")
            try windowGroup.write(windows.map { Int64($0.1) }, to: "end")
            try windowGroup.write(ratios, to: "amplitude_ratio")
            try windowGroup.write(blocks.map { Int64($0.lowerBound) }, to: "rms_block_start")
            try windowGroup.write(blockRatios, to: "rms_ratio")
        }
    }
}
