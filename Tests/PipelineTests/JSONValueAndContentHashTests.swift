import Foundation
import HDF5
@testable import Pipeline
import StageKit
import XCTest

/// Every cache key is a hash of `JSONValue.canonicalText` and `ContentHash` values, so their exact
/// forms are pinned here: a change to either silently re-keys (or, worse, merges) cache entries.
final class JSONValueAndContentHashTests: XCTestCase {
    func test_canonicalText_sortsKeysByUTF8Bytes_andHasNoWhitespace() throws {
        let value = try JSONValue.parse(#"{ "b": 1, "a": [true, null, "x"], "B": {"é": 2, "z": 3}, "aa": false }"#)
        XCTAssertEqual(value.canonicalText, #"{"B":{"z":3,"é":2},"a":[true,null,"x"],"aa":false,"b":1}"#)
    }

    func test_canonicalText_numbers() {
        XCTAssertEqual(JSONValue.integer(-7).canonicalText, "-7")
        XCTAssertEqual(JSONValue.number(2).canonicalText, "2.0")
        XCTAssertEqual(JSONValue.number(-0.5).canonicalText, "-0.5")
        XCTAssertEqual(JSONValue.number(0.1).canonicalText, "0.1")
        XCTAssertEqual(JSONValue.number(1e20).canonicalText, "1e+20")
        XCTAssertEqual(JSONValue.number(1.5e-8).canonicalText, "1.5e-08")
        XCTAssertEqual(JSONValue.number(.nan).canonicalText, "null")
        XCTAssertEqual(JSONValue.number(-.infinity).canonicalText, "null")
    }

    func test_canonicalText_escapesStrings() {
        XCTAssertEqual(JSONValue.string("a\"b\\c\nd\te\u{1}✓").canonicalText, #""a\"b\\c\nd\te\u0001✓""#)
    }

    /// Parsing a canonical text gives a value with the same canonical text (what the engine relies
    /// on when it re-reads `params_json`), and integers stay integers.
    func test_canonicalText_isAFixedPointOfParsing() throws {
        for text in [#"{"a":[1,2.5,-3],"b":{"c":null,"d":"e"}}"#, "[]", "{}", #"[0.1,1e+20,"\u0001"]"#, "[2.0]"] {
            let canonical = try JSONValue.parse(text).canonicalText
            XCTAssertEqual(try JSONValue.parse(canonical).canonicalText, canonical, text)
        }
        XCTAssertEqual(try JSONValue.parse("12"), .integer(12))
        XCTAssertEqual(try JSONValue.parse("12.5"), .number(12.5))
    }

    func test_contentHashOfText_isSHA256() {
        XCTAssertEqual(ContentHash.ofText("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(ContentHash.ofData(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func test_contentHashOfBytes_readsInPieces_andMatchesTheHashInMemory() throws {
        let path = NSTemporaryDirectory() + "content-hash-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = Data((0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31) })  // three pieces and a tail
        try data.write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try ContentHash.ofBytes(atPath: path), ContentHash.ofData(data))
        XCTAssertEqual(try ContentHash.ofFile(atPath: path), ContentHash.ofData(data))
        XCTAssertThrowsError(try ContentHash.ofBytes(atPath: path + ".missing"))
    }

    /// An HDF5 file's hash is its logical content: the same datasets written in another order, or
    /// with other volatile provenance, hash the same; one changed value, type or attribute does not.
    func test_contentHashOfHDF5_isLogical() throws {
        let folder = NSTemporaryDirectory() + "content-hash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func write(_ name: String, reversed: Bool = false, host: String = "a", value: Double = 2, float: Bool = false,
                   label: String = "x") throws -> String {
            let path = folder + "/" + name + ".h5"
            try File.writeAtomically(to: path) { file in
                var writes: [() throws -> Void] = [
                    { try file.root.write([1.0, value], to: "first") },
                    { float ? try file.root.write([Float(3)], to: "second") : try file.root.write([3.0], to: "second") },
                    { try file.root.writeAttribute(label, named: "label") },
                ]
                if reversed { writes.reverse() }
                for write in writes { try write() }
                try file.root.writeAttribute(host, named: "host")
            }
            return try ContentHash.ofFile(atPath: path)
        }
        let base = try write("base")
        XCTAssertEqual(try write("reordered", reversed: true), base)
        XCTAssertEqual(try write("other-host", host: "b"), base)
        XCTAssertNotEqual(try write("value", value: 2.0000000000000004), base)
        XCTAssertNotEqual(try write("type", float: true), base)
        XCTAssertNotEqual(try write("attribute", label: "y"), base)
    }
}

/// A reference's dataset fingerprints compare by their bytes: a NaN summary (Σv of a dataset that
/// holds NaN) must not make an unchanged dataset count as changed.
final class DatasetFingerprintTests: XCTestCase {
    func test_fingerprintsWithNaNSummaries_areEqualWhenTheirBytesAre() {
        var a = DatasetFingerprint(path: "/statistics/c10_correlation", typeName: "float64", shape: [], hash: "0123456789abcdef")
        a.maxMagnitude = .nan
        a.sum = .nan
        var b = a
        XCTAssertEqual(a, b)
        b.hash = "fedcba9876543210"
        XCTAssertNotEqual(a, b)
    }
}
