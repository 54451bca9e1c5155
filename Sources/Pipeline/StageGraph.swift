/// The stage graph of a plan for `pipeline dag`: one node per stage definition (its sweep points
/// collapsed into one node labelled with their count) or, expanded, one per planned stage; an edge
/// from each producer to each consumer; each node coloured by its state. Renders Graphviz DOT or Mermaid.
public struct StageGraph: Equatable {
    /// Up to date: every point's result is cached; stale: some point must run again; never run: some
    /// point has no cache entry under any key.
    public enum State: Int, Comparable {
        case upToDate, stale, neverRun
        public static func < (a: State, b: State) -> Bool { a.rawValue < b.rawValue }
        var colour: String { ["#a6dba0", "#fdb863", "#d9d9d9"][rawValue] }
        var words: String { ["up to date", "stale", "never run"][rawValue] }
        /// The Mermaid class of the state.
        var className: String { ["upToDate", "stale", "neverRun"][rawValue] }
        static let all: [State] = [.upToDate, .stale, .neverRun]
    }

    public struct Node: Equatable {
        public var name: String
        public var label: String
        public var state: State
    }

    public var nodes: [Node]
    public var edges: [(from: String, to: String)]

    public static func == (a: StageGraph, b: StageGraph) -> Bool {
        a.nodes == b.nodes && a.edges.map { [$0.from, $0.to] } == b.edges.map { [$0.from, $0.to] }
    }

    /// The graph of `stages` (in plan order), with the state of each planned stage by name.
    public init(stages: [PlannedStage], states: [String: State], expanded: Bool = false) {
        func node(_ stage: PlannedStage) -> String { expanded ? stage.name : stage.definition.name }
        var order: [String] = [], points: [String: [PlannedStage]] = [:]
        for stage in stages {
            let name = node(stage)
            if points[name] == nil { order.append(name) }
            points[name, default: []].append(stage)
        }
        nodes = order.map { name in
            let members = points[name]!
            let first = members[0]
            let label = "\(name)\\n\(first.executable.rawValue) · \(first.definition.experiment)" + (members.count > 1 ? " · ×\(members.count)" : "")
            return Node(name: name, label: label, state: members.map { states[$0.name] ?? .neverRun }.max()!)
        }
        let known = Set(order)
        var seen: Set<[String]> = []
        let byName = Dictionary(stages.map { ($0.name, $0) }) { first, _ in first }
        edges = stages.flatMap { stage in stage.upstreamStages.compactMap { upstream -> (from: String, to: String)? in
            guard let producer = byName[upstream] else { return nil }
            let edge = [node(producer), node(stage)]
            guard known.contains(edge[0]), seen.insert(edge).inserted else { return nil }
            return (edge[0], edge[1])
        } }
    }

    /// Graphviz DOT: left to right, boxes filled by state, with a legend.
    public var dot: String {
        var lines = ["digraph pipeline {", "  rankdir=LR;", "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes {
            lines.append("  \(quoted(node.name)) [label=\(quoted(node.label)), fillcolor=\"\(node.state.colour)\"];")
        }
        for edge in edges { lines.append("  \(quoted(edge.from)) -> \(quoted(edge.to));") }
        lines.append("  subgraph cluster_legend { label=\"state\"; fontsize=10;")
        for state in State.all {
            lines.append("    \(quoted("legend: " + state.words)) [label=\(quoted(state.words)), fillcolor=\"\(state.colour)\"];")
        }
        lines += ["  }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid `flowchart LR`, nodes numbered, coloured by class.
    public var mermaid: String {
        let ids = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.name, "s\($0)") })
        var lines = ["flowchart LR"]
        for node in nodes {
            let label = node.label.replacingOccurrences(of: "\\n", with: "<br/>").replacingOccurrences(of: "\"", with: "'")
            lines.append("  \(ids[node.name]!)[\"\(label)\"]:::\(node.state.className)")
        }
        for edge in edges { lines.append("  \(ids[edge.from]!) --> \(ids[edge.to]!)") }
        for state in State.all {
            lines.append("  classDef \(state.className) fill:\(state.colour)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
