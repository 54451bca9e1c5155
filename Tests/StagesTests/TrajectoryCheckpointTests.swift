import EdgeOfStability
@testable import EdgeOfStabilityStages
import Foundation
import HDF5
import Networks
import XCTest

/// The θ checkpoints a tracking run stores (issue 14, item 6): θ_c, and θ_t, θ†_t, v*_t at every
/// check, in float64. A reader who has only `setup.h5` and `trajectory.h5` recomputes L and S there
/// and finds the run's own series.
final class TrajectoryCheckpointTests: XCTestCase {
    static let sourceRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    func runStage(_ executable: String, _ arguments: [String]) throws {
        let binaries = ProcessInfo.processInfo.environment["PIPELINE_BINARIES"] ?? Self.sourceRoot + "/.build/release"
        guard FileManager.default.isExecutableFile(atPath: binaries + "/" + executable) else {
            throw XCTSkip("needs the release stage executables in \(binaries) (make build)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/" + executable)
        process.arguments = arguments + ["--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(executable) \(arguments)")
    }

    func test_storedPoints_reproduceTheLossAndSharpnessOfTheRun() throws {
        let folder = NSTemporaryDirectory() + "theta-checkpoints-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try runStage("generate", ["--experiment", "eos.tracking", "--output-dir", folder, "--parameters",
                                  #"{"dataset":"chebyshev","examples":20,"hidden_widths":[20],"activation":"tanh","sharpness_ratio":1.5}"#])
        try runStage("train", ["--experiment", "eos.tracking", "--input", "setup=\(folder)/setup.h5", "--output-dir", folder,
                               "--parameters", #"{"tracked_steps":120,"check_interval":50,"eigengap_limit":1000}"#])
        let problem = try TrainingProblem.read(from: folder + "/setup.h5")
        let oracle = SharpnessOracle(objective: problem.objective(Double.self))
        let P = problem.model.parameterCount
        let file = try File.open(atPath: folder + "/trajectory.h5")
        defer { try? file.close() }
        let tracking = try file.root.openGroup(named: "tracking"), checks = try tracking.openGroup(named: "checks")
        let steps: [Double] = try checks.read("step")
        XCTAssertEqual(steps, [0, 50, 100])
        let θ: [Double] = try checks.read("theta", count: steps.count * P)
        let dagger: [Double] = try checks.read("theta_dagger", count: steps.count * P)
        let displacement: [Double] = try checks.read("predicted_displacement", count: steps.count * P)
        let gdLoss: [Double] = try tracking.read("gd_loss"), gdSharpness: [Double] = try tracking.read("gd_sharpness")
        let daggerLoss: [Double] = try tracking.read("dagger_loss"), daggerSharpness: [Double] = try tracking.read("dagger_sharpness")
        let predictedLoss: [Double] = try tracking.read("predicted_loss")
        let θc: [Double] = try file.root.openGroup(named: "phase1").read("theta_c", count: P)
        XCTAssertEqual(Array(θ[0..<P]), θc, "tracking starts at θ_c")
        for (index, stepValue) in steps.enumerated() {
            let t = Int(stepValue), slice = (index * P)..<((index + 1) * P)
            let atθ = oracle.objective.evaluate(at: Array(θ[slice])), atDagger = oracle.objective.evaluate(at: Array(dagger[slice]))
            XCTAssertEqual(atθ.loss, gdLoss[t], accuracy: 1e-12 * gdLoss[t], "L(θ_\(t))")
            XCTAssertEqual(atDagger.loss, daggerLoss[t], accuracy: 1e-12 * daggerLoss[t], "L(θ†_\(t))")
            var predicted = Array(dagger[slice])
            for i in predicted.indices { predicted[i] += displacement[slice.lowerBound + i] }
            XCTAssertEqual(oracle.objective.evaluate(at: predicted).loss, predictedLoss[t], accuracy: 1e-12 * predictedLoss[t], "L(θ†_\(t) + v*_\(t))")
            let start = Array(repeating: 1 / Double(P).squareRoot(), count: P)
            XCTAssertEqual(oracle.topEigenpairs(at: atθ, start: start).values[0], gdSharpness[t], accuracy: 1e-7 * gdSharpness[t], "S(θ_\(t))")
            XCTAssertEqual(oracle.topEigenpairs(at: atDagger, start: start).values[0], daggerSharpness[t], accuracy: 1e-7 * daggerSharpness[t], "S(θ†_\(t))")
        }
    }
}
