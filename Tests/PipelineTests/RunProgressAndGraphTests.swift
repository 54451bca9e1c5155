import Foundation
import Pipeline
import XCTest

/// The whole-run ETA (issue 18) and the stage graph `pipeline dag` prints.
final class RunProgressAndGraphTests: XCTestCase {
    /// ETA = max(work left / jobs, the longest running stage's remainder).
    func test_secondsLeft_spreadsTheWorkOverTheJobs_butNeverBelowTheLongestRunningStage() {
        let t0 = Date(timeIntervalSince1970: 1000)
        var run = RunProgress(expected: ["a": 100, "b": 40, "c": 20, "d": 0], jobs: 2, start: t0)
        XCTAssertEqual(run.secondsLeft(at: t0), 80)  // (100 + 40 + 20) / 2
        run.finished("d", .cached)
        run.started("a", at: t0)
        run.started("b", at: t0)
        XCTAssertEqual(run.secondsLeft(at: t0.addingTimeInterval(30)), 70)  // a: 70 left, b: 10, c: 20 → 100 / 2 = 50 < 70
        run.finished("b", .ran)
        run.started("c", at: t0.addingTimeInterval(40))
        XCTAssertEqual(run.secondsLeft(at: t0.addingTimeInterval(50)), 50)  // (50 + 10) / 2 = 30 < 50
        // A stage running past its expected time counts as nearly done, not negative.
        XCTAssertEqual(run.secondsLeft(at: t0.addingTimeInterval(200)), 0)
        XCTAssertEqual(run.line(at: t0.addingTimeInterval(65)), "[2/4] ran 1, cached 1, running 2, left 0 · 1m05s elapsed · about 35s left")
        XCTAssertEqual([RunProgress.duration(59.4), RunProgress.duration(245), RunProgress.duration(7380)], ["59s", "4m05s", "2h03m"])
    }

    /// A stage that never ran starts from a guess and takes its sweep siblings' mean once one ran.
    func test_guessedDurations_learnFromTheirSiblings() {
        let t0 = Date(timeIntervalSince1970: 0)
        var run = RunProgress(expected: ["fit[1]": 1, "fit[2]": 1, "fit[3]": 1, "plot": 5], jobs: 1, start: t0,
                              groups: ["fit[1]": "fit", "fit[2]": "fit", "fit[3]": "fit", "plot": "plot"], guessed: ["fit[1]", "fit[2]", "fit[3]"])
        XCTAssertEqual(run.secondsLeft(at: t0), 8)
        run.started("fit[1]", at: t0)
        run.finished("fit[1]", .ran, seconds: 60)
        XCTAssertEqual(run.expected["fit[2]"], 60)
        XCTAssertEqual(run.secondsLeft(at: t0.addingTimeInterval(60)), 125)  // 60 + 60 + 5
        run.finished("plot", .ran, seconds: 9)
        XCTAssertEqual(run.expected["plot"], 5, "a stage with its own duration keeps it")
    }

    func test_graph_collapsesSweeps_andColoursByState() throws {
        let text = "module: M\nstages:\n"
            + "  - name: gen\n    run: generate\n    experiment: e\n    sweep: {r: [1, 2]}\n    outputs: [d.h5]\n"
            + "  - name: fit\n    run: train\n    experiment: e\n    sweep: {r: [1, 2]}\n    inputs: {data: gen}\n    outputs: [t.h5]\n"
            + "  - name: fig\n    run: analyze\n    experiment: e\n    inputs: {runs: 'fit[*]'}\n    outputs: [f.png]\n    tiers: [default]\n"
        let plan = try Planner.plan([try DefinitionParser.parse(text, path: "test.yaml")], tier: "default")
        let states: [String: StageGraph.State] = ["gen[r=1]": .upToDate, "gen[r=2]": .upToDate, "fit[r=1]": .upToDate, "fit[r=2]": .stale]
        let graph = StageGraph(stages: plan.stages, states: states)
        XCTAssertEqual(graph.nodes.map(\.name), ["gen", "fit", "fig"])
        XCTAssertEqual(graph.nodes.map(\.state), [.upToDate, .stale, .neverRun])
        XCTAssertEqual(graph.edges.map { "\($0.from)->\($0.to)" }, ["gen->fit", "fit->fig"])
        let dot = graph.dot
        XCTAssertTrue(dot.hasPrefix("digraph pipeline {\n  rankdir=LR;"))
        XCTAssertTrue(dot.contains("  \"fit\" [label=\"fit\\ntrain · e · ×2\", fillcolor=\"#fdb863\"];"), dot)
        XCTAssertTrue(dot.contains("  \"gen\" -> \"fit\";\n  \"fit\" -> \"fig\";"), dot)
        XCTAssertTrue(dot.hasSuffix("}\n"))
        let expanded = StageGraph(stages: plan.stages, states: states, expanded: true)
        XCTAssertEqual(expanded.nodes.count, 5)
        XCTAssertEqual(expanded.edges.count, 4)
        XCTAssertTrue(expanded.mermaid.contains("s3 --> s4"), expanded.mermaid)
    }
}
