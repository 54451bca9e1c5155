import StageKit

/// Turns definition files into the `Plan` of one tier, refusing (with file, line and field) an
/// input no stage produces, two stages with the same name or published output, and cycles.
public enum Planner {
    /// The tier whose outputs are published at the top of `results/` and `figures/`.
    public static let defaultTier = "default"

    public static func plan(_ files: [DefinitionFile], tier: String) throws -> Plan {
        var definitionsByName: [String: StageDefinition] = [:]
        for file in files {
            for definition in file.stages {
                if let previous = definitionsByName[definition.name] {
                    throw DefinitionError(file: definition.file, line: definition.line, field: "name",
                                          message: "stage '\(definition.name)' is already defined at \(previous.file):\(previous.line)")
                }
                definitionsByName[definition.name] = definition
            }
        }
        var sweeps = SweepDerivation(definitions: definitionsByName, tier: tier)
        var expanded: [PlannedStage] = []
        var points: [String: [PlannedStage]] = [:]  // definition name → its points
        for file in files {
            for definition in file.stages {
                let stages = expand(definition, module: file.module, tier: tier, sweep: try sweeps.sweep(of: definition))
                points[definition.name] = stages
                expanded += stages
            }
        }
        for index in expanded.indices {
            expanded[index].inputs = try resolveInputs(of: expanded[index], points: points)
        }
        try checkPublishedPathsAreUnique(expanded)
        let ordered = try topologicalOrder(expanded)
        return Plan(tier: tier, stages: ordered,
                    index: Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.name, $0) }))
    }

    /// One planned stage per point of the derived sweep (the cartesian product of its axes in
    /// order, less the excluded points; a sweep axis wins over a parameter of the same name).
    static func expand(_ definition: StageDefinition, module: String, tier: String, sweep: DerivedSweep) -> [PlannedStage] {
        let override = definition.overrides[tier] ?? TierOverride()
        var params = definition.params
        for (key, value) in override.params { params[key] = value }
        let resources = definition.resources.merging(override.resources) { $1 }
        var combinations: [[(String, JSONValue)]] = [[]]
        for axis in sweep.axes {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [(axis.key, $0)] } }
        }
        combinations.removeAll { point in
            sweep.exclusions.contains { entry in entry.allSatisfy { key, value in point.contains { $0.0 == key && $0.1 == value } } }
        }
        return combinations.map { point in
            var pointParams = params
            for (key, value) in point { pointParams[key] = value }
            let suffix = point.isEmpty ? "" : "[" + point.map { "\($0.0)=\(label($0.1))" }.joined(separator: ",") + "]"
            let name = definition.name + suffix
            let prefix = tier == defaultTier ? "" : tier + "/"
            let published = Dictionary(uniqueKeysWithValues: definition.outputs.map { output in
                (output, definition.publish == .figures ? "figures/\(prefix)\(output)" : "results/\(prefix)\(name)/\(output)")
            })
            return PlannedStage(name: name, definition: definition, module: module, params: pointParams,
                                seed: override.seed ?? definition.seed, sweepPoint: Dictionary(uniqueKeysWithValues: point),
                                inputs: [], outputs: definition.outputs, publishedPaths: published,
                                isTarget: definition.tiers.contains(tier), resources: resources)
        }
    }

    static func label(_ value: JSONValue) -> String { value.stringValue ?? value.canonicalText }

    /// Resolves `stage`, `stage:output`, `stage[*]` and `stage[*]:output` references.
    static func resolveInputs(of stage: PlannedStage, points: [String: [PlannedStage]]) throws -> [(role: String, sources: [OutputReference])] {
        try stage.definition.inputs.map { role, references in
            (role, try references.flatMap { try resolve($0, role: role, of: stage, points: points) })
        }
    }

    /// The outputs one reference names.
    static func resolve(_ reference: String, role: String, of stage: PlannedStage, points: [String: [PlannedStage]]) throws -> [OutputReference] {
        let definition = stage.definition
        func fail(_ message: String) -> DefinitionError {
            DefinitionError(file: definition.file, line: definition.line, field: "inputs.\(role)", message: message)
        }
        let parsed = InputReference(reference)
        let target = parsed.stage, output = parsed.output, allPoints = parsed.allPoints
        guard let candidates = points[target] else { throw fail("no stage named '\(target)' produces this input") }
        let chosen: [PlannedStage]
        if allPoints {
            chosen = candidates
        } else {
            chosen = candidates.filter { candidate in
                candidate.sweepPoint.allSatisfy { key, value in stage.sweepPoint[key].map { $0 == value } ?? false }
            }
            if chosen.isEmpty, let first = candidates.first, Set(first.sweepPoint.keys).isSubset(of: stage.sweepPoint.keys) {
                let wanted = first.sweepPoint.keys.sorted().map { "\($0)=\(label(stage.sweepPoint[$0]!))" }.joined(separator: ",")
                throw fail("'\(target)' has no point [\(wanted)] (is it excluded there, or outside its sweep?)")
            }
            guard chosen.count == 1 else {
                throw fail("'\(target)' is swept over \(candidates.first?.sweepPoint.keys.sorted() ?? []) and this stage does not fix every one of those; write '\(target)[*]' for all points")
            }
        }
        return try chosen.map { source in
            if let output {
                guard source.outputs.contains(output) else { throw fail("stage '\(target)' has no output '\(output)'; it has \(source.outputs)") }
                return OutputReference(stage: source.name, output: output)
            }
            guard source.outputs.count == 1 else {
                throw fail("stage '\(target)' has several outputs \(source.outputs); name one as '\(target):OUTPUT'")
            }
            return OutputReference(stage: source.name, output: source.outputs[0])
        }
    }

    static func checkPublishedPathsAreUnique(_ stages: [PlannedStage]) throws {
        var owner: [String: PlannedStage] = [:]
        for stage in stages {
            for (_, path) in stage.publishedPaths.sorted(by: { $0.key < $1.key }) {
                if let other = owner[path], other.name != stage.name {
                    throw DefinitionError(file: stage.definition.file, line: stage.definition.line, field: "outputs",
                                          message: "stage '\(stage.name)' and stage '\(other.name)' (\(other.definition.file):\(other.definition.line)) both publish \(path)")
                }
                owner[path] = stage
            }
        }
    }

    /// Depth-first topological order, keeping definition order where dependencies allow;
    /// a cycle is an error naming the stages on it.
    static func topologicalOrder(_ stages: [PlannedStage]) throws -> [PlannedStage] {
        let byName = Dictionary(uniqueKeysWithValues: stages.map { ($0.name, $0) })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var order: [PlannedStage] = []
        func visit(_ name: String, path: [String]) throws {
            if state[name] == 2 { return }
            let stage = byName[name]!
            if state[name] == 1 {
                let cycle = path.drop(while: { $0 != name }) + [name]
                throw DefinitionError(file: stage.definition.file, line: stage.definition.line, field: "inputs",
                                      message: "the inputs form a cycle: \(cycle.joined(separator: " → "))")
            }
            state[name] = 1
            for upstream in stage.upstreamStages { try visit(upstream, path: path + [name]) }
            state[name] = 2
            order.append(stage)
        }
        for stage in stages { try visit(stage.name, path: []) }
        return order
    }
}
