import Foundation
import HDF5
import StageKit

/// Claims C5–C12 of every tracking column at several initialisation seeds (issue 14, item 5; the
/// `full` tier): one row per column and claim with each seed's measured value and "holds on k of n".
///
/// analyze: inputs, one role per column, each listing that column's `measurements.h5` for every seed
/// (the seed is read from the file's provenance: the `replicate` parameter, 0 when absent; a column
/// swept over `prediction` splits into one column per prediction). Parameters: `labels`, a mapping
/// from role to column label. Writes `claims/eos_tracking_seeds.tsv`; a row passes when the claim
/// holds at every seed.
public enum TrackingSeedsExperiment: Experiment {
    public static let name = "eos.tracking-seeds"
    public static let summary = "C5–C12 of every tracking column at several seeds: holds on k of n"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        guard kind == .analyze else { throw StageError.unsupportedStage(experiment: name, kind: kind) }
        guard case .object(let labels) = context.parameters.values["labels"] ?? .null, !labels.isEmpty else {
            throw ParameterError.wrongType(source: context.parameters.source, field: "labels", expected: "a mapping from input role to column label",
                                           found: context.parameters.values["labels"]?.canonicalText ?? "nothing")
        }
        var rows: [Claim] = []
        for (role, labelValue) in labels.sorted(by: { $0.key < $1.key }) {
            guard let label = labelValue.stringValue else {
                throw ParameterError.invalid(source: context.parameters.source, field: "labels.\(role)", reason: "must be a string")
            }
            // (column label, seed, path) for every measurements file of this role.
            var runs: [(column: String, seed: Int, path: String)] = []
            for path in try context.inputs(role) {
                let (seed, prediction) = try provenance(path)
                runs.append((prediction.map { "\(label), \($0) prediction" } ?? label, seed, path))
            }
            for column in Set(runs.map(\.column)).sorted() {
                let seeds = runs.filter { $0.column == column }.sorted { $0.seed < $1.seed }
                let claimsBySeed = try seeds.map { try TrackingClaims.claims(measurementsPath: $0.path, label: column) }
                for (index, first) in claimsBySeed[0].enumerated() {
                    let perSeed = claimsBySeed.map { $0[index] }
                    let holds = perSeed.filter(\.passed).count
                    let measured = zip(seeds, perSeed).map { "seed \($0.seed): \($1.measured) (\($1.passed ? "pass" : "FAIL"))" }.joined(separator: "; ")
                    rows.append(Claim(first.identifier, first.statement, threshold: first.threshold,
                                      measured: "holds on \(holds) of \(perSeed.count) — " + measured,
                                      passed: holds == perSeed.count, note: first.note))
                }
            }
        }
        try context.writeText("claims/eos_tracking_seeds.tsv", Claim.tableText(rows))
    }

    /// The `replicate` (seed index, 0 when absent) and `prediction` parameters of the stage that wrote a file.
    static func provenance(_ path: String) throws -> (seed: Int, prediction: String?) {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        guard case .object(let params) = try JSONValue.parse(try file.root.readStringAttribute(named: "params_json")) else {
            throw StageError.invalidInput(path: path, reason: "its params_json attribute is not a JSON object")
        }
        let seed = params["replicate"].map { value -> Int in
            if case .integer(let k) = value { return Int(k) }
            return Int(value.doubleValue ?? 0)
        } ?? 0
        return (seed, params["prediction"]?.stringValue)
    }
}
