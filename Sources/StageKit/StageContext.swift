import Foundation
import StageProtocol
import HDF5

/// The four stage executables.
public enum StageKind: String, CaseIterable, Codable {
    case generate, train, measure, analyze
}

/// A failure of a stage that is the input's or the result's fault, not the code's.
public enum StageError: Error, CustomStringConvertible, Equatable {
    case unknownExperiment(String, known: [String])
    case missingInput(role: String, experiment: String)
    case wrongInputCount(role: String, expected: String, found: Int)
    case nonFinite(quantity: String, index: Int)
    case unsupportedStage(experiment: String, kind: StageKind)
    case invalidInput(path: String, reason: String)
    case exceedsMemory(purpose: String, neededBytes: Int, availableBytes: Int)

    public var description: String {
        switch self {
        case .unknownExperiment(let name, let known):
            return "unknown experiment '\(name)'; known: \(known.joined(separator: ", "))"
        case .missingInput(let role, let experiment): return "experiment \(experiment) needs an input '--input \(role)=PATH'"
        case .wrongInputCount(let role, let expected, let found):
            return "input '\(role)' must be given \(expected), got \(found) paths"
        case .nonFinite(let quantity, let index):
            return "\(quantity) became NaN or infinite at index \(index): the run diverged"
        case .unsupportedStage(let experiment, let kind): return "experiment \(experiment) has no \(kind.rawValue) stage"
        case .invalidInput(let path, let reason): return "\(path): \(reason)"
        case .exceedsMemory(let purpose, let needed, let available):
            return String(format: "%@ needs at least %.1f GB of memory, more than the %.1f GB this process may use (the machine's, "
                          + "or a SLURM job's or cgroup's limit); use a smaller size (examples, widths, channels) or more memory", purpose, Double(needed) / 1e9, Double(available) / 1e9)
        }
    }
}

/// Everything one stage run knows: which experiment and stage, its parameters and seed, its
/// input files by role, and the folder its outputs go to. Stage code reads inputs and writes
/// outputs only through this, so a stage runs the same wherever it is launched.
public struct StageContext {
    public var kind: StageKind
    public var experiment: String
    public var parameters: Parameters
    public var seed: UInt64
    /// Input paths by role, in the order given.
    public var inputs: [String: [String]]
    /// The folder the declared outputs are written into (relative names may contain folders).
    public var outputDirectory: String
    /// Whether to print progress lines to standard error.
    public var reportsProgress: Bool
    /// Where long stages keep checkpoints between interrupted runs (nil: no checkpoints). The
    /// pipeline gives each cache key its own folder and removes it once the result is committed.
    public var checkpointDirectory: String?

    public init(kind: StageKind, experiment: String, parameters: Parameters, seed: UInt64,
                inputs: [String: [String]], outputDirectory: String, reportsProgress: Bool = true,
                checkpointDirectory: String? = nil) {
        self.checkpointDirectory = checkpointDirectory
        self.kind = kind
        self.experiment = experiment
        self.parameters = parameters
        self.seed = seed
        self.inputs = inputs
        self.outputDirectory = outputDirectory
        self.reportsProgress = reportsProgress
    }

    /// The single path given for `role`.
    public func input(_ role: String) throws -> String {
        let paths = try inputs(role)
        guard paths.count == 1 else { throw StageError.wrongInputCount(role: role, expected: "exactly one", found: paths.count) }
        return paths[0]
    }

    /// All paths given for `role` (at least one).
    public func inputs(_ role: String) throws -> [String] {
        guard let paths = inputs[role], !paths.isEmpty else {
            throw StageError.missingInput(role: role, experiment: experiment)
        }
        return paths
    }

    /// The absolute path of an output, creating its folder.
    public func outputPath(_ name: String) throws -> String {
        let path = outputDirectory + "/" + name
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return path
    }

