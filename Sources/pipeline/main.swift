import ArgumentParser
import Foundation
import LinearAlgebra
import Pipeline
import StageKit
import StageProtocol

/// Options shared by the subcommands that plan a tier.
struct ProjectOptions: ParsableArguments {
    @Option(help: "The tier to plan: ci, default, full or paper (and any tier a definition names).")
    var tier: String = "default"

    @Option(help: "The project root (holding Package.swift and pipeline/).")
    var project: String = FileManager.default.currentDirectoryPath

    @Option(help: "The folder holding the built stage executables.")
    var binaries: String = ".build/release"

    func engine(launcher: StageLauncher = LocalLauncher()) throws -> Engine {
        let root = URL(fileURLWithPath: project).standardizedFileURL.path
        let binaryFolder = binaries.hasPrefix("/") ? binaries : root + "/" + binaries
        return try Engine(projectRoot: root, tier: tier, binaryDirectory: binaryFolder,
                          stageVariables: BLASKernel.classEnvironment(), launcher: launcher)
    }
}

/// Where stages run: this machine, or a SLURM cluster sharing the project's filesystem.
enum Executor: String, ExpressibleByArgument, CaseIterable {
    case local, slurm
}

/// Options of the executor seam.
struct ExecutorOptions: ParsableArguments {
    @Option(help: "Where stages run: local (child processes) or slurm (sbatch jobs; the project must be on a shared filesystem).")
    var executor: Executor = .local

    @Option(name: .customLong("slurm-partition"), help: "SLURM partition for every job (default: the stage's resources, else the cluster's default).")
    var partition: String?

    @Option(name: .customLong("slurm-cpus"), help: "CPUs per SLURM job (default: the stage's resources, else per executable).")
    var cpus: Int?

    @Option(name: .customLong("slurm-memory"), help: "Memory per SLURM job in MB.")
    var memory: Int?

    @Option(name: .customLong("slurm-time"), help: "Time limit per SLURM job in minutes.")
    var time: Int?

    func launcher() -> StageLauncher {
        switch executor {
        case .local: return LocalLauncher()
        case .slurm:
            var options = SlurmOptions()
            options.partition = partition
            options.cpus = cpus
            options.memoryMegabytes = memory
            options.timeMinutes = time
            return SlurmLauncher(options: options)
        }
    }
}

/// Runs a body, turning definition errors into exit code 2 and other failures into exit code 1.
func guarded(_ body: () throws -> Int32) -> Never {
    do {
        exit(try body())
    } catch let error as DefinitionError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(2)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}

struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Bring the papers' results up to date: a content-hashed, cached pipeline of generate → train → measure → analyze stages.",
        subcommands: [Run.self, Status.self, Show.self, Dag.self, Rerun.self, Report.self, Clean.self, ReadmeClaimsCommand.self, ArchiveCommand.self, Verify.self, Restore.self,
                      WriteReference.self, CheckReference.self, Environment.self])
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring targets (default: every figure of the tier) up to date.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var executor: ExecutorOptions
    @Argument(help: "Stages to bring up to date (definition names or expanded sweep names).") var targets: [String] = []
    @Option(name: .shortAndLong, help: "How many stages to run at once, or SLURM jobs in flight (default: the number of cores).") var jobs: Int?
    @Flag(help: "Let independent stages finish after one fails.") var keepGoing = false
    @Option(help: "Run these stages again even if cached (repeatable).") var force: [String] = []
    @Flag(help: "Print every progress line.") var verbose = false

    func run() throws {
        guarded {
            let engine = try project.engine(launcher: executor.launcher())
            var options = RunOptions()
            options.targets = targets
            options.force = Set(force)
            if let jobs { options.jobs = jobs }
            options.keepGoing = keepGoing
            let summary = try engine.run(options, display: ProgressDisplay(verbose: verbose))
            FileHandle.standardError.write(Data("pipeline (\(engine.tier), \(engine.launcher.name)): \(summary.line)\n".utf8))
            for failure in summary.failed {
                FileHandle.standardError.write(Data("  failed: \(failure.stage): \(failure.reason)\(failure.log.isEmpty ? "" : " (log: \(failure.log))")\n".utf8))
            }
            if summary.interrupted { return 130 }
            return summary.failed.isEmpty ? 0 : 1
        }
    }
}

