import StageKit

/// One stage as written in a definition file, before tiers and sweeps are applied.
///
/// Read from `pipeline/*.yaml`:
///
///     - name: four-stages/train          # unique; sweep points get "[key=value,…]" appended
///       run: train                       # generate | train | measure | analyze
///       experiment: eos.four-stages      # the registered experiment
///       seed: 0
///       params: {learning_rate: 0.01}
///       sweep: {ratio: [1.5, 2, 3]}      # one stage per point, parameters merged in; axes of a
///                                        # producer named point-wise in `inputs` are inherited
///       exclude: [{ratio: 1.5}]          # sweep points left out: each entry matches a point on all its keys
///       inputs: {initial: four-stages/generate}   # role: stage, stage:output, stage[*], or a list of them
///       outputs: [trajectory.h5]         # files the stage writes into its output folder
///       tiers: [ci, default, paper]      # tiers whose targets include this stage
///       overrides: {ci: {params: {steps: 100}, sweep: {ratio: [1.5]}, exclude: []},
///                   paper: {resources: {time_minutes: 600}}}   # resources merge key by key
///       publish: figures                 # publish outputs under figures/ instead of results/<stage>/
///       resources: {cpus: 2, memory_mb: 2000, time_minutes: 30}   # for cluster executors (`ResourceRequest`)
public struct StageDefinition: Equatable {
    public var name: String
    public var run: StageKind
    public var experiment: String
    public var seed: UInt64
    public var params: [String: JSONValue]
    public var sweep: [(key: String, values: [JSONValue])]
    /// Sweep points left out: a point matching every key of one entry is not planned.
    public var exclude: [[String: JSONValue]] = []
    /// Input roles with their references (a role may list several, which arrive in order).
    public var inputs: [(role: String, references: [String])]
    public var outputs: [String]
    public var tiers: [String]
    public var overrides: [String: TierOverride]
    public var publish: PublishPlace
    /// What a cluster job asks for (`ResourceRequest.keys`); never part of a cache key.
    public var resources: [String: JSONValue]
    /// Where it was defined, for error messages.
    public var file: String
    public var line: Int
    /// Lines of the fields checked after planning (`exclude`, `overrides`), for error messages.
    public var fieldLines: [String: Int] = [:]

    public static func == (a: StageDefinition, b: StageDefinition) -> Bool {
        a.name == b.name && a.file == b.file && a.line == b.line
    }
}

/// One input reference as a definition writes it: `stage`, `stage:output`, `stage[*]` or
/// `stage[*]:output` (all points of a swept stage).
struct InputReference: Equatable {
    var stage: String
    var output: String?
    var allPoints: Bool

    init(_ text: String) {
        var target = text
        if let colon = text.lastIndex(of: ":") {
            target = String(text[..<colon])
            output = String(text[text.index(after: colon)...])
        }
        allPoints = target.hasSuffix("[*]")
        if allPoints { target.removeLast(3) }
        stage = target
    }
}

/// Parameter and sweep changes for one tier.
public struct TierOverride: Equatable {
    public var params: [String: JSONValue] = [:]
    public var sweep: [String: [JSONValue]] = [:]
    /// Replaces the definition's `exclude` for this tier when set.
    public var exclude: [[String: JSONValue]]?
    public var seed: UInt64?
    /// Merged over the definition's `resources` key by key (a paper-size stage asks for more time).
    public var resources: [String: JSONValue] = [:]
}

/// The requests a stage definition's `resources` may hold, for cluster launchers (`SlurmOptions`).
public enum ResourceRequest {
    /// Positive whole numbers: CPUs per task, memory in MB, wall-clock limit in minutes.
    public static let cpus = "cpus", memoryMegabytes = "memory_mb", timeMinutes = "time_minutes"
    /// A name: the cluster partition.
    public static let partition = "partition"
    public static let wholeNumberKeys: Set<String> = [cpus, memoryMegabytes, timeMinutes]
    public static let keys: Set<String> = wholeNumberKeys.union([partition])
}

/// Where a stage's outputs are published for people to open.
public enum PublishPlace: String, Equatable {
    /// `results/<stage>/<output>` (the default for data).
    case results
    /// `figures/<output>` (figure stages).
    case figures
}

/// A definition file: the module implementing its experiments (whose sources form the code
/// identity of its stages) and its stages in order.
public struct DefinitionFile {
    public var path: String
    public var module: String
    public var stages: [StageDefinition]
}
