import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS compute kernel the process runs with: the project's *kernel class*.
///
/// Results depend on the BLAS kernel bit for bit (the edge-of-stability dynamics amplify last-bit
/// differences), so the kernel is chosen from the CPU's features, never from OpenBLAS's own
/// detection, which differs between CPUs of the same features (Debian's OpenBLAS 0.3.21 picks
/// "Zen" or "Haswell" on AMD Zen 4, "Cooperlake" or "SkylakeX" on Intel, "Prescott" on CPUs it
/// does not know). The classes are one named kernel each:
/// - AVX-512 F, VL, BW and DQ → `SkylakeX` (the one every AVX-512 CPU can run; also the fastest);
/// - otherwise AVX2 and FMA → `Haswell`;
/// - otherwise no class: OpenBLAS's own pick, with a warning that results will not match the
///   committed ones.
/// A user's explicit `OPENBLAS_CORETYPE` is respected; `DAMIAN_BLAS_FASTPATH=0` keeps OpenBLAS's
/// own pick. OpenBLAS reads the variable when the library loads, so a process sets it and
/// re-executes itself once (`ensureKernelClass`); the pipeline sets it for the stages it launches.
public enum BLASKernel {
    /// The environment variable OpenBLAS reads at load time.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set to `0` to keep OpenBLAS's own choice.
    public static let disableVariable = "DAMIAN_BLAS_FASTPATH"
    private static let reexecMarker = "DAMIAN_BLAS_REEXECUTED"

    /// The kernel classes, best first, with the CPU features each needs.
    public static let classes: [(name: String, features: [String])] = [
        ("SkylakeX", ["avx512f", "avx512vl", "avx512bw", "avx512dq"]),
        ("Haswell", ["avx2", "fma"]),
    ]

    /// How the kernel of a process is chosen.
    public enum Choice: Equatable {
        /// The class the CPU's features give; the process runs with `OPENBLAS_CORETYPE` = name.
        case featureClass(String)
        /// The user set `OPENBLAS_CORETYPE` to this value.
        case user(String)
        /// `DAMIAN_BLAS_FASTPATH=0`: OpenBLAS's own detection.
        case openBLASOwn
        /// The CPU has neither class's features: OpenBLAS's own detection, results will differ.
        case noClass

        /// The `OPENBLAS_CORETYPE` value processes must get, if any.
        public var coreType: String? {
            switch self {
            case .featureClass(let name), .user(let name): return name
            case .openBLASOwn, .noClass: return nil
            }
        }

        /// In words, for `pipeline environment` and warnings.
        public var description: String {
            switch self {
            case .featureClass(let name): return "\(name) (from the CPU's features)"
            case .user(let name): return "\(name) (set by the user's \(BLASKernel.coreTypeVariable))"
            case .openBLASOwn: return "OpenBLAS's own pick (\(BLASKernel.disableVariable)=0)"
            case .noClass: return "OpenBLAS's own pick (the CPU has neither AVX-512 nor AVX2+FMA)"
            }
        }
    }

    /// The class a CPU with these features runs, best first; nil when it has neither.
    public static func featureClass(cpuFlags: Set<String>) -> String? {
        classes.first { $0.features.allSatisfy(cpuFlags.contains) }?.name
    }

    /// The classes a CPU with these features can run (a SkylakeX CPU runs Haswell too).
    public static func runnableClasses(cpuFlags: Set<String> = cpuFeatureFlags()) -> [String] {
        classes.filter { $0.features.allSatisfy(cpuFlags.contains) }.map(\.name)
    }

    /// How this process's kernel is chosen, given its environment and the CPU's features.
    public static func choice(environment: [String: String] = currentEnvironment(),
                              cpuFlags: Set<String> = cpuFeatureFlags()) -> Choice {
        if let chosen = environment[coreTypeVariable], !chosen.isEmpty {
            // The value the pipeline sets for its stages is the class itself; any other is the user's.
            return chosen == featureClass(cpuFlags: cpuFlags) ? .featureClass(chosen) : .user(chosen)
        }
        if environment[disableVariable] == "0" { return .openBLASOwn }
        guard let name = featureClass(cpuFlags: cpuFlags) else { return .noClass }
        return .featureClass(name)
    }

    /// The kernel OpenBLAS runs with in this process, e.g. "SkylakeX" or "Haswell".
    /// The corresponding C function is `openblas_get_corename`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration string. The corresponding C function is `openblas_get_config`.
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text).trimmingCharacters(in: " ")
    }

    /// The environment additions a child process needs to run this process's choice (empty when
    /// OpenBLAS's own pick is kept).
    public static func classEnvironment(_ choice: Choice = choice()) -> [String: String] {
        guard let core = choice.coreType else { return [:] }
        return [coreTypeVariable: core]
    }

    /// An environment in which a child process runs OpenBLAS's own pick (for comparisons): without
    /// `OPENBLAS_CORETYPE`, with the class disabled.
    public static func ownPickEnvironment(_ environment: [String: String]) -> [String: String] {
        var result = environment
        result[coreTypeVariable] = nil
        result[disableVariable] = "0"
        return result
    }

    /// The one-line warning for a process without a kernel class; nil when it has one.
    public static func warning(_ choice: Choice = choice()) -> String? {
        switch choice {
        case .noClass:
            return "warning: this CPU has neither AVX-512 nor AVX2+FMA; OpenBLAS runs its \(coreName) kernel and results will not match the committed ones"
        case .openBLASOwn:
            return "warning: \(disableVariable)=0: OpenBLAS runs its own pick (\(coreName)); results may not match the committed ones"
        case .featureClass, .user:
            return nil
        }
    }

    /// Call first thing in `main`: if this process must run a kernel class that `OPENBLAS_CORETYPE`
    /// does not yet name, set it and re-execute this program with the same arguments, once.
    public static func ensureKernelClass() {
        let environment = currentEnvironment()
        let choice = choice(environment: environment)
        guard environment[reexecMarker] == nil, let core = choice.coreType, environment[coreTypeVariable] != core else { return }
        setenv(coreTypeVariable, core, 1)
        setenv(reexecMarker, "1", 1)
        let arguments = CommandLine.arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        execv("/proc/self/exe", &cArguments)
        // execv returned: it failed. Carry on with OpenBLAS's own pick rather than not at all.
        unsetenv(coreTypeVariable)
    }

    /// Sets the number of BLAS threads. The corresponding C function is `openblas_set_num_threads`.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The CPU's feature flags from `/proc/cpuinfo` (empty where that file does not exist).
    public static func cpuFeatureFlags() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            let text = String(cString: line!)
            if text.hasPrefix("flags") {
                let parts = text.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                return Set(parts[1].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
            }
        }
        return []
    }

    /// This process's environment as a dictionary.
    public static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice.removeFirst() }
        while slice.last == character || slice.last == "\n" { slice.removeLast() }
        return String(slice)
    }
}
