import CHDF5
import Foundation
import HDF5
@testable import Pipeline
import XCTest

/// The committed reference of results (`pipeline reference`, `pipeline check-reference`) and
/// archives restored into another checkout's cache (`pipeline restore`), with real processes.
final class ReferenceAndRestoreTests: XCTestCase {
    var projects: [TestProject] = []

    override func tearDown() { projects.forEach { $0.remove() } }

    func makeProject(_ chains: String...) throws -> TestProject {
        let project = try TestProject(definitions: ["test.yaml": "module: EdgeOfStabilityStages\nstages:\n" + chains.joined()])
        projects.append(project)
        return project
    }

    func test_checkReference_isIdenticalOnTheSameResults_andNamesTheFirstDatasetOfAOneBitChange() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let written = try project.pipeline("reference")
        XCTAssertEqual(written.status, 0, written.output)
        let identical = try project.pipeline("check-reference")
        XCTAssertEqual(identical.status, 0, identical.output)
        XCTAssertTrue(identical.output.contains("identical"), identical.output)

        // Inject a one-bit change into the trajectory's /divergent/x, committed as if a stage had made it.
        let store = try Store(root: project.root + "/.pipeline")
        let key = try XCTUnwrap(store.latestKey(stage: "a/train"))
        var entry = try XCTUnwrap(store.entry(forKey: key))
        let index = try XCTUnwrap(entry.outputs.firstIndex { $0.name == "trajectory.h5" })
        let copy = project.root + "/changed.h5"
        try FileManager.default.copyItem(atPath: store.objectPath(entry.outputs[index]), toPath: copy)
        chmod(copy, 0o644)
        try flipLowestBit(ofFirstElementOf: "/divergent/x", in: copy)
        entry.outputs[index] = try store.ingest(file: copy, name: "trajectory.h5")
        try store.commit(entry)
        XCTAssertEqual(try project.pipeline("run").status, 0, "the stages downstream of the changed output rerun")

