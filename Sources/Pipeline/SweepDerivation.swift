import StageKit

/// The sweep one definition expands to in one tier: its axes in order and the points left out.
struct DerivedSweep {
    var axes: [(key: String, values: [JSONValue])] = []
    var exclusions: [[String: JSONValue]] = []
}

/// Derives each definition's sweep in one tier, so that a definition says each axis once.
///
/// A stage inherits the axes and exclusions of every producer it names point by point (an input
/// without `[*]`): the first producer's axes in its order, then each further producer's new axes;
/// an axis two producers share keeps the values both have (a point must exist in both). Then its
/// own `sweep` (with the tier's values) applies: an inherited axis it names keeps its position and
/// takes the stage's values; a new axis is appended, in declared order, then the axes only the
/// tier adds, by name. Its own `exclude` (or the tier's) is added to the inherited exclusions.
struct SweepDerivation {
    let definitions: [String: StageDefinition]
    let tier: String
    private var derived: [String: DerivedSweep] = [:]
    private var visiting: Set<String> = []

    init(definitions: [String: StageDefinition], tier: String) {
        self.definitions = definitions
        self.tier = tier
    }

    /// The names of the stages `definition` reads point by point (`stage` or `stage:output`).
    static func pointwiseProducers(of definition: StageDefinition) -> [String] {
        var names: [String] = []
        for (_, references) in definition.inputs {
            for case let reference in references.map(InputReference.init) where !reference.allPoints && !names.contains(reference.stage) {
                names.append(reference.stage)
            }
        }
        return names
    }

    mutating func sweep(of definition: StageDefinition) throws -> DerivedSweep {
        if let known = derived[definition.name] { return known }
        // A cycle through inputs is reported with its stages by the topological order; here the
        // producer being derived contributes nothing.
        guard visiting.insert(definition.name).inserted else { return DerivedSweep() }
        defer { visiting.remove(definition.name) }
        var result = DerivedSweep()
        for name in Self.pointwiseProducers(of: definition) {
            guard let producer = definitions[name] else { continue }  // reported when inputs are resolved
            let inherited = try sweep(of: producer)
            for axis in inherited.axes {
                if let index = result.axes.firstIndex(where: { $0.key == axis.key }) {
                    result.axes[index].values.removeAll { !axis.values.contains($0) }
                } else {
                    result.axes.append(axis)
                }
            }
            for entry in inherited.exclusions where !result.exclusions.contains(entry) { result.exclusions.append(entry) }
        }
        let override = definition.overrides[tier] ?? TierOverride()
        var own = definition.sweep.map { (key: $0.key, values: override.sweep[$0.key] ?? $0.values) }
        for key in override.sweep.keys.sorted() where !definition.sweep.contains(where: { $0.key == key }) {
            own.append((key: key, values: override.sweep[key]!))
        }
        for axis in own {
            if let index = result.axes.firstIndex(where: { $0.key == axis.key }) {
                result.axes[index].values = axis.values
            } else {
                result.axes.append(axis)
            }
        }
        let ownExclusions = override.exclude ?? definition.exclude
        let field = override.exclude == nil ? "exclude" : "overrides.\(tier).exclude"
        let axisNames = result.axes.map(\.key)
        for entry in ownExclusions {
            for key in entry.keys.sorted() where !axisNames.contains(key) {
                throw DefinitionError(file: definition.file, line: definition.fieldLines[override.exclude == nil ? "exclude" : "overrides"] ?? definition.line,
                                      field: field, message: "'\(key)' is not a sweep axis of this stage (axes: \(axisNames.sorted().joined(separator: ", ")))")
            }
            if !result.exclusions.contains(entry) { result.exclusions.append(entry) }
        }
        derived[definition.name] = result
        return result
    }
}
