import Foundation
import XCTest

/// The engine's rules, each checked with real `pipeline` and stage processes on a copy of the project.
final class PipelineEngineTests: XCTestCase {
    var project: TestProject!

    override func tearDown() { project?.remove() }

    func makeProject(_ chains: String...) throws -> TestProject {
        project = try TestProject(definitions: ["test.yaml": "module: EdgeOfStabilityStages\nstages:\n" + chains.joined()])
        return project
    }

    func test_secondRun_runsNothing_andOutputsArePublished() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 500))
        let first = try project.pipeline("run")
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertEqual(Set(first.ran), ["a/generate", "a/train", "a/measure", "a/analyze"], first.output)
        XCTAssertTrue(project.exists("results/a/analyze/four_stages.png"))
        XCTAssertTrue(project.exists("results/a/train/trajectory.h5"))
        let second = try project.pipeline("run")
        XCTAssertEqual(second.status, 0, second.output)
        XCTAssertEqual(second.ran, [], second.output)
        XCTAssertEqual(second.cached.count, 4, second.output)
    }

    func test_tiersKeepTheirResultsAndLogsApart() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let ci = try project.pipeline("run", "--tier", "ci", "--force", "a/train", "a/train")
        XCTAssertEqual(ci.status, 0, ci.output)
        XCTAssertTrue(project.exists(".pipeline/logs/a_train.log"))
        XCTAssertTrue(project.exists(".pipeline/logs/ci/a_train.log"), "a ci run must not overwrite the default tier's log")
        XCTAssertTrue(project.exists("results/ci/a/train/trajectory.h5"))
    }

    func test_changingAParameter_rerunsOnlyThatStageAndItsDependents() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false),
                                      fourStagesChain(prefix: "b", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        try project.write("module: EdgeOfStabilityStages\nstages:\n" + fourStagesChain(prefix: "a", steps: 300, analyze: false)
                          + fourStagesChain(prefix: "b", steps: 400, analyze: false), to: "pipeline/test.yaml")
        let status = try project.pipeline("status")
        XCTAssertTrue(status.output.contains("params changed: steps 300 → 400"), status.output)
        let second = try project.pipeline("run")
        XCTAssertEqual(Set(second.ran), ["b/generate", "b/train", "b/measure"], second.output)
        XCTAssertEqual(Set(second.cached), ["a/generate", "a/train", "a/measure"], second.output)
    }

    func test_changingAStageSource_rerunsIt_andIdenticalOutputStopsTheCascade() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        // Only the generate executable's own source changes: generate reruns, produces the same
        // content, and nothing downstream reruns (early cutoff).
        let path = project.root + "/Sources/generate/main.swift"
        try (try String(contentsOfFile: path, encoding: .utf8) + "// edited\n").write(toFile: path, atomically: true, encoding: .utf8)
        let status = try project.pipeline("status")
        XCTAssertTrue(status.output.contains("code changed"), status.output)
        let second = try project.pipeline("run")
        XCTAssertEqual(second.ran, ["a/generate"], second.output)
        XCTAssertEqual(Set(second.cached), ["a/train", "a/measure"], second.output)
        // The experiment module changes: every stage of the chain reruns.
        let module = project.root + "/Sources/EdgeOfStabilityStages/FourStagesExperiment.swift"
        try (try String(contentsOfFile: module, encoding: .utf8) + "// edited\n").write(toFile: module, atomically: true, encoding: .utf8)
        XCTAssertEqual(Set(try project.pipeline("run").ran), ["a/generate", "a/train", "a/measure"])
    }

    func test_rerun_forcesOneStage_andIdenticalContentLeavesDownstreamCached() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let rerun = try project.pipeline("rerun", "a/train")
        XCTAssertEqual(rerun.status, 0, rerun.output)
        XCTAssertEqual(rerun.ran, ["a/train"], rerun.output)
        XCTAssertEqual(Set(rerun.cached), ["a/generate", "a/measure", "a/analyze"], rerun.output)
    }

    func test_sigkilledStage_publishesNothing_andTheNextRunCompletes() throws {
        let project = try makeProject(fourStagesChain(prefix: "slow", steps: 9_000_000, analyze: false))
        XCTAssertEqual(try project.pipeline("run", "slow/generate").status, 0)
        let process = try project.start(["run", "slow/train"], output: project.root + "/.kill-log")
        // Wait until the train process exists, let it work, then SIGKILL it.
        var trainPID: Int32?
        for _ in 0..<200 where trainPID == nil {
            usleep(20_000)
            trainPID = childProcess(of: process.processIdentifier, named: "train")
        }
        guard let pid = trainPID else { return XCTFail("the train stage never started") }
        usleep(600_000)
        kill(pid, SIGKILL)
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0)
        XCTAssertFalse(project.exists("results/slow/train/trajectory.h5"))
        XCTAssertFalse(try project.pipeline("status").output.contains("up to date  slow/train"))
        let next = try project.pipeline("run", "slow/train")
        XCTAssertEqual(next.status, 0, next.output)
        XCTAssertEqual(next.ran, ["slow/train"], next.output)
        XCTAssertTrue(project.exists("results/slow/train/trajectory.h5"))
        XCTAssertEqual(project.files(under: ".pipeline/jobs"), [])
    }

    func test_twoRunsAtOnce_computeEachStageOnce() throws {
        let project = try makeProject(fourStagesChain(prefix: "c", steps: 4_000_000, analyze: false))
        let first = try project.start(["run", "c/train"], output: project.root + "/.first")
        usleep(100_000)
        let second = try project.start(["run", "c/train"], output: project.root + "/.second")
        first.waitUntilExit()
        second.waitUntilExit()
        let outputs = try [".first", ".second"].map { try String(contentsOfFile: project.root + "/" + $0, encoding: .utf8) }
        let results = outputs.map { TestProject.Result(status: 0, output: $0) }
        XCTAssertEqual(first.terminationStatus, 0, outputs[0])
        XCTAssertEqual(second.terminationStatus, 0, outputs[1])
        XCTAssertEqual((results[0].ran + results[1].ran).sorted(), ["c/generate", "c/train"], outputs.joined(separator: "\n---\n"))
        XCTAssertEqual(results[0].ran.count + results[0].cached.count, 2)
        XCTAssertEqual(results[1].ran.count + results[1].cached.count, 2)
        XCTAssertTrue(outputs.joined().contains("waiting, another pipeline holds its lock (pid"), outputs.joined(separator: "\n---\n"))
    }

    func test_corruptedCacheObject_isReportedDiscardedAndRebuilt() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let objects = project.files(under: ".pipeline/objects").filter { $0.hasSuffix(".h5") }
        XCTAssertEqual(objects.count, 3)
        let victim = project.root + "/.pipeline/objects/" + objects[0]
        chmod(victim, 0o644)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: victim))
        handle.seek(toFileOffset: 100)
        handle.write(Data([0xde, 0xad, 0xbe, 0xef]))
        try handle.close()
        let next = try project.pipeline("run")
        XCTAssertEqual(next.status, 0, next.output)
        XCTAssertTrue(next.output.contains("discarded"), next.output)
        XCTAssertEqual(next.ran.count, 1, next.output)
        XCTAssertEqual(try project.pipeline("run").ran, [])
    }

    func test_divergingStage_failsClearly_withItsLog_andCachesNothing() throws {
        let project = try makeProject(fourStagesChain(prefix: "bad", steps: 2000, learningRate: 0.5, analyze: false))
        let run = try project.pipeline("run")
        XCTAssertEqual(run.status, 1, run.output)
        XCTAssertTrue(run.output.contains("✗ bad/train FAILED"), run.output)
        XCTAssertTrue(run.output.contains("NaN or infinite"), run.output)
        XCTAssertTrue(run.output.contains("log: "), run.output)
        XCTAssertTrue(run.output.contains("skipped 1"), run.output)
        XCTAssertFalse(project.exists("results/bad/train/trajectory.h5"))
        XCTAssertTrue(try project.pipeline("status").output.contains("stale       bad/train"))
    }

    func test_keepGoing_finishesIndependentStagesAfterAFailure() throws {
        let project = try makeProject(fourStagesChain(prefix: "bad", steps: 2000, learningRate: 0.5, analyze: false),
                                      fourStagesChain(prefix: "good", steps: 300, analyze: false))
        let run = try project.pipeline("run", "--keep-going", "-j", "1")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(Set(run.ran).isSuperset(of: ["good/generate", "good/train", "good/measure"]), run.output)
    }

    func test_archive_roundTripsAndVerifyDetectsTampering() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let archive = project.root + "/out.tar.gz"
        let made = try project.pipeline("archive", archive)
        XCTAssertEqual(made.status, 0, made.output)
        let verified = try project.pipeline("verify", archive)
        XCTAssertEqual(verified.status, 0, verified.output)
        XCTAssertTrue(verified.output.contains("0 problems"), verified.output)
        // A second archive of the same results is byte-identical.
        let again = project.root + "/again.tar.gz"
        XCTAssertEqual(try project.pipeline("archive", again).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: archive)), try Data(contentsOf: URL(fileURLWithPath: again)))
        // Tamper: repack with one file changed.
        let folder = project.root + "/unpacked"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        XCTAssertEqual(shell("tar -xzf \(archive) -C \(folder) && echo x >> \(folder)/results/a/analyze/four_stages.gp && tar -czf \(project.root)/bad.tar.gz -C \(folder) ."), 0)
        let bad = try project.pipeline("verify", project.root + "/bad.tar.gz")
        XCTAssertEqual(bad.status, 1, bad.output)
        XCTAssertTrue(bad.output.contains("four_stages.gp: SHA-256"), bad.output)
    }

    func test_gc_dropsEntriesTheDefinitionsNoLongerReach() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        try project.write("module: EdgeOfStabilityStages\nstages:\n" + fourStagesChain(prefix: "a", steps: 301, analyze: false), to: "pipeline/test.yaml")
        XCTAssertEqual(try project.pipeline("run").status, 0)
        XCTAssertEqual(project.files(under: ".pipeline/entries").count, 6)
        let gc = try project.pipeline("gc")
        XCTAssertTrue(gc.output.contains("removed 3 cache entries"), gc.output)
        XCTAssertEqual(project.files(under: ".pipeline/entries").count, 3)
        XCTAssertEqual(try project.pipeline("run").ran, [])
    }
}

