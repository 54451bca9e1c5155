import Foundation
import HDF5
import XCTest

final class HDF5RoundTripTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "hdf5tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { if ProcessInfo.processInfo.environment["KEEP_TEST_FILES"] == nil { try? FileManager.default.removeItem(atPath: directory) } }

    func writeSample(to path: String) throws {
        try File.writeAtomically(to: path) { file in
            let root = file.root
            try root.writeAttribute("hello ✓", named: "greeting")
            try root.writeAttribute(2.5, named: "ratio")
            try root.writeAttribute(Int64(-7), named: "count")
            try root.writeAttribute([1.0, 2.0, 3.0], named: "vector")
            let group = try root.createGroup(named: "numbers")
            try group.write((0..<24).map { Double($0) / 3 }, shape: [2, 3, 4], to: "double3d")
            try group.write((0..<100).map { Float($0) * 0.5 }, shape: [10, 10], to: "float2d")
            try group.write((0..<5).map { Int32($0 - 2) }, to: "int32")
            try group.write([Int64.max, Int64.min, 0], to: "int64")
            try group.write((0..<200).map { UInt8($0) }, to: "uint8", compression: .none)
            try group.write([42.0], shape: [], to: "scalar")
            try group.write([Double](), shape: [0, 3], to: "empty")
            let nested = try group.createGroup(named: "nested")
            try nested.writeAttribute("inner", named: "label")
            try nested.close()
            try group.close()
        }
    }

    func test_roundTrip_everyTypeAndRank_withAttributes() throws {
        let path = directory + "/sample.h5"
        try writeSample(to: path)
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        XCTAssertEqual(try file.root.readAttribute(named: "greeting"), .string("hello ✓"))
        XCTAssertEqual(try file.root.readAttribute(named: "ratio"), .double(2.5))
        XCTAssertEqual(try file.root.readAttribute(named: "count"), .integer(-7))
        XCTAssertEqual(try file.root.readAttribute(named: "vector"), .doubles([1, 2, 3]))
        XCTAssertEqual(try file.root.attributeNames(), ["count", "greeting", "ratio", "vector"])
        let group = try file.root.openGroup(named: "numbers")
        XCTAssertEqual(try group.memberNames(), ["double3d", "empty", "float2d", "int32", "int64", "nested", "scalar", "uint8"])
        let dataset = try group.openDataset(named: "double3d")
        XCTAssertEqual(try dataset.shape(), [2, 3, 4])
        XCTAssertEqual(try dataset.elementTypeName(), "float64")
        XCTAssertEqual(try dataset.read(as: Double.self), (0..<24).map { Double($0) / 3 })
        XCTAssertEqual(try group.read("float2d", as: Float.self), (0..<100).map { Float($0) * 0.5 })
        XCTAssertEqual(try group.read("int32", as: Int32.self), [-2, -1, 0, 1, 2])
        XCTAssertEqual(try group.read("int64", as: Int64.self), [Int64.max, Int64.min, 0])
        XCTAssertEqual(try group.read("uint8", as: UInt8.self), (0..<200).map { UInt8($0) })
        XCTAssertEqual(try group.read("scalar", as: Double.self), [42])
        XCTAssertEqual(try group.openDataset(named: "scalar").shape(), [])
        XCTAssertEqual(try group.openDataset(named: "empty").shape(), [0, 3])
        XCTAssertEqual(try group.openGroup(named: "nested").readStringAttribute(named: "label"), "inner")
        XCTAssertEqual(try group.kindOfMember("nested"), .group)
    }

    func test_writeTwice_givesByteIdenticalFiles() throws {
        let first = directory + "/first.h5", second = directory + "/second.h5"
        try writeSample(to: first)
        Thread.sleep(forTimeInterval: 1.1)  // object timestamps would differ by a second
        try writeSample(to: second)
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        XCTAssertEqual(a, b)
    }

    func test_missingObjects_areErrorsNamingFileAndObject() throws {
        let path = directory + "/sample.h5"
        try writeSample(to: path)
        let file = try File.open(atPath: path)
        XCTAssertThrowsError(try file.root.openDataset(named: "absent")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/absent") && text.contains(path), text)
        }
        XCTAssertThrowsError(try file.root.openDataset(named: "numbers")) { error in
            XCTAssertTrue("\(error)".contains("expected a dataset"), "\(error)")
        }
        XCTAssertThrowsError(try file.root.read("numbers/int32", count: 9, as: Int32.self))
        XCTAssertThrowsError(try file.root.readAttribute(named: "nope"))
    }

    func test_truncatedOrCorruptFile_isAnErrorNotACrash() throws {
        let path = directory + "/sample.h5"
        try writeSample(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = directory + "/truncated.h5"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        XCTAssertThrowsError(try {
            let file = try File.open(atPath: truncated)
            _ = try file.root.openGroup(named: "numbers").read("double3d", as: Double.self)
        }()) { error in XCTAssertTrue("\(error)".contains("truncated.h5"), "\(error)") }
        let garbage = directory + "/garbage.h5"
        try Data(repeating: 0x5a, count: 4096).write(to: URL(fileURLWithPath: garbage))
        XCTAssertThrowsError(try File.open(atPath: garbage)) { error in
            XCTAssertTrue("\(error)".contains("not an HDF5 file"), "\(error)")
        }
        XCTAssertThrowsError(try File.open(atPath: directory + "/missing.h5")) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
    }

    func test_failedAtomicWrite_leavesExistingFileAndNoTemporary() throws {
        let path = directory + "/kept.h5"
        try writeSample(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        struct Boom: Error {}
        XCTAssertThrowsError(try File.writeAtomically(to: path) { file in
            try file.root.write([1.0], to: "partial")
            throw Boom()
        })
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["kept.h5"])
    }

    func test_h5dump_readsWhatTheModuleWrites() throws {
        let path = directory + "/sample.h5"
        try writeSample(to: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["h5dump", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(output.contains("-2, -1, 0, 1, 2"), output)
        XCTAssertTrue(output.contains("\"inner\"") && output.contains("H5T_CSET_UTF8"), output)
        XCTAssertTrue(output.contains("H5T_STD_I32LE"), output)
    }

    func test_contentWalk_isIndependentOfCreationOrder() throws {
        func records(_ path: String) throws -> [String] {
            let file = try File.open(atPath: path)
            defer { try? file.close() }
            var out: [String] = []
            try file.root.walkContent { out.append("\($0.kind) \($0.path) \($0.typeName) \($0.shape) \($0.bytes.count)") }
            return out
        }
        let a = directory + "/a.h5", b = directory + "/b.h5"
        try File.writeAtomically(to: a) { try $0.root.write([1.0], to: "x"); try $0.root.write([2.0], to: "y") }
        try File.writeAtomically(to: b) { try $0.root.write([2.0], to: "y"); try $0.root.write([1.0], to: "x") }
        XCTAssertEqual(try records(a), try records(b))
        XCTAssertEqual(try records(a).count, 3)
    }
}
