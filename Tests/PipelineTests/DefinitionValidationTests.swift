import Pipeline
import XCTest

/// Every malformed definition is refused before anything runs, naming file, line and field.
final class DefinitionValidationTests: XCTestCase {
    func plan(_ text: String, tier: String = "default") throws -> Plan {
        try Planner.plan([try DefinitionParser.parse(text, path: "test.yaml")], tier: tier)
    }

    func assertRefused(_ text: String, line: Int?, field: String, mentions fragment: String,
                       file: StaticString = #filePath, sourceLine: UInt = #line) {
        XCTAssertThrowsError(try plan(text), file: file, line: sourceLine) { error in
            guard let error = error as? DefinitionError else { return XCTFail("\(error)", file: file, line: sourceLine) }
            XCTAssertEqual(error.file, "test.yaml", file: file, line: sourceLine)
            if let line { XCTAssertEqual(error.line, line, "\(error)", file: file, line: sourceLine) }
            XCTAssertEqual(error.field, field, "\(error)", file: file, line: sourceLine)
            XCTAssertTrue(error.description.contains(fragment), "\(error)", file: file, line: sourceLine)
        }
    }

    let header = "module: M\nstages:\n"

    func test_unknownField_isRefusedWithItsLine() {
        assertRefused(header + "  - name: a\n    run: train\n    experiment: e\n    outputs: [x.h5]\n    colour: red\n",
                      line: 7, field: "colour", mentions: "unknown field")
    }

    func test_wrongType_isRefused() {
        assertRefused(header + "  - name: a\n    run: train\n    experiment: e\n    outputs: x.h5\n",
                      line: 6, field: "outputs", mentions: "must be a list")
        assertRefused(header + "  - name: a\n    run: train\n    experiment: e\n    seed: minus one\n    outputs: [x.h5]\n",
                      line: 6, field: "seed", mentions: "whole number")
    }

    func test_missingOrUnknownExecutable_isRefused() {
        assertRefused(header + "  - name: a\n    experiment: e\n    outputs: [x.h5]\n", line: 3, field: "run", mentions: "missing")
        assertRefused(header + "  - name: a\n    run: frobnicate\n    experiment: e\n    outputs: [x.h5]\n",
                      line: 4, field: "run", mentions: "unknown executable 'frobnicate'")
    }

    func test_inputNoStageProduces_isRefused() {
        assertRefused(header + "  - name: a\n    run: train\n    experiment: e\n    inputs: {data: ghost}\n    outputs: [x.h5]\n",
                      line: 3, field: "inputs.data", mentions: "no stage named 'ghost'")
    }

    func test_twoStagesWithTheSameOutput_areRefused() {
        let text = header + "  - name: a\n    run: analyze\n    experiment: e\n    outputs: [f.png]\n    publish: figures\n"
            + "  - name: b\n    run: analyze\n    experiment: e\n    outputs: [f.png]\n    publish: figures\n"
        assertRefused(text, line: 8, field: "outputs", mentions: "both publish figures/f.png")
        assertRefused(header + "  - name: a\n    run: train\n    experiment: e\n    outputs: [x.h5]\n"
                      + "  - name: a\n    run: train\n    experiment: e\n    outputs: [y.h5]\n", line: 7, field: "name", mentions: "already defined")
    }

    func test_cycle_isRefused() {
        let text = header + "  - name: a\n    run: train\n    experiment: e\n    inputs: {x: b}\n    outputs: [a.h5]\n"
            + "  - name: b\n    run: train\n    experiment: e\n    inputs: {x: a}\n    outputs: [b.h5]\n"
        assertRefused(text, line: nil, field: "inputs", mentions: "cycle: a → b → a")
    }

    func test_invalidYAML_isRefusedWithALine() {
        XCTAssertThrowsError(try plan("module: M\nstages:\n  - name: [unclosed\n")) { error in
            XCTAssertNotNil((error as? DefinitionError)?.line, "\(error)")
        }
    }

