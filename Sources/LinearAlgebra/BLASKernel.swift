import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS compute kernel the process runs with, and how the project makes sure it is the
/// fast one.
///
/// Debian's OpenBLAS 0.3.21 is built with DYNAMIC_ARCH but does not recognise newer CPUs (AMD Zen 4,
/// for example) and falls back to its generic "Prescott" kernels: about 10 GFLOP/s dgemm instead of
/// about 95 on 2 cores. OpenBLAS picks its kernel when the library loads, from the environment
/// variable `OPENBLAS_CORETYPE`, so the choice must be made before the process starts: stage
/// executables re-execute themselves once with the variable set, and the pipeline sets it for the
/// stages it launches.
public enum BLASKernel {
    /// The environment variable OpenBLAS reads at load time.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set to `0` to keep OpenBLAS's own choice.
    public static let disableVariable = "DAMIAN_BLAS_FASTPATH"
    private static let reexecMarker = "DAMIAN_BLAS_REEXECUTED"

    /// The kernel OpenBLAS runs with in this process, e.g. "SkylakeX" or "Prescott".
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

    /// The `OPENBLAS_CORETYPE` value that gives the fast kernel on this CPU when OpenBLAS's own
    /// detection fell back to a generic one; nil when the current kernel is already right, the
    /// user chose one, or the fast path is disabled.
    ///
    /// Rules: a generic kernel (Prescott, Core2, Nehalem, Katmai…) on a CPU with AVX-512 F, VL, BW
    /// and DQ gets "SkylakeX"; with AVX2 and FMA, "Haswell".
    public static func fastPathCoreType(environment: [String: String] = currentEnvironment(),
                                        currentCore: String = coreName,
                                        cpuFlags: Set<String> = cpuFeatureFlags()) -> String? {
        if environment[disableVariable] == "0" { return nil }
        if let chosen = environment[coreTypeVariable], !chosen.isEmpty { return nil }
        let generic = ["prescott", "core2", "nehalem", "katmai", "coppermine", "northwood", "penryn", "dunnington",
                       "atom", "banias", "unknown"]
        guard generic.contains(currentCore.lowercased()) else { return nil }
        if ["avx512f", "avx512vl", "avx512bw", "avx512dq"].allSatisfy(cpuFlags.contains) { return "SkylakeX" }
        if ["avx2", "fma"].allSatisfy(cpuFlags.contains) { return "Haswell" }
        return nil
    }

    /// The environment additions a child process needs for the fast kernel (empty when none).
    public static func fastPathEnvironment() -> [String: String] {
        guard let core = fastPathCoreType() else { return [:] }
        return [coreTypeVariable: core]
    }

    /// Call first thing in `main`: if the fast kernel needs `OPENBLAS_CORETYPE`, set it and
    /// re-execute this program with the same arguments, once. Returns normally otherwise.
    public static func ensureFastPath() {
        let environment = currentEnvironment()
        guard environment[reexecMarker] == nil, let core = fastPathCoreType(environment: environment) else { return }
        setenv(coreTypeVariable, core, 1)
        setenv(reexecMarker, "1", 1)
        let arguments = CommandLine.arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        execv("/proc/self/exe", &cArguments)
        // execv returned: it failed. Carry on with the generic kernel rather than not at all.
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
