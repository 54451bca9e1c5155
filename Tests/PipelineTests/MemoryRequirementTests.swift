import Foundation
import StageKit
import XCTest

/// A stage whose working set cannot fit is refused up front, with both sizes in the message.
final class MemoryRequirementTests: XCTestCase {
    func test_require_refusesMoreThanAvailable_andNamesBothSizes() {
        XCTAssertNoThrow(try MemoryRequirement.require(8_000_000_000, for: "tracking", available: 8_000_000_000))
        XCTAssertThrowsError(try MemoryRequirement.require(35_600_000_000, for: "tracking (4 float64 evaluations)", available: 23_500_000_000)) { error in
            XCTAssertEqual(error as? StageError, .exceedsMemory(purpose: "tracking (4 float64 evaluations)", neededBytes: 35_600_000_000,
                                                                 availableBytes: 23_500_000_000))
            let message = "\(error)"
            XCTAssertTrue(message.contains("tracking (4 float64 evaluations) needs at least 35.6 GB"), message)
            XCTAssertTrue(message.contains("more than the 23.5 GB this process may use"), message)
        }
    }

    /// In a SLURM job (`SLURM_MEM_PER_NODE`, megabytes) a stage is refused against the job's memory,
    /// not the node's: here a 1 MB job cannot hold one evaluation of 500 images, and the generate
    /// stage stops before any work, with the job's size in its message.
    func test_aStageInASmallSlurmJob_isRefusedAgainstTheJobsMemory() throws {
        let binaries = ProcessInfo.processInfo.environment["PIPELINE_BINARIES"] ?? TestProject.sourceRoot + "/.build/release"
        let folder = NSTemporaryDirectory() + "memory-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/generate")
        process.arguments = ["--experiment", "eos.tracking", "--quiet", "--output-dir", folder, "--parameters",
                             #"{"dataset":"chebyshev","examples":500,"hidden_widths":[64],"activation":"tanh"}"#]
        process.environment = ProcessInfo.processInfo.environment.merging(["SLURM_MEM_PER_NODE": "1"]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0, message)
        XCTAssertTrue(message.contains("more than the 0.0 GB this process may use"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/setup.h5"))
    }
}
