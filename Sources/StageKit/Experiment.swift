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
/// and whether it passed.
public struct Claim: Equatable {
    public var identifier: String
    public var statement: String
    public var threshold: String
    public var measured: String
    public var passed: Bool

    public init(_ identifier: String, _ statement: String, threshold: String, measured: String, passed: Bool) {
        self.identifier = identifier
        self.statement = statement
        self.threshold = threshold
        self.measured = measured
        self.passed = passed
    }

    /// Tab-separated rows with a header: identifier, statement, threshold, measured, result.
    public static func tableText(_ claims: [Claim]) -> String {
        var text = "id\tclaim\tthreshold\tmeasured\tresult\n"
        for claim in claims {
            let fields = [claim.identifier, claim.statement, claim.threshold, claim.measured, claim.passed ? "pass" : "FAIL"]
            text += fields.map { $0.replacingTabs() }.joined(separator: "\t") + "\n"
        }
        return text
    }

    /// Parses `tableText` output; malformed rows are errors naming the line.
    public static func parseTable(_ text: String, source: String) throws -> [Claim] {
        var claims: [Claim] = []
        for (number, line) in text.split(separator: "\n").enumerated() where number > 0 {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else {
                throw StageError.invalidInput(path: source, reason: "line \(number + 1) has \(fields.count) fields, expected 5")
            }
            claims.append(Claim(fields[0], fields[1], threshold: fields[2], measured: fields[3], passed: fields[4] == "pass"))
        }
        return claims
    }
}

private extension String {
    func replacingTabs() -> String { String(map { $0 == "\t" || $0 == "\n" ? " " : $0 }) }
}