struct Rerun: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one stage again even if cached; downstream stages rerun only if its output content changed.")
    @OptionGroup var project: ProjectOptions
    @OptionGroup var executor: ExecutorOptions
    @Argument(help: "The stage to rerun.") var stage: String
    @Flag(help: "Only the stage, not the figures downstream of it.") var only = false

    func run() throws {
        guarded {
            let engine = try project.engine(launcher: executor.launcher())
            var options = RunOptions()
            options.force = [stage]
            let names = try engine.expandNames([stage])
            options.targets = only ? names : names + engine.plan.stages.filter { stage in
                names.contains { engine.plan.downstream(of: $0).contains(stage.name) }
            }.map(\.name)
            let summary = try engine.run(options, display: ProgressDisplay())
            FileHandle.standardError.write(Data("pipeline (\(engine.tier)): \(summary.line)\n".utf8))
            return summary.failed.isEmpty && !summary.interrupted ? 0 : 1
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show every stage of the tier: up to date or stale, and why.")
    @OptionGroup var project: ProjectOptions
    @Flag(help: "Print each stage's cache key and the preimage it hashes.") var keys = false

    func run() throws {
        guarded {
            let engine = try project.engine()
            let statuses = try engine.status()
            for status in statuses {
                let state = !status.isUpToDate ? "stale     " : status.publishProblems.isEmpty ? "up to date" : "republish "
                print("\(state)  \(status.stage)")
                for reason in status.reasons + status.publishProblems { print("            \(reason)") }
                if keys, let key = status.key, let preimage = status.preimage {
                    print("            key \(key)")
                    for (field, value) in (preimage.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                        print("              \(field): \(value.canonicalText)")
                    }
                }
            }
            let stale = statuses.filter { !$0.isUpToDate }.count
            let republish = statuses.filter { $0.isUpToDate && !$0.publishProblems.isEmpty }.count
            print("\(statuses.count - stale - republish) up to date, \(republish) to republish, \(stale) stale (tier \(engine.tier))")
            return 0
        }
    }
}

struct Dag: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the stage graph (sweeps collapsed to one node with their count) coloured by state: up to date, stale, never run.",
        discussion: "Render with Graphviz (Debian package graphviz): pipeline dag | dot -Tpng -o dag.png")
    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }
    @OptionGroup var project: ProjectOptions
    @Argument(help: "Show only these stages and what they read from (default: the tier's targets).") var stages: [String] = []
    @Option(help: "dot (Graphviz) or mermaid.") var format: Format = .dot
    @Flag(help: "One node per sweep point instead of one per definition.") var expand = false

    func run() throws {
        guarded {
            let engine = try project.engine()
            var options = RunOptions()
            options.targets = stages
            let graph = try engine.graph(options, expanded: expand)
            print(format == .dot ? graph.dot : graph.mermaid, terminator: "")
            return 0
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one stage: its definition, parameters, inputs, outputs, cache key and state, last duration and memory, and its log.")
    @OptionGroup var project: ProjectOptions
    @Argument(help: "The stage (an expanded sweep name, or a definition name with one point).") var stage: String

    func run() throws {
        guarded {
            let engine = try project.engine()
            let names = try engine.expandNames([stage])
            guard names.count == 1, let planned = engine.plan.stage(named: names[0]) else {
                throw DefinitionError(file: "command line", line: nil, field: "", message:
                    "'\(stage)' has \(names.count) sweep points; name one:\n  " + names.joined(separator: "\n  "))
            }
            var options = RunOptions()
            options.targets = names
            print(engine.describe(planned, statuses: try engine.status(options)), terminator: "")
            return 0
        }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute time and peak memory of the tier's current results, from their cache entries.")
    @OptionGroup var project: ProjectOptions
    @Option(help: "How many of the costliest stages to list.") var top = 8
    @Flag(help: "Also write every stage's duration to reference/durations.<tier>.tsv, the run ETA's estimate for stages a cache has never run.")
    var writeDurations = false

    func run() throws {
        guarded {
            let engine = try project.engine()
            let entries = try engine.status().filter(\.isUpToDate).compactMap { $0.key.flatMap(engine.store.entry(forKey:)) }
            if writeDurations {
                let path = StageDurations.path(root: engine.root, tier: engine.tier)
                try AtomicFile.write(text: StageDurations.text(tier: engine.tier, seconds: entries.map { ($0.stage, $0.seconds) }), to: path)
                print("wrote \(path)")
            }
            let total = entries.reduce(0) { $0 + $1.seconds }
            print(String(format: "tier %@: %d current stages, %.1f s of stage time in all", engine.tier, entries.count, total))
            print("longest stages:")
            for entry in entries.sorted(by: { $0.seconds > $1.seconds }).prefix(top) {
                print(String(format: "  %8.1f s  %@", entry.seconds, entry.stage))
            }
            print("largest peak resident memory:")
            for entry in entries.filter({ $0.peakResidentKilobytes != nil }).sorted(by: { $0.peakResidentKilobytes! > $1.peakResidentKilobytes! }).prefix(top) {
                print(String(format: "  %8.1f MB  %@", Double(entry.peakResidentKilobytes!) / 1024, entry.stage))
            }
            return 0
        }
    }
}

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drop cache entries, objects and checkpoints no tier's current definitions reach, and the leftovers of killed runs (job folders, temporary files); waits for running pipelines.",
        aliases: ["gc"])
    @OptionGroup var project: ProjectOptions
    @Flag(help: "Refuse (exit 1) instead of waiting when a pipeline run is using the store.") var noWait = false
    func run() throws {
        guarded {
            let engine = try project.engine()
            guard let removed = try engine.collectGarbage(wait: !noWait, note: { print($0) }) else { return 1 }
            print("removed \(removed.entries) cache entries, \(removed.objects) objects, \(removed.checkpoints) checkpoints and \(removed.leftovers) leftovers of interrupted runs")
            return 0
        }
    }
}

