import CHDF5
import Foundation
import HDF5
import XCTest

/// Stage executables trust nothing inside their input files: every numeric scalar of the inputs
/// of a few stages (four-stages, tracking, the representation network) is set in turn to −5, 0, NaN, ∞ and 1e12, and the consumer stage, run under a
/// 4 GB address-space limit, must end cleanly (exit 0, or non-zero with a message), never by a
/// signal (a trap, the OOM killer) and never by hanging.
final class InputValueFuzzTests: XCTestCase {
    let replacements: [Double] = [-5, 0, .nan, .infinity, 1e12]

    func test_everyScalarOfTheFourStagesTrackingAndNetworkInputs_isValidatedByItsConsumer() throws {
        let binaries = ProcessInfo.processInfo.environment["PIPELINE_BINARIES"] ?? TestProject.sourceRoot + "/.build/release"
        guard FileManager.default.isExecutableFile(atPath: binaries + "/train") else {
            throw SetupFailure("built executables are missing in \(binaries): run `make test`")
        }
        let folder = NSTemporaryDirectory() + "fuzz-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let cases: [(experiment: String, generateParameters: String, role: String, file: String, trainParameters: String)] = [
            ("eos.four-stages", #"{"learning_rate":0.01,"alpha":1,"beta":1,"x0":0.1,"y0":-0.5,"steps":400}"#, "initial", "initial.h5", "{}"),
            ("eos.tracking", #"{"dataset":"chebyshev","examples":20,"hidden_widths":[8],"activation":"tanh","sharpness_ratio":1.5}"#,
             "setup", "setup.h5", #"{"tracked_steps":10,"checkpoint_interval":100,"eigengap_limit":1000,"phase1_step_cap":3000}"#),
            ("rep.network", #"{"rank":1,"width":50,"target":"T1","dimension":8,"replicate":0}"#, "setup", "setup.h5",
             #"{"validation_examples":200,"dimension":8,"replicate":0,"n_over_d2":1}"#),
        ]
        var tried = 0
        for item in cases {
            let generated = "\(folder)/\(item.role)"
            let generate = try runStage(binaries + "/generate", ["--experiment", item.experiment, "--quiet", "--parameters", item.generateParameters,
                                                                  "--output-dir", generated])
            XCTAssertEqual(generate.status, 0, generate.output)
            let original = "\(generated)/\(item.file)"
            for (dataset, type) in try numericScalars(in: original) {
                for value in replacements where type == "float64" || value.isFinite {
                    let damaged = "\(folder)/damaged.h5"
                    try? FileManager.default.removeItem(atPath: damaged)
                    try FileManager.default.copyItem(atPath: original, toPath: damaged)
                    try overwrite(dataset, type: type, with: value, in: damaged)
                    let output = "\(folder)/out"
                    try? FileManager.default.removeItem(atPath: output)
                    let result = try runStage(binaries + "/train", ["--experiment", item.experiment, "--quiet", "--parameters", item.trainParameters,
                                                                    "--input", "\(item.role)=\(damaged)", "--output-dir", output])
                    let label = "\(item.file) \(dataset) = \(value)"
                    XCTAssertFalse(result.timedOut, "\(label): the stage hung")
                    XCTAssertFalse(result.signalled, "\(label): the stage died by signal \(result.status): \(result.output.suffix(400))")
                    if result.status != 0 && !result.signalled {
                        XCTAssertTrue(result.output.lowercased().contains("error"), "\(label): exit \(result.status) without a message")
                    }
                    tried += 1
                }
            }
        }
        XCTAssertGreaterThan(tried, 60, "too few scalars found to fuzz")
    }

    struct StageRun { var status: Int32; var signalled: Bool; var timedOut: Bool; var output: String }

    /// Runs a stage under `ulimit -v` (4 GB) with a 60 s deadline.
    func runStage(_ executable: String, _ arguments: [String]) throws -> StageRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "ulimit -v 4000000; exec \"$0\" \"$@\"", executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        final class Collected: @unchecked Sendable { var data = Data() }
        let collected = Collected()
        let reader = Thread { collected.data = pipe.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return StageRun(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal && !timedOut,
                        timedOut: timedOut, output: String(decoding: collected.data, as: UTF8.self))
    }

    /// Every dataset of one element with a numeric type, with its type name.
    func numericScalars(in path: String) throws -> [(String, String)] {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        var found: [(String, String)] = []
        try file.root.walkContent { record in
            guard record.kind == .dataset, record.shape.reduce(1, *) == 1,
                  ["float64", "float32", "int64", "int32"].contains(record.typeName) else { return }
            found.append((record.path, record.typeName))
        }
        return found
    }

    /// Writes one value into a one-element dataset, converted to its type.
    func overwrite(_ dataset: String, type: String, with value: Double, in path: String) throws {
        editDataset(dataset, in: path) { data, _ in
            if type.hasPrefix("float") {
                var number = value
                XCTAssertGreaterThanOrEqual(H5Dwrite(data, chdf5_H5T_NATIVE_DOUBLE(), chdf5_H5S_ALL(), chdf5_H5S_ALL(), chdf5_H5P_DEFAULT(), &number), 0)
            } else {
                var number = Int64(value)
                XCTAssertGreaterThanOrEqual(H5Dwrite(data, chdf5_H5T_NATIVE_INT64(), chdf5_H5S_ALL(), chdf5_H5S_ALL(), chdf5_H5P_DEFAULT(), &number), 0)
            }
        }
    }
}
