import Foundation
import LinearAlgebra

/// Refuses, before any work, a stage whose working set cannot fit in the memory it may use (the
/// machine's, or less under a SLURM job's `--mem` or a memory cgroup: `MemoryLimit`), instead of
/// being killed hours later when the last large array is allocated.
public enum MemoryRequirement {
    /// Throws `StageError.exceedsMemory` when `bytes` (a lower bound of what `purpose` holds at
    /// once) exceed `available`, by default the memory this process may use (`MemoryLimit.bytes`).
    public static func require(_ bytes: Int, for purpose: String, available: UInt64 = MemoryLimit.bytes) throws {
        guard UInt64(max(0, bytes)) > available else { return }
        throw StageError.exceedsMemory(purpose: purpose, neededBytes: bytes, availableBytes: Int(clamping: available))
    }
}