    func test_sweepsExpandPredictably_andMatchPointByPoint() throws {
        let text = header
            + "  - name: gen\n    run: generate\n    experiment: e\n    params: {n: 1}\n    sweep: {r: [1.5, 2]}\n    outputs: [d.h5]\n"
            + "  - name: fit\n    run: train\n    experiment: e\n    sweep: {r: [1.5, 2]}\n    inputs: {data: gen}\n    outputs: [t.h5]\n"
            + "  - name: fig\n    run: analyze\n    experiment: e\n    inputs: {runs: 'fit[*]'}\n    outputs: [f.png]\n    tiers: [default]\n"
            + "    overrides: {ci: {params: {quick: true}}}\n"
        let plan = try self.plan(text)
        XCTAssertEqual(plan.stages.map(\.name).sorted(), ["fig", "fit[r=1.5]", "fit[r=2]", "gen[r=1.5]", "gen[r=2]"])
        XCTAssertEqual(plan.stage(named: "fit[r=2]")?.inputs.first?.sources.map(\.stage), ["gen[r=2]"])
        XCTAssertEqual(plan.stage(named: "fig")?.inputs.first?.sources.map(\.stage), ["fit[r=1.5]", "fit[r=2]"])
        XCTAssertEqual(plan.stage(named: "gen[r=2]")?.params["r"], .integer(2))
        XCTAssertEqual(plan.targetClosure.count, 5)
        let ci = try self.plan(text, tier: "ci")
        XCTAssertEqual(ci.stage(named: "fig")?.params["quick"], .bool(true))
        XCTAssertEqual(ci.stage(named: "fig")?.publishedPaths["f.png"], "results/ci/fig/f.png")
        XCTAssertTrue(ci.targetClosure.isEmpty)
    }

    func test_tierOverride_canAddASweepAxis_thatWinsOverTheParameter() throws {
        let text = header
            + "  - name: fit\n    run: train\n    experiment: e\n    params: {kernel: rf}\n    sweep: {d: [8]}\n    outputs: [t.h5]\n"
            + "    overrides: {full: {sweep: {kernel: [rf, ntk], d: [8, 12]}}}\n"
            + "  - name: score\n    run: measure\n    experiment: e\n    sweep: {d: [8]}\n    inputs: {fit: fit}\n    outputs: [m.h5]\n"
            + "    overrides: {full: {sweep: {kernel: [rf, ntk], d: [8, 12]}}}\n"
        XCTAssertEqual(try plan(text).stages.map(\.name).sorted(), ["fit[d=8]", "score[d=8]"])
        let full = try plan(text, tier: "full")
        XCTAssertEqual(full.stages.filter { $0.name.hasPrefix("fit") }.map(\.name).sorted(),
                       ["fit[d=12,kernel=ntk]", "fit[d=12,kernel=rf]", "fit[d=8,kernel=ntk]", "fit[d=8,kernel=rf]"])
        XCTAssertEqual(full.stage(named: "fit[d=8,kernel=ntk]")?.params["kernel"], .string("ntk"))
        XCTAssertEqual(full.stage(named: "score[d=12,kernel=ntk]")?.inputs.first?.sources.map(\.stage), ["fit[d=12,kernel=ntk]"])
    }

    /// `exclude` drops the sweep points it matches (through a YAML anchor in a second stage, whose
    /// `[*]` consumer then sees fewer inputs); a tier may replace it; a key that is no sweep axis is refused.
    func test_excludedSweepPoints_areNotPlanned_andATierMayKeepThem() throws {
        let text = header
            + "  - name: fit\n    run: train\n    experiment: e\n    sweep: {d: [8, 16], k: [0.5, 1]}\n"
            + "    exclude: &small [{d: 8, k: 0.5}]\n    outputs: [t.h5]\n    overrides: {ci: {exclude: []}}\n"
            + "  - name: score\n    run: measure\n    experiment: e\n    sweep: {d: [8, 16], k: [0.5, 1]}\n    exclude: *small\n"
            + "    inputs: {fit: fit}\n    outputs: [m.h5]\n"
            + "  - name: fig\n    run: analyze\n    experiment: e\n    inputs: {scores: 'score[*]'}\n    outputs: [f.png]\n"
        let plan = try self.plan(text)
        XCTAssertEqual(plan.stages.filter { $0.name.hasPrefix("fit") }.map(\.name).sorted(), ["fit[d=16,k=0.5]", "fit[d=16,k=1]", "fit[d=8,k=1]"])
        XCTAssertEqual(plan.stage(named: "fig")?.inputs.first?.sources.count, 3)
        XCTAssertEqual(try self.plan(text, tier: "ci").stages.filter { $0.name.hasPrefix("fit") }.count, 4)
        assertRefused(header + "  - name: fit\n    run: train\n    experiment: e\n    sweep: {d: [8]}\n    exclude: [{width: 3}]\n    outputs: [t.h5]\n",
                      line: 7, field: "exclude", mentions: "'width' is not a sweep axis")
    }

