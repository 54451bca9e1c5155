import Foundation
@testable import LinearAlgebra
import XCTest

/// The memory a process may use (`MemoryLimit`): physical memory, capped by a SLURM job's request and
/// by memory cgroups at any level above the process, read from a made-up /sys/fs/cgroup.
final class MemoryLimitTests: XCTestCase {
    private func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func test_limit_isTheSmallestOfPhysicalMemory_theSlurmRequest_andEveryCgroupAbove() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cgroup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let gigabyte: UInt64 = 1 << 30, physical = 64 * gigabyte
        // v2: the job's cgroup caps at 2 GB, the task's below it says "max".
        try write("max\n", to: root + "/slurm/job_5/task_0/memory.max")
        try write("\(2 * gigabyte)\n", to: root + "/slurm/job_5/memory.max")
        XCTAssertEqual(MemoryLimit.limit(physical: physical, environment: [:], cgroupListing: "0::/slurm/job_5/task_0\n", cgroupRoot: root), 2 * gigabyte)
        // v1: the memory controller's hierarchy, the limit on the process's own cgroup.
        try write("\(3 * gigabyte)\n", to: root + "/memory/docker/abc/memory.limit_in_bytes")
        try write("9223372036854771712\n", to: root + "/memory/memory.limit_in_bytes")
        XCTAssertEqual(MemoryLimit.limit(physical: physical, environment: [:], cgroupListing: "4:memory:/docker/abc\n3:cpuset:/\n", cgroupRoot: root),
                       3 * gigabyte)
        // SLURM's --mem in megabytes, below both.
        XCTAssertEqual(MemoryLimit.limit(physical: physical, environment: ["SLURM_MEM_PER_NODE": "1000"],
                                         cgroupListing: "0::/slurm/job_5/task_0\n", cgroupRoot: root), 1000 << 20)
        // Nothing readable: physical memory.
        XCTAssertEqual(MemoryLimit.limit(physical: physical, environment: ["SLURM_MEM_PER_NODE": "none"], cgroupListing: "0::/elsewhere\n", cgroupRoot: root),
                       physical)
        // This process: at most its physical memory.
        XCTAssertLessThanOrEqual(MemoryLimit.bytes, ProcessInfo.processInfo.physicalMemory)
    }
}
