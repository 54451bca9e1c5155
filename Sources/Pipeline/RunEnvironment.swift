import Foundation
import StageKit

/// The versions that change a stage's numbers, measured once per pipeline invocation: the Swift
/// compiler (`swift --version`) and what each stage executable reports with `--print-environment`
/// (libhdf5, the OpenBLAS kernel it will run with, gnuplot for analyze).
/// Also the environment stage processes are started with (the BLAS kernel class the `pipeline`
/// executable chose, `BLASKernel.classEnvironment`).
public final class RunEnvironment {
    public let binaryDirectory: String
    /// Variables added to every stage process's environment.
    public let stageVariables: [String: String]
    private var executableReports: [String: String] = [:]
    private let lock = NSLock()
    public private(set) lazy var swiftVersion: String = {
        (try? ProcessRunner.output("swift", ["--version"]))?.split(separator: "\n").first.map(String.init) ?? "unknown"
    }()

    public init(binaryDirectory: String, stageVariables: [String: String]) {
        self.binaryDirectory = binaryDirectory
        self.stageVariables = stageVariables
    }

    /// The environment a stage process gets: this process's, plus the fast-kernel variables.
    public func stageProcessEnvironment(extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in stageVariables { environment[key] = value }
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// The path of a stage executable.
    public func executablePath(_ name: String) -> String { binaryDirectory + "/" + name }

    /// What `name --print-environment` reports (cached).
    public func report(of executable: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = executableReports[executable] { return known }
        let path = executablePath(executable)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ProcessRunner.Failure(command: path, message: "the stage executable is missing; build it first (make build)")
        }
        let text = try ProcessRunner.output(path, ["--print-environment"], environment: stageProcessEnvironment())
            .trimmingCharacters(in: .whitespacesAndNewlines)
        executableReports[executable] = text
        return text
    }

    /// The OpenBLAS kernel a stage executable's report (`--print-environment`) names.
    public static func kernelClass(inReport report: String) -> String? {
        (try? JSONValue.parse(report))?.objectValue?["openblas_core"]?.stringValue
    }

    /// The kernel OpenBLAS picks by itself on this CPU: `executable arguments` (a program that
    /// prints `BLASKernel.coreName`) run in `environment` (without `OPENBLAS_CORETYPE`, the class
    /// disabled: `BLASKernel.ownPickEnvironment`).
    public static func openBLASOwnPick(executable: String, arguments: [String], environment: [String: String]) -> String {
        (try? ProcessRunner.output(executable, arguments, environment: environment))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
    }
}
