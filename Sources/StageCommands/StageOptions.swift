import ArgumentParser
import CProcess
import Foundation
import LinearAlgebra
import Plotting
import StageKit
import StageProtocol

/// The options every stage executable takes.
public struct StageOptions: ParsableArguments {
    @Option(name: .long, help: "The experiment to run, e.g. eos.four-stages (see --list-experiments).")
    public var experiment: String?

    @Option(name: .long, help: "Parameters: a JSON object, or the path of a file holding one.")
    public var parameters: String = "{}"

    @Option(name: .long, help: "The seed of every random stream of this stage.")
    public var seed: UInt64 = 0

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("An input file by role; repeat for several.", valueName: "role=path"))
    public var input: [String] = []

    @Option(name: .customLong("output-dir"), help: "The folder the stage writes its outputs into (created if missing).")
    public var outputDirectory: String = "."

    @Option(name: .customLong("checkpoint-dir"), help: "A folder where long stages keep checkpoints and resume from them.")
    public var checkpointDirectory: String?

    @Flag(name: .long, help: "Do not print progress lines.")
    public var quiet = false

    @Flag(name: .long, help: "List the registered experiments and exit.")
    public var listExperiments = false

    @Flag(name: .long, help: "Print the versions that change this stage's numbers as JSON and exit.")
    public var printEnvironment = false

    @Flag(name: .long, help: .hidden)
    public var checkShapeGuards = false

    public init() {}

    public func validate() throws {
        for item in input where !item.contains("=") {
            throw ValidationError("--input takes role=path, got '\(item)'")
        }
        if !listExperiments && !printEnvironment && !checkShapeGuards && experiment == nil {
            throw ValidationError("Missing --experiment NAME (see --list-experiments).")
        }
    }

    /// Parses the parameters and inputs into a stage context.
    func context(for kind: StageKind) throws -> StageContext {
        let trimmed = parameters.trimmingCharacters(in: .whitespaces)
        let source: String, text: String
        if trimmed.hasPrefix("{") {
            (source, text) = ("--parameters", trimmed)
        } else {
            guard let data = FileManager.default.contents(atPath: parameters) else {
                throw ValidationError("Cannot read the parameter file '\(parameters)'.")
            }
            (source, text) = (parameters, String(decoding: data, as: UTF8.self))
        }
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch {
            throw ValidationError("\(source): not valid JSON (\(error))")
        }
        guard let values = value.objectValue else { throw ValidationError("\(source): parameters must be a JSON object") }
        var inputs: [String: [String]] = [:]
        for item in input {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            inputs[parts[0], default: []].append(parts[1])
        }
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        return StageContext(kind: kind, experiment: experiment ?? "", parameters: Parameters(source: source, values: values),
                            seed: seed, inputs: inputs, outputDirectory: outputDirectory, reportsProgress: !quiet,
                            checkpointDirectory: checkpointDirectory)
    }
}

/// Runs one stage kind from the command line: the shared body of the four executables.
public enum StageMain {
    public static func run(_ kind: StageKind, options: StageOptions) throws {
        if options.listExperiments {
            for experiment in ExperimentRegistry.all { print("\(experiment.name)\t\(experiment.summary)") }
            return
        }
        if options.printEnvironment {
            print(environmentReport(kind))
            return
        }
        if options.checkShapeGuards { ShapeGuardCheck.run() }
        let context = try options.context(for: kind)
        let experiment = try ExperimentRegistry.experiment(named: context.experiment)
        try experiment.run(kind, in: context)
        reportResources()
    }

    /// What changes this executable's numbers (`--print-environment`, part of every cache key):
    /// `Provenance.createdBy`, and for analyze the gnuplot version that draws its figures.
    static func environmentReport(_ kind: StageKind) -> String {
        guard kind == .analyze, case .object(var fields)? = try? JSONValue.parse(Provenance.createdBy) else { return Provenance.createdBy }
        fields["gnuplot"] = .string(Gnuplot.version)
        return JSONValue.object(fields).canonicalText
    }

    /// Prints the resources line (`ResourcesLine`) to standard error; the pipeline records it.
    static func reportResources() {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let line = ResourcesLine(peakResidentKilobytes: Int(usage.ru_maxrss), cpuSeconds: cpu).line
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Chooses the fast BLAS kernel (re-executing once if needed) and the BLAS thread count before
    /// any numerics run. Stages compute with `Provenance.blasThreads` threads (1 unless
    /// `StageEnvironment.blasThreads` says otherwise): OpenBLAS's GEMM results change with its thread count,
    /// and results must not depend on the machine or executor a stage lands on. Parallelism comes
    /// from running independent stages at once (`pipeline run -j`) and, inside the network stages,
    /// from blocks of examples on separate threads (`SupervisedObjective`), combined in a fixed order.
    public static func prepareProcess() {
        dieWithThePipeline()
        BLASKernel.ensureKernelClass()
        if let warning = BLASKernel.warning() { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        HeapTuning.keepFreedMemory()
        BLASKernel.setThreadCount(Provenance.blasThreads)
    }
}

extension StageMain {
    /// A stage started by a pipeline (`StageEnvironment.pipelinePID` names its PID) dies with
    /// it: a killed coordinator leaves no stage writing into the shared checkpoint folder.
    static func dieWithThePipeline() {
        guard let text = ProcessInfo.processInfo.environment[StageEnvironment.pipelinePID], let parent = Int32(text) else { return }
        _ = cprocess_die_with_parent(SIGKILL)
        if getppid() != parent {  // the pipeline died before the request took effect
            FileHandle.standardError.write(Data("the pipeline that started this stage (pid \(parent)) is gone; stopping\n".utf8))
            exit(1)
        }
    }
}

/// `STAGE --check-shape-guards`: multiplies a 2×3 by a 2×3 matrix, which a `precondition` in
/// `multiply` must stop (a trap) before OpenBLAS reads out of bounds. A build that removes
/// preconditions (`-Ounchecked`) prints that the guard did not fire and exits 3; a test runs it.
enum ShapeGuardCheck {
    static func run() -> Never {
        let a = Matrix<Double>(rows: 2, columns: 3), b = Matrix<Double>(rows: 2, columns: 3)
        var c = Matrix<Double>(rows: 2, columns: 3)
        multiply(a, b, into: &c)
        FileHandle.standardError.write(Data("shape guard did not fire: preconditions are compiled out\n".utf8))
        exit(3)
    }
}