    /// A stage inherits the axes and excluded points of the producers it reads point by point, in
    /// the producer's order, with its own new axes after them; `[*]` inputs pass nothing on.
    func test_sweepAxes_areInheritedFromPointwiseProducers_withTheirExclusionsAndTierValues() throws {
        let text = header
            + "  - name: gen\n    run: generate\n    experiment: e\n    sweep: {d: [8, 16, 32], seed_k: [0, 1]}\n    outputs: [s.h5]\n"
            + "    overrides: {ci: {sweep: {d: [4]}}}\n"
            + "  - name: fit\n    run: train\n    experiment: e\n    sweep: {k: [1, 2]}\n    exclude: [{d: 8, k: 1}]\n"
            + "    inputs: {setup: gen}\n    outputs: [t.h5]\n"
            + "  - name: score\n    run: measure\n    experiment: e\n    inputs: {setup: 'gen:s.h5', fit: fit}\n    outputs: [m.h5]\n"
            + "  - name: fig\n    run: analyze\n    experiment: e\n    inputs: {scores: 'score[*]'}\n    outputs: [f.png]\n"
        let plan = try self.plan(text)
        let scores = plan.stages.filter { $0.name.hasPrefix("score") }
        XCTAssertEqual(scores.count, 10)
        XCTAssertEqual(scores.first?.name, "score[d=8,seed_k=0,k=2]")
        XCTAssertFalse(scores.contains { $0.name.contains("d=8,") && $0.name.hasSuffix("k=1]") })
        XCTAssertEqual(plan.stage(named: "score[d=16,seed_k=1,k=2]")?.params["d"], .integer(16))
        XCTAssertEqual(plan.stage(named: "score[d=16,seed_k=1,k=2]")?.inputs.map { $0.sources.first!.stage },
                       ["gen[d=16,seed_k=1]", "fit[d=16,seed_k=1,k=2]"])
        XCTAssertEqual(plan.stage(named: "fig")?.inputs.first?.sources.count, 10)
        XCTAssertEqual(try self.plan(text, tier: "ci").stages.filter { $0.name.hasPrefix("score") }.map(\.name),
                       ["score[d=4,seed_k=0,k=1]", "score[d=4,seed_k=0,k=2]", "score[d=4,seed_k=1,k=1]", "score[d=4,seed_k=1,k=2]"])
    }

    /// A stage may narrow an inherited axis (it keeps its place); two producers sharing an axis
    /// give the values both have; an exclusion may name an inherited axis; a point the producer
    /// lacks is named in the error.
    func test_inheritedAxes_narrowAndIntersect_andAMissingProducerPointIsNamed() throws {
        let text = header
            + "  - name: gen\n    run: generate\n    experiment: e\n    sweep: {d: [8, 16, 32], r: [0, 1]}\n    outputs: [s.h5]\n"
            + "  - name: rf\n    run: train\n    experiment: e\n    sweep: {n: [1, 2], d: [16, 32]}\n    exclude: [{d: 32, r: 1}]\n"
            + "    inputs: {setup: gen}\n    outputs: [t.h5]\n"
            + "  - name: score\n    run: measure\n    experiment: e\n    inputs: {setup: gen, run: rf}\n    outputs: [m.h5]\n"
        let names = try self.plan(text).stages.filter { $0.name.hasPrefix("score") }.map(\.name)
        XCTAssertEqual(names, ["score[d=16,r=0,n=1]", "score[d=16,r=0,n=2]", "score[d=16,r=1,n=1]", "score[d=16,r=1,n=2]",
                               "score[d=32,r=0,n=1]", "score[d=32,r=0,n=2]"])
        assertRefused(text.replacingOccurrences(of: "inputs: {setup: gen, run: rf}", with: "sweep: {d: [8]}\n    inputs: {setup: gen, run: rf}"),
                      line: nil, field: "inputs.run", mentions: "'rf' has no point [d=8,n=1,r=0]")
    }
}

/// The command line gives exit code 2 for a malformed definition.
final class DefinitionExitCodeTests: XCTestCase {
    func test_malformedDefinition_exitsWithCode2_andNamesTheField() throws {
        let project = try TestProject(definitions: ["bad.yaml": "module: EdgeOfStabilityStages\nstages:\n  - name: a\n    run: train\n    experiment: e\n    outputs: [x.h5]\n    colour: red\n"])
        defer { project.remove() }
        let result = try project.pipeline("run")
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.output.contains("bad.yaml:7: field 'colour': unknown field"), result.output)
        XCTAssertFalse(project.exists(".pipeline/jobs"), "nothing may run")
    }
}
