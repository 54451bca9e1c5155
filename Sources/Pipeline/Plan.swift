import StageKit

/// One output of one planned stage.
public struct OutputReference: Hashable, CustomStringConvertible {
    public var stage: String
    public var output: String
    public var description: String { "\(stage):\(output)" }
}

/// A concrete stage of one tier: sweeps expanded, tier overrides applied, inputs resolved to
/// other stages' outputs, publish paths fixed.
public struct PlannedStage {
    /// The expanded name, e.g. `sharpening/train[ratio=1.5]`.
    public var name: String
    public var definition: StageDefinition
    /// The Swift module implementing the experiment (its sources are part of the code identity).
    public var module: String
    /// Parameters after tier overrides and the sweep point are merged in.
    public var params: [String: JSONValue]
    public var seed: UInt64
    public var sweepPoint: [String: JSONValue]
    /// Input roles in definition order, each with the outputs it receives.
    public var inputs: [(role: String, sources: [OutputReference])]
    public var outputs: [String]
    /// Output name → path relative to the project root where it is published.
    public var publishedPaths: [String: String]
    /// Whether the tier asks for this stage itself (not only as a dependency).
    public var isTarget: Bool
    /// The definition's `resources` with the tier's override merged in, for cluster launchers.
    public var resources: [String: JSONValue]

    public var executable: StageKind { definition.run }
    /// The stages this one reads from, without repeats, in input order.
    public var upstreamStages: [String] {
        var seen: Set<String> = []
        return inputs.flatMap { $0.sources.map(\.stage) }.filter { seen.insert($0).inserted }
    }
}

/// All stages of one tier in dependency order (every stage after the stages it reads).
public struct Plan {
    public var tier: String
    public var stages: [PlannedStage]
    public var index: [String: Int]

    public func stage(named name: String) -> PlannedStage? { index[name].map { stages[$0] } }

    /// The named stages and everything they read from, in dependency order.
    public func closure(of names: [String]) -> [PlannedStage] {
        var needed: Set<String> = []
        var pending = names
        while let name = pending.popLast() {
            guard needed.insert(name).inserted, let stage = stage(named: name) else { continue }
            pending += stage.upstreamStages
        }
        return stages.filter { needed.contains($0.name) }
    }

    /// The tier's targets and their dependencies.
    public var targetClosure: [PlannedStage] { closure(of: stages.filter(\.isTarget).map(\.name)) }

    /// The stages that read, directly or not, from `name`.
    public func downstream(of name: String) -> Set<String> {
        var result: Set<String> = []
        for stage in stages where stage.upstreamStages.contains(where: { $0 == name || result.contains($0) }) {
            result.insert(stage.name)
        }
        return result
    }
}