    /// Writes an HDF5 output atomically, with the provenance attributes on its root group.
    public func writeHDF5(_ name: String, _ body: (File) throws -> Void) throws {
        let path = try outputPath(name)
        let provenance = try Provenance(context: self)
        try File.writeAtomically(to: path) { file in
            try provenance.write(to: file.root)
            try body(file)
        }
    }

    /// Writes a text output atomically (temporary file, fsync, rename).
    public func writeText(_ name: String, _ text: String) throws {
        try AtomicFile.write(text: text, to: try outputPath(name))
    }

    /// Writes `note: TEXT` to standard error: what a person following the stage's log should know
    /// (a resumed checkpoint, a long stretch before the next progress line).
    public func note(_ text: String) {
        FileHandle.standardError.write(Data("note: \(text)\n".utf8))
    }

    /// A progress reporter for a loop of `total` units.
    public func progress(total: Int, unit: String) -> ProgressReporter {
        ProgressReporter(label: "\(kind.rawValue) \(experiment)", total: total, unit: unit, isEnabled: reportsProgress)
    }

    /// The newest checkpoint `name` if an earlier, interrupted run of this stage saved a sound one.
    /// A checkpoint is trusted only when its bytes match the SHA-256 recorded beside it
    /// (`NAME.sha256`) and its `checkpoint_for` attribute names this checkpoint folder (the cache
    /// key); otherwise it is discarded with a message and the stage starts from scratch.
    public func openCheckpoint(_ name: String) -> File? {
        guard let folder = checkpointDirectory else { return nil }
        let path = folder + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        func discard(_ why: String) -> File? {
            FileHandle.standardError.write(Data("checkpoint \(path) discarded: \(why); starting from scratch\n".utf8))
            unlink(path)
            unlink(path + ".sha256")
            return nil
        }
        guard let recorded = try? String(contentsOfFile: path + ".sha256", encoding: .utf8) else { return discard("its content hash is missing") }
        guard let actual = try? ContentHash.ofBytes(atPath: path) else { return discard("unreadable") }
        guard actual == recorded.trimmingCharacters(in: .whitespacesAndNewlines) else { return discard("its bytes do not match its recorded SHA-256 (damaged)") }
        guard let file = try? File.open(atPath: path) else { return discard("not a readable HDF5 file") }
        let owner = (try? file.root.readAttribute(named: Self.checkpointOwnerAttribute))
        guard owner == .string(Self.checkpointOwner(folder)) else {
            try? file.close()
            return discard("it belongs to another stage (\(owner.map { "\($0)" } ?? "no owner recorded"))")
        }
        return file
    }

    /// Saves a checkpoint atomically (a run killed while saving keeps the previous one, or, killed
    /// between the hash and the rename, none): the file is written under a temporary name, its
    /// SHA-256 recorded beside it, then renamed into place.
    public func saveCheckpoint(_ name: String, _ body: (File) throws -> Void) throws {
        guard let folder = checkpointDirectory else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name, fresh = path + ".new"
        try File.writeAtomically(to: fresh) { file in
            try body(file)
            try file.root.writeAttribute(Self.checkpointOwner(folder), named: Self.checkpointOwnerAttribute)
        }
        try AtomicFile.write(text: try ContentHash.ofBytes(atPath: fresh) + "\n", to: path + ".sha256")
        try AtomicFile.syncAndRename(fresh, to: path)
    }

    static let checkpointOwnerAttribute = "checkpoint_for"
    /// The identity a checkpoint belongs to: its folder's name, which the pipeline makes the cache key.
    static func checkpointOwner(_ folder: String) -> String { (folder as NSString).lastPathComponent }

    /// Opens an input HDF5 file; errors name the file.
    public func openInput(_ role: String) throws -> File {
        try File.open(atPath: try input(role))
    }
}

/// Checks that every value is finite; the first NaN or infinity is a `StageError.nonFinite`
/// naming the quantity and its index.
public func requireFinite(_ values: [Double], _ quantity: String) throws {
    if let index = values.firstIndex(where: { !$0.isFinite }) { throw StageError.nonFinite(quantity: quantity, index: index) }
}
