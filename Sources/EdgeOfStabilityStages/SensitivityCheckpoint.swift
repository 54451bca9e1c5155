import EdgeOfStability
import HDF5
import StageKit

/// Where the sensitivity loop stands after `step` steps: every GD run's iterate, θ† and its
/// eigensolve warm starts, and the series so far. Resuming from it reaches the same
/// `sensitivity.h5`, bit for bit, as an uninterrupted run.
struct SensitivityState {
    var step = 0
    /// Run 0 is unperturbed; run k starts at θ_c + ε‖θ_c‖ξ_k.
    var runs: [[Double]]
    var dagger: TaylorCenter
    var warmStarts: CentreWarmStarts
    /// δ_t² along θ†.
    var δ²: [Double] = []
    /// Per run: x = u·(θ − θ†), ‖θ − θ†‖, ‖θ − θ^(0)‖ and L(θ), one value per step.
    var x: [[Double]], distance: [[Double]], separation: [[Double]], loss: [[Double]]

    init(runs: [[Double]], dagger: TaylorCenter, warmStarts: CentreWarmStarts) {
        self.runs = runs
        self.dagger = dagger
        self.warmStarts = warmStarts
        x = Array(repeating: [], count: runs.count)
        (distance, separation, loss) = (x, x, x)
    }

    /// The series by dataset name, in the order `sensitivity.h5` and the checkpoint store them.
    var series: [(name: String, values: [[Double]])] {
        [("x", x), ("distance", distance), ("separation", separation), ("loss", loss)]
    }
}

/// The sensitivity stage's checkpoint (`sensitivity-checkpoint.h5`), saved after a step when a minute
/// has passed since the last save (`CheckpointSchedule`): `/step`, `/runs` [runs, P], `/dagger_point`
/// and `/dagger_warm_start` [P] (θ†'s centre is recomputed from them, as the tracker's is),
/// `/dagger_start_corrections` (`TrackingCheckpoint.writeSequences`), `/delta_squared` [step] and
/// `/series/{x,distance,separation,loss}` [runs, step]. A paper-size run takes hours (days for the
/// Transformer); an interruption now loses at most a minute or one step (issue 16 item 5).
enum SensitivityCheckpoint {
    static let name = "sensitivity-checkpoint.h5"

    static func write(_ state: SensitivityState, to file: File) throws {
        let root = file.root, P = state.dagger.point.count
        try root.write([Int64(state.step)], shape: [], to: "step")
        try root.write(state.runs.flatMap { $0 }, shape: [state.runs.count, P], to: "runs", compression: .none)
        try root.write(state.dagger.point, to: "dagger_point", compression: .none)
        try root.write(state.dagger.warmStart, to: "dagger_warm_start", compression: .none)
        try TrackingCheckpoint.writeSequences(state.warmStarts.corrections, named: "dagger_start_corrections", to: root, parameterCount: P)
        try root.write(state.δ², to: "delta_squared")
        let series = try root.createGroup(named: "series")
        for (name, values) in state.series {
            try series.write(values.flatMap { $0 }, shape: [state.runs.count, state.step], to: name)
        }
    }

    /// The saved state of `runCount` runs over the oracle's parameters; throws when the file does not fit.
    static func read(_ file: File, runCount: Int, oracle: SharpnessOracle<Double>) throws -> SensitivityState {
        let root = file.root, P = oracle.parameterCount
        let step = try root.count("step", in: 0...InputLimits.steps.upperBound)
        let flatRuns: [Double] = try root.read("runs", count: runCount * P)
        let dagger = oracle.center(at: try root.read("dagger_point", count: P), warmStart: try root.read("dagger_warm_start", count: P))
        let corrections = try TrackingCheckpoint.readSequences(named: "dagger_start_corrections", from: root,
                                                               depth: CentreWarmStarts.depth, parameterCount: P)
        var state = SensitivityState(runs: (0..<runCount).map { Array(flatRuns[$0 * P..<($0 + 1) * P]) }, dagger: dagger,
                                     warmStarts: CentreWarmStarts(corrections: corrections))
        state.step = step
        state.δ² = try root.read("delta_squared", count: step)
        let group = try root.openGroup(named: "series")
        func rows(_ name: String) throws -> [[Double]] {
            let flat: [Double] = try group.read(name, count: runCount * step)
            return (0..<runCount).map { Array(flat[$0 * step..<($0 + 1) * step]) }
        }
        (state.x, state.distance, state.separation, state.loss) = (try rows("x"), try rows("distance"), try rows("separation"), try rows("loss"))
        return state
    }
}