struct ReadmeClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readme-claims",
        abstract: "Copy the claims table and footnotes of figures/claims.md into the README's claims block (only when it differs).")
    @Option(help: "The project root (holding README.md and figures/claims.md).") var project = FileManager.default.currentDirectoryPath
    func run() throws {
        guarded {
            if try ReadmeClaims.sync(readmePath: project + "/README.md", claimsPath: project + "/figures/claims.md") {
                print("README.md: claims block updated")
            }
            return 0
        }
    }
}

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "archive", abstract: "Write a .tar.gz of the tier's outputs, definitions and a SHA-256 MANIFEST.")
    @OptionGroup var project: ProjectOptions
    @Argument(help: "The archive to write, e.g. results.tar.gz.") var file: String
    func run() throws {
        guarded {
            let count = try Archive.create(try project.engine(), at: file)
            print("archived \(count) files and a MANIFEST into \(file)")
            return 0
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recheck an archive's files against its MANIFEST.")
    @Argument(help: "The archive to check.") var file: String
    func run() throws {
        guarded {
            let (checked, problems) = try Archive.verify(file)
            for problem in problems { print("problem: \(problem)") }
            print("\(checked) files checked, \(problems.count) problems")
            return problems.isEmpty ? 0 : 1
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import an archive's results into the cache (checked against its MANIFEST first) and publish them.",
        discussion: "Afterwards `pipeline run` with the same code and kernel class runs no stage of the archive's tier; with changed code or parameters it reruns exactly the stages whose keys changed. A tampered or unsafe archive is refused whole.")
    @Option(help: "The project root (holding Package.swift and pipeline/).") var project: String = FileManager.default.currentDirectoryPath
    @Option(help: "The folder holding the built stage executables.") var binaries: String = ".build/release"
    @Argument(help: "The archive to restore, as `pipeline archive` wrote it.") var file: String
    func run() throws {
        guarded {
            let contents = try Archive.open(file)
            var options = ProjectOptions()
            options.tier = contents.tier
            options.project = project
            options.binaries = binaries
            let engine = try options.engine()
            let summary = try Archive.restore(contents, into: engine)
            let statuses = try engine.status()
            let current = statuses.filter(\.isUpToDate).count
            print("restored \(summary.entries) cache entries (\(summary.objects) objects) from \(file); tier \(contents.tier): \(current) of \(statuses.count) stages up to date, \(summary.published) published")
            if current < statuses.count { print("the other stages differ from the archive's (code, parameters or kernel class): `pipeline status --tier \(contents.tier)` says why") }
            return 0
        }
    }
}

struct WriteReference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Write the committed reference of the tier's current results on this kernel class (reference/<tier>.<class>.tsv).")
    @OptionGroup var project: ProjectOptions
    func run() throws {
        guarded {
            let engine = try project.engine()
            let (path, reference) = try ResultReference.writeCurrent(engine)
            print("wrote \(path): \(reference.outputs.count) stage outputs, \(reference.published.count) published files (kernel class \(reference.kernelClass))")
            return 0
        }
    }
}

struct CheckReference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-reference",
        abstract: "Compare the tier's current results with its committed reference on this kernel class; exit 1 on any difference.")
    @OptionGroup var project: ProjectOptions
    func run() throws {
        guarded {
            let engine = try project.engine()
            let (path, reference, report) = try ResultReference.checkCurrent(engine)
            report.forEach { print($0) }
            let summary = "\(reference.outputs.count) stage outputs and \(reference.published.count) published files compared with \(path)"
            if report.isEmpty {
                print("identical: \(summary)")
                return 0
            }
            print("DIFFERENT: \(summary). On another kernel class the first difference is a last-bit one (relative ~1e-16) in an early stage; a code change shows where the code changed.")
            return 1
        }
    }
}