/// The PID of a direct child of `parent` whose command name is `name` and that runs a stage
/// (has `--output-dir` among its arguments), from /proc.
func childProcess(of parent: Int32, named name: String) -> Int32? {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
    for entry in entries {
        guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8) else { continue }
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
        let command = stat[stat.index(after: open)..<close]
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        let arguments = (try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8)) ?? ""
        if command == name, fields.count > 1, Int32(fields[1]) == parent, arguments.contains("--output-dir") { return pid }
    }
    return nil
}

@discardableResult
func shell(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    try? process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// A manifest edit that touches only another target leaves every stage cached; one that touches
/// a target a stage links reruns it.
final class ManifestIdentityTests: XCTestCase {
    func test_manifestEditOfAnUnrelatedTarget_rerunsNothing() throws {
        let project = try TestProject(definitions: ["test.yaml": "module: EdgeOfStabilityStages\nstages:\n" + fourStagesChain(prefix: "a", steps: 200, analyze: false)])
        defer { project.remove() }
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let manifest = project.root + "/Package.swift"
        let original = try String(contentsOfFile: manifest, encoding: .utf8)
        guard let range = original.range(of: "\"Networks\", \"EdgeOfStability\", \"Solvers\", \"Representations\"]") else {
            return XCTFail("the bench target's dependency list was not found in Package.swift")
        }
        try original.replacingCharacters(in: range, with: "\"Networks\", \"EdgeOfStability\", \"Representations\", \"Solvers\"]")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let unrelated = try project.pipeline("run")
        XCTAssertEqual(unrelated.ran, [], unrelated.output)
        let linked = ".target(name: \"EdgeOfStability\", dependencies: [\"LinearAlgebra\", \"Networks\", \"Solvers\"])"
        let current = try String(contentsOfFile: manifest, encoding: .utf8)
        XCTAssertTrue(current.contains(linked), "the EdgeOfStability target's entry was not found in Package.swift")
        let edited = current.replacingOccurrences(of: linked, with: ".target(name: \"EdgeOfStability\", dependencies: [\"Networks\", \"LinearAlgebra\", \"Solvers\"])")
        try edited.write(toFile: manifest, atomically: true, encoding: .utf8)
        XCTAssertEqual(Set(try project.pipeline("run").ran), ["a/generate", "a/train", "a/measure"])
    }
}
