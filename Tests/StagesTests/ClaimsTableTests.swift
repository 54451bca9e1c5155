import ReportStages
import StageKit
import XCTest

/// The claims table: notes survive the TSV round trip and become one footnote per distinct text.
final class ClaimsTableTests: XCTestCase {
    func test_notes_roundTrip_andBecomeSharedFootnotes() throws {
        let claims = [Claim("a [x]", "s", threshold: "t ≤ 1", measured: "0.5", passed: true, note: "evaluated from the blowup"),
                      Claim("b", "s", threshold: "t", measured: "2", passed: false),
                      Claim("a [y]", "s", threshold: "t ≤ 1", measured: "3", passed: false, note: "evaluated from the blowup")]
        XCTAssertEqual(try Claim.parseTable(Claim.tableText(claims), source: "x.tsv"), claims)
        let text = ClaimsTableExperiment.markdown(claims)
        XCTAssertTrue(text.contains("1 of 3 claims pass"))
        XCTAssertEqual(text.components(separatedBy: "t ≤ 1 [^1]").count - 1, 2)
        XCTAssertTrue(text.hasSuffix("\n[^1]: evaluated from the blowup\n"))
        XCTAssertFalse(text.contains("[^2]"))
    }

    func test_malformedRows_nameTheLine() {
        XCTAssertThrowsError(try Claim.parseTable("id\tclaim\tthreshold\tmeasured\tresult\tnote\na\tb\tc\td\tmaybe\t\n", source: "x.tsv")) { error in
            XCTAssertTrue("\(error)".contains("line 2"), "\(error)")
        }
        XCTAssertThrowsError(try Claim.parseTable("header\na\tb\tc\n", source: "x.tsv"))
    }
}
