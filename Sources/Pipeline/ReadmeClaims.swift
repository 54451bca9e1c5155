import Foundation
import StageProtocol

/// The README's claims block is a copy of the claims table and its footnotes in
/// `figures/claims.md`, their one owner: the lines between `<!-- claims:begin -->` and
/// `<!-- claims:end -->` are replaced by the table rows (`|…`) and footnotes (`[^…`) of claims.md.
public enum ReadmeClaims {
    public static let begin = "<!-- claims:begin -->"
    public static let end = "<!-- claims:end -->"

    public struct MissingMarkers: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path): no '\(ReadmeClaims.begin)' … '\(ReadmeClaims.end)' block to fill" }
    }

    /// `readme` with its claims block filled from `claims`; nil when the README has no block.
    public static func updated(readme: String, claims: String) -> String? {
        let block = claims.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("|") || $0.hasPrefix("[^") }
        var lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == begin }),
              let last = lines[(first + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == end }) else { return nil }
        lines.replaceSubrange((first + 1)..<last, with: block)
        return lines.joined(separator: "\n")
    }

    /// Rewrites the README at `readmePath` from `claimsPath` when its block differs; returns whether
    /// it changed. The README is replaced atomically.
    @discardableResult
    public static func sync(readmePath: String, claimsPath: String) throws -> Bool {
        let readme = try String(contentsOfFile: readmePath, encoding: .utf8)
        let claims = try String(contentsOfFile: claimsPath, encoding: .utf8)
        guard let text = updated(readme: readme, claims: claims) else { throw MissingMarkers(path: readmePath) }
        guard text != readme else { return false }
        try AtomicFile.write(text: text, to: readmePath)
        return true
    }
}
