import Foundation
import HDF5
import StageProtocol

/// Checks a stage's finished outputs before they are committed: exactly the declared files,
/// and no NaN or infinity in any floating-point HDF5 dataset (a dataset may opt out with the
/// attribute `allows_nonfinite` = 1).
enum OutputCheck {
    /// Relative paths of every file under `folder`, sorted.
    static func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var result: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + item, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(item)
            }
        }
        return result.sorted()
    }

    /// A description of what is wrong with the outputs, or nil when they are fine.
    static func problem(folder: String, declared: [String]) -> String? {
        let written = Set(files(under: folder))
        let missing = declared.filter { !written.contains($0) }
        if !missing.isEmpty { return "the stage did not write its declared outputs \(missing)" }
        let extra = written.subtracting(declared).filter { !AtomicFile.isTemporary($0) }
        if !extra.isEmpty { return "the stage wrote undeclared files \(extra.sorted()); declare them in its outputs" }
        for name in declared where name.hasSuffix(".h5") {
            do {
                if let dataset = try firstNonFiniteDataset(in: folder + "/" + name) {
                    return "\(name): dataset \(dataset) holds NaN or infinite values (the run diverged)"
                }
            } catch {
                return "\(name): cannot be read back: \(error)"
            }
        }
        return nil
    }

    static func firstNonFiniteDataset(in path: String) throws -> String? {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        var found: String?
        try file.root.walkContent { record in
            guard found == nil, record.kind == .dataset, record.typeName.hasPrefix("float") else { return }
            let isFinite: Bool = record.bytes.withUnsafeBytes { raw in
                if record.typeName == "float64" {
                    return raw.bindMemory(to: Double.self).allSatisfy { $0.isFinite }
                }
                return raw.bindMemory(to: Float.self).allSatisfy { $0.isFinite }
            }
            if !isFinite {
                let allowed = (try? file.root.openDataset(named: String(record.path.dropFirst())).readAttribute(named: "allows_nonfinite"))
                if allowed?.doubleValue != 1 { found = record.path }
            }
        }
        return found
    }
}
