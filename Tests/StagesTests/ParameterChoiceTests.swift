import StageKit
import XCTest

/// Closed sets and flags in stage parameters: an unknown name lists the allowed ones, and a flag is
/// a JSON boolean, never a string that silently means true.
final class ParameterChoiceTests: XCTestCase {
    enum Colour: String, ParameterChoice { case red, green }

    func parameters(_ values: [String: JSONValue]) -> Parameters { Parameters(source: "test.yaml", values: values) }

    func test_choice_acceptsAKnownName_usesTheDefault_andListsTheAllowedNames() throws {
        XCTAssertEqual(try parameters(["colour": .string("green")]).choice("colour", default: Colour.red), .green)
        XCTAssertEqual(try parameters([:]).choice("colour", default: Colour.red), .red)
        XCTAssertThrowsError(try parameters(["colour": .string("blue")]).choice("colour", default: Colour.red) as Colour) { error in
            XCTAssertEqual("\(error)", "test.yaml: parameter 'colour': must be one of red, green, found 'blue'")
        }
        XCTAssertThrowsError(try parameters([:]).choice("colour") as Colour) { error in
            XCTAssertEqual("\(error)", "test.yaml: missing parameter 'colour'")
        }
    }

    func test_bool_isAJSONBoolean() throws {
        XCTAssertFalse(try parameters(["first_step": .bool(false)]).bool("first_step", default: true))
        XCTAssertTrue(try parameters([:]).bool("first_step", default: true))
        for wrong: JSONValue in [.string("no"), .integer(0), .string("false")] {
            XCTAssertThrowsError(try parameters(["first_step": wrong]).bool("first_step", default: true)) { error in
                XCTAssertTrue("\(error)".contains("must be true or false"), "\(error)")
            }
        }
    }
}
