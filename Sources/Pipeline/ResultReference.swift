import Foundation
import HDF5
import StageKit
import StageProtocol

/// The committed reference of a tier's results on one BLAS kernel class,
/// `reference/<tier>.<class>.tsv`: the logical content hash of every stage output (with each HDF5
/// dataset's fingerprint) and of every published file. Same code, inputs, seeds and kernel class
/// give the same hashes on any machine, so a difference is either another class or a code change;
/// `compare` says which dataset differs first and by how much.
///
/// Format (tab-separated, `#` comments):
/// `output STAGE NAME CONTENT OBJECT`, followed by its `dataset PATH TYPE SHAPE HASH MAX|V| SUM` lines;
/// `published PATH HASH`.
public struct ResultReference: Equatable {
    public struct Output: Equatable {
        public var stage: String
        public var name: String
        /// `ContentHash.ofFile` of the output (logical for HDF5).
        public var content: String
        /// SHA-256 of the bytes: the store object holding the reference's values, when still there.
        public var object: String
        public var datasets: [DatasetFingerprint]
    }

    public var tier: String
    public var kernelClass: String
    public var outputs: [Output]
    /// Published path → `ContentHash.ofFile` of the published copy.
    public var published: [String: String]

    /// The folder of committed references, and one reference's file.
    public static let folder = "reference"
    public static func path(root: String, tier: String, kernelClass: String) -> String {
        "\(root)/\(folder)/\(tier).\(kernelClass).tsv"
    }

    // MARK: - Reading the current results

    /// The engine's current results. Every stage of the tier must be up to date; outputs are
    /// hashed from their store objects (not trusted from the entries).
    public static func current(_ engine: Engine) throws -> ResultReference {
        // The tier's targets and what they read: a stage only another tier asks for (the full tier's seed
        // table, say) is not this tier's result, even when a run of that tier left it in the cache.
        let statuses = try engine.status(RunOptions())
        let stale = statuses.filter { !$0.isUpToDate }.map(\.stage)
        guard stale.isEmpty else {
            throw PipelineFailure(message: "\(stale.count) stage(s) of tier \(engine.tier) are not up to date (first: \(stale[0])); run `pipeline run --tier \(engine.tier)` first")
        }
        var outputs: [Output] = []
        var published: [String: String] = [:]
        for status in statuses {
            guard let key = status.key, let entry = engine.store.entry(forKey: key), let stage = engine.plan.stage(named: status.stage) else { continue }
            for output in entry.outputs {
                let object = engine.store.objectPath(output)
                let isHDF5 = output.name.hasSuffix(".h5")
                outputs.append(Output(stage: entry.stage, name: output.name, content: try ContentHash.ofFile(atPath: object),
                                      object: output.object, datasets: isHDF5 ? try DatasetFingerprint.all(ofHDF5: object) : []))
                if let path = stage.publishedPaths[output.name] {
                    let full = engine.root + "/" + path
                    published[path] = FileManager.default.fileExists(atPath: full) ? try ContentHash.ofFile(atPath: full) : "missing"
                }
            }
        }
        outputs.sort { ($0.stage, $0.name) < ($1.stage, $1.name) }
        return ResultReference(tier: engine.tier, kernelClass: try kernelClass(of: engine), outputs: outputs, published: published)
    }

    /// The kernel class the engine's stages compute with, as their executables report it.
    public static func kernelClass(of engine: Engine) throws -> String {
        let report = try engine.environment.report(of: "generate")
        guard let core = RunEnvironment.kernelClass(inReport: report) else {
            throw PipelineFailure(message: "the stage executables do not report their OpenBLAS kernel (\(report))")
        }
        return core
    }

    /// Writes the engine's current results as the reference of its tier and kernel class.
    public static func writeCurrent(_ engine: Engine) throws -> (path: String, reference: ResultReference) {
        let reference = try current(engine)
        let path = path(root: engine.root, tier: engine.tier, kernelClass: reference.kernelClass)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(text: reference.text, to: path)
        return (path, reference)
    }

    /// Compares the engine's current results with the committed reference of their kernel class.
    public static func checkCurrent(_ engine: Engine) throws -> (path: String, reference: ResultReference, differences: [String]) {
        let now = try current(engine)
        let path = path(root: engine.root, tier: engine.tier, kernelClass: now.kernelClass)
        let reference = try read(path: path, tier: engine.tier, kernelClass: now.kernelClass)
        let report = differences(reference: reference, current: now) { output in
            let object = engine.store.objectPath(StoredOutput(name: output.name, object: output.object, content: output.content, size: 0))
            return FileManager.default.fileExists(atPath: object) ? object : nil
        }
        return (path, reference, report)
    }

    // MARK: - Text form