struct Environment: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the CPU features seen, OpenBLAS's own kernel pick and the kernel class stages run with.")
    @Flag(help: "Print only the variables stage processes get for the kernel class (KEY=VALUE lines).") var blasVariables = false
    @Flag(help: "Print only the kernel classes this CPU can run, best first (one a line).") var runnableClasses = false
    @Flag(help: .hidden) var ownPick = false

    func run() throws {
        let choice = BLASKernel.choice()
        if ownPick { print(BLASKernel.coreName); return }
        if blasVariables {
            for (key, value) in BLASKernel.classEnvironment(choice).sorted(by: { $0.key < $1.key }) { print("\(key)=\(value)") }
            return
        }
        if runnableClasses { BLASKernel.runnableClasses().forEach { print($0) }; return }
        let flags = BLASKernel.cpuFeatureFlags()
        let relevant = ["avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq"]
        print("CPU features: " + relevant.map { "\($0) \(flags.contains($0) ? "yes" : "no")" }.joined(separator: ", "))
        let ownPickEnvironment = BLASKernel.ownPickEnvironment(ProcessInfo.processInfo.environment)
        let pick = RunEnvironment.openBLASOwnPick(executable: "/proc/self/exe", arguments: ["environment", "--own-pick"],
                                                     environment: ownPickEnvironment)
        print("OpenBLAS's own pick: \(pick)")
        print("kernel class in use: \(choice.description)")
        print("classes this CPU can run: \(BLASKernel.runnableClasses().joined(separator: ", "))")
        print("OpenBLAS configuration: \(BLASKernel.configuration)")
        let variables = BLASKernel.classEnvironment(choice)
        print("variables for stage processes: \(variables.isEmpty ? "none" : variables.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        if let warning = BLASKernel.warning(choice) { print(warning) }
    }
}

PipelineCommand.main()
