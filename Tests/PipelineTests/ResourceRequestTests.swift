@testable import Pipeline
import StageKit
import XCTest

/// A stage's `resources` reach its SLURM job, a tier's override merged in key by key, and a
/// misspelt or impossible request is refused with its file, line and field.
final class ResourceRequestTests: XCTestCase {
    let text = "module: M\nstages:\n"
        + "  - name: long/train\n    run: train\n    experiment: e\n    outputs: [t.h5]\n"
        + "    resources: {cpus: 2, memory_mb: 2000, time_minutes: 60}\n"
        + "    overrides:\n      paper: {params: {steps: 2000}, resources: {memory_mb: 16000, time_minutes: 7200}}\n"

    func plannedResources(tier: String) throws -> [String: JSONValue] {
        let plan = try Planner.plan([try DefinitionParser.parse(text, path: "test.yaml")], tier: tier)
        return try XCTUnwrap(plan.stage(named: "long/train")).resources
    }

    func slurmFlags(_ resources: [String: JSONValue], options: SlurmOptions = SlurmOptions()) -> [String] {
        options.flags(for: StageJob(stage: "long/train", executable: "/bin/train", arguments: [], environment: [:],
                                    folder: "/tmp", logPath: "/tmp/log", resources: resources))
    }

    func test_tierOverride_mergesKeyByKey_andReachesTheJobsFlags() throws {
        XCTAssertEqual(slurmFlags(try plannedResources(tier: "default")), ["--cpus-per-task=2", "--mem=2000", "--time=60"])
        XCTAssertEqual(slurmFlags(try plannedResources(tier: "paper")), ["--cpus-per-task=2", "--mem=16000", "--time=7200"])
        var options = SlurmOptions()
        options.timeMinutes = 30
        XCTAssertEqual(slurmFlags(try plannedResources(tier: "paper"), options: options), ["--cpus-per-task=2", "--mem=16000", "--time=30"],
                       "the command line wins over the definition")
    }

    /// `pipeline show` names what the stage's job would ask SLURM for in that tier.
    func test_show_printsTheTiersClusterRequest() throws {
        let project = try TestProject(definitions: ["test.yaml": text.replacingOccurrences(of: "module: M", with: "module: EdgeOfStabilityStages")
            .replacingOccurrences(of: "experiment: e", with: "experiment: eos.four-stages")])
        defer { project.remove() }
        let paper = try project.pipeline("show", "--tier", "paper", "long/train")
        XCTAssertEqual(paper.status, 0, paper.output)
        XCTAssertTrue(paper.output.contains("  cluster request: cpus 2, memory_mb 16000, time_minutes 7200\n"), paper.output)
        let ordinary = try project.pipeline("show", "long/train")
        XCTAssertTrue(ordinary.output.contains("  cluster request: cpus 2, memory_mb 2000, time_minutes 60\n"), ordinary.output)
    }

    func test_unknownOrImpossibleRequests_areRefusedWithTheirLine() {
        for (resources, field, fragment) in [("{memory_gb: 16}", "memory_gb", "unknown field"),
                                             ("{time_minutes: 0}", "resources.time_minutes", "whole number above 0"),
                                             ("{cpus: two}", "resources.cpus", "whole number above 0")] {
            let bad = "module: M\nstages:\n  - name: a\n    run: train\n    experiment: e\n    outputs: [t.h5]\n    resources: \(resources)\n"
            XCTAssertThrowsError(try DefinitionParser.parse(bad, path: "test.yaml")) { error in
                let error = error as? DefinitionError
                XCTAssertEqual(error?.line, 7, "\(String(describing: error))")
                XCTAssertEqual(error?.field, field)
                XCTAssertTrue(error?.description.contains(fragment) ?? false, "\(String(describing: error))")
            }
        }
        let override = "module: M\nstages:\n  - name: a\n    run: train\n    experiment: e\n    outputs: [t.h5]\n"
            + "    overrides:\n      paper: {resources: {time_minutes: -5}}\n"
        XCTAssertThrowsError(try DefinitionParser.parse(override, path: "test.yaml")) { error in
            XCTAssertEqual((error as? DefinitionError)?.field, "overrides.paper.resources.time_minutes", "\(error)")
        }
    }
}
