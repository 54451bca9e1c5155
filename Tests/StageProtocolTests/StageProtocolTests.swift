import Foundation
import StageProtocol
import XCTest

/// The lines and files stages and the pipeline exchange: what one side writes, the other parses.
final class StageProtocolTests: XCTestCase {
    func test_progressLine_roundTrips_andOtherLinesAreNotProgress() {
        let line = ProgressLine.line(done: 3, total: 12, unit: "tracked steps", elapsedSeconds: 1.25, etaSeconds: 3.75, label: "tracking")
        XCTAssertEqual(line, "progress: 3/12 tracked steps (25%), elapsed 1.2s, ETA 3.8s [tracking]")
        XCTAssertEqual(ProgressLine.text(of: Substring(line)), "3/12 tracked steps (25%), elapsed 1.2s, ETA 3.8s [tracking]")
        XCTAssertTrue(ProgressLine.isProgress(Substring(line)))
        XCTAssertNil(ProgressLine.text(of: "resources: peak_rss_kb=1"))
        XCTAssertTrue(ProgressLine.line(done: 0, total: 5, unit: "u", elapsedSeconds: 0, etaSeconds: .nan, label: "l").contains("ETA ? [l]"))
    }

    func test_resourcesLine_roundTrips_andRejectsOtherLines() {
        let written = ResourcesLine(peakResidentKilobytes: 123_456, cpuSeconds: 7.5)
        XCTAssertEqual(written.line, "resources: peak_rss_kb=123456 cpu_seconds=7.50")
        XCTAssertEqual(ResourcesLine(line: Substring(written.line)), written)
        XCTAssertNil(ResourcesLine(line: "progress: 1/2 x"))
        XCTAssertNil(ResourcesLine(line: "resources: cpu_seconds=1"))
    }

    func test_temporaryNames_carryTheWritersPID() {
        let path = AtomicFile.temporaryPath(for: "/tmp/x/run.h5")
        XCTAssertTrue(path.hasPrefix("/tmp/x/run.h5.tmp-\(getpid())-"))
        XCTAssertTrue(AtomicFile.isTemporary((path as NSString).lastPathComponent))
        XCTAssertEqual(AtomicFile.owner(ofTemporary: "run.h5.tmp-4242-17"), 4242)
        XCTAssertFalse(AtomicFile.isTemporary("run.h5"))
        XCTAssertNil(AtomicFile.owner(ofTemporary: "run.h5"))
    }

    /// A writer that fails leaves the old file and no temporary; one that succeeds replaces it; a
    /// rename into a missing folder is a `FileSystemError` naming the call and the path.
    func test_atomicWrite_isAllOrNothing() throws {
        let folder = NSTemporaryDirectory() + "atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/note.txt"
        try AtomicFile.write(text: "first\n", to: path)
        struct Refusal: Error {}
        XCTAssertThrowsError(try AtomicFile.write(to: path) { temporary in
            try Data("half".utf8).write(to: URL(fileURLWithPath: temporary))
            throw Refusal()
        })
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "first\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["note.txt"])
        try AtomicFile.write(text: "second\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second\n")
        let source = folder + "/source"
        try Data("x".utf8).write(to: URL(fileURLWithPath: source))
        XCTAssertThrowsError(try AtomicFile.syncAndRename(source, to: folder + "/missing/target")) { error in
            guard let error = error as? FileSystemError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.function, "rename")
            XCTAssertTrue(error.description.contains(folder + "/missing/target"), error.description)
        }
    }
}
