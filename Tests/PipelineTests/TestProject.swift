import Foundation
import XCTest

/// A throwaway copy of this project (Package.swift, Sources/, a pipeline/ folder of the test's
/// own definitions) driven through the real `pipeline` executable and stage executables, as a
/// user would run them.
final class TestProject {
    let root: String
    let binaries: String

    /// The real project's root, found from this file's path.
    static let sourceRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    init(definitions: [String: String]) throws {
        let environment = ProcessInfo.processInfo.environment
        binaries = environment["PIPELINE_BINARIES"] ?? TestProject.sourceRoot + "/.build/release"
        guard FileManager.default.isExecutableFile(atPath: binaries + "/pipeline") else {
            throw SetupFailure("built executables are missing in \(binaries): run `make test` (it builds them first)")
        }
        root = NSTemporaryDirectory() + "pipeline-test-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: root + "/pipeline", withIntermediateDirectories: true)
        try manager.copyItem(atPath: TestProject.sourceRoot + "/Package.swift", toPath: root + "/Package.swift")
        try manager.copyItem(atPath: TestProject.sourceRoot + "/Sources", toPath: root + "/Sources")
        for (name, text) in definitions { try write(text, to: "pipeline/\(name)") }
    }

    func write(_ text: String, to relative: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    struct Result {
        var status: Int32
        var output: String
        /// Stages reported as run (✓) and as cached (=).
        var ran: [String] { lines(prefix: "✓ ").map { String($0.split(separator: " (").first ?? "") } }
        var cached: [String] { lines(prefix: "= ").map { String($0.dropLast(" (cached)".count)) } }
        func lines(prefix: String) -> [String] {
            output.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
    }

    /// Starts `pipeline ARGS` for this project; the caller waits.
    func start(_ arguments: [String], output: String, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.executableURL = URL(fileURLWithPath: binaries + "/pipeline")
        let projectOptions = arguments.first == "verify" ? [] : ["--project", root, "--binaries", binaries]
        process.arguments = Array(arguments.prefix(1)) + projectOptions + arguments.dropFirst()
        FileManager.default.createFile(atPath: output, contents: nil)
        let handle = FileHandle(forWritingAtPath: output)!
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `pipeline ARGS` to completion.
    @discardableResult
    func pipeline(_ arguments: String...) throws -> Result {
        let log = root + "/.log-\(UUID().uuidString)"
        let process = try start(arguments, output: log)
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: log)
        return Result(status: process.terminationStatus, output: text)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + relative) }

    /// Files under a folder of the project, relative to it.
    func files(under relative: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root + "/" + relative) else { return [] }
        return (enumerator.allObjects as? [String] ?? []).sorted()
    }
}

/// A failure to set up a test (the executables must exist: `make test` builds them).
struct SetupFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A four-stages chain `prefix/{generate,train,measure,analyze}` with the given parameters;
/// `figure` renames the published figure files so that several chains can coexist.
func fourStagesChain(prefix: String, steps: Int, learningRate: Double = 0.01, tiers: String = "[default]",
                     figure: String = "four_stages", analyze: Bool = true) -> String {
    var text = """
      - name: \(prefix)/generate
        run: generate
        experiment: eos.four-stages
        params: {learning_rate: \(learningRate), alpha: 1.0, x0: 0.1, y0: -0.5, steps: \(steps)}
        outputs: [initial.h5]
        tiers: \(tiers)
      - name: \(prefix)/train
        run: train
        experiment: eos.four-stages
        inputs: {initial: \(prefix)/generate}
        outputs: [trajectory.h5]
        tiers: \(tiers)
      - name: \(prefix)/measure
        run: measure
        experiment: eos.four-stages
        inputs: {trajectory: \(prefix)/train}
        outputs: [measurements.h5]
        tiers: \(tiers)

    """
    if analyze {
        text += """
          - name: \(prefix)/analyze
            run: analyze
            experiment: eos.four-stages
            inputs: {measurements: \(prefix)/measure}
            outputs: [four_stages.gp, four_stages.png, four_stages.pdf, data/four_stages.dat, data/four_stages_levels.dat, claims/four_stages.tsv]
            tiers: \(tiers)

        """
    }
    return text
}
