import EdgeOfStability
import Foundation
import HDF5
import StageKit

/// The phase-1 checkpoint of the tracking stage (`phase1-checkpoint.h5`), saved after a sharpness check
/// below 2/η when a minute has passed since the last save (`CheckpointSchedule`), so that an interrupted phase 1
/// loses at most one check interval or one minute, whichever is longer (issue 16 item 5; near the
/// crossing the search checks every step, and a synced save per step would slow it down):
/// `/theta` [P] (float32 values stored as float64, exactly), `/eigenvector` [P], the last two checks'
/// eigenvectors `/recent_checks/{step [k], eigenvector [k, P]}` (k ≤ 2, newest first), `/step`, `/interval`,
/// `/next_check`, `/checks/{step,loss,sharpness,hessian_vector_products}`, `/losses` [step] and `/largest_sharpness`.
/// Resuming replays the rest of the search bit for bit (`InstabilitySearch.State`).
enum PhaseOneCheckpoint {
    static let name = "phase1-checkpoint.h5"

    static func write(_ state: InstabilitySearch<Float>.State, to file: File) throws {
        let root = file.root
        try root.write(state.parameters.map(Double.init), to: "theta")
        try root.write(state.eigenvector, to: "eigenvector")
        let recent = try root.createGroup(named: "recent_checks")
        try recent.write(state.recentChecks.map { Int64($0.step) }, to: "step")
        try recent.write(state.recentChecks.flatMap(\.vector), shape: [state.recentChecks.count, state.eigenvector.count], to: "eigenvector")
        try root.write([Int64(state.step)], shape: [], to: "step")
        try root.write([Int64(state.interval)], shape: [], to: "interval")
        try root.write([Int64(state.nextCheck)], shape: [], to: "next_check")
        let checks = try root.createGroup(named: "checks")
        try checks.write(state.checks.map { Double($0.step) }, to: "step")
        try checks.write(state.checks.map(\.loss), to: "loss")
        try checks.write(state.checks.map(\.sharpness), to: "sharpness")
        try checks.write(state.checks.map { Int64($0.hessianVectorProducts) }, to: "hessian_vector_products")
        try root.write(state.losses, to: "losses")
        try root.write([state.largestSharpness], shape: [], to: "largest_sharpness")
    }

    /// The saved state of a search over P parameters; throws when the file does not fit it.
    static func read(_ file: File, parameterCount: Int) throws -> InstabilitySearch<Float>.State {
        let root = file.root
        let step = try root.count("step", in: 0...InputLimits.steps.upperBound)
        let checks = try root.openGroup(named: "checks")
        let checkSteps: [Double] = try checks.read("step")
        let recent = try root.openGroup(named: "recent_checks")
        let recentSteps: [Int64] = try recent.read("step")
        let recentVectors: [Double] = try recent.read("eigenvector", count: recentSteps.count * parameterCount)
        let losses: [Double] = try checks.read("loss", count: checkSteps.count)
        let sharpnesses: [Double] = try checks.read("sharpness", count: checkSteps.count)
        let products: [Int64] = try checks.read("hessian_vector_products", count: checkSteps.count)
        return InstabilitySearch<Float>.State(
            parameters: (try root.read("theta", count: parameterCount) as [Double]).map(Float.init),
            eigenvector: try root.read("eigenvector", count: parameterCount),
            recentChecks: recentSteps.indices.prefix(2).map {
                .init(step: Int(recentSteps[$0]), vector: Array(recentVectors[($0 * parameterCount)..<(($0 + 1) * parameterCount)]))
            },
            step: step, interval: try root.count("interval", in: 1...InputLimits.steps.upperBound),
            nextCheck: try root.count("next_check", in: 0...InputLimits.steps.upperBound), checked: true,
            checks: checkSteps.indices.map {
                .init(step: Int(checkSteps[$0]), loss: losses[$0], sharpness: sharpnesses[$0], hessianVectorProducts: Int(products[$0]))
            },
            losses: try root.read("losses", count: step),
            largestSharpness: try root.scalar("largest_sharpness", in: 0...Double.greatestFiniteMagnitude))
    }
}
