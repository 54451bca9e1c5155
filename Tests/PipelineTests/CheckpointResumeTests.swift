import Foundation
import XCTest

/// A long training stage killed after a checkpoint resumes from it and reaches the same final
/// content, bit for bit, as an uninterrupted run (docs/pipeline.md §4).
final class CheckpointResumeTests: XCTestCase {
    func run(_ binaries: String, _ executable: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/" + executable)
        process.arguments = arguments
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func test_killedTrackingRun_resumesFromCheckpoint_withIdenticalOutput() throws {
        try killAndResume(damagingTheCheckpoint: false)
    }

    /// Killed after phase 1 and θ†₀, before the first `checkpoint_interval` tracked steps, the stage
    /// resumes from the checkpoint written at tracked step 0 instead of redoing the end of phase 1
    /// and θ†₀ (issue 16 item 5: an interruption loses at most one check interval).
    func test_runKilledBeforeItsFirstTrackedCheckpoint_resumesFromTrackedStepZero() throws {
        try killAndResume(damagingTheCheckpoint: false, atTrackingStart: true)
    }

    /// Saved by the clock (`checkpoint_minutes`, here every 0.12 s) rather than at a multiple of
    /// `checkpoint_interval`, a checkpoint resumes to the same final content too: a paper-size CNN or
    /// Transformer step takes minutes to half an hour, so 50 steps between saves were hours of work.
    func test_runKilledAfterATimedCheckpoint_resumesFromIt_withIdenticalOutput() throws {
        try killAndResume(damagingTheCheckpoint: false, savingByTime: true)
    }

    /// A checkpoint with one flipped byte is discarded with a message, and the stage starts from
    /// scratch to the same final content (it used to resume from it and commit a different result).
    func test_damagedCheckpoint_isDiscarded_andTheRunRestartsToIdenticalOutput() throws {
        try killAndResume(damagingTheCheckpoint: true)
    }

    /// Killed in phase 1 (after a sharpness check saved `phase1-checkpoint.h5`, before any tracked
    /// step), the stage resumes phase 1 from that check to the same final content (issue 16 item 5).
    func test_runKilledInPhaseOne_resumesFromItsLastCheck_withIdenticalOutput() throws {
        try killAndResume(damagingTheCheckpoint: false, inPhaseOne: true)
    }

    func killAndResume(damagingTheCheckpoint: Bool, inPhaseOne: Bool = false, atTrackingStart: Bool = false, savingByTime: Bool = false) throws {
        let binaries = ProcessInfo.processInfo.environment["PIPELINE_BINARIES"] ?? TestProject.sourceRoot + "/.build/release"
        let folder = NSTemporaryDirectory() + "resume-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let setup = ["--experiment", "eos.tracking", "--quiet", "--output-dir", folder + "/g", "--parameters",
                     // r = 8: a phase 1 of a few seconds, long enough to be killed in.
                     #"{"dataset":"chebyshev","examples":20,"hidden_widths":[20],"activation":"tanh","sharpness_ratio":"# + (inPhaseOne ? "8" : "1.5") + "}"]
        let generate = try run(binaries, "generate", setup, log: folder + "/generate.log")
        generate.waitUntilExit()
        XCTAssertEqual(generate.terminationStatus, 0)
        func train(_ name: String) throws -> Process {
            try run(binaries, "train", ["--experiment", "eos.tracking", "--input", "setup=\(folder)/g/setup.h5",
                                        "--parameters", #"{"tracked_steps":"# + (inPhaseOne ? "30" : "1200") + #","checkpoint_interval":"#
                                            + (atTrackingStart || savingByTime ? "5000" : "100")
                                            + (savingByTime ? #","checkpoint_minutes":0.002"# : "") + #","eigengap_limit":1000}"#,
                                        "--output-dir", "\(folder)/\(name)", "--checkpoint-dir", "\(folder)/\(name)-checkpoints"],
                    log: "\(folder)/\(name).log")
        }
        let whole = try train("whole")
        whole.waitUntilExit()
        XCTAssertEqual(whole.terminationStatus, 0)

        let interrupted = try train("resumed")
        let checkpoint = "\(folder)/resumed-checkpoints/" + (inPhaseOne ? "phase1-checkpoint.h5" : "tracking-checkpoint.h5")
        for _ in 0..<2000 where !FileManager.default.fileExists(atPath: checkpoint) { usleep(5_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint), "no checkpoint appeared")
        if !inPhaseOne && !atTrackingStart {
            // The first tracking checkpoint is tracked step 0's; wait for a later one (a new file:
            // checkpoints are written to a temporary name and renamed).
            let first = try fileNumber(checkpoint)
            for _ in 0..<2000 where (try? fileNumber(checkpoint)) ?? first == first { usleep(5_000) }
            XCTAssertNotEqual(try fileNumber(checkpoint), first, "no checkpoint after tracked step 0 appeared")
        }
        usleep(50_000)
        kill(interrupted.processIdentifier, SIGKILL)
        interrupted.waitUntilExit()
        XCTAssertEqual(interrupted.terminationReason, .uncaughtSignal, "the run ended before it could be killed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/resumed/trajectory.h5"))

        if damagingTheCheckpoint {
            let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: checkpoint))
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: size / 2)
            let byte = try XCTUnwrap(handle.read(upToCount: 1)).first!
            try handle.seek(toOffset: size / 2)
            try handle.write(contentsOf: Data([byte ^ 0x10]))
            try handle.close()
        }
        let resumed = try train("resumed")
        resumed.waitUntilExit()
        XCTAssertEqual(resumed.terminationStatus, 0)
        let log = try String(contentsOfFile: "\(folder)/resumed.log", encoding: .utf8)
        if damagingTheCheckpoint {
            XCTAssertTrue(log.contains("discarded: its bytes do not match its recorded SHA-256"), log)
            XCTAssertFalse(log.contains("resuming from tracked step"), log)
        } else if inPhaseOne {
            XCTAssertTrue(log.contains("resuming phase 1 from step"), log)
            XCTAssertFalse(log.contains("resuming from tracked step"), log)
        } else if atTrackingStart {
            XCTAssertTrue(log.contains("resuming from tracked step 0\n"), log)
            XCTAssertFalse(log.contains("phase 1"), log)
        } else {
            XCTAssertTrue(log.contains("resuming from tracked step"), log)
            XCTAssertFalse(log.contains("resuming from tracked step 0\n"), log)
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/whole/trajectory.h5"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/resumed/trajectory.h5"))
        XCTAssertEqual(a, b, "the resumed run's output differs from the uninterrupted one")
    }

    /// The sensitivity stage (C13: four GD runs beside θ†, 2,000 steps at paper size), killed after
    /// a checkpoint, resumes from it to the same `sensitivity.h5`, bit for bit (issue 16 item 5).
    func test_killedSensitivityRun_resumesFromCheckpoint_withIdenticalOutput() throws {
        let binaries = ProcessInfo.processInfo.environment["PIPELINE_BINARIES"] ?? TestProject.sourceRoot + "/.build/release"
        let folder = NSTemporaryDirectory() + "resume-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func finish(_ process: Process) {
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
        }
        finish(try run(binaries, "generate", ["--experiment", "eos.tracking", "--quiet", "--output-dir", folder + "/g", "--parameters",
                                              #"{"dataset":"chebyshev","examples":20,"hidden_widths":[20],"activation":"tanh","sharpness_ratio":1.5}"#],
                       log: folder + "/generate.log"))
        finish(try run(binaries, "train", ["--experiment", "eos.tracking", "--quiet", "--input", "setup=\(folder)/g/setup.h5",
                                           "--parameters", #"{"tracked_steps":10,"eigengap_limit":1000}"#, "--output-dir", folder + "/t"],
                       log: folder + "/tracking.log"))
        func sensitivity(_ name: String) throws -> Process {
            try run(binaries, "train", ["--experiment", "eos.sensitivity", "--input", "setup=\(folder)/g/setup.h5",
                                        "--input", "trajectory=\(folder)/t/trajectory.h5", "--parameters", #"{"steps":20000}"#,
                                        "--output-dir", "\(folder)/\(name)", "--checkpoint-dir", "\(folder)/\(name)-checkpoints"],
                    log: "\(folder)/\(name).log")
        }
        finish(try sensitivity("whole"))
        let interrupted = try sensitivity("resumed")
        let checkpoint = "\(folder)/resumed-checkpoints/sensitivity-checkpoint.h5"
        for _ in 0..<2000 where !FileManager.default.fileExists(atPath: checkpoint) { usleep(5_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint), "no checkpoint appeared")
        usleep(50_000)
        kill(interrupted.processIdentifier, SIGKILL)
        interrupted.waitUntilExit()
        XCTAssertEqual(interrupted.terminationReason, .uncaughtSignal, "the run ended before it could be killed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/resumed/sensitivity.h5"))
        finish(try sensitivity("resumed"))
        let log = try String(contentsOfFile: "\(folder)/resumed.log", encoding: .utf8)
        XCTAssertTrue(log.contains("resuming from step"), log)
        XCTAssertFalse(log.contains("resuming from step 0\n"), log)
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/whole/sensitivity.h5"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/resumed/sensitivity.h5"))
        XCTAssertEqual(a, b, "the resumed run's output differs from the uninterrupted one")
    }

    /// The file's inode number: a checkpoint rewritten by rename gets a new one.
    func fileNumber(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
    }
}
