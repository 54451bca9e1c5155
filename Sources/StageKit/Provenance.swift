import Foundation
import HDF5
import LinearAlgebra
import StageProtocol

/// The provenance attributes every stage output carries on its root group
/// (docs/pipeline.md §7): `stage`, `experiment`, `params_json` (canonical JSON), `seed`,
/// `inputs_json` (role → content hashes of the inputs), `code_version` (from the pipeline, or
/// `git describe`), and `created_by` (library versions that change numbers).
/// Nothing here depends on the clock or the host, so identical runs give identical files.
public struct Provenance {
    public var attributes: [(name: String, value: String)]
    public var seed: UInt64

    public init(context: StageContext) throws {
        var inputHashes: [String: JSONValue] = [:]
        for (role, paths) in context.inputs {
            inputHashes[role] = .array(try paths.map { .string(try ContentHash.ofFile(atPath: $0)) })
        }
        seed = context.seed
        attributes = [
            ("stage", context.kind.rawValue),
            ("experiment", context.experiment),
            ("params_json", context.parameters.canonicalJSON),
            ("inputs_json", JSONValue.object(inputHashes).canonicalText),
            ("code_version", Provenance.codeVersion),
            ("created_by", Provenance.createdBy),
        ]
    }

    /// Writes the attributes onto a group (the root group of a stage output).
    public func write(to group: Group) throws {
        for (name, value) in attributes { try group.writeAttribute(value, named: name) }
        try group.writeAttribute(Int64(bitPattern: seed), named: "seed")
    }

    /// The code version the pipeline passed (`StageEnvironment.codeVersion`), else "unknown".
    public static var codeVersion: String {
        ProcessInfo.processInfo.environment[StageEnvironment.codeVersion] ?? "unknown"
    }

    /// BLAS threads stages compute with (`StageEnvironment.blasThreads`), else 1 (see `StageMain.prepareProcess`).
    public static var blasThreads: Int {
        ProcessInfo.processInfo.environment[StageEnvironment.blasThreads].flatMap { Int($0) }.map { max(1, $0) } ?? 1
    }

    /// Versions and settings that change the numbers: compiler family, libhdf5, the OpenBLAS
    /// kernel and thread count.
    public static var createdBy: String {
        JSONValue.object([
            "swift": .string(compilerFamily),
            "hdf5": .string(HDF5Library.version),
            "openblas_core": .string(BLASKernel.coreName),
            "blas_threads": .integer(Int64(blasThreads)),
            "pipeline_version": .string(pipelineVersion),
        ]).canonicalText
    }

    /// The version of the pipeline's file layout; bump when layouts change incompatibly.
    public static let pipelineVersion = "1"

    /// The Swift compiler family this binary was built with.
    public static var compilerFamily: String {
        #if compiler(>=6.3)
        return "6.3+"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #elseif compiler(>=6.0)
        return "6.0"
        #else
        return "5.x"
        #endif
    }
}
