import Foundation

/// The memory this process may use: the machine's physical memory, or less where a SLURM job's
/// `--mem` (`SLURM_MEM_PER_NODE`, megabytes) or a memory cgroup (v2 `memory.max`, v1
/// `memory.limit_in_bytes`, on the process's cgroup and every cgroup above it) caps it. Caches sized
/// from physical memory alone (`KeptTapes`) would be killed in a 2 GB job on a 64 GB node, and a
/// stage's up-front refusal (`MemoryRequirement`) would let through what the job cannot hold. A fact
/// of the machine, like the BLAS kernel class, so it lives beside it for every module.
public enum MemoryLimit {
    /// This process's limit, read once.
    public static let bytes: UInt64 = limit(physical: ProcessInfo.processInfo.physicalMemory,
                                            environment: ProcessInfo.processInfo.environment,
                                            cgroupListing: (try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) ?? "",
                                            cgroupRoot: "/sys/fs/cgroup")

    /// min(physical, the SLURM request, every numeric cgroup limit from the process's cgroups up to the
    /// root); "max", unreadable files and a missing variable impose nothing.
    static func limit(physical: UInt64, environment: [String: String], cgroupListing: String, cgroupRoot: String) -> UInt64 {
        var limit = physical
        if let megabytes = environment["SLURM_MEM_PER_NODE"].flatMap(UInt64.init), megabytes > 0 {
            limit = min(limit, megabytes << 20)
        }
        // /proc/self/cgroup lines: "0::/path" (v2) or "N:memory:/path" (v1).
        for line in cgroupListing.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let (directory, file): (String, String)
            if fields[0] == "0" && fields[1].isEmpty { (directory, file) = (cgroupRoot, "memory.max") }
            else if fields[1].split(separator: ",").contains("memory") { (directory, file) = (cgroupRoot + "/memory", "memory.limit_in_bytes") }
            else { continue }
            var path = String(fields[2])
            while true {  // the process's cgroup, then each one above it ("//" in a path is harmless)
                let text = (try? String(contentsOfFile: directory + path + "/" + file, encoding: .utf8)) ?? ""
                if let value = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) { limit = min(limit, value) }
                guard path.count > 1 else { break }
                path = (path as NSString).deletingLastPathComponent
            }
        }
        return limit
    }
}
