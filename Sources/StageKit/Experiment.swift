/// An experiment: data plus one function per stage, registered under a name such as
/// `eos.four-stages`. The stage executables dispatch on that name.
public protocol Experiment {
    /// The registered name, `paper.experiment`.
    static var name: String { get }
    /// One line saying what it reproduces.
    static var summary: String { get }
    /// Runs one stage of the experiment.
    static func run(_ kind: StageKind, in context: StageContext) throws
}

/// One measured claim for the claims table: what is claimed, the threshold, the measured value,
/// whether it passed, and a note saying where and how it is evaluated when that differs from the
/// spec's first wording (the claims table renders notes as footnotes).
public struct Claim: Equatable {
    public var identifier: String
    public var statement: String
    public var threshold: String
    public var measured: String
    public var passed: Bool
    public var note: String

    public init(_ identifier: String, _ statement: String, threshold: String, measured: String, passed: Bool, note: String = "") {
        self.identifier = identifier
        self.statement = statement
        self.threshold = threshold
        self.measured = measured
        self.passed = passed
        self.note = note
    }

    /// Tab-separated rows with a header: identifier, statement, threshold, measured, result, note.
    public static func tableText(_ claims: [Claim]) -> String {
        var text = "id\tclaim\tthreshold\tmeasured\tresult\tnote\n"
        for claim in claims {
            let fields = [claim.identifier, claim.statement, claim.threshold, claim.measured, claim.passed ? "pass" : "FAIL", claim.note]
            text += fields.map { $0.replacingTabs() }.joined(separator: "\t") + "\n"
        }
        return text
    }

    /// Parses `tableText` output; malformed rows are errors naming the line.
    public static func parseTable(_ text: String, source: String) throws -> [Claim] {
        var claims: [Claim] = []
        for (number, line) in text.split(separator: "\n").enumerated() where number > 0 {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6 else {
                throw StageError.invalidInput(path: source, reason: "line \(number + 1) has \(fields.count) fields, expected 6")
            }
            guard ["pass", "FAIL"].contains(fields[4]) else {
                throw StageError.invalidInput(path: source, reason: "line \(number + 1), field result: expected pass or FAIL, found '\(fields[4])'")
            }
            claims.append(Claim(fields[0], fields[1], threshold: fields[2], measured: fields[3], passed: fields[4] == "pass", note: fields[5]))
        }
        return claims
    }
}

private extension String {
    func replacingTabs() -> String { String(map { $0 == "\t" || $0 == "\n" ? " " : $0 }) }
}
