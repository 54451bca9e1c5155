import Foundation
import StageKit
import Yams

/// Reads `pipeline/*.yaml` into `DefinitionFile`s, refusing unknown fields, wrong types and
/// missing required fields with the file, line and field named.
public enum DefinitionParser {
    static let stageFields: Set<String> = ["name", "run", "experiment", "seed", "params", "sweep", "inputs", "outputs",
                                           "tiers", "overrides", "publish", "resources", "exclude"]

    /// Parses every `*.yaml` file in a folder, in name order.
    public static func parseFolder(_ folder: String) throws -> [DefinitionFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        guard !names.isEmpty else {
            throw DefinitionError(file: folder, line: nil, field: "", message: "no stage definition files (*.yaml)")
        }
        return try names.map { try parseFile(folder + "/" + $0) }
    }

    /// Parses one definition file.
    public static func parseFile(_ path: String) throws -> DefinitionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DefinitionError(file: path, line: nil, field: "", message: "cannot read the file")
        }
        guard let text = String(validatingUTF8Data: data) else {
            let bad = DefinitionParser.firstInvalidUTF8Line(data)
            throw DefinitionError(file: path, line: bad, field: "", message: "not valid UTF-8 (a stage name or parameter would change silently); save the file as UTF-8")
        }
        return try parse(text, path: path)
    }

    /// The 1-based line holding the first byte sequence that is not UTF-8.
    static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        for lineBytes in data.split(separator: 0x0a, omittingEmptySubsequences: false) {
            if String(validatingUTF8Data: Data(lineBytes)) == nil { return line }
            line += 1
        }
        return line
    }

    /// Parses definition text; `path` is used in messages.
    public static func parse(_ text: String, path: String) throws -> DefinitionFile {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw DefinitionError(file: path, line: nil, field: "", message: "the file is empty")
            }
            root = node
        } catch let error as DefinitionError {
            throw error
        } catch let error as YamlError {
            throw DefinitionError(file: path, line: yamlErrorLine(error), field: "", message: "not valid YAML: \(error)")
        }
        let reader = NodeReader(file: path)
        let top = try reader.mapping(root, field: "")
        try reader.refuseUnknown(top, allowed: ["module", "stages"], context: "top level")
        guard let moduleNode = top["module"] else {
            throw DefinitionError(file: path, line: root.mark?.line, field: "module", message: "missing (the Swift module implementing these experiments)")
        }
        let module = try reader.string(moduleNode, field: "module")
        guard let stagesNode = top["stages"] else {
            throw DefinitionError(file: path, line: root.mark?.line, field: "stages", message: "missing")
        }
        let stages = try reader.sequence(stagesNode, field: "stages").map { try parseStage($0, reader: reader) }
        return DefinitionFile(path: path, module: module, stages: stages)
    }

    static func parseStage(_ node: Node, reader: NodeReader) throws -> StageDefinition {
        let fields = try reader.mapping(node, field: "stages[]")
        try reader.refuseUnknown(fields, allowed: stageFields, context: "stage")
        let line = node.mark?.line ?? 0
        func required(_ name: String) throws -> Node {
            guard let value = fields[name] else {
                throw DefinitionError(file: reader.file, line: line, field: name, message: "missing")
            }
            return value
        }
        let name = try reader.string(try required("name"), field: "name")
        guard !name.isEmpty, !name.contains(where: { " []=*:,\t\n".contains($0) }) else {
            throw DefinitionError(file: reader.file, line: line, field: "name", message: "'\(name)' must be non-empty and free of spaces and []=*:,")
        }
        let runNode = try required("run")
        let runText = try reader.string(runNode, field: "run")
        guard let run = StageKind(rawValue: runText) else {
            throw DefinitionError(file: reader.file, line: runNode.mark?.line, field: "run",
                                  message: "unknown executable '\(runText)'; expected one of generate, train, measure, analyze")
        }
        let experiment = try reader.string(try required("experiment"), field: "experiment")
        let seed = try fields["seed"].map { try reader.unsigned($0, field: "seed") } ?? 0
        let params = try fields["params"].map { try reader.jsonObject($0, field: "params") } ?? [:]
        let sweep = try fields["sweep"].map { try reader.sweep($0, field: "sweep") } ?? []
        let exclude = try fields["exclude"].map { try reader.exclusions($0, field: "exclude") } ?? []
        var inputs: [(String, [String])] = []
        if let inputsNode = fields["inputs"] {
            for (role, reference) in try reader.orderedMapping(inputsNode, field: "inputs") {
                if case .sequence = reference {
                    inputs.append((role, try reader.sequence(reference, field: "inputs.\(role)").map { try reader.string($0, field: "inputs.\(role)[]") }))
                } else {
                    inputs.append((role, [try reader.string(reference, field: "inputs.\(role)")]))
                }
            }
        }
        let outputsNode = try required("outputs")
        let outputs = try reader.sequence(outputsNode, field: "outputs").map { try reader.string($0, field: "outputs[]") }
        guard !outputs.isEmpty else {
            throw DefinitionError(file: reader.file, line: outputsNode.mark?.line, field: "outputs", message: "must list at least one file")
        }
        for output in outputs where output.hasPrefix("/") || output.split(separator: "/").contains("..") {
            throw DefinitionError(file: reader.file, line: outputsNode.mark?.line, field: "outputs", message: "'\(output)' must be a relative path inside the output folder")
        }
        let tiers = try fields["tiers"].map { try reader.sequence($0, field: "tiers").map { try reader.string($0, field: "tiers[]") } } ?? []
        var overrides: [String: TierOverride] = [:]
        if let overridesNode = fields["overrides"] {
            for (tier, body) in try reader.orderedMapping(overridesNode, field: "overrides") {
                let members = try reader.mapping(body, field: "overrides.\(tier)")
                try reader.refuseUnknown(members, allowed: ["params", "sweep", "seed", "exclude", "resources"], context: "overrides.\(tier)")
                var override = TierOverride()
                override.params = try members["params"].map { try reader.jsonObject($0, field: "overrides.\(tier).params") } ?? [:]
                override.sweep = Dictionary(uniqueKeysWithValues: try members["sweep"].map { try reader.sweep($0, field: "overrides.\(tier).sweep") } ?? [])
                override.seed = try members["seed"].map { try reader.unsigned($0, field: "overrides.\(tier).seed") }
                override.exclude = try members["exclude"].map { try reader.exclusions($0, field: "overrides.\(tier).exclude") }
                override.resources = try members["resources"].map { try reader.resources($0, field: "overrides.\(tier).resources") } ?? [:]
                overrides[tier] = override
            }
        }
        var publish = PublishPlace.results
        if let publishNode = fields["publish"] {
            let text = try reader.string(publishNode, field: "publish")
            guard let place = PublishPlace(rawValue: text) else {
                throw DefinitionError(file: reader.file, line: publishNode.mark?.line, field: "publish", message: "must be 'results' or 'figures', found '\(text)'")
            }
            publish = place
        }
        let resources = try fields["resources"].map { try reader.resources($0, field: "resources") } ?? [:]
        // Lines of the fields the planner checks against the sweep it derives (exclusions name its axes).
        var fieldLines: [String: Int] = [:]
        if let line = fields["exclude"]?.mark?.line { fieldLines["exclude"] = line }
        if let line = fields["overrides"]?.mark?.line { fieldLines["overrides"] = line }
        return StageDefinition(name: name, run: run, experiment: experiment, seed: seed, params: params, sweep: sweep, exclude: exclude,
                               inputs: inputs, outputs: outputs, tiers: tiers, overrides: overrides, publish: publish,
                               resources: resources, file: reader.file, line: line, fieldLines: fieldLines)
    }

    static func yamlErrorLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }
}

