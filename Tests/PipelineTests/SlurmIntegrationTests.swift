import Foundation
import StageKit
import XCTest

/// The SLURM executor against a real one-node cluster (`scripts/slurm-cluster.sh`, started by
/// `.ci/run`). Where no cluster is reachable (no `SLURM_CONF`, or `sinfo` fails) each test is
/// skipped with that reason.
final class SlurmIntegrationTests: XCTestCase {
    var projects: [TestProject] = []
    override func tearDown() { projects.forEach { $0.remove() } }

    /// Skips the test, saying why, where no cluster is reachable.
    func requireCluster() throws {
        guard let configuration = ProcessInfo.processInfo.environment["SLURM_CONF"],
              FileManager.default.fileExists(atPath: configuration), shell("sinfo -h >/dev/null 2>&1") == 0 else {
            throw XCTSkip("no SLURM cluster reachable (start one with scripts/slurm-cluster.sh start DIR and export SLURM_CONF)")
        }
    }

    func project(_ chains: String...) throws -> TestProject {
        let project = try TestProject(definitions: ["test.yaml": "module: EdgeOfStabilityStages\nstages:\n" + chains.joined()])
        projects.append(project)
        return project
    }

    func test_slurmExecutor_reproducesLocalResults_andASecondRunSubmitsNothing() throws {
        try requireCluster()
        let local = try project(fourStagesChain(prefix: "a", steps: 400))
        let cluster = try project(fourStagesChain(prefix: "a", steps: 400))
        XCTAssertEqual(try local.pipeline("run").status, 0)
        let first = try cluster.pipeline("run", "--executor", "slurm", "-j", "2")
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertEqual(Set(first.ran), ["a/generate", "a/train", "a/measure", "a/analyze"], first.output)
        XCTAssertTrue(first.output.contains("SLURM job"), first.output)
        for file in local.files(under: "results") where !file.hasSuffix("/") {
            let a = local.root + "/results/" + file, b = cluster.root + "/results/" + file
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: a, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            XCTAssertEqual(try ContentHash.ofFile(atPath: a), try ContentHash.ofFile(atPath: b), file)
        }
        let second = try cluster.pipeline("run", "--executor", "slurm")
        XCTAssertEqual(second.ran, [], second.output)
        XCTAssertFalse(second.output.contains("SLURM job"), second.output)
    }

    func test_failingJob_failsItsStageWithTheSlurmLogPath_andCachesNothing() throws {
        try requireCluster()
        let cluster = try project(fourStagesChain(prefix: "bad", steps: 2000, learningRate: 0.5, analyze: false))
        let run = try cluster.pipeline("run", "--executor", "slurm")
        XCTAssertEqual(run.status, 1, run.output)
        XCTAssertTrue(run.output.contains("✗ bad/train FAILED: exit 1 (SLURM job"), run.output)
        XCTAssertTrue(run.output.contains("log: " + cluster.root + "/.pipeline/logs/bad_train.log"), run.output)
        XCTAssertTrue(run.output.contains("NaN or infinite"), run.output)
        XCTAssertFalse(cluster.exists("results/bad/train/trajectory.h5"))
    }

    func test_cancelledJob_isReportedCancelled_andNothingIsCached() throws {
        try requireCluster()
        let cluster = try project(fourStagesChain(prefix: "slow", steps: 9_000_000, analyze: false))
        XCTAssertEqual(try cluster.pipeline("run", "slow/generate").status, 0)
        let process = try cluster.start(["run", "--executor", "slurm", "slow/train"], output: cluster.root + "/.cancel-log")
        let id = try waitForRunningJob(named: "pipeline:slow/train")
        XCTAssertEqual(shell("scancel \(id)"), 0)
        process.waitUntilExit()
        let output = try String(contentsOfFile: cluster.root + "/.cancel-log", encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 1, output)
        XCTAssertTrue(output.contains("cancelled"), output)
        XCTAssertFalse(cluster.exists("results/slow/train/trajectory.h5"))
        XCTAssertTrue(try cluster.pipeline("status").output.contains("stale       slow/train"))
    }

    func test_killedCoordinator_leavesAJobWhoseResultTheNextRunAdopts() throws {
        try requireCluster()
        let cluster = try project(fourStagesChain(prefix: "slow", steps: 5_000_000, analyze: false))
        XCTAssertEqual(try cluster.pipeline("run", "slow/generate").status, 0)
        let process = try cluster.start(["run", "--executor", "slurm", "slow/train"], output: cluster.root + "/.kill-log")
        _ = try waitForRunningJob(named: "pipeline:slow/train")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // The job goes on without its coordinator and leaves its exit status in its folder.
        let folder = try XCTUnwrap(cluster.files(under: ".pipeline/jobs").first { $0.hasSuffix("-slurm") })
        let status = cluster.root + "/.pipeline/jobs/" + folder + "/exit-status"
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: status) { usleep(100_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: status), "the orphaned job never finished")
        let next = try cluster.pipeline("run", "--executor", "slurm", "slow/train")
        XCTAssertEqual(next.status, 0, next.output)
        XCTAssertTrue(next.output.contains("adopted"), next.output)
        XCTAssertFalse(next.output.contains("submitted"), next.output)
        XCTAssertTrue(cluster.exists("results/slow/train/trajectory.h5"))
    }

    /// The whole `ci` tier of both papers through SLURM gives the same content as the local run
    /// that `make test` makes first (`make ci-tier`, published under results/ci and figures/ci).
    func test_ciTier_throughSlurm_matchesTheLocalRun() throws {
        try requireCluster()
        let local = TestProject.sourceRoot
        guard FileManager.default.fileExists(atPath: local + "/figures/ci/claims.md") else {
            return XCTFail("the local ci tier has not been run in \(local): `make test` runs `make ci-tier` before the tests")
        }
        let cluster = try TestProject(definitions: [:])
        projects.append(cluster)
        for name in try FileManager.default.contentsOfDirectory(atPath: local + "/pipeline") where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(atPath: local + "/pipeline/" + name, toPath: cluster.root + "/pipeline/" + name)
        }
        let clusterRun = try cluster.pipeline("run", "--tier", "ci", "--executor", "slurm", "-j", "4")
        XCTAssertEqual(clusterRun.status, 0, clusterRun.output)
        var compared = 0
        for folder in ["results/ci", "figures/ci"] {
            for file in cluster.files(under: folder) {
                let a = local + "/\(folder)/" + file, b = cluster.root + "/\(folder)/" + file
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: b, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                XCTAssertEqual(try ContentHash.ofFile(atPath: a), try ContentHash.ofFile(atPath: b), "\(folder)/\(file)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 100)
    }

    /// The id of the job with that name once SLURM runs it.
    func waitForRunningJob(named name: String) throws -> String {
        for _ in 0..<600 {
            let listing = try? capture("squeue -h -o '%i %j %T'")
            if let line = listing?.split(separator: "\n").first(where: { $0.contains(" \(name) ") && $0.hasSuffix("RUNNING") }) {
                return String(line.split(separator: " ")[0])
            }
            usleep(100_000)
        }
        throw SetupFailure("no running SLURM job named \(name) appeared")
    }

    func capture(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