        let changed = try project.pipeline("check-reference")
        XCTAssertEqual(changed.status, 1, changed.output)
        XCTAssertTrue(changed.output.contains("a/train: trajectory.h5 differs from the reference"), changed.output)
        XCTAssertTrue(changed.output.contains("first differing dataset: /divergent/x"), changed.output)
        XCTAssertTrue(changed.output.contains("absolute"), "the reference object is in the store, so the difference is exact: \(changed.output)")
        XCTAssertTrue(changed.output.contains("1 of "), changed.output)
    }

    /// A tier's reference holds its own targets' results only: a chain only the full tier asks for,
    /// left in the cache by a full-tier run, is not part of the default tier's reference.
    func test_reference_coversTheTiersTargetsOnly_notAnotherTiersCachedStages() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300), fourStagesChain(prefix: "b", steps: 200, tiers: "[full]", figure: "b"))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        XCTAssertEqual(try project.pipeline("reference").status, 0)
        XCTAssertEqual(try project.pipeline("run", "--tier", "full").status, 0)
        let check = try project.pipeline("check-reference")
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("identical"), check.output)
        let reference = try String(contentsOfFile: project.root + "/reference/default.\(try XCTUnwrap(reference(in: project)))", encoding: .utf8)
        XCTAssertFalse(reference.contains("b/train"), reference)
        XCTAssertTrue(reference.contains("a/train"), reference)
    }

    /// The name of the one default-tier reference file a project holds (its kernel class differs by machine).
    func reference(in project: TestProject) throws -> String? {
        try FileManager.default.contentsOfDirectory(atPath: project.root + "/reference").first { $0.hasPrefix("default.") }.map { String($0.dropFirst("default.".count)) }
    }

    func test_restore_intoAFreshCheckout_runsNoStage_andAChangedParameterRerunsExactlyItsChain() throws {
        let definitions = fourStagesChain(prefix: "a", steps: 300) + fourStagesChain(prefix: "b", steps: 200, analyze: false)
        let source = try makeProject(definitions)
        XCTAssertEqual(try source.pipeline("run").status, 0)
        let archive = source.root + "/results.tar.gz"
        XCTAssertEqual(try source.pipeline("archive", archive).status, 0)

        let fresh = try makeProject(definitions)
        let restored = try fresh.pipeline("restore", archive)
        XCTAssertEqual(restored.status, 0, restored.output)
        XCTAssertTrue(fresh.exists("results/a/train/trajectory.h5") && fresh.exists("results/a/analyze/four_stages.png"), restored.output)
        let rerun = try fresh.pipeline("run")
        XCTAssertEqual(rerun.status, 0, rerun.output)
        XCTAssertEqual(rerun.ran, [], rerun.output)

        try fresh.write("module: EdgeOfStabilityStages\nstages:\n" + fourStagesChain(prefix: "a", steps: 300)
                        + fourStagesChain(prefix: "b", steps: 250, analyze: false), to: "pipeline/test.yaml")
        let status = try fresh.pipeline("status")
        XCTAssertTrue(status.output.contains("params changed: steps 200 → 250"), status.output)
        let changed = try fresh.pipeline("run")
        XCTAssertEqual(Set(changed.ran), ["b/generate", "b/train", "b/measure"], changed.output)
    }

    func test_archive_takesItsBytesFromTheStore_notFromAPublishedCopyReplacedByHand() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        try FileManager.default.removeItem(atPath: project.root + "/results/a/train/trajectory.h5")
        try FileManager.default.copyItem(atPath: project.root + "/results/a/generate/initial.h5", toPath: project.root + "/results/a/train/trajectory.h5")
        let archive = project.root + "/out.tar.gz"
        XCTAssertEqual(try project.pipeline("archive", archive).status, 0)
        let contents = try Archive.open(archive)
        let store = try Store(root: project.root + "/.pipeline")
        let entry = try XCTUnwrap(store.entry(forKey: try XCTUnwrap(store.latestKey(stage: "a/train"))))
        XCTAssertEqual(contents.listed["results/a/train/trajectory.h5"]?.sha, entry.outputs[0].object)
        XCTAssertEqual(contents.listed["results/a/train/trajectory.h5"]?.kernelClass, entry.kernelClass)
        XCTAssertNotEqual(entry.kernelClass, "unknown")
    }

    func test_restore_refusesTamperedTruncatedAndUnsafeArchives_andImportsNothing() throws {
        let project = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))
        XCTAssertEqual(try project.pipeline("run").status, 0)
        let good = project.root + "/good.tar.gz"
        XCTAssertEqual(try project.pipeline("archive", good).status, 0)
        let members = try Tar.read(try ProcessRunner.data("gzip", ["-dc", good]), source: good)
        let target = try makeProject(fourStagesChain(prefix: "a", steps: 300, analyze: false))

        func refused(_ name: String, _ build: ([Tar.Member]) -> [Tar.Member], mentioning words: String,
                     file: StaticString = #filePath, line: UInt = #line) throws {
            let path = project.root + "/\(name).tar.gz"
            try Archive.writeGzip(Tar.write(build(members)), to: path)
            let result = try target.pipeline("restore", path)
            XCTAssertEqual(result.status, 1, result.output, file: file, line: line)
            XCTAssertTrue(result.output.contains(words), "\(name): \(result.output)", file: file, line: line)
        }
        try refused("tampered", { list in list.map { var m = $0; if m.path.hasSuffix("trajectory.h5") { m.data[m.data.count / 2] ^= 1 }; return m } },
                    mentioning: "results/a/train/trajectory.h5: SHA-256")
        try refused("extra", { $0 + [Tar.Member(path: "results/a/extra.txt", data: Data("x".utf8))] }, mentioning: "results/a/extra.txt: in the archive but not in the MANIFEST")
        try refused("absolute", { $0 + [Tar.Member(path: "/tmp/escaped-\(getpid())", data: Data("x".utf8))] }, mentioning: "absolute path or a '..'")
        try refused("dotdot", { $0 + [Tar.Member(path: "results/../../escaped", data: Data("x".utf8))] }, mentioning: "absolute path or a '..'")
        try refused("symlink", { $0 + [Tar.Member(path: "results/link", data: Data(), type: UInt8(ascii: "2"))] }, mentioning: "results/link is a symbolic link")
        try refused("device", { $0 + [Tar.Member(path: "results/dev", data: Data(), type: UInt8(ascii: "3"))] }, mentioning: "results/dev is a character device")
        // Truncated: the first half of the good archive.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = project.root + "/truncated.tar.gz"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let result = try target.pipeline("restore", truncated)
        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.output.contains("truncated.tar.gz") && result.output.contains("refused"), result.output)

        XCTAssertEqual(target.files(under: ".pipeline/entries"), [], "nothing may be imported from a refused archive")
        XCTAssertFalse(target.exists("results"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/escaped-\(getpid())"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.root + "/../escaped"))
        // The good archive itself restores.
        XCTAssertEqual(try target.pipeline("restore", good).status, 0)
    }

    func test_tar_roundTripsLongNames_andLargestDifferencesAreElementwise() throws {
        let long = String(repeating: "folder/", count: 20) + "file.h5"
        let files = [Tar.Member(path: "MANIFEST", data: Data("m".utf8)), Tar.Member(path: long, data: Data(repeating: 7, count: 1000))]
        let read = try Tar.read(Tar.write(files), source: "test")
        XCTAssertEqual(read.map(\.path), ["MANIFEST", long])
        XCTAssertEqual(read[1].data, files[1].data)
        XCTAssertThrowsError(try Tar.read(Tar.write(files).prefix(1024), source: "cut"))
        let (absolute, relative) = largestDifferences([1, 2, -4, .nan], [1, 2.5, -4.4, .nan])
        XCTAssertEqual(absolute, 0.5, accuracy: 1e-12)
        XCTAssertEqual(relative, 0.2, accuracy: 1e-12)
    }

    /// Flips the lowest mantissa bit of a float64 dataset's first element, in place.
    func flipLowestBit(ofFirstElementOf dataset: String, in path: String) throws {
        editDataset(dataset, in: path) { data, count in
            var values = [Double](repeating: 0, count: count)
            XCTAssertGreaterThanOrEqual(H5Dread(data, chdf5_H5T_NATIVE_DOUBLE(), chdf5_H5S_ALL(), chdf5_H5S_ALL(), chdf5_H5P_DEFAULT(), &values), 0)
            values[0] = Double(bitPattern: values[0].bitPattern ^ 1)
            XCTAssertGreaterThanOrEqual(H5Dwrite(data, chdf5_H5T_NATIVE_DOUBLE(), chdf5_H5S_ALL(), chdf5_H5S_ALL(), chdf5_H5P_DEFAULT(), &values), 0)
        }
    }
}
