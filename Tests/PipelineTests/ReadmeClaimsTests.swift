import Pipeline
import XCTest

final class ReadmeClaimsTests: XCTestCase {
    let claims = "# Claims\n\n| id | claim | result |\n|---|---|---|\n| C1 | x | pass[^1] |\n\n[^1]: a note.\n\nPlain text.\n"

    func test_blockIsReplacedByTheTableAndFootnotes_andTheRestIsKept() {
        let readme = "intro\n<!-- claims:begin -->\n| old | table |\n<!-- claims:end -->\noutro\n"
        XCTAssertEqual(ReadmeClaims.updated(readme: readme, claims: claims),
                       "intro\n<!-- claims:begin -->\n| id | claim | result |\n|---|---|---|\n| C1 | x | pass[^1] |\n[^1]: a note.\n<!-- claims:end -->\noutro\n")
        let once = ReadmeClaims.updated(readme: readme, claims: claims)!
        XCTAssertEqual(ReadmeClaims.updated(readme: once, claims: claims), once)
        XCTAssertNil(ReadmeClaims.updated(readme: "no block\n", claims: claims))
    }

    func test_sync_rewritesOnlyWhenTheBlockDiffers_andNamesAReadmeWithoutABlock() throws {
        let folder = NSTemporaryDirectory() + "readme-claims-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "a\n<!-- claims:begin -->\n<!-- claims:end -->\n".write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        try claims.write(toFile: folder + "/claims.md", atomically: true, encoding: .utf8)
        XCTAssertTrue(try ReadmeClaims.sync(readmePath: folder + "/README.md", claimsPath: folder + "/claims.md"))
        XCTAssertFalse(try ReadmeClaims.sync(readmePath: folder + "/README.md", claimsPath: folder + "/claims.md"))
        try "no block\n".write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ReadmeClaims.sync(readmePath: folder + "/README.md", claimsPath: folder + "/claims.md")) { error in
            XCTAssertTrue("\(error)".contains("README.md"), "\(error)")
        }
    }
}
