import Foundation
@testable import Pipeline
import XCTest

/// The failure classes fault injection found (gc during a run, stale published files, leftover
/// temporary files, a full disk, the lock race, bad definitions, shape guards, corrupt entries,
/// stages outliving their pipeline), each with real `pipeline` and stage processes.
final class FaultTests: XCTestCase {
    var project: TestProject!

    override func tearDown() { project?.remove() }

    func makeProject(_ chains: String...) throws -> TestProject {
        project = try TestProject(definitions: ["test.yaml": "module: EdgeOfStabilityStages\nstages:\n" + chains.joined()])
        return project
    }

    func test_clean_duringARun_waitsForIt_andDestroysNothing() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        let log = project.root + "/run.log"
        // Each stage waits 1.5 s before taking its lock, so the run is still going when clean starts.
        let run = try project.start(["run"], output: log, environment: ["PIPELINE_FAULT_DELAY_BEFORE_LOCK_MS": "1500"])
        try waitUntilHoldingTheStore(run.processIdentifier, in: project)
        let clean = try project.pipeline("clean")
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 0, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        XCTAssertEqual(clean.status, 0, clean.output)
        XCTAssertTrue(clean.output.contains("waiting for the pipeline run(s) using the store to finish (pid \(run.processIdentifier))"), clean.output)
        XCTAssertTrue(clean.output.contains("removed 0 cache entries, 0 objects"), clean.output)
        let again = try project.pipeline("run")
        XCTAssertEqual(again.ran, [], again.output)
        // And `clean --no-wait` refuses while a run holds the store.
        let second = try project.start(["run", "--force", "a/generate"], output: log, environment: ["PIPELINE_FAULT_DELAY_BEFORE_LOCK_MS": "1500"])
        try waitUntilHoldingTheStore(second.processIdentifier, in: project)
        let refused = try project.pipeline("clean", "--no-wait")
        second.waitUntilExit()
        XCTAssertEqual(refused.status, 1, refused.output)
        XCTAssertTrue(refused.output.contains("a pipeline run is using the store"), refused.output)
    }

    func test_statusReportsAPublishedFileReplacedByHand_andRunRepublishesIt() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let published = project.root + "/results/a/train/trajectory.h5"
        try FileManager.default.removeItem(atPath: published)
        try FileManager.default.copyItem(atPath: project.root + "/results/a/generate/initial.h5", toPath: published)
        try FileManager.default.removeItem(atPath: project.root + "/results/a/measure/measurements.h5")
        let status = try project.pipeline("status")
        XCTAssertTrue(status.output.contains("republish   a/train"), status.output)
        XCTAssertTrue(status.output.contains("published results/a/train/trajectory.h5 differs from its store object"), status.output)
        XCTAssertTrue(status.output.contains("published results/a/measure/measurements.h5 is missing"), status.output)
        XCTAssertTrue(status.output.contains("1 up to date, 2 to republish, 0 stale"), status.output)
        let run = try project.pipeline("run")
        XCTAssertEqual(run.ran, [], run.output)
        XCTAssertTrue(run.output.contains("a/train: republished results/a/train/trajectory.h5"), run.output)
        XCTAssertTrue(try project.pipeline("status").output.contains("3 up to date, 0 to republish, 0 stale"))
    }

    func test_temporaryFilesOfDeadProcesses_besideThePublishedFiles_areRemovedByTheNextRun() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let dead = "results/a/train/trajectory.h5.tmp-999999-42", live = "results/a/train/trajectory.h5.tmp-\(getpid())-7"
        try project.write("half a file", to: dead)
        try project.write("someone's copy in progress", to: live)
        XCTAssertEqual(try project.pipeline("run").status, 0)
        XCTAssertFalse(project.exists(dead))
        XCTAssertTrue(project.exists(live), "a live process's temporary file is left alone")
    }

    func test_diskFullWhileWritingAStageLog_failsTheStage_cachesNothing_andARerunCompletes() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        // The stage's log is /dev/full: every write to it fails with ENOSPC.
        try FileManager.default.createDirectory(atPath: project.root + "/.pipeline/logs", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: project.root + "/.pipeline/logs/a_generate.log", withDestinationPath: "/dev/full")
        let full = try project.pipeline("run")
        XCTAssertEqual(full.status, 1, full.output)
        XCTAssertTrue(full.output.contains("No space left on device: \(project.root)/.pipeline/logs/a_generate.log"), full.output)
        XCTAssertEqual(project.files(under: ".pipeline/entries"), [], "nothing may be cached")
        try FileManager.default.removeItem(atPath: project.root + "/.pipeline/logs/a_generate.log")
        let rerun = try project.pipeline("run")
        XCTAssertEqual(rerun.status, 0, rerun.output)
        XCTAssertEqual(Set(rerun.ran), ["a/generate", "a/train", "a/measure"], rerun.output)
    }

    /// A run that found no entry, then was descheduled before taking the lock while another run
    /// committed the stage, must use that result instead of computing it again.
    func test_aStageCommittedBetweenTheFirstLookAndTheLock_isNotComputedAgain() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        let log = project.root + "/slow.log"
        let slow = try project.start(["run"], output: log, environment: ["PIPELINE_FAULT_DELAY_BEFORE_LOCK_MS": "4000"])
        usleep(300_000)
        XCTAssertEqual(try project.pipeline("run").status, 0)
        slow.waitUntilExit()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        XCTAssertEqual(slow.terminationStatus, 0, output)
        XCTAssertEqual(TestProject.Result(status: 0, output: output).ran, [], output)
    }

    func test_unknownExperiment_andInvalidUTF8_areRefusedBeforeAnythingRuns() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false)
            .replacingOccurrences(of: "experiment: eos.four-stages\n    inputs: {initial", with: "experiment: eos.four-stagez\n    inputs: {initial"))
        let unknown = try project.pipeline("run")
        XCTAssertEqual(unknown.status, 2, unknown.output)
        XCTAssertTrue(unknown.output.contains("test.yaml:9: field 'experiment': unknown experiment 'eos.four-stagez'"), unknown.output)
        XCTAssertEqual(project.files(under: ".pipeline/entries"), [])

        var bytes = Data("module: EdgeOfStabilityStages\nstages:\n".utf8)
        bytes.append(Data(fourStagesChain(prefix: "a", steps: 300, analyze: false).utf8))
        bytes.append(contentsOf: [0x20, 0x20, 0x23, 0xff, 0xfe, 0x0a])  // "  #" then two bytes that are not UTF-8
        try bytes.write(to: URL(fileURLWithPath: project.root + "/pipeline/test.yaml"))
        let invalid = try project.pipeline("run")
        XCTAssertEqual(invalid.status, 2, invalid.output)
        let lines = bytes.split(separator: 0x0a, omittingEmptySubsequences: false).count - 1
        XCTAssertTrue(invalid.output.contains("test.yaml:\(lines): not valid UTF-8"), invalid.output)
    }

    func test_corruptCacheEntry_isReportedAsCorrupt_andRebuilt() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let key = try String(contentsOfFile: project.root + "/.pipeline/latest/a_train.json", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try "{\"key\": \"trunc".write(toFile: project.root + "/.pipeline/entries/\(key).json", atomically: true, encoding: .utf8)
        let status = try project.pipeline("status")
        XCTAssertTrue(status.output.contains("corrupt cache entry (unreadable); will rebuild"), status.output)
        let run = try project.pipeline("run")
        XCTAssertEqual(run.ran, ["a/train"], run.output)
    }

    func test_entryEditedToNameAnotherStagesIntactObject_isDetectedAndRebuilt() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        func entryPath(_ stage: String) throws -> String {
            let key = try String(contentsOfFile: project.root + "/.pipeline/latest/\(stage).json", encoding: .utf8)
            return project.root + "/.pipeline/entries/\(key.trimmingCharacters(in: .whitespacesAndNewlines)).json"
        }
        func outputs(_ path: String) throws -> [[String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            return object["outputs"] as! [[String: Any]]
        }
        // Point a/train's trajectory.h5 at a/generate's initial.h5 object, hashes and all.
        let generated = try outputs(try entryPath("a_generate"))[0]
        let trainPath = try entryPath("a_train")
        var train = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: trainPath))) as! [String: Any]
        var edited = generated
        edited["name"] = "trajectory.h5"
        train["outputs"] = [edited]
        try JSONSerialization.data(withJSONObject: train).write(to: URL(fileURLWithPath: trainPath))
        let status = try project.pipeline("status")
        XCTAssertTrue(status.output.contains("object for trajectory.h5 was made by another stage"), status.output)
        let run = try project.pipeline("run")
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.ran.contains("a/train"), run.output)
    }

    /// The release binaries the pipeline runs keep their `precondition`s (no `-Ounchecked`): a
    /// shape mismatch before a BLAS call traps instead of reading out of bounds.
    func test_releaseBinaries_keepTheirShapeGuards() throws {
        let project = try makeProject()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: project.binaries + "/generate")
        process.arguments = ["--check-shape-guards"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // -O traps on a failed precondition without printing its message.
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, output)
        XCTAssertFalse(output.contains("shape guard did not fire"), output)
    }

    /// A stage started by a pipeline dies with it, killed at once by the kernel, not whenever it
    /// next writes to the dead pipeline's pipe: this kernel ridge fit (n = 8192) computes for about
    /// 15 s without writing a line, so without the kernel's signal it would outlive its pipeline.
    func test_stageProcesses_dieWithAKilledPipeline() throws {
        project = try TestProject(definitions: ["test.yaml": """
            module: RepresentationStages
            stages:
              - name: long/generate
                run: generate
                experiment: rep.network
                params: {rank: 1, width: 50, target: T1, dimension: 8, replicate: 0}
                outputs: [setup.h5]
                tiers: [default]
              - name: long/train
                run: train
                experiment: rep.kernel
                params: {kernel: rf, relative_lambdas: [0.001], validation_examples: 500, dimension: 8, replicate: 0, examples: 8192}
                inputs: {setup: long/generate}
                outputs: [fit.h5]
                tiers: [default]

            """])
        let log = project.root + "/run.log"
        let run = try project.start(["run"], output: log)
        var stage: Int32?
        for _ in 0..<600 where stage == nil {
            usleep(50_000)
            stage = childProcess(of: run.processIdentifier, named: "train")
        }
        let child = try XCTUnwrap(stage, "the train stage never started: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        usleep(1_500_000)  // past its start-up, into the silent fit
        XCTAssertTrue(kill(child, 0) == 0 && !isZombie(child), "the fit ended before the test could kill its pipeline")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        var alive = true
        for _ in 0..<20 where alive {
            usleep(50_000)
            alive = kill(child, 0) == 0 && !isZombie(child)
        }
        if alive { kill(child, SIGKILL) }
        XCTAssertFalse(alive, "the stage process \(child) outlived its pipeline by 1 s")
    }

    /// Waits (at most 20 s) until a pipeline process holds the project's store lock.
    func waitUntilHoldingTheStore(_ pid: Int32, in project: TestProject) throws {
        let lock = StoreLock(store: try Store(root: project.root + "/.pipeline"))
        for _ in 0..<400 where !lock.holders().contains(pid) { usleep(50_000) }
        XCTAssertTrue(lock.holders().contains(pid), "pipeline \(pid) never took the store lock")
    }

    func isZombie(_ pid: Int32) -> Bool {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = status.lastIndex(of: ")") else { return true }
        return status[status.index(close, offsetBy: 2)] == "Z"
    }
}