    public var text: String {
        var lines = ["# pipeline reference of tier \(tier) on BLAS kernel class \(kernelClass), written by `pipeline reference`",
                     "# output STAGE NAME CONTENT OBJECT / dataset PATH TYPE SHAPE HASH MAX|V| SUM / published PATH HASH"]
        func number(_ value: Double?) -> String { value.map { String(format: "%.17g", $0) } ?? "-" }
        for output in outputs {
            lines.append(["output", output.stage, output.name, output.content, output.object].joined(separator: "\t"))
            for dataset in output.datasets {
                let shape = dataset.shape.isEmpty ? "-" : dataset.shape.map(String.init).joined(separator: "x")
                lines.append(["dataset", dataset.path, dataset.typeName, shape, dataset.hash, number(dataset.maxMagnitude), number(dataset.sum)]
                    .joined(separator: "\t"))
            }
        }
        for (path, hash) in published.sorted(by: { $0.key < $1.key }) { lines.append(["published", path, hash].joined(separator: "\t")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a reference file; errors name the file and line.
    public static func read(path: String, tier: String, kernelClass: String) throws -> ResultReference {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineFailure(message: "\(path): no committed reference of tier \(tier) on kernel class \(kernelClass)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw PipelineFailure(message: "\(path): not UTF-8 text") }
        var reference = ResultReference(tier: tier, kernelClass: kernelClass, outputs: [], published: [:])
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func malformed() -> PipelineFailure { PipelineFailure(message: "\(path):\(index + 1): malformed reference line") }
            switch (fields[0], fields.count) {
            case ("output", 5):
                reference.outputs.append(Output(stage: fields[1], name: fields[2], content: fields[3], object: fields[4], datasets: []))
            case ("dataset", 7):
                guard !reference.outputs.isEmpty else { throw malformed() }
                let shape = fields[3] == "-" ? [] : try fields[3].split(separator: "x").map { part -> Int in
                    guard let value = Int(part) else { throw malformed() }
                    return value
                }
                reference.outputs[reference.outputs.count - 1].datasets.append(DatasetFingerprint(
                    path: fields[1], typeName: fields[2], shape: shape, hash: fields[4],
                    maxMagnitude: Double(fields[5]), sum: Double(fields[6])))
            case ("published", 3):
                reference.published[fields[1]] = fields[2]
            default:
                throw malformed()
            }
        }
        return reference
    }

    // MARK: - Comparing

    /// What differs between a reference and the current results, in words: one block per
    /// differing stage output (its first differing dataset and the largest absolute and relative
    /// difference), then missing or extra outputs, then differing published files. Empty when equal.
    /// `objectPath` finds the store object of an output (reference or current) when it is in the store.
    public static func differences(reference: ResultReference, current: ResultReference,
                                   objectPath: (Output) -> String?) -> [String] {
        var report: [String] = []
        let now = Dictionary(current.outputs.map { ("\($0.stage)\t\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        let then = Dictionary(reference.outputs.map { ("\($0.stage)\t\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        for old in reference.outputs {
            guard let new = now["\(old.stage)\t\(old.name)"] else {
                report.append("\(old.stage): output \(old.name) is in the reference but not in the tier")
                continue
            }
            guard new.content != old.content else { continue }
            report.append("\(old.stage): \(old.name) differs from the reference")
            report.append(contentsOf: describe(old: old, new: new, objectPath: objectPath).map { "    " + $0 })
        }
        for new in current.outputs where then["\(new.stage)\t\(new.name)"] == nil {
            report.append("\(new.stage): output \(new.name) is not in the reference")
        }
        let differingPublished = reference.published.keys.sorted().filter { current.published[$0] != reference.published[$0] }
        let extraPublished = current.published.keys.sorted().filter { reference.published[$0] == nil }
        if !differingPublished.isEmpty {
            report.append("\(differingPublished.count) published file(s) differ: " + differingPublished.prefix(8).joined(separator: ", ")
                          + (differingPublished.count > 8 ? ", …" : ""))
        }
        if !extraPublished.isEmpty {
            report.append("\(extraPublished.count) published file(s) not in the reference: " + extraPublished.prefix(8).joined(separator: ", "))
        }
        return report
    }

    /// The first differing dataset of an output and how much it differs.
    static func describe(old: Output, new: Output, objectPath: (Output) -> String?) -> [String] {
        guard !old.datasets.isEmpty || !new.datasets.isEmpty else { return ["(not HDF5: the bytes differ)"] }
        let newByPath = Dictionary(new.datasets.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let differing = old.datasets.filter { newByPath[$0.path] != $0 }
        let added = new.datasets.filter { dataset in !old.datasets.contains { $0.path == dataset.path } }
        var lines: [String] = []
        if let first = differing.first {
            let total = "\(differing.count) of \(old.datasets.count) datasets and attributes differ"
            guard let now = newByPath[first.path] else { return ["first difference: \(first.path) is missing now; \(total)"] }
            let shape = { (d: DatasetFingerprint) in "\(d.typeName) [\(d.shape.map(String.init).joined(separator: "×"))]" }
            if now.typeName != first.typeName || now.shape != first.shape {
                lines.append("first differing dataset: \(first.path): \(shape(first)) in the reference, \(shape(now)) now")
            } else if let oldPath = objectPath(old), let newPath = objectPath(new),
                      let exact = try? exactDifference(referenceObject: oldPath, currentObject: newPath, at: first.path) {
                lines.append("first differing dataset: \(first.path) (\(shape(first))): largest difference "
                             + String(format: "%.3g absolute, %.3g relative", exact.absolute, exact.relative))
            } else if let m0 = first.maxMagnitude, let m1 = now.maxMagnitude, let s0 = first.sum, let s1 = now.sum {
                lines.append("first differing dataset: \(first.path) (\(shape(first))); the reference's values are not in the store, "
                             + String(format: "so by its summaries: max|v| %.17g → %.17g, Σv %.17g → %.17g (relative change %.3g)",
                                      m0, m1, s0, s1, (s1 - s0).magnitude / max(s0.magnitude, s1.magnitude, .leastNormalMagnitude)))
            } else {
                lines.append("first differing dataset: \(first.path) (\(shape(first))): values differ")
            }
            lines.append(total)
        }
        if !added.isEmpty { lines.append("new datasets: " + added.prefix(5).map(\.path).joined(separator: ", ")) }
        return lines
    }

    /// Exact largest differences of one dataset between a reference object and the current output.
    static func exactDifference(referenceObject: String, currentObject: String, at path: String) throws -> (absolute: Double, relative: Double)? {
        guard let old = try DatasetFingerprint.floatValues(ofHDF5: referenceObject)[path],
              let new = try DatasetFingerprint.floatValues(ofHDF5: currentObject)[path] else { return nil }
        return largestDifferences(old, new)
    }
}