/// Typed access to YAML nodes with errors naming file, line and field.
struct NodeReader {
    let file: String

    func fail(_ node: Node, _ field: String, _ message: String) -> DefinitionError {
        DefinitionError(file: file, line: node.mark?.line, field: field, message: message)
    }

    func mapping(_ node: Node, field: String) throws -> [String: Node] {
        Dictionary(try orderedMapping(node, field: field), uniquingKeysWith: { first, _ in first })
    }

    func orderedMapping(_ node: Node, field: String) throws -> [(String, Node)] {
        guard case .mapping(let mapping) = node else { throw fail(node, field, "must be a mapping (key: value)") }
        var seen: Set<String> = []
        return try mapping.map { key, value in
            let name = try string(key, field: field)
            guard seen.insert(name).inserted else { throw fail(key, field, "key '\(name)' appears twice") }
            return (name, value)
        }
    }

    func sequence(_ node: Node, field: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw fail(node, field, "must be a list") }
        return Array(sequence)
    }

    func string(_ node: Node, field: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, field, "must be a single value") }
        return scalar.string
    }

    func unsigned(_ node: Node, field: String) throws -> UInt64 {
        guard case .scalar(let scalar) = node, let value = UInt64(scalar.string) else {
            throw fail(node, field, "must be a non-negative whole number")
        }
        return value
    }

    func refuseUnknown(_ fields: [String: Node], allowed: Set<String>, context: String) throws {
        for (name, node) in fields where !allowed.contains(name) {
            throw fail(node, name, "unknown field in \(context); allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func jsonObject(_ node: Node, field: String) throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in try orderedMapping(node, field: field) { result[key] = try json(value, field: "\(field).\(key)") }
        return result
    }

    /// A `resources` mapping: only `ResourceRequest.keys`, whole numbers above 0 and a partition
    /// name (a misspelt `memory_gb` would otherwise leave a job at the default and be killed).
    func resources(_ node: Node, field: String) throws -> [String: JSONValue] {
        let members = try mapping(node, field: field)
        try refuseUnknown(members, allowed: ResourceRequest.keys, context: field)
        var result: [String: JSONValue] = [:]
        for (key, value) in try orderedMapping(node, field: field) {
            if ResourceRequest.wholeNumberKeys.contains(key) {
                guard case .scalar(let scalar) = value, let number = Int64(scalar.string), number > 0 else {
                    throw fail(value, "\(field).\(key)", "must be a whole number above 0")
                }
                result[key] = .integer(number)
            } else {
                guard case .scalar(let scalar) = value, !scalar.string.isEmpty else {
                    throw fail(value, "\(field).\(key)", "must be a partition name")
                }
                result[key] = .string(scalar.string)
            }
        }
        return result
    }

    /// A list of partial sweep points, each a mapping from axis to value.
    func exclusions(_ node: Node, field: String) throws -> [[String: JSONValue]] {
        try sequence(node, field: field).enumerated().map { index, entry in
            let point = try jsonObject(entry, field: "\(field)[\(index)]")
            guard !point.isEmpty else { throw DefinitionError(file: file, line: entry.mark?.line, field: "\(field)[\(index)]", message: "an exclusion needs at least one axis") }
            return point
        }
    }

    func sweep(_ node: Node, field: String) throws -> [(key: String, values: [JSONValue])] {
        try orderedMapping(node, field: field).map { key, value in
            let values = try sequence(value, field: "\(field).\(key)").map { try json($0, field: "\(field).\(key)[]") }
            guard !values.isEmpty else { throw fail(value, "\(field).\(key)", "a sweep needs at least one value") }
            return (key, values)
        }
    }

    func json(_ node: Node, field: String) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                let text = scalar.string
                if text == "null" || text == "~" { return .null }
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
                if let integer = Int64(text) { return .integer(integer) }
                if let number = Double(text), text.contains(where: { $0.isNumber }) { return .number(number) }
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(try sequence.map { try json($0, field: field + "[]") })
        case .mapping:
            return .object(try jsonObject(node, field: field))
        default:
            throw fail(node, field, "unsupported YAML node")
        }
    }
}

extension String {
    /// The text of UTF-8 bytes, or nil when they are not valid UTF-8.
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}
